/** The CSV export reads right in a spreadsheet: RFC 4180 quoting, a BOM for UTF-8, one row per entry with its chain digests. */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../../shared/domain';
import { chainedLine, journalTail, lineDigest } from '../../../../../shared/journal-chain';
import { CSV_COLUMNS, csvField, journalCsv } from '../../../../../electron/services/journal/journal-csv';

/** An RFC 4180 reader, enough to read back what the writer wrote (quoted fields may hold CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

const entry = (detail: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({ at: '2026-12-01T10:00:00.000Z', who: 'operator', step: 'window', event: 'NOTE', outcome: 'info', detail, ...extra });

function journalOf(entries: JournalEntry[]): Buffer {
  let text = '';
  for (const e of entries) text += chainedLine(e, journalTail(Buffer.from(text)).head) + '\n';
  return Buffer.from(text, 'utf8');
}

describe('journal CSV', () => {
  it('quotes commas, quotes and line breaks, keeps non-ASCII, and starts with a BOM', () => {
    const details = ['plain', 'a, b and c', 'the "old" value', 'first line\nsecond line\r\nthird', 'Grüße aus Zürich — 東京'];
    const bytes = journalOf(details.map((d) => entry(d)));
    const { csv, rows } = journalCsv(bytes);
    expect(rows).toBe(5);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('"a, b and c"');
    expect(csv).toContain('"the ""old"" value"');
    const table = parseCsv(csv.slice(1));
    expect(table[0]).toEqual([...CSV_COLUMNS]);
    expect(table.slice(1).map((r) => r[6])).toEqual(details);
    expect(table.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('carries the line number and both chain digests of each entry, skipping a torn line', () => {
    const good = journalOf([entry('one', { checksums: { backup: 'ab'.repeat(32) } }), entry('two')]);
    const bytes = Buffer.concat([good, Buffer.from('{"prev":"x","at":"2026'), Buffer.from('\n'), journalOf([entry('four')])]);
    const table = parseCsv(journalCsv(bytes).csv.slice(1));
    expect(table.map((r) => r[0])).toEqual(['line', '1', '2', '4']);
    const firstLine = bytes.subarray(0, bytes.indexOf(0x0a));
    expect(table[1]![8]).toBe('0'.repeat(64));
    expect(table[1]![9]).toBe(lineDigest(firstLine));
    expect(table[2]![8]).toBe(lineDigest(firstLine));
    expect(table[1]![7]).toBe(`backup=${'ab'.repeat(32)}`);
  });

  it('never lets a field run as a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('2026-12-01')).toBe('2026-12-01');
  });
});
