/**
 * P5's customer report facts: the old appliance (replaced, its versions as read) and the new one
 * (its versions before and after the upgrade unit), the window from its start to the end of the
 * procedure (the site moves to the new appliance inside it), and the backup and certificate kept.
 */
import type { ReportFacts, ReportFactsInput } from '../../report/model';
import { reportAppliance } from '../../report/report-appliances';
import type { ProcedureInput } from '../definition';
import { upgradeFiles, versionsAfter } from '../steps/report-facts';
import type { HardwareMigrationContext } from './context';

export function migrationReportFacts(context: HardwareMigrationContext, input: ProcedureInput, site: ReportFactsInput): ReportFacts {
  const oldReading = context.oldAppliance;
  const old = reportAppliance(site, input.applianceUrl, 'Old appliance, replaced', oldReading?.serial);
  const fresh = reportAppliance(site, context.newAddress ?? '', 'New appliance, serves the site afterwards');
  const oldVersions = oldReading ? { siteVersion: oldReading.siteVersion, baseVersion: oldReading.baseVersion } : null;
  return {
    appliances: context.newAddress ? [old, fresh] : [old],
    versions: [
      { appliance: old.name, before: oldVersions, after: oldVersions },
      ...(context.newAddress ? [{ appliance: fresh.name, before: context.versionsBefore, after: versionsAfter(context.versionsBefore, context.installed) }] : []),
    ],
    // Null end: the span runs to the procedure's end, through the DNS change.
    windows: context.windowStartedAt ? [{ label: 'Maintenance window', plannedStart: null, plannedEnd: null, startedAt: context.windowStartedAt, endedAt: null }] : [],
    files: upgradeFiles(context),
  };
}
