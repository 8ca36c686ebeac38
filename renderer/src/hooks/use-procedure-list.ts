import { useEffect } from 'react';
import { call, subscribe } from '../api';
import type { ProcedureSummary } from '../../../shared/procedures/view';
import { useRemote, type Remote } from './use-remote';

/** Every procedure, re-read whenever any of them changes. */
export function useProcedureList(): Remote<ProcedureSummary[]> {
  const remote = useRemote(() => call('procedures.list', {}), []);
  const { reload } = remote;
  useEffect(() => subscribe('procedures.updated', () => void reload()), [reload]);
  return remote;
}
