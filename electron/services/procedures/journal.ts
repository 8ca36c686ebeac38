/**
 * A procedure's audit trail: one JSON line per entry, appended and fsynced before the call
 * resolves. Each line carries the SHA-256 of the line before it (`prev`, see
 * shared/journal-proof.ts), and after each append the head record beside the journal
 * (journal.head.json: line count and digest of the last line) is replaced atomically, so a
 * changed, removed or reordered line and a cut-off end are all caught by verifyJournal.
 * A crash mid-append can leave a torn last line; reading skips it and keeps every line before
 * it, and the next append starts on a fresh line chained onto the torn bytes as they are on disk.
 */
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JournalEntry } from '../../../shared/domain';
import { journalEntrySchema } from '../../../shared/domain';
import { chainedLine, journalTail, lineDigest, type JournalTail } from '../../../shared/journal-chain';
import { journalHeadSchema, type JournalHead } from '../../../shared/journal-proof';
import { makeDirDurable, toDiskError, writeFileAtomic } from '../fs/atomic-write';

export interface Journal {
  readonly path: string;
  /** Where the head record of this journal is kept. */
  readonly headPath: string;
  append(entry: JournalEntry): Promise<void>;
  read(): Promise<JournalEntry[]>;
  /** The journal's exact bytes (empty when it does not exist yet) and its head record (null when there is none), after pending appends. */
  readRaw(): Promise<{ bytes: Buffer; head: JournalHead | null }>;
}

/** journal.jsonl → journal.head.json, beside it. */
export function headPathOf(path: string): string {
  return `${path.replace(/\.jsonl$/, '')}.head.json`;
}

export function openJournal(path: string): Journal {
  const headPath = headPathOf(path);
  // Appends are chained so lines land in call order even when callers do not await.
  let tail: Promise<void> = Promise.resolve();
  // What the last append left on disk; re-read whenever the file's size says someone else wrote.
  let known: (JournalTail & { size: number }) | undefined;

  async function appendNow(entry: JournalEntry): Promise<void> {
    const parsed = journalEntrySchema.parse(entry);
    try {
      await makeDirDurable(dirname(path));
      const handle = await open(path, 'a+', 0o600);
      let written: JournalTail & { size: number };
      try {
        const { size } = await handle.stat();
        const before = known?.size === size ? known : { ...journalTail(size > 0 ? await handle.readFile() : Buffer.alloc(0)), size };
        const line = Buffer.from(chainedLine(parsed, before.head), 'utf8');
        // A torn line from a crash must not swallow the new entry.
        const prefix = before.endsWithNewline ? '' : '\n';
        const bytes = Buffer.concat([Buffer.from(prefix), line, Buffer.from('\n')]);
        await handle.appendFile(bytes);
        await handle.sync();
        written = { lines: before.lines + 1, head: lineDigest(line), endsWithNewline: true, size: size + bytes.length };
      } finally {
        await handle.close();
      }
      known = written;
      const head: JournalHead = { version: 1, lines: written.lines, head: written.head };
      await writeFileAtomic(headPath, JSON.stringify(head));
    } catch (error) {
      known = undefined;
      throw toDiskError(error, path);
    }
  }

  async function readBytes(): Promise<Buffer> {
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw toDiskError(error, path);
    }
  }

  return {
    path,
    headPath,
    append(entry) {
      const next = tail.then(() => appendNow(entry));
      tail = next.catch(() => undefined);
      return next;
    },
    async read() {
      await tail;
      return parseJournal((await readBytes()).toString('utf8'));
    },
    async readRaw() {
      await tail;
      const bytes = await readBytes();
      return { bytes, head: await readJournalHead(headPath) };
    },
  };
}

/** The head record, or null when there is none or it cannot be read as one (verification then says so). */
export async function readJournalHead(headPath: string): Promise<JournalHead | null> {
  let text: string;
  try {
    text = await readFile(headPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw toDiskError(error, headPath);
  }
  try {
    const parsed = journalHeadSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Every well-formed line, in order; torn or foreign lines (and an export's seal) are skipped rather than failing the whole trail. */
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
