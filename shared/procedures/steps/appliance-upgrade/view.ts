/**
 * What the appliance-upgrade unit shows: the updates offered, the install order, one item per
 * package while installing with the phase it is in and the time it is expected to take, the
 * backup between Base and site, and the support end (R5).
 */
import { isBaseFollowedBySite } from '../../../rules/package-order';
import { packageLabel } from '../../../package-label';
import type { ProcedureViewPart } from '../../definition';
import type { Position, StepDetails } from '../../procedure-view';
import { fact } from '../../view-helpers';
import type { StepStatus, StepView } from '../../view';
import { currentPackage, latestBackup, nothingToInstall, type UpgradeContext } from '../context';
import { DOWNTIME, EXPECTED_INSTALL } from '../downtime';
import { backupFacts } from '../window-and-backup/view';
import { INSTALL_PHASE_LABELS, supportBanner } from './words';
import { formatBytes } from '../../../sizes';
import { nounFor } from '../../../counting';

/** The backup between Base and site runs inside the install state. */
export const BACKUP_BETWEEN_NESTING = {
  step: 'backup-between',
  parent: 'install',
  substates: new Set(['backup-between', 'backup-between-failed']) as ReadonlySet<string>,
  isDone: (context: UpgradeContext) => latestBackup(context, 'between-base-and-site') !== undefined,
} as const;

function backupBetweenNeeded(context: UpgradeContext): boolean {
  const order = context.plan?.order ?? [];
  return order.some((_, index) => isBaseFollowedBySite(order, index));
}

/** The unit's steps that the facts already rule out; null for steps that are not the unit's. */
export function isUnitStepSkipped(step: string, context: UpgradeContext): boolean | null {
  switch (step) {
    case 'plan':
    case 'install':
      return nothingToInstall(context);
    case 'backup-between':
      return context.plan !== null && !backupBetweenNeeded(context);
    default:
      return null;
  }
}

export function checkUpdatesDetails(context: UpgradeContext): StepDetails {
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

export function planDetails(context: UpgradeContext): StepDetails {
  const plan = context.plan;
  if (!plan || plan.order.length === 0) return { facts: [] };
  const facts = plan.order.map((pkg, index) =>
    fact(`${index + 1}. ${pkg.kind === 'base' ? 'Base software' : 'Site package'}`, `${packageLabel(pkg)} (${formatBytes(pkg.size)})`),
  );
  if (!plan.ok) facts.push(...plan.problems.map((problem) => fact('Cannot install', problem, { tone: 'bad' })));
  facts.push(fact('Expected downtime', DOWNTIME, { tone: 'warn' }));
  return { facts, verification: plan.ok ? undefined : { ok: false, text: plan.reason } };
}

/**
 * When the package now under way began: the start of the install, or the end of whatever came
 * just before it (the previous package, the backup between Base and site). Machines never read
 * a clock, so these recorded times are all there is.
 */
function packageStartedAt(context: UpgradeContext): string | null {
  const candidates = [context.installStartedAt, context.installed.at(-1)?.finishedAt, latestBackup(context, 'between-base-and-site')?.createdAt].filter(
    (at): at is string => typeof at === 'string',
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest));
}

/**
 * The install's phase as the chart knows it: uploading a file, or the appliance installing. The
 * finer phases (restarting, verifying the version) are known only to the install actor and reach
 * the renderer with its progress events.
 */
export function installPhase(position: Position<string>, context: UpgradeContext, step = 'install'): StepView['phase'] {
  if (position.status !== 'active' || position.path[0] !== step) return undefined;
  const sub = position.path[1];
  if (sub !== 'uploading' && sub !== 'installing') return undefined;
  const startedAt = packageStartedAt(context);
  if (!startedAt) return undefined;
  // A package with a vault copy is uploaded through Manual Installation before it installs.
  const pkg = currentPackage(context);
  const uploads = pkg !== undefined && 'vaultId' in pkg && typeof pkg.vaultId === 'string';
  return { id: sub, label: INSTALL_PHASE_LABELS[sub], startedAt, expected: { ...EXPECTED_INSTALL }, ...(uploads ? { uploads } : {}) };
}

/** `step` is the install's step id where the unit is placed with a prefix (e.g. 'new-install'). */
export function installDetails(status: StepStatus, position: Position<string>, context: UpgradeContext, step = 'install'): StepDetails {
  const order = context.plan?.order ?? [];
  const under = position.status === 'active' || position.status === 'support';
  const items = order.map((pkg, index) => {
    const record = context.installed[index];
    const label = `${packageLabel(pkg)}`;
    if (record) return { label, status: 'done' as const, detail: `Appliance reports ${record.verifiedVersion}` };
    const isCurrent = index === context.installIndex && position.step === step;
    if (isCurrent && under) return { label, status: status === 'failed' ? ('failed' as const) : ('active' as const) };
    return { label, status: status === 'skipped' || !under ? ('skipped' as const) : ('pending' as const) };
  });
  const facts = context.installStartedAt ? [fact('Install started', context.installStartedAt)] : [];
  const verification =
    context.installed.length > 0 ? { ok: true, text: `${context.installed.length} of ${order.length} ${nounFor(order.length, 'package')} installed and verified.` } : undefined;
  const phase = installPhase(position, context, step);
  return { facts, verification, items: order.length > 0 ? items : undefined, ...(phase ? { phase } : {}) };
}

export function backupBetweenDetails(context: UpgradeContext): StepDetails {
  const backup = latestBackup(context, 'between-base-and-site');
  if (!backup) return { facts: [] };
  return { facts: backupFacts(backup), verification: { ok: true, text: `Fresh backup ${backup.fileName} taken after the Base install.` } };
}

export function supportEndBanner(context: UpgradeContext): NonNullable<ProcedureViewPart['banner']> {
  return supportBanner(
    context.diagnostics ? { saved: context.diagnostics.sha256 } : { failed: context.diagnosticsError?.message ?? 'no diagnostics were recorded' },
  );
}
