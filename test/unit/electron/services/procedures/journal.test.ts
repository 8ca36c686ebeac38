import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../../shared/domain';
import { openJournal } from '../../../../../electron/services/procedures/journal';

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

  it('rejects an entry that is not a journal entry', async () => {
    const journal = openJournal(join(dir, 'journal.jsonl'));
    await expect(journal.append({ ...entry(1), who: 'robot' } as unknown as JournalEntry)).rejects.toBeDefined();
    expect(await journal.read()).toEqual([]);
  });
});
