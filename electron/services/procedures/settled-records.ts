/**
 * What the customer report reads of a procedure through the host, and the host's notice that a
 * procedure settled (done, cancelled or at its support end) once that snapshot is on disk.
 */
import type { JournalEntry } from '../../../shared/domain';
import type { ProcedureDefinition } from '../../../shared/procedures/definition';
import type { ProcedureView } from '../../../shared/procedures/view';
import type { DowntimeMeasure } from '../../../shared/site-watch';
import type { SiteWatch } from '../site-watch/site-watch';
import { appendJournal, flushRecord, type Meta, type Running } from './procedure-record';

export interface ReportSource {
  meta: Meta;
  definition: ProcedureDefinition;
  view: ProcedureView;
  /** The persisted snapshot's context (JSON); undefined before the first snapshot reached disk. */
  context: unknown;
}

export interface SettledAccess {
  reportSource(id: string): ReportSource;
  /** Appends a line to the procedure's journal (a settled one too); resolves once it is on disk. */
  note(id: string, entry: JournalEntry): Promise<void>;
  /** The journal's exact bytes (after pending appends), for the line the report vouches for. */
  journalBytes(id: string): Promise<Uint8Array>;
  /** The site watch's downtime over the span, or null when it never watched this procedure. */
  measureDowntime(id: string, from: string, to: string): Promise<DowntimeMeasure | null>;
}

export function settledAccess(deps: { find(id: string): Running; viewOf(record: Running): ProcedureView; siteWatch: SiteWatch }): SettledAccess {
  return {
    reportSource(id) {
      const record = deps.find(id);
      return { meta: record.meta, definition: record.definition, view: deps.viewOf(record), context: record.persisted?.context };
    },
    async note(id, entry) {
      const record = deps.find(id);
      appendJournal(record, entry);
      await flushRecord(record);
    },
    async journalBytes(id) {
      return (await deps.find(id).journal.readRaw()).bytes;
    },
    async measureDowntime(id, from, to) {
      deps.find(id);
      await deps.siteWatch.load(id);
      if (!deps.siteWatch.view(id)?.startedAt) return null;
      return deps.siteWatch.measure(id, from, to);
    },
  };
}

/**
 * Calls `onSettled` once per procedure that reached a final state in this run, after that
 * snapshot and every line queued before it are on disk. A failing listener stops nothing.
 */
export function settledNotifier(onSettled: ((procedureId: string) => unknown) | undefined): (record: Running) => void {
  const told = new Set<string>();
  return (record) => {
    if (!onSettled || record.persisted === undefined || record.persisted.status === 'active' || told.has(record.meta.id)) return;
    told.add(record.meta.id);
    void record.queue.then(() => onSettled(record.meta.id)).catch(() => undefined);
  };
}
