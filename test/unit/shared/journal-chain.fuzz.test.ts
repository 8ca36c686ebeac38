/**
 * The chain catches every edit, whatever the journal: for random journals (any detail text,
 * accents and emoji included), changing any one byte of an entry line, removing any line,
 * swapping any two different lines, or cutting the export anywhere before its end fails
 * verification; the untouched export always passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/domain';
import { chainedLine, journalTail, sealLine, verifyJournal } from '../../../shared/journal-chain';
import { FUZZ_TIMEOUT_MS, fuzzRuns } from '../helpers/fuzz';

const entryArb: fc.Arbitrary<JournalEntry> = fc.record({
  at: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  who: fc.constantFrom('operator' as const, 'assistant' as const),
  step: fc.constantFrom('window', 'backup', 'install', 'procedure'),
  event: fc.constantFrom('START', 'BACKUP_TAKEN', 'INSTALL_VERIFIED', 'NOTE'),
  outcome: fc.constantFrom('ok' as const, 'failed' as const, 'info' as const, 'blocked' as const),
  detail: fc.string({ unit: 'grapheme', maxLength: 40 }),
});

function exportOf(entries: JournalEntry[]): Buffer {
  let text = '';
  for (const e of entries) text += chainedLine(e, journalTail(Buffer.from(text)).head) + '\n';
  return Buffer.from(text + sealLine(journalTail(Buffer.from(text))) + '\n', 'utf8');
}

const journals = fc.array(entryArb, { minLength: 2, maxLength: 12 });

describe('the journal chain (fuzzed)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('passes every untouched export and fails when any byte of an entry line changes', () => {
    fc.assert(
      fc.property(journals, fc.nat(), fc.integer({ min: 1, max: 255 }), (entries, at, delta) => {
        const bytes = exportOf(entries);
        expect(verifyJournal(bytes)).toMatchObject({ ok: true, sealed: true, lines: entries.length });
        const sealStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
        const changed = Buffer.from(bytes);
        const i = at % sealStart;
        changed[i] = (changed[i]! + delta) % 256;
        expect(verifyJournal(changed).ok).toBe(false);
      }),
      fuzzRuns(400),
    );
  });

  it('fails when any line is removed, two different lines are swapped, or the export is cut short', () => {
    fc.assert(
      fc.property(journals, fc.nat(), fc.nat(), fc.nat(), (entries, a, b, cut) => {
        const lines = exportOf(entries).toString('utf8').split('\n').slice(0, -1);
        const removed = lines.filter((_, i) => i !== a % lines.length);
        expect(verifyJournal(removed.join('\n') + '\n').ok).toBe(false);
        const [i, j] = [a % lines.length, b % lines.length];
        if (lines[i] !== lines[j]) {
          const swapped = [...lines];
          [swapped[i], swapped[j]] = [lines[j]!, lines[i]!];
          expect(verifyJournal(swapped.join('\n') + '\n').ok).toBe(false);
        }
        const whole = exportOf(entries);
        expect(verifyJournal(whole.subarray(0, cut % (whole.length - 1))).ok).toBe(false);
      }),
      fuzzRuns(400),
    );
  });
});
