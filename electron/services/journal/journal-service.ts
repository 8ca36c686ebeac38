/**
 * "Verify journal" and "Export JSONL… / CSV…" for a procedure: the journal's exact bytes on
 * disk, checked with its head record by the shared verifier, and exported through "Save as…"
 * (JSONL: the bytes as they are, then a seal line; CSV: one row per entry, for reading).
 */
import { join } from 'node:path';
import { journalTail, sealLine, verifyJournal } from '../../../shared/journal-chain';
import type { JournalExport, JournalVerification } from '../../../shared/journal-proof';
import type { ProcedureView } from '../../../shared/procedures/view';
import type { SavedFiles } from '../files/saved-files';
import type { Clock } from '../ports';
import type { ProcedureHost } from '../procedures/host';
import { openJournal } from '../procedures/journal';
import { journalCsv } from './journal-csv';

export interface JournalServiceDeps {
  dataDir: string;
  procedures: Pick<ProcedureHost, 'get' | 'whenIdle'>;
  savedFiles: Pick<SavedFiles, 'saveAs'>;
  clock: Clock;
}

export interface SealedJournal {
  /** The journal's bytes as on disk, a newline if its last line was torn, then the seal line. */
  bytes: Buffer;
  lines: number;
  head: string;
}

export interface JournalService {
  verify(procedureId: string): Promise<JournalVerification>;
  /** Undefined: the operator cancelled "Save as…". */
  export(procedureId: string, format: JournalExport['format']): Promise<JournalExport | undefined>;
  /** The JSONL export's content (also what a support bundle carries). */
  sealed(procedureId: string): Promise<SealedJournal>;
}

/** `<site>-<kind>-<date>-<what>`: a name that says whose file it is, safe on every filesystem. */
export function takeAwayName(view: Pick<ProcedureView, 'siteName' | 'kind' | 'startedAt'>, what: string): string {
  const site = view.siteName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'site';
  return `${site.slice(0, 60)}-${view.kind}-${view.startedAt.slice(0, 10)}-${what}`;
}

export function createJournalService(deps: JournalServiceDeps): JournalService {
  async function raw(procedureId: string) {
    const view = deps.procedures.get(procedureId); // NOT_FOUND for an unknown procedure
    // Lines still queued for this procedure land first: the proof covers everything journaled so far.
    await deps.procedures.whenIdle();
    const journal = openJournal(join(deps.dataDir, 'procedures', procedureId, 'journal.jsonl'));
    return { view, ...(await journal.readRaw()) };
  }

  async function sealed(procedureId: string): Promise<SealedJournal> {
    const { bytes } = await raw(procedureId);
    const tail = journalTail(bytes);
    const seal = sealLine(tail, { procedureId, exportedAt: new Date(deps.clock.now()).toISOString() });
    return { bytes: Buffer.concat([bytes, Buffer.from(`${tail.endsWithNewline ? '' : '\n'}${seal}\n`, 'utf8')]), lines: tail.lines, head: tail.head };
  }

  return {
    sealed,
    async verify(procedureId) {
      const { bytes, head } = await raw(procedureId);
      return verifyJournal(bytes, head);
    },
    async export(procedureId, format) {
      const view = deps.procedures.get(procedureId);
      if (format === 'jsonl') {
        const journal = await sealed(procedureId);
        const saved = await deps.savedFiles.saveAs({ title: 'Export the journal (JSONL, with its proof)', suggestedName: takeAwayName(view, 'journal.jsonl'), extensions: ['jsonl'], content: journal.bytes });
        return saved && { ...saved, format, lines: journal.lines, head: journal.head };
      }
      const { bytes } = await raw(procedureId);
      const { csv, rows } = journalCsv(bytes);
      const saved = await deps.savedFiles.saveAs({ title: 'Export the journal (CSV, for reading)', suggestedName: takeAwayName(view, 'journal.csv'), extensions: ['csv'], content: csv });
      return saved && { ...saved, format, lines: rows, head: journalTail(bytes).head };
    },
  };
}
