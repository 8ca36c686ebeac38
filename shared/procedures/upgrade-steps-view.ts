/**
 * What the upgrade steps P1 and P2 share show: facts, verifications and items from the shared
 * part of the context (upgrade-steps.ts), and the closing messages both end with.
 */
import { checkBackupFreshness } from '../rules/backup-freshness';
import { checkCertificateHealth } from '../rules/certificate-health';
import { maintenanceWindowNotice } from '../rules/maintenance-window';
import { isBaseFollowedBySite } from '../rules/package-order';
import type { ProcedureViewPart } from './definition';
import type { Position, StepDetails } from './procedure-view';
import { upgradeBanners, type StepCatalogueEntry, type UpgradeOperatorEventType, type UpgradeStepId } from './steps/upgrade';
import { latestBackup, type BackupRecord, type UpgradeContext } from './upgrade-steps';
import { fact, formatBytes, sha256Prefix } from './view-helpers';
import type { Fact, StepStatus } from './view';
import { packageLabel } from '../package-label';

export const UPGRADE_FAILED_SUBSTATES: ReadonlySet<string> = new Set(['failed', 'probe-failed', 'backup-between-failed']);
export const UPGRADE_BLOCKED_SUBSTATES: ReadonlySet<string> = new Set(['unhealthy', 'blocked']);

/** The backup between Base and site runs inside the install state. */
export const BACKUP_BETWEEN_NESTING = {
  step: 'backup-between',
  parent: 'install',
  substates: new Set(['backup-between', 'backup-between-failed']) as ReadonlySet<string>,
  isDone: (context: UpgradeContext) => latestBackup(context, 'between-base-and-site') !== undefined,
} as const;

/**
 * The operator events the states of the shared upgrade steps accept, keyed by state path. A
 * procedure adds its own states, and the exits of a blocked plan (P1 checks again, P2 takes
 * another bundle). Tests check each procedure's whole table against its machine.
 */
export const UPGRADE_OFFERED_EVENTS = {
  window: ['WINDOW_STARTED', 'CANCEL'],
  'backup.running': ['CANCEL'],
  'backup.failed': ['RETRY', 'CANCEL'],
  'export-certificate': ['CONFIRM', 'SKIP', 'CANCEL'],
  'certificate-health.probing': ['CANCEL'],
  'certificate-health.healthy': ['CONFIRM', 'RECHECK', 'CANCEL'],
  'certificate-health.unhealthy': ['RECHECK', 'ACCEPT_RISK', 'CANCEL'],
  'certificate-health.probe-failed': ['RETRY', 'CANCEL'],
  'plan.ready': ['START_INSTALL', 'CANCEL'],
  'install.failed': ['RETRY'],
  'install.backup-between-failed': ['RETRY'],
  aftercare: ['CONFIRM'],
  'report.failed': ['RETRY'],
} as const satisfies Readonly<Record<string, readonly UpgradeOperatorEventType[]>>;

/**
 * What the view of every upgrade procedure (P1, P2) says alike: which substates fail or block
 * a step, the backup between Base and site nested in the install, where the support end
 * belongs, and the cancel, error and skip facts of the shared context.
 */
export const upgradeViewSpec = {
  failedSubstates: UPGRADE_FAILED_SUBSTATES,
  blockedSubstates: UPGRADE_BLOCKED_SUBSTATES,
  nested: BACKUP_BETWEEN_NESTING,
  supportStep: 'install',
  cancelledAt: (context: UpgradeContext) => context.cancelled?.step,
  errorOf: (context: UpgradeContext) => context.error,
  isSkipped: (step: string, context: UpgradeContext) => isUpgradeStepSkipped(step, context),
} as const;

export function nothingToInstall(context: UpgradeContext): boolean {
  return context.plan !== null && context.plan.order.length === 0;
}

function backupBetweenNeeded(context: UpgradeContext): boolean {
  const order = context.plan?.order ?? [];
  return order.some((_, index) => isBaseFollowedBySite(order, index));
}

/** Shared steps the facts already rule out; other steps are never skipped by these facts. */
export function isUpgradeStepSkipped(step: string, context: UpgradeContext): boolean {
  switch (step) {
    case 'export-certificate':
      return context.certificateExport?.kind === 'skipped';
    case 'plan':
    case 'install':
      return nothingToInstall(context);
    case 'backup-between':
      return context.plan !== null && !backupBetweenNeeded(context);
    case 'aftercare':
      return context.plan !== null && !context.plan.order.some((pkg) => pkg.kind === 'site');
    default:
      return false;
  }
}

export function backupFacts(backup: BackupRecord | undefined): Fact[] {
  if (!backup) return [];
  return [
    fact('Backup file', backup.fileName, { mono: true }),
    fact('Size', formatBytes(backup.size)),
    fact('SHA-256', sha256Prefix(backup.sha256), { mono: true }),
    fact('Taken at', backup.createdAt),
    fact('Appliance version', backup.applianceVersion),
  ];
}

function versionsAfter(context: UpgradeContext): { siteVersion: string; baseVersion: string } | null {
  if (!context.versionsBefore) return null;
  let { siteVersion, baseVersion } = context.versionsBefore;
  for (const record of context.installed) {
    if (record.pkg.kind === 'site') siteVersion = record.verifiedVersion;
    else baseVersion = record.verifiedVersion;
  }
  return { siteVersion, baseVersion };
}

export function describeVersions(context: UpgradeContext): string {
  const before = context.versionsBefore;
  const after = versionsAfter(context);
  if (!before || !after) return 'Versions unknown';
  return `Site ${before.siteVersion} → ${after.siteVersion}, Base ${before.baseVersion} → ${after.baseVersion}`;
}

export function describeBackups(context: UpgradeContext): string {
  if (context.backups.length === 0) return 'none';
  return context.backups.map((backup) => `${backup.fileName} (SHA-256 ${sha256Prefix(backup.sha256)})`).join(', ');
}

const WINDOW_NOTICE = maintenanceWindowNotice(1);
const DOWNTIME = `${WINDOW_NOTICE.minMinutes}–${WINDOW_NOTICE.maxMinutes} minutes, longer with much stored data`;

export function upgradeStepDetails(step: UpgradeStepId, status: StepStatus, position: Position<string>, context: UpgradeContext): StepDetails {
  switch (step) {
    case 'window':
      return {
        facts: [...(context.windowStartedAt ? [fact('Window started', context.windowStartedAt)] : []), fact('Expected downtime', DOWNTIME)],
      };
    case 'backup': {
      const backup = latestBackup(context, 'pre-upgrade');
      const verdict = checkBackupFreshness(backup, { windowStartedAt: context.windowStartedAt });
      return { facts: backupFacts(backup), verification: backup ? { ok: verdict.holds, text: verdict.reason } : undefined };
    }
    case 'export-certificate': {
      const decision = context.certificateExport;
      if (!decision) return { facts: [] };
      return {
        facts:
          decision.kind === 'exported'
            ? [fact('Exported (operator)', decision.at, { tone: 'ok' })]
            : [fact('Skipped because', decision.note, { tone: 'warn' })],
      };
    }
    case 'certificate-health': {
      const probe = context.certificateProbe;
      if (!probe) return { facts: [] };
      const verdict = checkCertificateHealth(probe);
      const facts = [
        ...probe.findings.map((finding) => fact(finding.ok ? 'Passed' : 'Problem', finding.text, { tone: finding.ok ? 'ok' : 'bad' })),
        fact('Fingerprint (SHA-256)', probe.fingerprint256, { mono: true }),
        fact('Valid until', probe.validTo),
        ...(context.certificateRiskAccepted
          ? [fact('Went on despite the problems because', context.certificateRiskAccepted.note, { tone: 'warn' })]
          : []),
      ];
      return { facts, verification: { ok: verdict.holds, text: verdict.reason } };
    }
    case 'plan': {
      const plan = context.plan;
      if (!plan || plan.order.length === 0) return { facts: [] };
      const facts = plan.order.map((pkg, index) =>
        fact(`${index + 1}. ${pkg.kind === 'base' ? 'Base software' : 'Site package'}`, `${packageLabel(pkg)} (${formatBytes(pkg.size)})`),
      );
      if (!plan.ok) facts.push(...plan.problems.map((problem) => fact('Cannot install', problem, { tone: 'bad' })));
      facts.push(fact('Expected downtime', DOWNTIME, { tone: 'warn' }));
      return { facts, verification: plan.ok ? undefined : { ok: false, text: plan.reason } };
    }
    case 'install': {
      const order = context.plan?.order ?? [];
      const under = position.status === 'active' || position.status === 'support';
      const items = order.map((pkg, index) => {
        const record = context.installed[index];
        const label = `${packageLabel(pkg)}`;
        if (record) return { label, status: 'done' as const, detail: `Appliance reports ${record.verifiedVersion}` };
        const isCurrent = index === context.installIndex && position.step === 'install';
        if (isCurrent && under) return { label, status: status === 'failed' ? ('failed' as const) : ('active' as const) };
        return { label, status: status === 'skipped' || !under ? ('skipped' as const) : ('pending' as const) };
      });
      const facts = context.installStartedAt ? [fact('Install started', context.installStartedAt)] : [];
      const verification =
        context.installed.length > 0 ? { ok: true, text: `${context.installed.length} of ${order.length} package(s) installed and verified.` } : undefined;
      return { facts, verification, items: order.length > 0 ? items : undefined };
    }
    case 'backup-between': {
      const backup = latestBackup(context, 'between-base-and-site');
      if (!backup) return { facts: [] };
      return { facts: backupFacts(backup), verification: { ok: true, text: `Fresh backup ${backup.fileName} taken after the Base install.` } };
    }
    case 'aftercare':
      return { facts: context.aftercareConfirmedAt ? [fact('Confirmed by the operator', context.aftercareConfirmedAt, { tone: 'ok' })] : [] };
    case 'report':
      return {
        facts:
          position.status === 'done' || position.step === 'report'
            ? [fact('Versions', describeVersions(context)), fact('Backups', describeBackups(context), { mono: true })]
            : [],
      };
  }
}

/** The support and cancelled endings both procedures show; null for the others. */
export function upgradeEndBanner(
  position: Position<string>,
  context: UpgradeContext,
  catalogue: Record<string, Pick<StepCatalogueEntry, 'title'>>,
): ProcedureViewPart['banner'] | null {
  if (position.status === 'support') {
    return upgradeBanners.support(
      context.diagnostics
        ? { saved: sha256Prefix(context.diagnostics.sha256) }
        : { failed: context.diagnosticsError?.message ?? 'no diagnostics were recorded' },
    );
  }
  if (position.status === 'cancelled') {
    const step = context.cancelled?.step;
    const title = step ? catalogue[step]?.title : undefined;
    return upgradeBanners.cancelled({ stepTitle: title ?? 'the start', note: context.cancelled?.note });
  }
  return null;
}
