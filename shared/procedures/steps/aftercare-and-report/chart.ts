/**
 * The phase every upgrade ends with: the operator looks after the clients (P6) and the assistant
 * releases the vault holds once every planned install is verified (R7). State-config builders.
 */
import type { ReleaseHoldsInput } from '../../actors';
import type { JournalParams } from '../../definition';
import { actorInput, failWith, retryTo } from '../../machine-helpers';
import type { ContextArgs, OperatorEventArgs } from '../context';

export function aftercareStep(machine: string, next = 'report') {
  return {
    on: {
      CONFIRM: {
        target: `#${machine}.${next}`,
        actions: [
          { type: 'recordAftercare', params: ({ event }: OperatorEventArgs) => ({ at: event.at }) },
          {
            type: 'journal',
            params: {
              step: 'aftercare',
              event: 'CONFIRM',
              outcome: 'ok',
              who: 'operator',
              detail: 'Consoles, Jump Clients, Jumpoints, Integration Clients and installers looked after.',
            } satisfies JournalParams,
          },
        ],
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
