import { useEffect } from 'react';
import { call } from '../api';
import type { RequestOutput } from '../../../shared/contract';
import { useRemote, type Remote } from './use-remote';

export type ReportState = RequestOutput<'reports.get'>;

/** How often the tab asks again while main is still printing the PDF. */
const PENDING_POLL_MS = 1000;

/**
 * A settled procedure's report. Main prints the PDF by itself once the procedure settles; until
 * it is in the vault (or the print failed) the tab asks again every second.
 */
export function useReport(procedureId: string): Remote<ReportState> {
  const remote = useRemote(() => call('reports.get', { id: procedureId }), [procedureId]);
  const { data, reload } = remote;
  const pending = data !== undefined && data.pdf === null && data.printError === null;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void reload(), PENDING_POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, data, reload]);
  return remote;
}
