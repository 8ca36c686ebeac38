/** CANCEL before the install starts, as every phase before the install offers it. */
import type { JournalParams } from '../definition';
import type { CancelRecord } from '../machine-helpers';
import type { OperatorEventArgs } from './context';

/** Recorded with the step and the operator's (optional) note, then the procedure ends cancelled. */
export function cancelFrom(machine: string, step: string) {
  return {
    target: `#${machine}.cancelled`,
    actions: [
      {
        type: 'recordCancel',
        params: ({ event }: OperatorEventArgs): CancelRecord => ({ at: event.at, step, ...(event.note ? { note: event.note } : {}) }),
      },
      {
        type: 'journal',
        params: ({ event }: OperatorEventArgs): JournalParams => ({
          step,
          event: 'CANCEL',
          outcome: 'info',
          who: 'operator',
          detail: event.note ?? 'Cancelled before anything was installed.',
        }),
      },
    ],
  } as const;
}
