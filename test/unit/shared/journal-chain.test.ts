/**
 * The journal's hash chain: every way a line can be changed, removed, inserted, reordered or
 * cut off is named by line, while a line torn by a crash and lines from before the chain are
 * told apart from tampering.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/domain';
import { chainedLine, journalTail, lineDigest, sealLine, verifyJournal } from '../../../shared/journal-chain';
import { JOURNAL_GENESIS, type JournalHead } from '../../../shared/journal-proof';

const entry = (n: number): JournalEntry => ({ at: `2026-12-01T10:00:${String(n).padStart(2, '0')}.000Z`, who: n % 2 ? 'operator' : 'assistant', step: 'install', event: `E${n}`, outcome: 'ok', detail: `step ${n} done` });

/** A chained journal of `count` entries as the writer lays it down. */
function chained(count: number, start = ''): string {
  let text = start;
  for (let n = 1; n <= count; n++) text += chainedLine(entry(n), journalTail(Buffer.from(text)).head) + '\n';
  return text;
}

const headOf = (text: string): JournalHead => {
  const { lines, head } = journalTail(Buffer.from(text));
  return { version: 1, lines, head };
};

/** The export of a journal: its bytes, then the seal. */
const exported = (text: string) => text + sealLine(journalTail(Buffer.from(text)), { procedureId: 'P1-x' }) + '\n';

const linesOf = (text: string) => text.split('\n').filter((l) => l !== '');
const join = (lines: string[]) => lines.join('\n') + '\n';

describe('verifyJournal', () => {
  it('passes an intact journal against its head record, and an intact sealed export', () => {
    const text = chained(6);
    const onDisk = verifyJournal(text, headOf(text));
    expect(onDisk).toMatchObject({ ok: true, lines: 6, chainedFrom: 1, problems: [], notes: [], sealed: false });
    expect(onDisk.head).toBe(lineDigest(Buffer.from(linesOf(text)[5]!)));
    expect(verifyJournal(exported(text))).toMatchObject({ ok: true, lines: 6, sealed: true, head: onDisk.head, problems: [] });
  });

  it('starts the chain at the documented genesis value', () => {
    const first = JSON.parse(linesOf(chained(1))[0]!);
    expect(first.prev).toBe(JOURNAL_GENESIS);
    expect(JOURNAL_GENESIS).toBe('0'.repeat(64));
  });

  it('names a line changed by one byte', () => {
    const lines = linesOf(chained(6));
    lines[2] = lines[2]!.replace('step 3 done', 'step 3 dona');
    const result = verifyJournal(exported(join(lines)));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ line: 3, what: expect.stringMatching(/Line 3 was changed/) });
  });

  it('names a changed last line through the seal and through the head record', () => {
    const text = chained(4);
    const lines = linesOf(text);
    lines[3] = lines[3]!.replace('"E4"', '"E5"');
    const changed = join(lines);
    expect(verifyJournal(changed + sealLine(journalTail(Buffer.from(text))) + '\n').problems[0]).toMatchObject({ line: 4, what: expect.stringMatching(/seal/) });
    expect(verifyJournal(changed, headOf(text)).problems[0]).toMatchObject({ line: 4, what: expect.stringMatching(/head record/) });
  });

  it('catches a removed line', () => {
    const lines = linesOf(chained(6));
    lines.splice(3, 1);
    const result = verifyJournal(exported(join(lines)));
    expect(result.ok).toBe(false);
    expect(result.problems[0]!.what).toMatch(/removed/);
    expect(result.problems[0]!.line).toBe(3);
  });

  it('catches an inserted line, chained or not', () => {
    const lines = linesOf(chained(5));
    const bare = [...lines.slice(0, 3), JSON.stringify(entry(9)), ...lines.slice(3)];
    expect(verifyJournal(exported(join(bare))).problems[0]).toMatchObject({ line: 4, what: expect.stringMatching(/no chain digest/) });
    // A forger who chains the new line onto line 3 still breaks line 4's link.
    const forged = [...lines.slice(0, 3), chainedLine(entry(9), lineDigest(Buffer.from(lines[2]!))), ...lines.slice(3)];
    expect(verifyJournal(exported(join(forged))).problems[0]).toMatchObject({ line: 4, what: expect.stringMatching(/do(es)? not belong between line 3 and line 5/) });
  });

  it('catches two lines swapped', () => {
    const lines = linesOf(chained(6));
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    const result = verifyJournal(exported(join(lines)));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ line: 4, what: 'Line 4 is out of order: it was written after line 5.' });
  });

  it('catches lines cut off the end of the journal on disk (head record) and of an export (seal gone)', () => {
    const text = chained(6);
    const cut = join(linesOf(text).slice(0, 4));
    expect(verifyJournal(cut, headOf(text))).toMatchObject({ ok: false, problems: [{ line: 4, what: expect.stringMatching(/counts 6 lines: lines 5–6 were removed/) }] });
    const exportCut = exported(text).split('\n').slice(0, 5).join('\n') + '\n';
    expect(verifyJournal(exportCut)).toMatchObject({ ok: false, sealed: false, problems: [{ line: 5, what: expect.stringMatching(/no seal line/) }] });
  });

  it('refuses a missing or incorrect seal', () => {
    const text = chained(3);
    expect(verifyJournal(text)).toMatchObject({ ok: false, sealed: false, problems: [{ what: expect.stringMatching(/no seal/) }] });
    const wrongCount = text + sealLine({ lines: 5, head: journalTail(Buffer.from(text)).head }) + '\n';
    expect(verifyJournal(wrongCount)).toMatchObject({ ok: false, sealed: false, problems: [{ line: 3, what: expect.stringMatching(/seal counts 5 lines/) }] });
    const wrongHead = text + sealLine({ lines: 3, head: 'a'.repeat(64) }) + '\n';
    expect(verifyJournal(wrongHead)).toMatchObject({ ok: false, sealed: false, problems: [{ line: 3 }] });
    const sealInside = exported(text) + chainedLine(entry(4), journalTail(Buffer.from(exported(text))).head) + '\n';
    expect(verifyJournal(sealInside).ok).toBe(false);
  });

  it('reads a torn last line as a crash, not as tampering', () => {
    const text = chained(3);
    const torn = text + chainedLine(entry(4), journalTail(Buffer.from(text)).head).slice(0, 30);
    const result = verifyJournal(torn, headOf(text));
    expect(result).toMatchObject({ ok: true, lines: 4, problems: [] });
    expect(result.notes).toEqual([{ line: 4, what: expect.stringMatching(/incomplete/) }]);
  });

  it('follows the chain through a line torn by a crash, cut in the middle of a character', () => {
    const text = chained(2);
    const tornBytes = Buffer.from(chainedLine({ ...entry(3), detail: 'Grüße' }, journalTail(Buffer.from(text)).head));
    const cutAt = tornBytes.indexOf(Buffer.from('ü')) + 1; // half of the two-byte ü
    const onDisk = Buffer.concat([Buffer.from(text), tornBytes.subarray(0, cutAt), Buffer.from('\n')]);
    const next = Buffer.from(chainedLine(entry(4), journalTail(onDisk).head) + '\n');
    const whole = Buffer.concat([onDisk, next]);
    const head = journalTail(whole);
    const result = verifyJournal(whole, { version: 1, lines: head.lines, head: head.head });
    expect(result).toMatchObject({ ok: true, lines: 4, problems: [] });
    expect(result.notes[0]).toMatchObject({ line: 3, what: expect.stringMatching(/torn by a crash.*continues/) });
  });

  it('reads an old journal without chain digests, and one whose chain began later', () => {
    const old = join([1, 2, 3].map((n) => JSON.stringify(entry(n))));
    const unchained = verifyJournal(old, null);
    expect(unchained).toMatchObject({ ok: true, lines: 3, chainedFrom: null });
    expect(unchained.notes.map((n) => n.what).join(' ')).toMatch(/carry no proof/);

    const continued = chained(2, old).split('\n').filter(Boolean);
    const text = join(continued);
    const result = verifyJournal(text, headOf(text));
    expect(result).toMatchObject({ ok: true, lines: 5, chainedFrom: 4 });
    expect(result.notes[0]).toEqual({ line: 1, what: 'lines 1–3 were written before the journal carried a chain and carry no proof; the chain begins at line 4.' });
    // Once the chain began, a line without a digest is a break.
    const stripped = [...continued.slice(0, 4), JSON.stringify(entry(5))];
    expect(verifyJournal(join(stripped), headOf(text)).problems[0]).toMatchObject({ line: 5, what: expect.stringMatching(/no chain digest/) });
  });

  it('says when the head record is missing beside a chained journal', () => {
    expect(verifyJournal(chained(2), null)).toMatchObject({ ok: false, problems: [{ what: expect.stringMatching(/head record .* missing/) }] });
  });

  it('accepts a head record one line behind (stopped between the two writes) but not more', () => {
    const text = chained(5);
    const lagging = headOf(join(linesOf(text).slice(0, 4)));
    expect(verifyJournal(text, lagging)).toMatchObject({ ok: true, notes: [{ line: 5 }] });
    const far = headOf(join(linesOf(text).slice(0, 2)));
    expect(verifyJournal(text, far)).toMatchObject({ ok: false, problems: [{ line: 3, what: expect.stringMatching(/lines 3–5 were added/) }] });
  });

  it('says when line endings were changed to CR LF', () => {
    const result = verifyJournal(exported(chained(3)).replace(/\n/g, '\r\n'));
    expect(result.ok).toBe(false);
    expect(result.notes.at(-1)!.what).toMatch(/CR LF/);
  });

  it('names a line that is not an entry', () => {
    const lines = linesOf(chained(3));
    const odd = [...lines.slice(0, 2), 'not json at all', ...lines.slice(2)];
    expect(verifyJournal(exported(join(odd))).problems[0]).toMatchObject({ line: 3, what: expect.stringMatching(/not a journal entry/) });
  });
});
