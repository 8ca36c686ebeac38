import { useState } from 'react';
import type { AppErrorShape } from '../../../shared/errors';
import type { JournalExport, JournalVerification } from '../../../shared/journal-proof';
import { asAppError, call } from '../api';
import { Digest } from './digest';
import { ErrorPanel } from './error-panel';
import { SavedFile } from './saved-file';

type Busy = 'verify' | 'jsonl' | 'csv' | null;

const FORMAT_WORDS: Record<JournalExport['format'], string> = { jsonl: 'Journal export (JSONL, with its proof)', csv: 'Journal export (CSV, for reading)' };

/** "Verify journal", "Export JSONL…", "Export CSV…" above the journal table. */
export function JournalProof({ procedureId }: { procedureId: string }) {
  const [busy, setBusy] = useState<Busy>(null);
  const [verdict, setVerdict] = useState<JournalVerification | undefined>(undefined);
  const [saved, setSaved] = useState<JournalExport | undefined>(undefined);
  const [cancelled, setCancelled] = useState(false);
  const [error, setError] = useState<{ title: string; error: AppErrorShape } | undefined>(undefined);

  const run = async (what: Exclude<Busy, null>) => {
    setBusy(what);
    setError(undefined);
    setCancelled(false);
    try {
      if (what === 'verify') setVerdict(await call('journal.verify', { id: procedureId }));
      else {
        const result = await call('journal.export', { id: procedureId, format: what });
        setSaved(result ?? undefined);
        setCancelled(result === null);
      }
    } catch (e) {
      setError({ title: what === 'verify' ? 'The journal could not be verified' : 'The journal could not be exported', error: asAppError(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="journal-proof" aria-label="Proof and export of the journal">
      <div className="journal-proof__actions">
        <button type="button" className="button button--primary button--small" data-testid="journal-verify" disabled={busy !== null} onClick={() => void run('verify')}>
          {busy === 'verify' ? 'Verifying…' : 'Verify journal'}
        </button>
        <button type="button" className="button button--secondary button--small" data-testid="journal-export-jsonl" disabled={busy !== null} onClick={() => void run('jsonl')}>
          Export JSONL…
        </button>
        <button type="button" className="button button--secondary button--small" data-testid="journal-export-csv" disabled={busy !== null} onClick={() => void run('csv')}>
          Export CSV…
        </button>
      </div>
      {verdict && <Verdict verdict={verdict} />}
      {error && <ErrorPanel error={error.error} title={error.title} />}
      {cancelled && <p className="muted" role="status">Nothing was saved.</p>}
      {saved && <SavedFile saved={saved} what={FORMAT_WORDS[saved.format]} />}
    </section>
  );
}

function Verdict({ verdict }: { verdict: JournalVerification }) {
  const notes = verdict.notes.length > 0 && (
    <ul className="journal-proof__notes">
      {verdict.notes.map((note, i) => (
        <li key={i}>{note.what}</li>
      ))}
    </ul>
  );
  if (verdict.ok) {
    return (
      <div className="journal-proof__verdict journal-proof__verdict--ok" role="status" data-testid="journal-verdict" data-ok="true">
        <p>
          <strong>
            {verdict.lines} lines, chain intact
            {verdict.chainedFrom !== null && verdict.chainedFrom > 1 ? ` from line ${verdict.chainedFrom}` : ''}
          </strong>
          , head <Digest value={verdict.head} label="SHA-256 of the journal's last line" />
        </p>
        <p className="journal-proof__why">Every line still carries the digest of the line before it, and the head record beside the journal counts them all. Quote the head to pin this journal in a report or a ticket.</p>
        {notes}
      </div>
    );
  }
  const [first, ...more] = verdict.problems;
  return (
    <div className="journal-proof__verdict journal-proof__verdict--bad" role="alert" data-testid="journal-verdict" data-ok="false">
      <p>
        <strong>The journal does not verify at line {first!.line}.</strong> {first!.what}
      </p>
      {more.length > 0 && (
        <ul className="journal-proof__notes">
          {more.map((p, i) => (
            <li key={i}>{p.what}</li>
          ))}
        </ul>
      )}
      <p>
        What to do: leave the procedure’s folder as it is, export the journal as it stands (JSONL) for the record, and tell whoever keeps the
        site’s records that this journal was changed outside the assistant.
      </p>
      {notes}
    </div>
  );
}
