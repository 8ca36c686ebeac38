/**
 * What the renderer shows of a P1 procedure, derived from the snapshot alone (it may be a
 * snapshot restored from JSON): step statuses from the state value, facts from the context,
 * words from the step catalogue.
 */
import { checkBackupFreshness } from '../rules/backup-freshness';
import { checkCertificateHealth } from '../rules/certificate-health';
import { maintenanceWindowNotice } from '../rules/maintenance-window';
import { isBaseFollowedBySite } from '../rules/package-order';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from './definition';
import type { BackupRecord, SingleAutomaticContext } from './single-automatic';
import {
  SINGLE_AUTOMATIC_STEP_IDS,
  singleAutomaticBanners,
  singleAutomaticSteps,
  type SingleAutomaticOperatorEventType,
  type SingleAutomaticStepId,
} from './steps/single-automatic';
import { activeStatePath, fact, formatBytes, offeredActions, pageUrl, sha256Prefix } from './view-helpers';
import type { Fact, ProcedureStatus, StepStatus, StepView } from './view';

/**
 * The operator events each state accepts, keyed by its state path. A state missing here
 * offers nothing: the assistant is working, or the procedure has ended (support offers no
 * action at all, R5). Tests check this table against the machine.
 */
export const SINGLE_AUTOMATIC_OFFERED_EVENTS: Readonly<Record<string, readonly SingleAutomaticOperatorEventType[]>> = {
  window: ['WINDOW_STARTED', 'CANCEL'],
  'backup.running': ['CANCEL'],
  'backup.failed': ['RETRY', 'CANCEL'],
  'export-certificate': ['CONFIRM', 'SKIP', 'CANCEL'],
  'certificate-health.probing': ['CANCEL'],
  'certificate-health.healthy': ['CONFIRM', 'RECHECK', 'CANCEL'],
  'certificate-health.unhealthy': ['RECHECK', 'ACCEPT_RISK', 'CANCEL'],
  'certificate-health.probe-failed': ['RETRY', 'CANCEL'],
  'check-updates.running': ['CANCEL'],
  'check-updates.failed': ['RETRY', 'CANCEL'],
  'plan.ready': ['START_INSTALL', 'CANCEL'],
  'plan.blocked': ['RECHECK', 'CANCEL'],
  'install.failed': ['RETRY'],
  'install.backup-between-failed': ['RETRY'],
  aftercare: ['CONFIRM'],
  'report.failed': ['RETRY'],
};

const FAILED_SUBSTATES = new Set(['failed', 'probe-failed', 'backup-between-failed']);
const BLOCKED_SUBSTATES = new Set(['unhealthy', 'blocked']);
const BETWEEN_SUBSTATES = new Set(['backup-between', 'backup-between-failed']);

type Terminal = 'done' | 'support' | 'cancelled';

interface Position {
  status: ProcedureStatus;
  /** The step the procedure is at; for a cancelled procedure, the step it was cancelled at. */
  step: SingleAutomaticStepId | null;
  /** Active state path, e.g. ["install", "failed"]. */
  path: string[];
}

function positionOf(snapshot: SnapshotLike, context: SingleAutomaticContext): Position {
  const path = activeStatePath(snapshot.value);
  const [top, sub] = path;
  if (top === 'done' || top === 'support' || top === 'cancelled') {
    const step = top === 'support' ? 'install' : top === 'cancelled' ? (context.cancelled?.step ?? null) : null;
    return { status: top, step, path };
  }
  if (top === 'install' && sub !== undefined && BETWEEN_SUBSTATES.has(sub)) return { status: 'active', step: 'backup-between', path };
  const step = SINGLE_AUTOMATIC_STEP_IDS.find((id) => id === top) ?? null;
  return { status: 'active', step, path };
}

function indexOf(step: SingleAutomaticStepId): number {
  return SINGLE_AUTOMATIC_STEP_IDS.indexOf(step);
}

function nothingToInstall(context: SingleAutomaticContext): boolean {
  return context.plan !== null && context.plan.order.length === 0;
}

function backupBetweenNeeded(context: SingleAutomaticContext): boolean {
  const order = context.plan?.order ?? [];
  return order.some((_, index) => isBaseFollowedBySite(order, index));
}

function latestBackup(context: SingleAutomaticContext, purpose: BackupRecord['purpose']): BackupRecord | undefined {
  return context.backups.filter((backup) => backup.purpose === purpose).at(-1);
}

/** Steps the facts already rule out, wherever the procedure stands. */
function isSkipped(step: SingleAutomaticStepId, context: SingleAutomaticContext): boolean {
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

function statusOfCurrent(position: Position): StepStatus {
  if (position.status === 'support') return 'failed';
  if (position.status === 'cancelled') return 'skipped';
  const sub = position.path.at(-1) ?? '';
  if (FAILED_SUBSTATES.has(sub)) return 'failed';
  if (BLOCKED_SUBSTATES.has(sub)) return 'blocked';
  return 'active';
}

function stepStatus(step: SingleAutomaticStepId, position: Position, context: SingleAutomaticContext): StepStatus {
  if (step === position.step) return statusOfCurrent(position);
  // The backup between Base and site runs inside the install, so the install stays under way.
  if (step === 'install' && position.step === 'backup-between') return 'active';
  if (isSkipped(step, context)) return 'skipped';
  if (step === 'backup-between' && latestBackup(context, 'between-base-and-site')) return 'done';
  const ended = position.status !== 'active';
  if (position.status === 'done') return 'done';
  const reached = position.step !== null && indexOf(step) < indexOf(position.step) && step !== 'backup-between';
  if (reached) return 'done';
  return ended ? 'skipped' : 'pending';
}

function backupFacts(backup: BackupRecord | undefined): Fact[] {
  if (!backup) return [];
  return [
    fact('Backup file', backup.fileName, { mono: true }),
    fact('Size', formatBytes(backup.size)),
    fact('SHA-256', sha256Prefix(backup.sha256), { mono: true }),
    fact('Taken at', backup.createdAt),
    fact('Appliance version', backup.applianceVersion),
  ];
}

function versionsAfter(context: SingleAutomaticContext): { siteVersion: string; baseVersion: string } | null {
  if (!context.versionsBefore) return null;
  let { siteVersion, baseVersion } = context.versionsBefore;
  for (const record of context.installed) {
    if (record.pkg.kind === 'site') siteVersion = record.verifiedVersion;
    else baseVersion = record.verifiedVersion;
  }
  return { siteVersion, baseVersion };
}

function describeVersions(context: SingleAutomaticContext): string {
  const before = context.versionsBefore;
  const after = versionsAfter(context);
  if (!before || !after) return 'Versions unknown';
  return `Site ${before.siteVersion} → ${after.siteVersion}, Base ${before.baseVersion} → ${after.baseVersion}`;
}

function describeBackups(context: SingleAutomaticContext): string {
  if (context.backups.length === 0) return 'none';
  return context.backups.map((backup) => `${backup.fileName} (SHA-256 ${sha256Prefix(backup.sha256)})`).join(', ');
}

const WINDOW_NOTICE = maintenanceWindowNotice(1);
const DOWNTIME = `${WINDOW_NOTICE.minMinutes}–${WINDOW_NOTICE.maxMinutes} minutes, longer with much stored data`;

function stepDetails(
  step: SingleAutomaticStepId,
  status: StepStatus,
  position: Position,
  context: SingleAutomaticContext,
): Pick<StepView, 'facts' | 'verification' | 'items'> {
  switch (step) {
    case 'window':
      return {
        facts: [
          ...(context.windowStartedAt ? [fact('Window started', context.windowStartedAt)] : []),
          fact('Expected downtime', DOWNTIME),
        ],
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
        ...probe.findings.map((finding) =>
          fact(finding.ok ? 'Passed' : 'Problem', finding.text, { tone: finding.ok ? 'ok' : 'bad' }),
        ),
        fact('Fingerprint (SHA-256)', probe.fingerprint256, { mono: true }),
        fact('Valid until', probe.validTo),
        ...(context.certificateRiskAccepted
          ? [fact('Went on despite the problems because', context.certificateRiskAccepted.note, { tone: 'warn' })]
          : []),
      ];
      return { facts, verification: { ok: verdict.holds, text: verdict.reason } };
    }
    case 'check-updates': {
      const before = context.versionsBefore;
      if (!before || !context.plan) return { facts: [] };
      return {
        facts: [
          fact('Site version running', before.siteVersion),
          fact('Base version running', before.baseVersion),
          fact('Updates offered', String(context.plan.order.length)),
        ],
      };
    }
    case 'plan': {
      const plan = context.plan;
      if (!plan || plan.order.length === 0) return { facts: [] };
      const facts = plan.order.map((pkg, index) =>
        fact(`${index + 1}. ${pkg.kind === 'base' ? 'Base software' : 'Site package'}`, `${pkg.name} ${pkg.version} (${formatBytes(pkg.size)})`),
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
        const label = `${pkg.name} ${pkg.version}`;
        if (record) return { label, status: 'done' as const, detail: `Appliance reports ${record.verifiedVersion}` };
        const isCurrent = index === context.installIndex && position.step === 'install';
        if (isCurrent && under) return { label, status: status === 'failed' ? ('failed' as const) : ('active' as const) };
        return { label, status: status === 'skipped' || !under ? ('skipped' as const) : ('pending' as const) };
      });
      const facts = context.installStartedAt ? [fact('Install started', context.installStartedAt)] : [];
      const verification =
        context.installed.length > 0
          ? { ok: true, text: `${context.installed.length} of ${order.length} package(s) installed and verified.` }
          : undefined;
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

function bannerFor(position: Position, context: SingleAutomaticContext): ProcedureViewPart['banner'] {
  const terminal = position.status === 'active' ? null : (position.status as Terminal);
  if (terminal === 'support') {
    return singleAutomaticBanners.support(
      context.diagnostics
        ? { saved: sha256Prefix(context.diagnostics.sha256) }
        : { failed: context.diagnosticsError?.message ?? 'no diagnostics were recorded' },
    );
  }
  if (terminal === 'cancelled') {
    const step = context.cancelled?.step;
    return singleAutomaticBanners.cancelled({ stepTitle: step ? singleAutomaticSteps[step].title : 'the start', note: context.cancelled?.note });
  }
  if (terminal === 'done') {
    if (nothingToInstall(context) && context.versionsBefore) return singleAutomaticBanners.nothingToInstall(context.versionsBefore);
    return singleAutomaticBanners.done({ versions: describeVersions(context), backups: describeBackups(context) });
  }
  return undefined;
}

export function singleAutomaticView(snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart {
  const context = snapshot.context as SingleAutomaticContext;
  const position = positionOf(snapshot, context);
  const offered = position.status === 'active' ? (SINGLE_AUTOMATIC_OFFERED_EVENTS[position.path.join('.')] ?? []) : [];

  const steps: StepView[] = SINGLE_AUTOMATIC_STEP_IDS.map((id) => {
    const entry = singleAutomaticSteps[id];
    const status = stepStatus(id, position, context);
    const isCurrent = id === position.step && position.status === 'active';
    const error = context.error?.step === id && (status === 'failed' || position.status === 'support') ? context.error : null;
    return {
      id,
      title: entry.title,
      kind: entry.kind,
      rules: entry.rules,
      status,
      instruction: entry.instruction,
      ...(entry.pagePath ? { pagePath: entry.pagePath } : {}),
      ...(entry.pageRoute ? { pageUrl: pageUrl(input.applianceUrl, entry.pageRoute) } : {}),
      ...stepDetails(id, status, position, context),
      actions: isCurrent ? offeredActions(entry.actions, offered) : [],
      ...(error ? { error: { code: error.code, message: error.message, hint: error.hint } } : {}),
    };
  });

  const banner = bannerFor(position, context);
  return {
    status: position.status,
    currentStepId: position.status === 'active' || position.status === 'support' ? position.step : null,
    steps,
    ...(banner ? { banner } : {}),
  };
}
