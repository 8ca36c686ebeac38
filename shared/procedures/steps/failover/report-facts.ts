/**
 * The customer report's facts of a failover pair (P3, P4): both appliances, each one's versions
 * from its archived upgrade (or the unit still running on it), the two windows with the downtime
 * the site watch measured in each, and every file kept. Pure readings of the pair context.
 */
import type { FactWindow, ReportFacts, ReportFactsInput, ReportFile, ReportVersions } from '../../../report/model';
import { reportAppliance } from '../../../report/report-appliances';
import type { PairRole } from './actors';
import { manualRoles, other, type FailoverContext, type WindowId } from './context';
import { backupFiles, certificateAndDiagnosticsFiles, manualFiles, versionsAfter } from '../report-facts';

const ROLES = ['A', 'B'] as const;

/** The appliance updated in window 1: A keeps its role (synchronous), B goes first (asynchronous). */
function firstUpdated(context: FailoverContext): PairRole {
  return context.decision?.kind === 'async' ? 'B' : 'A';
}

/** The appliance the upgrade unit works on now (its fields not archived yet). */
export function unitAppliance(context: FailoverContext): PairRole {
  const first = firstUpdated(context);
  return context.updated[first] ? other(first) : first;
}

function roleWords(context: FailoverContext, role: PairRole): string {
  const primary = firstUpdated(context);
  return `Appliance ${role}: ${role === primary ? 'primary' : 'backup'} after the upgrade`;
}

function versionsOf(context: FailoverContext, role: PairRole, name: string): ReportVersions {
  const record = context.updated[role];
  if (record) {
    const after = versionsAfter(record.versionsBefore, record.installed);
    return { appliance: name, before: record.versionsBefore, after: after ? { ...after, siteVersion: record.siteVersionAfter } : null };
  }
  if (unitAppliance(context) === role && context.versionsBefore) {
    return { appliance: name, before: context.versionsBefore, after: versionsAfter(context.versionsBefore, context.installed) };
  }
  // Not updated: it still runs what it was last read with.
  const read = context.pair?.[role];
  const reading = read ? { siteVersion: read.siteVersion, baseVersion: read.baseVersion } : null;
  return { appliance: name, before: reading, after: reading };
}

function windowsOf(context: FailoverContext): FactWindow[] {
  const windows = context.windows;
  if (!windows) return [];
  const first = firstUpdated(context);
  const order: [WindowId, PairRole][] = [
    ['window1', first],
    ['window2', other(first)],
  ];
  return order.map(([id, role]) => {
    const window = windows[id];
    const measured = context.downtime[id];
    return {
      label: `Window ${id === 'window1' ? 1 : 2}: appliance ${role}`,
      plannedStart: window.plannedStart,
      plannedEnd: window.plannedEnd,
      startedAt: window.startedAt,
      endedAt: window.endedAt,
      ...(measured ? { downtime: { measured: true as const, from: measured.from, to: measured.to, downSeconds: measured.downSeconds, unwatchedSeconds: measured.unwatchedSeconds } } : {}),
    };
  });
}

function filesOf(context: FailoverContext): ReportFile[] {
  const archived = ROLES.flatMap((role) => backupFiles(context.updated[role]?.backups ?? [], role));
  const running = backupFiles(context.backups, unitAppliance(context));
  const manual = manualRoles(context).flatMap((role) => {
    const parked = context.manualParked?.[role];
    return manualFiles(parked ?? context, role);
  });
  return [...archived, ...running, ...certificateAndDiagnosticsFiles(context), ...manual];
}

export function pairReportFacts(context: FailoverContext, site: ReportFactsInput): ReportFacts {
  const appliances = ROLES.map((role) => {
    const known = site.siteAppliances.find((each) => each.role === role);
    const read = context.pair?.[role];
    return reportAppliance(site, known?.applianceUrl ?? read?.hostname ?? '', roleWords(context, role), read?.serial);
  });
  return {
    appliances,
    versions: ROLES.map((role, i) => versionsOf(context, role, appliances[i]?.name ?? role)),
    windows: windowsOf(context),
    files: filesOf(context),
  };
}
