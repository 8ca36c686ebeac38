/**
 * The phases every upgrade ends with: client aftercare (P6) and the report, which releases the
 * vault holds once every planned install is verified (R7). State-config builders.
 */
import { and } from 'xstate';
import { parseJumpClientLimit, parsePositiveNumber } from '../../../rules/jump-client-limit';
import type { ApplianceRole, ReleaseHoldsInput } from '../../actors';
import type { JournalParams } from '../../definition';
import { actorInput, failWith, retryTo } from '../../machine-helpers';
import type { ContextArgs, DoneArgs, OperatorEventArgs, UpgradeContext } from '../context';
import type { JumpClientReading, WatchJumpClientsOutput } from './actors';
import { AFTERCARE_CHECKS, MAX_MBPS, MAX_MIB, recordOf, type AftercareRecord } from './record';

type Args = ContextArgs & OperatorEventArgs;
const at = (machine: string, state: string) => `#${machine}.${state}`;
const part = <T>(fill: (args: ContextArgs & T) => Partial<AftercareRecord>) => ({ type: 'recordAftercarePart', params: fill }) as const;
const clearError = { type: 'clearError' } as const;
const say = <T>(step: string, event: string, who: 'operator' | 'assistant', detail: (args: ContextArgs & T) => string, outcome: JournalParams['outcome'] = 'ok') =>
  ({ type: 'journal', params: (args: ContextArgs & T): JournalParams => ({ step, event, outcome, who, detail: detail(args) }) }) as const;

/**
 * Client aftercare (P6) as one phase of four steps, placed after a site-version update: read the
 * Jump Clients page (limit and counts) → the operator states the bandwidth, the assistant proposes
 * a limit, the operator confirms one and it is saved and read back → the clients are watched until
 * all are back (or the operator ends the watch with a note) → the original limit is put back
 * (verified) or kept with a note → the consoles, installers and other clients are ticked off.
 * A failure to read or save is an error with Try again and a way on by hand, with a note.
 * `appliance` is the pair's primary where there are two. A snapshot saved at the old single
 * "aftercare" step resumes at `reading` without its reader running: Read again starts it.
 */
export function aftercarePhase(machine: string, next = 'report', options: { appliance?: ApplianceRole } = {}) {
  const input =
    <T extends object>(step: string, extra: (context: UpgradeContext) => T) =>
    ({ context }: ContextArgs) => ({ ...actorInput(context, step), ...(options.appliance ? { appliance: options.appliance } : {}), ...extra(context) });
  const byHand = {
    guard: 'hasNote',
    target: at(machine, 'aftercare-watch'),
    actions: [
      clearError,
      part<OperatorEventArgs>(({ event }) => ({ set: { byHand: true, note: event.note ?? '', at: event.at } })),
      say<OperatorEventArgs>('aftercare', 'BY_HAND', 'operator', ({ event }) => `Jump Client upgrade limit set by hand on the appliance: ${event.note ?? ''}`),
    ],
  } as const;
  /** After the watch: to the restore where the limit may have changed, else to the checklist. */
  const onward = <const T extends readonly unknown[]>(actions: T) =>
    [
      { guard: 'mayRestoreLimit', target: at(machine, 'aftercare-restore'), actions },
      { target: at(machine, 'aftercare-checklist'), actions },
    ] as const;
  /** The same when the operator ends the watch: only with a note. */
  const onwardOnNote = <const T extends readonly unknown[]>(actions: T) =>
    [
      { guard: and(['hasNote', 'mayRestoreLimit']), target: at(machine, 'aftercare-restore'), actions },
      { guard: 'hasNote', target: at(machine, 'aftercare-checklist'), actions },
    ] as const;
  const watched = [
    part<DoneArgs<WatchJumpClientsOutput>>(({ event }) => ({ watch: event.output })),
    say<DoneArgs<WatchJumpClientsOutput>>('aftercare-watch', 'JUMP_CLIENTS_ONLINE', 'assistant', ({ event }) => `${event.output.online} of ${event.output.total} Jump Clients back online.`),
  ] as const;
  const endedWatch = [
    part<Args>(({ context, event }) => ({ watch: { ...(recordOf(context).watch ?? { total: 0, online: 0, upgrading: 0, pending: 0, readAt: event.at, allOnline: false }), endedNote: event.note ?? '' } })),
    say<Args>('aftercare-watch', 'END_WATCH', 'operator', ({ context, event }) => {
      const w = recordOf(context).watch;
      return `Watch ended${w ? ` at ${w.online} of ${w.total} online, ${w.upgrading} upgrading, ${w.pending} pending` : ''}: ${event.note ?? ''}`;
    }),
  ] as const;
  const keep = {
    guard: 'hasNote',
    target: at(machine, 'aftercare-checklist'),
    actions: [
      clearError,
      part<OperatorEventArgs>(({ event }) => ({ restore: { keptNote: event.note ?? '', at: event.at } })),
      say<Args>('aftercare-restore', 'KEEP_LIMIT', 'operator', ({ event }) => `Limit kept as it is: ${event.note ?? ''}`),
    ],
  } as const;
  return {
    aftercare: {
      initial: 'reading',
      states: {
        reading: {
          invoke: {
            id: 'readJumpClients',
            src: 'readJumpClients',
            input: input('aftercare', () => ({})),
            onDone: {
              target: 'choose',
              actions: [
                part<DoneArgs<JumpClientReading>>(({ event }) => ({ reading: event.output })),
                say<DoneArgs<JumpClientReading>>('aftercare', 'JUMP_CLIENTS_READ', 'assistant', ({ event: { output: o } }) => `Limit ${o.limit}; ${o.online} of ${o.total} Jump Clients online, ${o.upgrading} upgrading, ${o.pending} pending.`),
              ],
            },
            onError: failWith('failed', 'aftercare', 'READ_FAILED'),
          },
          on: { RECHECK: { target: 'reading', reenter: true } },
        },
        choose: {
          on: {
            PROPOSE: {
              guard: 'bandwidthGiven',
              actions: [part<OperatorEventArgs>(({ event }) => ({ bandwidthMbps: parsePositiveNumber(event.value, MAX_MBPS) ?? 0 })), say<Args>('aftercare', 'PROPOSE', 'operator', ({ event }) => `Bandwidth for client upgrades: ${event.value ?? ''} Mbit/s.`)],
            },
            ASSUME_SIZE: {
              guard: 'downloadSizeGiven',
              actions: [part<OperatorEventArgs>(({ event }) => ({ downloadMiB: parsePositiveNumber(event.value, MAX_MIB) ?? 0 })), say<Args>('aftercare', 'ASSUME_SIZE', 'operator', ({ event }) => `One Jump Client upgrade downloads about ${event.value ?? ''} MiB.`)],
            },
            SET_LIMIT: {
              guard: 'limitGiven',
              target: 'confirm',
              actions: part<OperatorEventArgs>(({ event }) => ({ chosenLimit: parseJumpClientLimit(event.value) ?? 1 })),
            },
            BY_HAND: byHand,
          },
        },
        confirm: {
          on: {
            CONFIRM: { target: 'setting', actions: say<Args>('aftercare', 'CONFIRM', 'operator', ({ context }) => `Limit ${recordOf(context).chosenLimit} confirmed; the assistant saves it.`) },
            BACK: 'choose',
          },
        },
        setting: {
          invoke: {
            id: 'setJumpClientLimit',
            src: 'setJumpClientLimit',
            input: input('aftercare', (context) => ({ limit: recordOf(context).chosenLimit ?? 1 })),
            onDone: {
              target: at(machine, 'aftercare-watch'),
              actions: [
                part<DoneArgs<JumpClientReading>>(({ event }) => ({ set: { limit: event.output.limit, at: event.output.readAt } })),
                say<DoneArgs<JumpClientReading>>('aftercare', 'LIMIT_SET', 'assistant', ({ context, event }) => `Saved ${event.output.limit} (was ${recordOf(context).reading?.limit ?? 'unknown'}); the page shows ${event.output.limit}.`),
              ],
            },
            onError: failWith('save-failed', 'aftercare', 'SET_FAILED'),
          },
        },
        failed: { on: { RETRY: retryTo('reading', 'aftercare'), BY_HAND: byHand } },
        'save-failed': { on: { RETRY: retryTo('setting', 'aftercare'), BACK: { target: 'choose', actions: clearError }, BY_HAND: byHand } },
      },
    },
    'aftercare-watch': {
      initial: 'watching',
      states: {
        watching: {
          invoke: { id: 'watchJumpClients', src: 'watchJumpClients', input: input('aftercare-watch', () => ({})), onDone: onward(watched), onError: failWith('failed', 'aftercare-watch', 'WATCH_FAILED') },
          on: { END_WATCH: onwardOnNote(endedWatch) },
        },
        failed: { on: { RETRY: retryTo('watching', 'aftercare-watch'), END_WATCH: onwardOnNote([clearError, ...endedWatch] as const) } },
      },
    },
    'aftercare-restore': {
      initial: 'offer',
      states: {
        offer: { on: { RESTORE: { guard: 'mayRestoreLimit', target: 'restoring' }, KEEP_LIMIT: keep } },
        restoring: {
          invoke: {
            id: 'setJumpClientLimit',
            src: 'setJumpClientLimit',
            input: input('aftercare-restore', (context) => ({ limit: recordOf(context).reading?.limit ?? 1 })),
            onDone: {
              target: at(machine, 'aftercare-checklist'),
              actions: [
                part<DoneArgs<JumpClientReading>>(({ event }) => ({ restore: { limit: event.output.limit, at: event.output.readAt } })),
                say<DoneArgs<JumpClientReading>>('aftercare-restore', 'LIMIT_RESTORED', 'assistant', ({ event }) => `Original limit ${event.output.limit} put back; the page shows ${event.output.limit}.`),
              ],
            },
            onError: failWith('failed', 'aftercare-restore', 'RESTORE_FAILED'),
          },
        },
        failed: { on: { RETRY: retryTo('restoring', 'aftercare-restore'), KEEP_LIMIT: keep } },
      },
    },
    'aftercare-checklist': {
      on: {
        TICKED: {
          guard: 'aftercareTicked',
          target: at(machine, next),
          actions: [
            part<OperatorEventArgs>(({ event }) => ({ ticked: { items: AFTERCARE_CHECKS.map((item) => item.id), at: event.at } })),
            { type: 'recordAftercare', params: ({ event }: OperatorEventArgs) => ({ at: event.at }) },
            ...AFTERCARE_CHECKS.map((item) => say<Args>('aftercare-checklist', 'TICKED', 'operator', () => item.label)),
          ],
        },
      },
    },
  } as const;
}

/** Releases the vault holds (R7: reached only once every planned install is verified), then ends. */
export function reportStep(machine: string) {
  return {
    initial: 'releasing',
    states: {
      releasing: {
        invoke: {
          id: 'releaseHolds',
          src: 'releaseHolds',
          input: ({ context }: ContextArgs): ReleaseHoldsInput => actorInput(context, 'report'),
          onDone: {
            target: `#${machine}.done`,
            actions: {
              type: 'journal',
              params: { step: 'report', event: 'COMPLETED', outcome: 'ok', who: 'assistant', detail: 'Vault holds released; procedure complete.' } satisfies JournalParams,
            },
          },
          onError: failWith('failed', 'report', 'RELEASE_FAILED'),
        },
      },
      failed: {
        on: { RETRY: retryTo('releasing', 'report') },
      },
    },
  } as const;
}
