/**
 * The customer report's facts from the shared upgrade context (P1, P2, P5 and, per appliance,
 * P3/P4): versions after the unit, the files it kept, the maintenance window it ran in. Pure
 * readings of JSON; the procedures' reportFacts hooks combine them.
 */
import type { FactWindow, ReportFacts, ReportFactsInput, ReportFile, ReportVersionPair } from '../../report/model';
import { reportAppliance } from '../../report/report-appliances';
import type { ProcedureInput } from '../definition';
import { packageLabel } from '../../package-label';
import type { FilePackageRef } from '../actors';
import type { BackupRecord, InstallRecord, UpgradeContext } from './context';
import type { ManualOfflineFields } from '../manual-offline/context';

const BACKUP_PURPOSE: Record<BackupRecord['purpose'], string> = {
  'pre-upgrade': 'Settings backup before the upgrade',
  'between-base-and-site': 'Settings backup between Base and site package',
};

/** " (A)" after a label where the procedure has more than one appliance; "" otherwise. */
const tagged = (label: string, tag: string | undefined) => (tag ? `${label} (${tag})` : label);

/** What the appliance runs after its installs: each kind's last verified version, else the one it ran before. */
export function versionsAfter(before: ReportVersionPair | null, installed: readonly InstallRecord[]): ReportVersionPair | null {
  const last = (kind: 'site' | 'base') => installed.filter((record) => record.pkg.kind === kind).at(-1)?.verifiedVersion;
  const siteVersion = last('site') ?? before?.siteVersion;
  const baseVersion = last('base') ?? before?.baseVersion;
  return siteVersion !== undefined && baseVersion !== undefined ? { siteVersion, baseVersion } : null;
}

export function backupFiles(backups: readonly BackupRecord[], tag?: string): ReportFile[] {
  return backups.map((backup) => ({
    kind: 'backup',
    label: tagged(BACKUP_PURPOSE[backup.purpose], tag),
    fileName: backup.fileName,
    sha256: backup.sha256,
    size: backup.size,
    at: backup.createdAt,
    vaultId: backup.vaultId,
  }));
}

/** The certificate file kept (R2) and the diagnostics of a support end (R5). */
export function certificateAndDiagnosticsFiles(context: Pick<UpgradeContext, 'certificateFile' | 'diagnostics'>, tag?: string): ReportFile[] {
  const files: ReportFile[] = [];
  const certificate = context.certificateFile;
  if (certificate) {
    files.push({
      kind: 'certificate',
      label: tagged(`Certificate with key and chain (${certificate.subject})`, tag),
      fileName: certificate.fileName,
      sha256: certificate.sha256,
      size: certificate.size,
      at: null,
      vaultId: certificate.vaultId,
    });
  }
  if (context.diagnostics) {
    files.push({ kind: 'diagnostics', label: tagged('Diagnostics for support', tag), fileName: '', sha256: context.diagnostics.sha256, size: null, at: null, vaultId: context.diagnostics.vaultId });
  }
  return files;
}

export function packageFiles(packages: readonly FilePackageRef[], tag?: string): ReportFile[] {
  return packages.map((pkg) => ({
    kind: 'package',
    label: tagged(`Update package ${packageLabel(pkg)}`, tag),
    fileName: '',
    sha256: pkg.sha256,
    size: pkg.size,
    at: null,
    ...(pkg.vaultId !== undefined ? { vaultId: pkg.vaultId } : {}),
  }));
}

/** The air gap's files on the restricted side: the key file written to the stick and the packages imported into the vault. */
export function manualFiles(fields: Partial<Pick<ManualOfflineFields, 'keyFile' | 'imported'>>, tag?: string): ReportFile[] {
  const key = fields.keyFile;
  const keyFiles: ReportFile[] = key ? [{ kind: 'key', label: tagged('Appliance Download Key file (on the removable drive)', tag), fileName: key.path.split(/[\\/]/).at(-1) ?? key.path, sha256: key.sha256, size: null, at: null }] : [];
  return [...keyFiles, ...packageFiles(fields.imported ?? [], tag)];
}

/**
 * The one maintenance window of a single-appliance upgrade: from the operator's start to the
 * last verified install (the site answers again); unknown end while nothing was installed.
 */
export function upgradeWindow(context: Pick<UpgradeContext, 'windowStartedAt' | 'installed'>, label = 'Maintenance window'): FactWindow[] {
  if (!context.windowStartedAt) return [];
  return [{ label, plannedStart: null, plannedEnd: null, startedAt: context.windowStartedAt, endedAt: context.installed.at(-1)?.finishedAt ?? null }];
}

/** Every file of the shared upgrade context: backups, certificate, diagnostics. */
export function upgradeFiles(context: UpgradeContext, tag?: string): ReportFile[] {
  return [...backupFiles(context.backups, tag), ...certificateAndDiagnosticsFiles(context, tag)];
}

/** P1 and P2: one appliance, the one serving the site when the procedure started. */
export function singleApplianceFacts(context: UpgradeContext, input: ProcedureInput, site: ReportFactsInput, extraFiles: readonly ReportFile[] = []): ReportFacts {
  const appliance = reportAppliance(site, input.applianceUrl, 'The appliance serving the site');
  return {
    appliances: [appliance],
    versions: [{ appliance: appliance.name, before: context.versionsBefore, after: versionsAfter(context.versionsBefore, context.installed) }],
    windows: upgradeWindow(context),
    files: [...upgradeFiles(context), ...extraFiles],
  };
}
