import type { JournalEntry } from '../../../shared/domain';
import type { StepView } from '../../../shared/procedures/view';
import { formatDateTime, formatTime, humaniseTimestamps } from '../format';
import { Digest, TextWithDigests } from './digest';
import { ErrorPanel } from './error-panel';
import { JournalProof } from './journal-proof';
import type { Remote } from '../hooks/use-remote';
import './journal-panel.css';

const OUTCOME_LABELS: Record<JournalEntry['outcome'], string> = {
  ok: 'OK',
  failed: 'Failed',
  info: 'Info',
  blocked: 'Blocked',
};

/**
 * An event code as words ("WINDOW_STARTED" → "Window started"): the codes themselves are for
 * the journal export, a technician reads what happened.
 */
export function eventWords(event: string): string {
  const words = event.replace(/[_.-]+/g, ' ').trim().toLowerCase();
  return words === '' ? event : words.charAt(0).toUpperCase() + words.slice(1);
}

/** The step id main journals for what concerns the procedure as a whole (start, resume). */
const PROCEDURE_STEP = 'procedure';

/** A detail that opens with an error code ("TIMEOUT: The appliance…") reads from its sentence. */
function withoutCode(detail: string): string {
  return detail.replace(/^[A-Z][A-Z0-9_]{2,}:\s+/, '');
}

/**
 * The audit trail: who did what, when, with which result and which file hashes; above it the
 * proof (Verify journal) and the exports, for the procedure the journal belongs to.
 */
export function JournalPanel({ journal, steps }: { journal: Remote<JournalEntry[]> & { procedureId?: string }; steps: StepView[] }) {
  const titles = new Map(steps.map((s) => [s.id, s.title]));
  if (journal.error) return <ErrorPanel error={journal.error} title="The journal could not be read" />;
  if (!journal.data) return <p className="muted">Loading the journal…</p>;
  if (journal.data.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <div className="journal">
      {journal.procedureId && <JournalProof procedureId={journal.procedureId} />}
      <table className="journal__table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Who</th>
            <th scope="col">Step</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {journal.data.map((entry, i) => (
            <tr key={`${entry.at}-${i}`} data-testid="journal-entry" data-outcome={entry.outcome}>
              <td className="journal__time" title={formatDateTime(entry.at)}>
                <time dateTime={entry.at}>{formatTime(entry.at)}</time>
              </td>
              <td>
                <span className={`who who--${entry.who}`}>{entry.who}</span>
              </td>
              <td>{titles.get(entry.step) ?? (entry.step === PROCEDURE_STEP ? 'Whole procedure' : entry.step)}</td>
              <td className="journal__event">{eventWords(entry.event)}</td>
              <td>
                <span className={`badge badge--${entry.outcome}`}>{OUTCOME_LABELS[entry.outcome]}</span>
              </td>
              <td>
                <div className="journal__detail">
                {entry.detail && (
                  <span>
                    <TextWithDigests text={humaniseTimestamps(withoutCode(entry.detail))} label="SHA-256" />
                  </span>
                )}
                {entry.checksums &&
                  // A checksum the detail already shows in full is not drawn twice.
                  Object.entries(entry.checksums)
                    .filter(([, value]) => !(entry.detail ?? '').toLowerCase().includes(value.toLowerCase()))
                    .map(([name, value]) => (
                    <span key={name} className="journal__checksum" data-testid="journal-checksum">
                      <span className="journal__checksum-name">{name}</span> <Digest value={value} label={`SHA-256 of ${name}`} />
                    </span>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
