/**
 * The failover phases both P3 and P4 place, as state-config builders over FailoverContext: read the
 * pair and decide, plan the two windows (R9), open and close a window (its downtime measured from
 * the site watch), Sync Now and wait (R8), break, verify an appliance after its unit, wait for the
 * Jump Clients, confirm the first version in production, re-establish (R10) and await the first
 * sync. Targets are absolute (`#machine.step`). Every invoked actor reads before it changes
 * anything, so a restored snapshot may run it again with the same input.
 */
import type { JournalParams } from '../../definition';
import { actorInput, failWith, retryTo, ruleError } from '../../machine-helpers';
import { cancelFrom } from '../cancel';
import type * as F from './actors';
import {
  JUMP_CLIENTS_TIMEOUT_SECONDS,
  SYNC_TIMEOUT_SECONDS,
  expectedSiteVersion,
  journalOf,
  to,
  type Args,
  type DoneOf,
  type EventArgs,
  type WindowId,
} from './context';

type FailArgs = { event: { error: unknown } };
const op = (step: string, event: string, detail?: string | ((args: Args & EventArgs) => string)) =>
  journalOf<Args & EventArgs>({ step, event, outcome: 'ok', who: 'operator' }, detail);
const done = <T>(step: string, event: string, detail: (output: T, args: Args) => string, outcome: JournalParams['outcome'] = 'ok') =>
  journalOf<Args & DoneOf<T>>({ step, event, outcome, who: 'assistant' }, (args) => detail(args.event.output, args));
const input =
  <T extends object>(step: string, extra?: T) =>
  ({ context }: Args) => ({ ...actorInput(context, step), ...(extra as T) });

/** Invokes the actor `src` (its id is its name); an error goes to `failed` unless `onError` says otherwise. */
function run<const TSrc extends string, TInput, const TDone, const TError>(src: TSrc, input: TInput, onDone: TDone, onError: TError) {
  return { id: src, src, input, onDone, onError } as const;
}

/** A step whose states end in `failed`: RETRY there clears the error and goes back to `from` (the initial state unless named); `failedOn` adds events. */
function retrying<const TStates extends object, const TOn extends object = object>(step: string, initial: keyof TStates & string, states: TStates, options: { from?: keyof TStates & string; failedOn?: TOn } = {}) {
  return { initial, states: { ...states, failed: { on: { RETRY: retryTo(options.from ?? initial, step), ...(options.failedOn as TOn) } } } } as const;
}

/** What the journal says of a cancel once the pair may already be broken. */
export const FAILOVER_CANCEL_DETAIL = 'Cancelled by the operator; what was done so far stays as it is.';

/**
 * Reads both appliances, then offers the decision: P3 confirms synchronous, P4 chooses its switch
 * method. `choices` are further events of the choice that stay in it (how an appliance is updated).
 */
export function decisionStep<const TChoices extends object = object>(machine: string, next: string, kind: 'sync' | 'async', choices?: TChoices) {
  const step = 'decision';
  const choose = (method: F.SwitchMethod | null, event: string) => ({
    target: to(machine, next),
    actions: [
      { type: 'recordDecision', params: ({ event: e }: EventArgs) => ({ kind, method, at: e.at }) },
      op(step, event, kind === 'sync' ? 'Synchronous upgrade: A stays primary, the site is down while each appliance installs.' : `Asynchronous upgrade; B becomes primary by ${method}.`),
    ],
  }) as const;
  const onRead = {
    target: 'choose',
    actions: [
      { type: 'recordPair', params: ({ event }: DoneOf<F.ReadPairOutput>) => event.output },
      done<F.ReadPairOutput>(step, 'PAIR_READ', (pair) => `A: ${pair.A.hostname} ${pair.A.failoverRole}, site ${pair.A.siteVersion}; B: ${pair.B.hostname} ${pair.B.failoverRole}, site ${pair.B.siteVersion}.`),
    ],
  } as const;
  return retrying(
    step,
    'reading',
    {
      reading: { invoke: run('readPair', input(step), onRead, failWith('failed', step, 'READ_FAILED')), on: { CANCEL: cancelFrom(machine, step) } },
      choose: {
        on:
          kind === 'sync'
            ? { CONFIRM: choose(null, 'CONFIRM'), RECHECK: 'reading', CANCEL: cancelFrom(machine, step), ...(choices as TChoices) }
            : {
                ...(choices as TChoices),
                METHOD_SHARED_IP: { guard: 'sharedIpConfigured' as const, ...choose('shared-ip', 'METHOD_SHARED_IP') },
                METHOD_DNS: choose('dns', 'METHOD_DNS'),
                METHOD_NAT: choose('nat', 'METHOD_NAT'),
                RECHECK: 'reading',
                CANCEL: cancelFrom(machine, step),
              },
      },
    },
    { failedOn: { CANCEL: cancelFrom(machine, step) } },
  );
}

/** R9: the planned start and end of both windows, one ISO time a line. */
export function planWindowsStep(machine: string, next: string) {
  const step = 'plan-windows';
  const plan = {
    PLAN_WINDOWS: [
      {
        guard: 'windowsValid',
        target: to(machine, next),
        actions: [{ type: 'recordWindows', params: ({ event }: EventArgs) => ({ value: event.value ?? '' }) }, op(step, 'PLAN_WINDOWS', ({ event }) => `Windows planned: ${(event.value ?? '').split(/\r?\n/).filter(Boolean).join(', ')}.`)],
      },
      { guard: 'hasValue' as const, target: `#${machine}.${step}.invalid` },
    ],
    CANCEL: cancelFrom(machine, step),
  } as const;
  return { initial: 'ask', states: { ask: { on: plan }, invalid: { on: plan } } } as const;
}

/** The operator says the window began; window 2 opens only once the first version is confirmed in production. */
export function openWindowStep(machine: string, id: WindowId, next: string, options: { cancel: boolean }) {
  const step = id === 'window1' ? 'window-1' : 'window-2';
  return {
    on: {
      WINDOW_STARTED: {
        ...(id === 'window2' ? { guard: 'productionConfirmed' as const } : {}),
        target: to(machine, next),
        actions: [{ type: 'recordWindowOpened', params: ({ event }: EventArgs) => ({ id, at: event.at }) }, op(step, 'WINDOW_STARTED', ({ event }) => `Maintenance window ${id === 'window1' ? 1 : 2} started at ${event.at}.`)],
      },
      ...(options.cancel ? { CANCEL: cancelFrom(machine, step) } : {}),
    },
  } as const;
}

/** The operator says the window is over; the assistant measures the site's downtime over its actual span. */
export function closeWindowStep(machine: string, id: WindowId, next: string) {
  const step = id === 'window1' ? 'end-window-1' : 'end-window-2';
  const ended = {
    target: 'measuring',
    actions: [{ type: 'recordWindowEnded', params: ({ event }: EventArgs) => ({ id, at: event.at }) }, op(step, 'WINDOW_ENDED', ({ event }) => `Maintenance window ${id === 'window1' ? 1 : 2} ended at ${event.at}.`)],
  } as const;
  const measured = {
    target: to(machine, next),
    actions: [
      { type: 'recordDowntime', params: ({ event }: DoneOf<F.MeasureDowntimeOutput>) => ({ id, result: event.output }) },
      done<F.MeasureDowntimeOutput>(step, 'DOWNTIME_MEASURED', (result) => `Site down ${result.downSeconds} s from ${result.from} to ${result.to}; not watched ${result.unwatchedSeconds} s.`, 'info'),
    ],
  } as const;
  const span = ({ context }: Args) => ({ ...actorInput(context, step), from: context.windows?.[id].startedAt ?? '', to: context.windows?.[id].endedAt ?? '' });
  return retrying(
    step,
    'ask',
    {
      ask: { on: { WINDOW_ENDED: ended } },
      measuring: { invoke: run('measureDowntime', span, measured, failWith('failed', step, 'MEASURE_FAILED')) },
    },
    { from: 'measuring' },
  );
}

/** R8: Sync Now on A, then wait for a sync newer than the request that ended in success. */
export function syncStep(machine: string, next: string) {
  const step = 'sync';
  const fail = failWith('failed', step, 'SYNC_FAILED');
  const cancel = { CANCEL: cancelFrom(machine, step) };
  const after = ({ context }: Args) => ({ ...actorInput(context, step), appliance: 'A' as const, after: context.syncRequest?.requestedAt ?? '', timeoutSeconds: SYNC_TIMEOUT_SECONDS });
  const requested = { target: 'waiting', actions: [{ type: 'recordSyncRequest', params: ({ event }: DoneOf<F.SyncNowOutput>) => event.output }, done<F.SyncNowOutput>(step, 'SYNC_REQUESTED', (out) => `Sync Now on A at ${out.requestedAt}.`)] } as const;
  const synced = { target: to(machine, next), actions: [{ type: 'recordSync', params: ({ event }: DoneOf<F.AwaitSyncOutput>) => event.output }, done<F.AwaitSyncOutput>(step, 'SYNCED', (out) => `Sync finished at ${out.syncedAt} (${out.seconds} s), success.`)] } as const;
  return retrying(
    step,
    'requesting',
    {
      requesting: { invoke: run('syncNow', input(step, { appliance: 'A' as const }), requested, fail), on: cancel },
      waiting: { invoke: run('awaitSync', after, synced, fail), on: cancel },
    },
    { failedOn: cancel },
  );
}

/** Break Failover Relationships, only after the sync finished; verified by both roles reading none. */
export function breakStep(machine: string, next: string) {
  const step = 'break';
  const broken = [
    {
      guard: { type: 'bothNone', params: ({ event }: DoneOf<F.BreakFailoverOutput>) => ({ result: event.output }) },
      target: to(machine, next),
      actions: [{ type: 'recordBreak', params: ({ event }: DoneOf<F.BreakFailoverOutput>) => event.output }, done<F.BreakFailoverOutput>(step, 'BROKEN', (out) => `Relationship broken at ${out.brokenAt}${out.alreadyBroken ? ' (found broken already)' : ''}; A and B both read none.`)],
    },
    { target: 'failed', actions: [{ type: 'recordError', params: ruleError(step, 'The appliances still report a failover role after the break.', 'Open Management > Failover on both appliances, then try again.') }] },
  ] as const;
  return retrying(
    step,
    'gate',
    {
      gate: { always: [{ guard: 'syncFinished', target: 'breaking' }, { target: 'not-synced' }] },
      'not-synced': { on: { RETRY: { target: to(machine, 'sync'), actions: [{ type: 'clearError' }] } } },
      breaking: { invoke: run('breakFailover', input(step, { appliance: 'A' as const }), broken, failWith('failed', step, 'BREAK_FAILED')) },
    },
    { from: 'breaking' },
  );
}

/** After its unit: the appliance reports the version just installed; its outcome is archived for the report. */
export function verifyStep(machine: string, appliance: F.PairRole, next: string) {
  const step = `verify-${appliance.toLowerCase()}`;
  const params = ({ event }: DoneOf<F.ReadPairOutput>) => ({ pair: event.output, appliance });
  const read = [
    {
      guard: { type: 'runsUpdate', params },
      target: to(machine, next),
      actions: [
        done<F.ReadPairOutput>(step, 'VERSION_VERIFIED', (pair) => `Appliance ${appliance} reports site ${pair[appliance].siteVersion}, Base ${pair[appliance].baseVersion}.`),
        { type: 'archiveUnit', params },
      ],
    },
    {
      target: 'mismatch',
      actions: [
        { type: 'recordPair', params: ({ event }: DoneOf<F.ReadPairOutput>) => event.output },
        done<F.ReadPairOutput>(step, 'VERSION_MISMATCH', (pair, { context }) => `Appliance ${appliance} reports site ${pair[appliance].siteVersion}; expected ${expectedSiteVersion(context) ?? 'unknown'}.`, 'blocked'),
      ],
    },
  ] as const;
  return retrying(step, 'reading', {
    reading: { invoke: run('readPair', input(step), read, failWith('failed', step, 'READ_FAILED')) },
    mismatch: { on: { RECHECK: 'reading' } },
  });
}

/** The Jump Clients of the appliance serving them come back online; after the timeout the operator may go on with a note. */
export function jumpClientsStep(machine: string, appliance: F.PairRole, next: string) {
  const step = 'jump-clients';
  const record = { type: 'recordJumpClients', params: ({ event }: DoneOf<F.AwaitJumpClientsOutput>) => event.output } as const;
  const counted = [
    {
      guard: { type: 'allOnline', params: ({ event }: DoneOf<F.AwaitJumpClientsOutput>) => ({ result: event.output }) },
      target: to(machine, next),
      actions: [record, done<F.AwaitJumpClientsOutput>(step, 'JUMP_CLIENTS_ONLINE', (out) => `${out.online} of ${out.total} Jump Clients online.`)],
    },
    {
      target: 'timed-out',
      actions: [record, done<F.AwaitJumpClientsOutput>(step, 'JUMP_CLIENTS_LATE', (out) => `${out.online} of ${out.total} Jump Clients online, ${out.pending} pending, ${out.upgrading} upgrading.`, 'blocked')],
    },
  ] as const;
  const goOn = {
    guard: 'hasNote',
    target: to(machine, next),
    actions: [{ type: 'recordJumpClientsNote', params: ({ event }: EventArgs) => ({ note: event.note ?? '' }) }, op(step, 'CONTINUE', ({ event }) => `Went on before every Jump Client was online: ${event.note ?? ''}`)],
  } as const;
  return retrying(step, 'waiting', {
    waiting: { invoke: run('awaitJumpClients', input(step, { appliance, timeoutSeconds: JUMP_CLIENTS_TIMEOUT_SECONDS } as const), counted, failWith('failed', step, 'JUMP_CLIENTS_FAILED')) },
    'timed-out': { on: { RECHECK: 'waiting', CONTINUE: goOn } },
  });
}

/** The operator confirms the first appliance's new version in production, with a note; window 2 waits for this. */
export function confirmProductionStep(machine: string, next: string) {
  const step = 'confirm-production';
  return {
    on: {
      CONFIRM_PRODUCTION: {
        guard: 'hasNote',
        target: to(machine, next),
        actions: [{ type: 'recordProduction', params: ({ event }: EventArgs) => ({ at: event.at, note: event.note ?? '' }) }, op(step, 'CONFIRM_PRODUCTION', ({ event }) => `New version confirmed in production: ${event.note ?? ''}`)],
      },
    },
  } as const;
}

/** R10 on the appliance meant to be primary; differing keys block with the page to fix them. */
export function establishStep(machine: string, primary: F.PairRole, next: string) {
  const step = 'establish';
  const established = [
    {
      guard: { type: 'ownAddresses', params: ({ event }: DoneOf<F.EstablishFailoverOutput>) => ({ result: event.output }) },
      target: to(machine, next),
      actions: [
        { type: 'recordEstablished', params: ({ event }: DoneOf<F.EstablishFailoverOutput>) => event.output },
        done<F.EstablishFailoverOutput>(step, 'ESTABLISHED', (out) => `Relationship established at ${out.establishedAt} with ${primary} primary; backup host ${out.fields.backupHost}:${out.fields.backupPort}, primary host ${out.fields.primaryHost}:${out.fields.primaryPort}.`),
      ],
    },
    {
      target: 'wrong-fields',
      actions: [
        { type: 'recordError', params: ruleError(step, 'The relationship names an address that is not one of the pair’s own.', 'Break the relationship on Management > Failover, check both appliances’ IP Configuration, then try again.') },
        done<F.EstablishFailoverOutput>(step, 'FIELDS_REFUSED', (out) => `Host fields ${out.fields.backupHost}, ${out.fields.primaryHost} are not the pair’s own addresses.`, 'failed'),
      ],
    },
  ] as const;
  const refused = [
    { guard: { type: 'isKeysDiffer', params: ({ event }: FailArgs) => ({ error: event.error }) }, ...failWith('keys-differ', step, 'KEYS_DIFFER') },
    failWith('failed', step, 'ESTABLISH_FAILED'),
  ] as const;
  const again = () => ({ on: { RETRY: retryTo('establishing', step) } });
  return retrying(step, 'establishing', {
    establishing: { invoke: run('establishFailover', input(step, { primary } as const), established, refused) },
    'keys-differ': again(),
    'wrong-fields': again(),
  });
}

/** The first sync after re-establishing, awaited (or asked for with Sync Now) and its time recorded. */
export function firstSyncStep(machine: string, primary: F.PairRole, next: string) {
  const step = 'first-sync';
  const fail = failWith('failed', step, 'SYNC_FAILED');
  const after = ({ context }: Args) => ({ ...actorInput(context, step), appliance: primary, after: context.firstSyncAfter ?? '', timeoutSeconds: SYNC_TIMEOUT_SECONDS });
  const synced = { target: to(machine, next), actions: [{ type: 'recordFirstSync', params: ({ event }: DoneOf<F.AwaitSyncOutput>) => event.output }, done<F.AwaitSyncOutput>(step, 'FIRST_SYNC', (out) => `First sync finished at ${out.syncedAt}.`)] } as const;
  const requested = { target: 'waiting', actions: [{ type: 'recordFirstSyncRequest', params: ({ event }: DoneOf<F.SyncNowOutput>) => event.output }, done<F.SyncNowOutput>(step, 'SYNC_REQUESTED', (out) => `Sync Now on ${primary} at ${out.requestedAt}.`)] } as const;
  return retrying(
    step,
    'waiting',
    {
      waiting: { invoke: run('awaitSync', after, synced, fail) },
      requesting: { invoke: run('syncNow', input(step, { appliance: primary }), requested, fail) },
    },
    { failedOn: { SYNC_NOW: retryTo('requesting', step) } },
  );
}
