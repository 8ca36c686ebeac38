/**
 * What P3 and P4 show, from the snapshot alone: the events each state offers, the facts of each
 * failover step (the pair, the windows and the interim countdown, the sync, the tests and the
 * switch, the re-established relationship, the downtime per window), and the closing banners.
 * A procedure gives its step list and catalogue; everything else is shared here.
 */
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../../definition';
import { buildProcedureView, type Position, type ProcedureViewSpec, type StepDetails } from '../../procedure-view';
import { fact } from '../../view-helpers';
import type { Fact, StepAction, StepStatus } from '../../view';
import { AFTERCARE_FAILED_SUBSTATES, AFTERCARE_OFFERED_EVENTS, aftercareActions, aftercareStepDetails, isAftercareRestoreSkipped } from '../aftercare-and-report/aftercare-view';
import { supportEndBanner, checkUpdatesDetails, installDetails, planDetails, backupBetweenDetails } from '../appliance-upgrade/view';
import { tickedListItems } from '../checklist';
import { backupDetails } from '../window-and-backup/view';
import type { PairRole } from './actors';
import { HOSTS_CHECKS, HOSTS_FILES, hostsLine } from './checks';
import { describeAnswer, installNotice, manualRoles, probeServesUpdate, sharedIpConfigured, type FailoverContext, type WindowId } from './context';
import { manualStepDetails, manualViewParts, updateModeActions } from './manual-view';
import type { FailoverEntry, FailoverOperatorEvent } from './words';

type Offered = Readonly<Record<string, readonly FailoverOperatorEvent[]>>;

function unitOffered(p: string): Offered {
  return {
    [`${p}-check-updates.running`]: ['CANCEL'],
    [`${p}-check-updates.failed`]: ['RETRY', 'CANCEL'],
    [`${p}-plan.ready`]: ['START_INSTALL', 'CANCEL'],
    [`${p}-plan.blocked`]: ['RECHECK', 'CANCEL'],
    [`${p}-install.failed`]: ['RETRY'],
    [`${p}-install.backup-between-failed`]: ['RETRY'],
    [`verify-${p}.mismatch`]: ['RECHECK'],
    [`verify-${p}.failed`]: ['RETRY'],
  };
}

function backupOffered(step: string): Offered {
  return { [`${step}.running`]: ['CANCEL'], [`${step}.failed`]: ['RETRY', 'CANCEL'] };
}

/** The operator events each state accepts, keyed by state path; tests check the table against each machine. */
export function failoverOfferedEvents(kind: 'sync' | 'async', backups: readonly string[], manual: readonly PairRole[] = []): Offered {
  const byHand = manualViewParts(manual);
  return {
    'decision.reading': ['CANCEL'],
    'decision.choose': [...(kind === 'sync' ? ['CONFIRM', 'RECHECK', 'CANCEL'] as const : ['METHOD_SHARED_IP', 'METHOD_DNS', 'METHOD_NAT', 'RECHECK', 'CANCEL'] as const), ...byHand.choices],
    ...byHand.offered,
    'decision.failed': ['RETRY', 'CANCEL'],
    'plan-windows.ask': ['PLAN_WINDOWS', 'CANCEL'],
    'plan-windows.invalid': ['PLAN_WINDOWS', 'CANCEL'],
    'window-1': ['WINDOW_STARTED', 'CANCEL'],
    ...Object.assign({}, ...backups.map(backupOffered)),
    'sync.requesting': ['CANCEL'],
    'sync.waiting': ['CANCEL'],
    'sync.failed': ['RETRY', 'CANCEL'],
    'break.not-synced': ['RETRY'],
    'break.failed': ['RETRY'],
    ...unitOffered('a'),
    ...unitOffered('b'),
    'end-window-1.ask': ['WINDOW_ENDED'],
    'end-window-1.failed': ['RETRY'],
    'jump-clients.timed-out': ['RECHECK', 'CONTINUE'],
    'jump-clients.failed': ['RETRY'],
    'confirm-production': ['CONFIRM_PRODUCTION'],
    'window-2': ['WINDOW_STARTED'],
    'test-b.checklist': ['HOSTS_TESTED'],
    'test-b.mismatch': ['RECHECK'],
    'test-b.failed': ['RETRY'],
    'make-primary.choose': ['SWITCH', 'SWITCH_MYSELF'],
    'make-primary.guide': ['SWITCHED'],
    'make-primary.late': ['WAIT_LONGER'],
    'make-primary.integration': ['CONFIRM'],
    'make-primary.failed': ['RETRY', 'SWITCH_MYSELF'],
    'establish.keys-differ': ['RETRY'],
    'establish.wrong-fields': ['RETRY'],
    'establish.failed': ['RETRY'],
    'first-sync.failed': ['RETRY', 'SYNC_NOW'],
    'end-window-2.ask': ['WINDOW_ENDED'],
    'end-window-2.failed': ['RETRY'],
    ...AFTERCARE_OFFERED_EVENTS,
    'report.failed': ['RETRY'],
  };
}

const FAILED = new Set(['failed', 'backup-between-failed', 'wrong-fields', ...AFTERCARE_FAILED_SUBSTATES]);
const BLOCKED = new Set(['blocked', 'invalid', 'mismatch', 'not-synced', 'keys-differ', 'timed-out', 'late']);

function applianceFacts(context: FailoverContext, role: PairRole): Fact[] {
  const pair = context.pair;
  if (!pair) return [];
  const a = pair[role];
  const notice = installNotice(pair, role);
  return [
    fact(`Appliance ${role}`, `${a.hostname} (${a.ip}), role ${a.failoverRole}, site ${a.siteVersion}, Base ${a.baseVersion}`),
    fact(`Stored data on ${role}`, `${a.storedDataMb} MB; expected install ${notice.minMinutes}–${notice.maxMinutes} minutes${notice.mayTakeLonger ? ', likely longer' : ''}`, { tone: notice.mayTakeLonger ? 'warn' : 'neutral' }),
  ];
}

function windowFacts(context: FailoverContext, id: WindowId): Fact[] {
  const w = context.windows?.[id];
  if (!w) return [];
  const n = id === 'window1' ? 1 : 2;
  return [
    fact(`Window ${n} planned`, `${w.plannedStart} to ${w.plannedEnd}`),
    ...(w.startedAt ? [fact(`Window ${n} started`, w.startedAt)] : []),
    ...(w.endedAt ? [fact(`Window ${n} ended`, w.endedAt)] : []),
  ];
}

function downtimeFacts(context: FailoverContext): Fact[] {
  return (['window1', 'window2'] as const).flatMap((id) => {
    const d = context.downtime[id];
    return d ? [fact(`Site down in window ${id === 'window1' ? 1 : 2}`, `${d.downSeconds} s${d.unwatchedSeconds > 0 ? ` (${d.unwatchedSeconds} s not watched)` : ''}`)] : [];
  });
}

/** The interim as a wait until window 2's planned start; a warning once it ran past the plan. */
function interimDetails(context: FailoverContext): StepDetails {
  const startedAt = context.windows?.window1.endedAt;
  const deadline = context.windows?.window2.plannedStart;
  const overrun = context.interimOverrun;
  return {
    facts: [
      ...windowFacts(context, 'window2'),
      ...(context.production ? [fact('Confirmed in production', `${context.production.at}: ${context.production.note}`, { tone: 'ok' })] : []),
      ...(overrun ? [fact('Time without failover', `ran past the plan (window 2 was planned for ${overrun.plannedStart})`, { tone: 'warn' })] : []),
    ],
    ...(startedAt && deadline && deadline > startedAt ? { wait: { label: 'Interim until window 2 (the pair runs without failover)', startedAt, deadline } } : {}),
  };
}

function unitDetails(step: string, status: StepStatus, position: Position<string>, context: FailoverContext): StepDetails | null {
  const match = /^(([ab])-(?:manual-)?)(check-updates|plan|install|backup-between)$/.exec(step);
  if (!match) return null;
  const role = match[2]?.toUpperCase() as PairRole;
  const archived = context.updated[role];
  if (archived) return { facts: [fact('Site version now', archived.siteVersionAfter, { tone: 'ok' }), fact('Packages installed', String(archived.installed.length))] };
  // Only the unit now running shows its facts (an appliance's automatic and manual units share the context).
  if (/^[ab]-(manual-)?/.exec(position.path[0] ?? '')?.[0] !== match[1]) return { facts: [] };
  switch (match[3]) {
    case 'check-updates':
      return checkUpdatesDetails(context);
    case 'plan':
      return planDetails(context);
    case 'install':
      return installDetails(status, position, context, step);
    default:
      return backupBetweenDetails(context);
  }
}

function switchDetails(context: FailoverContext, position: Position<string>): StepDetails {
  const s = context.sharedIpSwitch;
  const wait = context.siteWait;
  return {
    facts: [
      fact('Method', context.decision?.method ?? 'not chosen'),
      ...(s ? [fact('Shared IP', s.sharedIp, { mono: true }), fact('Gap between disable and enable', `${s.gapMs} ms`)] : []),
      ...(context.switchedByOperatorAt ? [fact('Changed by the operator at', context.switchedByOperatorAt)] : []),
      ...(context.integrationCheckedAt ? [fact('Integration Clients checked', context.integrationCheckedAt, { tone: 'ok' })] : []),
    ],
    ...(context.siteAnswer ? { verification: { ok: context.siteAnswer.answeredBy === 'B', text: describeAnswer(context.siteAnswer) } } : {}),
    ...(position.path.join('.') === 'make-primary.verifying' && wait && wait.deadline > wait.startedAt ? { wait: { label: 'Waiting for the site address to answer with B', ...wait } } : {}),
  };
}

function testBDetails(context: FailoverContext): StepDetails {
  const b = context.pair?.B;
  const site = context.pair?.siteHostname;
  const probe = context.siteProbe;
  return {
    facts: HOSTS_FILES.map((file) => fact(`Hosts file on ${file.system}`, file.path, { mono: true })),
    ...(b && site ? { code: { label: 'Line for the hosts file', value: hostsLine(b.ip, site) } } : {}),
    items: tickedListItems(context.hostsTest, HOSTS_CHECKS),
    ...(probe
      ? { verification: probeServesUpdate(context, probe) ? { ok: true, text: `B answers as the site with version ${probe.version} and the pair’s certificate.` } : { ok: false, text: `B answers with version ${probe.version}${probe.coversSiteHostname ? '' : ', and its certificate does not cover the site hostname'}; it must serve the version just installed with A’s certificate.` } }
      : {}),
  };
}

export function failoverStepDetails(step: string, status: StepStatus, position: Position<string>, context: FailoverContext): StepDetails {
  const unit = unitDetails(step, status, position, context);
  if (unit) return unit;
  const airGap = manualStepDetails(step, context) ?? aftercareStepDetails(step, context);
  if (airGap) return airGap;
  if (step.startsWith('backup-')) return backupDetails(context);
  switch (step) {
    case 'decision':
      return {
        facts: [
          ...applianceFacts(context, 'A'),
          ...applianceFacts(context, 'B'),
          ...(context.pair ? [fact('Shared IP configured', sharedIpConfigured(context.pair) ? 'yes, on both' : 'no')] : []),
          ...manualRoles(context).map((role) => fact(`Appliance ${role} is updated`, 'by hand across the air gap', { tone: 'warn' })),
        ],
      };
    case 'plan-windows':
    case 'window-1':
      return { facts: [...windowFacts(context, 'window1'), ...windowFacts(context, 'window2')] };
    case 'end-window-1':
      return { facts: [...windowFacts(context, 'window1'), ...downtimeFacts(context)] };
    case 'confirm-production':
    case 'window-2':
      return interimDetails(context);
    case 'sync':
      return { facts: [...(context.syncRequest ? [fact('Sync requested', context.syncRequest.requestedAt)] : []), ...(context.sync ? [fact('Synced at', context.sync.syncedAt, { tone: 'ok' })] : [])] };
    case 'break':
      return { facts: context.broken ? [fact('Roles after the break', `A ${context.broken.roles.A}, B ${context.broken.roles.B}`, { tone: 'ok' })] : [] };
    case 'verify-a':
    case 'verify-b': {
      const record = context.updated[step === 'verify-a' ? 'A' : 'B'];
      return record ? { facts: [fact('Site version', record.siteVersionAfter, { tone: 'ok' })], verification: { ok: true, text: `Reports site ${record.siteVersionAfter}.` } } : { facts: [] };
    }
    case 'jump-clients': {
      const j = context.jumpClients;
      return { facts: j ? [fact('Jump Clients online', `${j.online} of ${j.total}`), fact('Upgrading / pending', `${j.upgrading} / ${j.pending}`), ...(context.jumpClientsNote ? [fact('Went on because', context.jumpClientsNote, { tone: 'warn' })] : [])] : [] };
    }
    case 'test-b':
      return testBDetails(context);
    case 'make-primary':
      return switchDetails(context, position);
    case 'establish': {
      const e = context.established;
      return { facts: e ? [fact('Established at', e.establishedAt, { tone: 'ok' }), fact('Backup host', `${e.fields.backupHost}:${e.fields.backupPort}`, { mono: true }), fact('Primary host', `${e.fields.primaryHost}:${e.fields.primaryPort}`, { mono: true })] : [] };
    }
    case 'first-sync':
      return { facts: context.firstSync ? [fact('First sync at', context.firstSync.syncedAt, { tone: 'ok' })] : [] };
    case 'end-window-2':
    case 'report':
      return { facts: downtimeFacts(context) };
    default:
      return { facts: [] };
  }
}

/** The decision offers the shared IP only where both appliances have one, and only the way of updating not chosen yet. */
function adjustActions(manual: readonly PairRole[]) {
  return (step: string, actions: StepAction[], context: FailoverContext): StepAction[] => {
    if (step !== 'decision') return aftercareActions(step, actions, context);
    const offered = updateModeActions(actions, context, manual);
    return sharedIpConfigured(context.pair) ? offered : offered.filter((action) => action.event !== 'METHOD_SHARED_IP');
  };
}

function bannerFor(title: string, catalogue: Record<string, FailoverEntry>) {
  return (position: Position<string>, context: FailoverContext): ProcedureViewPart['banner'] => {
    if (position.status === 'support') return supportEndBanner(context);
    if (position.status === 'cancelled') {
      const at = context.cancelled?.step;
      return { tone: 'info', title: `${title} cancelled`, text: `Stopped at “${(at && catalogue[at]?.title) ?? 'the start'}”${context.cancelled?.note ? ` — ${context.cancelled.note}` : ''}. What was done stays as it is; backups stay in the vault.` };
    }
    if (position.status === 'done') {
      const down = downtimeFacts(context).map((f) => `${f.label}: ${f.value}`).join('; ');
      return { tone: 'ok', title: `${title} complete`, text: `Appliance A runs site ${context.updated.A?.siteVersionAfter ?? '?'} and appliance B site ${context.updated.B?.siteVersionAfter ?? '?'}; the pair is re-established and synced at ${context.firstSync?.syncedAt ?? '?'}. ${down}.` };
    }
    return undefined;
  };
}

export function failoverView(options: { title: string; kind: 'sync' | 'async'; stepIds: readonly string[]; catalogue: Record<string, FailoverEntry>; backups: readonly string[]; manual?: readonly PairRole[] }) {
  const manual = options.manual ?? [];
  const byHand = manualViewParts(manual);
  const spec: ProcedureViewSpec<string, FailoverContext> = {
    stepIds: options.stepIds,
    catalogue: options.catalogue,
    offeredEvents: failoverOfferedEvents(options.kind, options.backups, manual),
    ...(manual.length > 0 ? { stateActions: byHand.stateActions } : {}),
    adjustActions: adjustActions(manual),
    failedSubstates: FAILED,
    blockedSubstates: BLOCKED,
    supportEnds: { 'a-support': 'a-install', 'b-support': 'b-install', ...byHand.supportEnds },
    cancelledAt: (context) => context.cancelled?.step,
    errorOf: (context) => context.error,
    isSkipped: (step, context) => byHand.isSkipped(step, context) || isAftercareRestoreSkipped(step, context),
    details: failoverStepDetails,
    banner: bannerFor(options.title, options.catalogue),
  };
  return (snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart => buildProcedureView(spec, snapshot, input);
}
