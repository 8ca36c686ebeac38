import { useEffect } from 'react';
import { call, subscribe } from '../api';
import type { JournalEntry } from '../../../shared/domain';
import { useRemote, type Remote } from './use-remote';

/** A procedure's journal (and whose it is); every view update may have appended entries, so it is re-read then. */
export function useJournal(procedureId: string): Remote<JournalEntry[]> & { procedureId: string } {
  const remote = useRemote(() => call('procedures.journal', { id: procedureId }), [procedureId]);
  const { reload } = remote;
  useEffect(
    () =>
      subscribe('procedures.updated', (view) => {
        if (view.id === procedureId) void reload();
      }),
    [procedureId, reload],
  );
  return { ...remote, procedureId };
}
