import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../../shared/domain';
import { openJournal } from '../../../../../electron/services/procedures/journal';
import { verifyJournal } from '../../../../../shared/journal-chain';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (n: number): JournalEntry => ({ at: `2025-03-01T10:00:0${n}.000Z`, who: n % 2 ? 'operator' : 'assistant', step: 'backup', event: `E${n}`, outcome: 'ok' });

describe('journal', () => {
  it('appends one JSON line per entry, in call order', async () => {
    const path = join(dir, 'p', 'journal.jsonl');
    const journal = openJournal(path);
    await Promise.all([1, 2, 3].map((n) => journal.append(entry(n))));
    expect(await journal.read()).toEqual([entry(1), entry(2), entry(3)]);
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(4);
  });

  it('keeps every earlier line when the last one was torn by a crash, and appends after it', async () => {
    const path = join(dir, 'journal.jsonl');
    const journal = openJournal(path);
    await journal.append(entry(1));
    await journal.append(entry(2));
    await appendFile(path, JSON.stringify(entry(3)).slice(0, 25));
    expect(await openJournal(path).read()).toEqual([entry(1), entry(2)]);

    const reopened = openJournal(path);
    await reopened.append(entry(4));
    expect(await reopened.read()).toEqual([entry(1), entry(2), entry(4)]);
  });

  it('chains every line onto the one before and keeps the head record beside the journal', async () => {
    const path = join(dir, 'journal.jsonl');
    const journal = openJournal(path);
    for (const n of [1, 2, 3]) await journal.append(entry(n));
    expect(journal.headPath).toBe(join(dir, 'journal.head.json'));
    const head = JSON.parse(await readFile(journal.headPath, 'utf8'));
    expect(head).toMatchObject({ version: 1, lines: 3 });
    const { bytes, head: read } = await journal.readRaw();
    expect(read).toEqual(head);
    expect(verifyJournal(bytes, read)).toMatchObject({ ok: true, lines: 3, chainedFrom: 1, head: head.head, notes: [] });
    // A second writer on the same file (as the host opens for a stopped procedure) chains on too.
    await openJournal(path).append(entry(4));
    await journal.append(entry(5));
    const after = await journal.readRaw();
    expect(verifyJournal(after.bytes, after.head)).toMatchObject({ ok: true, lines: 5, problems: [] });
  });

  it('chains the line after a crash onto the torn bytes, so verification reads a crash, not tampering', async () => {
    const path = join(dir, 'journal.jsonl');
    const journal = openJournal(path);
    await journal.append(entry(1));
    await appendFile(path, '{"prev":"00","at":"2025-03-01T1');
    const reopened = openJournal(path);
    await reopened.append(entry(2));
    const { bytes, head } = await reopened.readRaw();
    const result = verifyJournal(bytes, head);
    expect(result).toMatchObject({ ok: true, lines: 3, problems: [] });
    expect(result.notes).toEqual([{ line: 2, what: expect.stringMatching(/torn by a crash/) }]);
  });

  it('continues an old journal without digests: the chain begins at the first new line', async () => {
    const path = join(dir, 'journal.jsonl');
    await appendFile(path, JSON.stringify(entry(1)) + '\n' + JSON.stringify(entry(2)) + '\n');
    const journal = openJournal(path);
    await journal.append(entry(3));
    expect(await journal.read()).toEqual([entry(1), entry(2), entry(3)]);
    const { bytes, head } = await journal.readRaw();
    expect(verifyJournal(bytes, head)).toMatchObject({ ok: true, lines: 3, chainedFrom: 3 });
  });

  it('rejects an entry that is not a journal entry', async () => {
    const journal = openJournal(join(dir, 'journal.jsonl'));
    await expect(journal.append({ ...entry(1), who: 'robot' } as unknown as JournalEntry)).rejects.toBeDefined();
    expect(await journal.read()).toEqual([]);
  });
});
