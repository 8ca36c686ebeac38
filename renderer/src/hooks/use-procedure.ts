import { useEffect } from 'react';
import { call, subscribe } from '../api';
import type { ProcedureView } from '../../../shared/procedures/view';
import { useRemote, type Remote } from './use-remote';

/** One procedure's view; main pushes each new view after it has persisted the snapshot. */
export function useProcedure(id: string): Remote<ProcedureView> {
  const remote = useRemote(() => call('procedures.get', { id }), [id]);
  const { set } = remote;
  useEffect(
    () =>
      subscribe('procedures.updated', (view) => {
        if (view.id === id) set(view);
      }),
    [id, set],
  );
  return remote;
}
