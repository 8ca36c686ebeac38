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
import type {
  AwaitJumpClientsOutput,
  AwaitSyncOutput,
  BreakFailoverOutput,
  EstablishFailoverOutput,
  MeasureDowntimeOutput,
  PairRole,
  ReadPairOutput,
  SwitchMethod,
  SyncNowOutput,
} from './actors';
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

/** What the journal says of a cancel once the pair may already be broken. */
export const FAILOVER_CANCEL_DETAIL = 'Cancelled by the operator; what was done so far stays as it is.';

/** Reads both appliances, then offers the decision: P3 confirms synchronous, P4 chooses its switch method. */
export function decisionStep(machine: string, next: string, kind: 'sync' | 'async') {
  const step = 'decision';
  const choose = (method: SwitchMethod | null, event: string) => ({
    target: to(machine, next),
    actions: [
      { type: 'recordDecision', params: ({ event: e }: EventArgs) => ({ kind, method, at: e.at }) },
      op(step, event, kind === 'sync' ? 'Synchronous upgrade: A stays primary, the site is down while each appliance installs.' : `Asynchronous upgrade; B becomes primary by ${method}.`),
    ],
  }) as const;
  return {
    initial: 'reading',
    states: {
      reading: {
        invoke: {
          id: 'readPair',
          src: 'readPair',
          input: input(step),
          onDone: {
            target: 'choose',
            actions: [
              { type: 'recordPair', params: ({ event }: DoneOf<ReadPairOutput>) => event.output },
              done<ReadPairOutput>(step, 'PAIR_READ', (pair) => `A: ${pair.A.hostname} ${pair.A.failoverRole}, site ${pair.A.siteVersion}; B: ${pair.B.hostname} ${pair.B.failoverRole}, site ${pair.B.siteVersion}.`),
            ],
          },
          onError: failWith('failed', step, 'READ_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, step) },
      },
      choose: {
        on:
          kind === 'sync'
            ? { CONFIRM: choose(null, 'CONFIRM'), RECHECK: 'reading', CANCEL: cancelFrom(machine, step) }
            : {
                METHOD_SHARED_IP: { guard: 'sharedIpConfigured' as const, ...choose('shared-ip', 'METHOD_SHARED_IP') },
                METHOD_DNS: choose('dns', 'METHOD_DNS'),
                METHOD_NAT: choose('nat', 'METHOD_NAT'),
                RECHECK: 'reading',
                CANCEL: cancelFrom(machine, step),
              },
      },
      failed: { on: { RETRY: retryTo('reading', step), CANCEL: cancelFrom(machine, step) } },
    },
  } as const;
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
  return {
    initial: 'ask',
    states: {
      ask: {
        on: {
          WINDOW_ENDED: {
            target: 'measuring',
            actions: [{ type: 'recordWindowEnded', params: ({ event }: EventArgs) => ({ id, at: event.at }) }, op(step, 'WINDOW_ENDED', ({ event }) => `Maintenance window ${id === 'window1' ? 1 : 2} ended at ${event.at}.`)],
          },
        },
      },
      measuring: {
        invoke: {
          id: 'measureDowntime',
          src: 'measureDowntime',
          input: ({ context }: Args) => ({ ...actorInput(context, step), from: context.windows?.[id].startedAt ?? '', to: context.windows?.[id].endedAt ?? '' }),
          onDone: {
            target: to(machine, next),
            actions: [
              { type: 'recordDowntime', params: ({ event }: DoneOf<MeasureDowntimeOutput>) => ({ id, result: event.output }) },
              done<MeasureDowntimeOutput>(step, 'DOWNTIME_MEASURED', (result) => `Site down ${result.downSeconds} s from ${result.from} to ${result.to}; not watched ${result.unwatchedSeconds} s.`, 'info'),
            ],
          },
          onError: failWith('failed', step, 'MEASURE_FAILED'),
        },
      },
      failed: { on: { RETRY: retryTo('measuring', step) } },
    },
  } as const;
}

/** R8: Sync Now on A, then wait for a sync newer than the request that ended in success. */
export function syncStep(machine: string, next: string) {
  const step = 'sync';
  return {
    initial: 'requesting',
    states: {
      requesting: {
        invoke: {
          id: 'syncNow',
          src: 'syncNow',
          input: input(step, { appliance: 'A' as const }),
          onDone: { target: 'waiting', actions: [{ type: 'recordSyncRequest', params: ({ event }: DoneOf<SyncNowOutput>) => event.output }, done<SyncNowOutput>(step, 'SYNC_REQUESTED', (out) => `Sync Now on A at ${out.requestedAt}.`)] },
          onError: failWith('failed', step, 'SYNC_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, step) },
      },
      waiting: {
        invoke: {
          id: 'awaitSync',
          src: 'awaitSync',
          input: ({ context }: Args) => ({ ...actorInput(context, step), appliance: 'A' as const, after: context.syncRequest?.requestedAt ?? '', timeoutSeconds: SYNC_TIMEOUT_SECONDS }),
          onDone: { target: to(machine, next), actions: [{ type: 'recordSync', params: ({ event }: DoneOf<AwaitSyncOutput>) => event.output }, done<AwaitSyncOutput>(step, 'SYNCED', (out) => `Sync finished at ${out.syncedAt} (${out.seconds} s), success.`)] },
          onError: failWith('failed', step, 'SYNC_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, step) },
      },
      failed: { on: { RETRY: retryTo('requesting', step), CANCEL: cancelFrom(machine, step) } },
    },
  } as const;
}

/** Break Failover Relationships, only after the sync finished; verified by both roles reading none. */
export function breakStep(machine: string, next: string) {
  const step = 'break';
  return {
    initial: 'gate',
    states: {
      gate: { always: [{ guard: 'syncFinished', target: 'breaking' }, { target: 'not-synced' }] },
      'not-synced': { on: { RETRY: { target: to(machine, 'sync'), actions: [{ type: 'clearError' }] } } },
      breaking: {
        invoke: {
          id: 'breakFailover',
          src: 'breakFailover',
          input: input(step, { appliance: 'A' as const }),
          onDone: [
            {
              guard: { type: 'bothNone', params: ({ event }: DoneOf<BreakFailoverOutput>) => ({ result: event.output }) },
              target: to(machine, next),
              actions: [{ type: 'recordBreak', params: ({ event }: DoneOf<BreakFailoverOutput>) => event.output }, done<BreakFailoverOutput>(step, 'BROKEN', (out) => `Relationship broken at ${out.brokenAt}${out.alreadyBroken ? ' (found broken already)' : ''}; A and B both read none.`)],
            },
            { target: 'failed', actions: [{ type: 'recordError', params: ruleError(step, 'The appliances still report a failover role after the break.', 'Open Management > Failover on both appliances, then try again.') }] },
          ],
          onError: failWith('failed', step, 'BREAK_FAILED'),
        },
      },
      failed: { on: { RETRY: retryTo('breaking', step) } },
    },
  } as const;
}

/** After its unit: the appliance reports the version just installed; its outcome is archived for the report. */
export function verifyStep(machine: string, appliance: PairRole, next: string) {
  const step = `verify-${appliance.toLowerCase()}`;
  const params = ({ event }: DoneOf<ReadPairOutput>) => ({ pair: event.output, appliance });
  return {
    initial: 'reading',
    states: {
      reading: {
        invoke: {
          id: 'readPair',
          src: 'readPair',
          input: input(step),
          onDone: [
            {
              guard: { type: 'runsUpdate', params },
              target: to(machine, next),
              actions: [
                done<ReadPairOutput>(step, 'VERSION_VERIFIED', (pair) => `Appliance ${appliance} reports site ${pair[appliance].siteVersion}, Base ${pair[appliance].baseVersion}.`),
                { type: 'archiveUnit', params },
              ],
            },
            {
              target: 'mismatch',
              actions: [
                { type: 'recordPair', params: ({ event }: DoneOf<ReadPairOutput>) => event.output },
                done<ReadPairOutput>(step, 'VERSION_MISMATCH', (pair, { context }) => `Appliance ${appliance} reports site ${pair[appliance].siteVersion}; expected ${expectedSiteVersion(context) ?? 'unknown'}.`, 'blocked'),
              ],
            },
          ],
          onError: failWith('failed', step, 'READ_FAILED'),
        },
      },
      mismatch: { on: { RECHECK: 'reading' } },
      failed: { on: { RETRY: retryTo('reading', step) } },
    },
  } as const;
}

/** The Jump Clients of the appliance serving them come back online; after the timeout the operator may go on with a note. */
export function jumpClientsStep(machine: string, appliance: PairRole, next: string) {
  const step = 'jump-clients';
  return {
    initial: 'waiting',
    states: {
      waiting: {
        invoke: {
          id: 'awaitJumpClients',
          src: 'awaitJumpClients',
          input: input(step, { appliance, timeoutSeconds: JUMP_CLIENTS_TIMEOUT_SECONDS } as const),
          onDone: [
            {
              guard: { type: 'allOnline', params: ({ event }: DoneOf<AwaitJumpClientsOutput>) => ({ result: event.output }) },
              target: to(machine, next),
              actions: [{ type: 'recordJumpClients', params: ({ event }: DoneOf<AwaitJumpClientsOutput>) => event.output }, done<AwaitJumpClientsOutput>(step, 'JUMP_CLIENTS_ONLINE', (out) => `${out.online} of ${out.total} Jump Clients online.`)],
            },
            {
              target: 'timed-out',
              actions: [{ type: 'recordJumpClients', params: ({ event }: DoneOf<AwaitJumpClientsOutput>) => event.output }, done<AwaitJumpClientsOutput>(step, 'JUMP_CLIENTS_LATE', (out) => `${out.online} of ${out.total} Jump Clients online, ${out.pending} pending, ${out.upgrading} upgrading.`, 'blocked')],
            },
          ],
          onError: failWith('failed', step, 'JUMP_CLIENTS_FAILED'),
        },
      },
      'timed-out': {
        on: {
          RECHECK: 'waiting',
          CONTINUE: {
            guard: 'hasNote',
            target: to(machine, next),
            actions: [{ type: 'recordJumpClientsNote', params: ({ event }: EventArgs) => ({ note: event.note ?? '' }) }, op(step, 'CONTINUE', ({ event }) => `Went on before every Jump Client was online: ${event.note ?? ''}`)],
          },
        },
      },
      failed: { on: { RETRY: retryTo('waiting', step) } },
    },
  } as const;
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
export function establishStep(machine: string, primary: PairRole, next: string) {
  const step = 'establish';
  return {
    initial: 'establishing',
    states: {
      establishing: {
        invoke: {
          id: 'establishFailover',
          src: 'establishFailover',
          input: input(step, { primary } as const),
          onDone: [
            {
              guard: { type: 'ownAddresses', params: ({ event }: DoneOf<EstablishFailoverOutput>) => ({ result: event.output }) },
              target: to(machine, next),
              actions: [
                { type: 'recordEstablished', params: ({ event }: DoneOf<EstablishFailoverOutput>) => event.output },
                done<EstablishFailoverOutput>(step, 'ESTABLISHED', (out) => `Relationship established at ${out.establishedAt} with ${primary} primary; backup host ${out.fields.backupHost}:${out.fields.backupPort}, primary host ${out.fields.primaryHost}:${out.fields.primaryPort}.`),
              ],
            },
            {
              target: 'wrong-fields',
              actions: [
                { type: 'recordError', params: ruleError(step, 'The relationship names an address that is not one of the pair’s own.', 'Break the relationship on Management > Failover, check both appliances’ IP Configuration, then try again.') },
                done<EstablishFailoverOutput>(step, 'FIELDS_REFUSED', (out) => `Host fields ${out.fields.backupHost}, ${out.fields.primaryHost} are not the pair’s own addresses.`, 'failed'),
              ],
            },
          ],
          onError: [
            { guard: { type: 'isKeysDiffer', params: ({ event }: FailArgs) => ({ error: event.error }) }, ...failWith('keys-differ', step, 'KEYS_DIFFER') },
            failWith('failed', step, 'ESTABLISH_FAILED'),
          ],
        },
      },
      'keys-differ': { on: { RETRY: retryTo('establishing', step) } },
      'wrong-fields': { on: { RETRY: retryTo('establishing', step) } },
      failed: { on: { RETRY: retryTo('establishing', step) } },
    },
  } as const;
}

/** The first sync after re-establishing, awaited (or asked for with Sync Now) and its time recorded. */
export function firstSyncStep(machine: string, primary: PairRole, next: string) {
  const step = 'first-sync';
  return {
    initial: 'waiting',
    states: {
      waiting: {
        invoke: {
          id: 'awaitSync',
          src: 'awaitSync',
          input: ({ context }: Args) => ({ ...actorInput(context, step), appliance: primary, after: context.firstSyncAfter ?? '', timeoutSeconds: SYNC_TIMEOUT_SECONDS }),
          onDone: { target: to(machine, next), actions: [{ type: 'recordFirstSync', params: ({ event }: DoneOf<AwaitSyncOutput>) => event.output }, done<AwaitSyncOutput>(step, 'FIRST_SYNC', (out) => `First sync finished at ${out.syncedAt}.`)] },
          onError: failWith('failed', step, 'SYNC_FAILED'),
        },
      },
      requesting: {
        invoke: {
          id: 'syncNow',
          src: 'syncNow',
          input: input(step, { appliance: primary }),
          onDone: { target: 'waiting', actions: [{ type: 'recordFirstSyncRequest', params: ({ event }: DoneOf<SyncNowOutput>) => event.output }, done<SyncNowOutput>(step, 'SYNC_REQUESTED', (out) => `Sync Now on ${primary} at ${out.requestedAt}.`)] },
          onError: failWith('failed', step, 'SYNC_FAILED'),
        },
      },
      failed: { on: { RETRY: retryTo('waiting', step), SYNC_NOW: retryTo('requesting', step) } },
    },
  } as const;
}
