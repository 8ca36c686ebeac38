/**
 * A journal as CSV for reading in a spreadsheet (RFC 4180: comma separated, CRLF rows, fields
 * with a comma, quote or line break quoted and inner quotes doubled; UTF-8 with a BOM so
 * spreadsheets read accents right). One row per entry, with its line number and the chain
 * digests, so a row can be matched to the JSONL export; the proof itself is the JSONL export.
 * Hand-written: the quoting rule is one sentence of RFC 4180, and a library would still need
 * the formula guard below.
 */
import { journalEntrySchema } from '../../../shared/domain';
import { journalLines, lineDigest } from '../../../shared/journal-chain';

export const CSV_COLUMNS = ['line', 'at', 'who', 'step', 'event', 'outcome', 'detail', 'checksums', 'prev_sha256', 'line_sha256'] as const;

const BOM = '\uFEFF';

/**
 * One field: quoted when it must be. A text a spreadsheet would run as a formula (=, +, -, @ first)
 * is prefixed with an apostrophe, as OWASP advises, so an operator note cannot become a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function journalCsv(bytes: Uint8Array): { csv: string; rows: number } {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  journalLines(bytes).forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(line).toString('utf8'));
    } catch {
      return; // A line torn by a crash records nothing.
    }
    const entry = journalEntrySchema.safeParse(value);
    if (!entry.success) return;
    const e = entry.data;
    const prev = (value as { prev?: unknown }).prev;
    const checksums = Object.entries(e.checksums ?? {}).map(([name, digest]) => `${name}=${digest}`).join('; ');
    const fields = [String(i + 1), e.at, e.who, e.step, e.event, e.outcome, e.detail ?? '', checksums, typeof prev === 'string' ? prev : '', lineDigest(line)];
    rows.push(fields.map(csvField).join(','));
  });
  return { csv: BOM + rows.join('\r\n') + '\r\n', rows: rows.length - 1 };
}
