/** CANCEL before the install starts, as every phase before the install offers it. */
import type { JournalParams } from '../definition';
import type { CancelRecord } from '../machine-helpers';
import type { OperatorEventArgs } from './context';

/**
 * Recorded with the step and the operator's (optional) note, then the procedure ends cancelled.
 * `detail` is what the journal says when the operator gave no note (a migration cancelled after
 * its new appliance was installed says so).
 */
export function cancelFrom(machine: string, step: string, detail = 'Cancelled before anything was installed.') {
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
          detail: event.note ?? detail,
        }),
      },
    ],
  } as const;
}
