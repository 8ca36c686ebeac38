import { useEffect, useRef } from 'react';
import { call, subscribe } from '../api';
import { summaryOfView, type ProcedureSummary, type ProcedureView } from '../../../shared/procedures/view';
import { useRemote, type Remote } from './use-remote';

/**
 * The list with one procedure's line replaced from its pushed view; undefined when the list
 * does not hold it yet (a procedure started elsewhere), so the caller reads the list again.
 */
export function withUpdatedSummary(list: readonly ProcedureSummary[], view: ProcedureView): ProcedureSummary[] | undefined {
  const index = list.findIndex((p) => p.id === view.id);
  if (index < 0) return undefined;
  const next = [...list];
  next[index] = summaryOfView(view, list[index]!.operator);
  return next;
}

/**
 * Every procedure, kept current by `procedures.updated`: a running procedure's change replaces
 * its own line, so a year of history is not sent again over the bridge on every step.
 */
export function useProcedureList(): Remote<ProcedureSummary[]> {
  const remote = useRemote(() => call('procedures.list', {}), []);
  const { reload, set, data } = remote;
  const latest = useRef(data);
  latest.current = data;
  useEffect(
    () =>
      subscribe('procedures.updated', (view) => {
        const next = latest.current ? withUpdatedSummary(latest.current, view) : undefined;
        if (next) {
          latest.current = next;
          set(next);
        } else void reload();
      }),
    [reload, set],
  );
  return remote;
}
