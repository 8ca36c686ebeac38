/**
 * A procedure's audit trail: one JSON line per entry, appended and fsynced before the call
 * resolves. A crash mid-append can leave a torn last line; reading skips it and keeps every
 * line before it, and the next append starts on a fresh line.
 */
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JournalEntry } from '../../../shared/domain';
import { journalEntrySchema } from '../../../shared/domain';
import { makeDirDurable, toDiskError } from '../fs/atomic-write';

export interface Journal {
  readonly path: string;
  append(entry: JournalEntry): Promise<void>;
  read(): Promise<JournalEntry[]>;
}

export function openJournal(path: string): Journal {
  // Appends are chained so lines land in call order even when callers do not await.
  let tail: Promise<void> = Promise.resolve();

  async function appendNow(entry: JournalEntry): Promise<void> {
    const line = JSON.stringify(journalEntrySchema.parse(entry)) + '\n';
    try {
      await makeDirDurable(dirname(path));
      const handle = await open(path, 'a+', 0o600);
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          // A torn line from a crash must not swallow the new entry.
          if (last[0] !== 0x0a) prefix = '\n';
        }
        await handle.appendFile(prefix + line, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw toDiskError(error, path);
    }
  }

  return {
    path,
    append(entry) {
      const next = tail.then(() => appendNow(entry));
      tail = next.catch(() => undefined);
      return next;
    },
    async read() {
      await tail;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw toDiskError(error, path);
      }
      return parseJournal(text);
    },
  };
}

/** Every well-formed line, in order; torn or foreign lines are skipped rather than failing the whole trail. */
export function parseJournal(text: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = journalEntrySchema.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
  }
  return entries;
}
