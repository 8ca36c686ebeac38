/**
 * One procedure's persistence: its meta.json, the snapshot written atomically before anyone
 * hears of it, and its journal, all through one ordered queue per procedure.
 * Layout: <dataDir>/procedures/<id>/{meta.json,snapshot.json,journal.jsonl}.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyActorRef } from 'xstate';
import { z } from 'zod';
import type { JournalEntry } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import type { ProcedureDefinition, SnapshotLike } from '../../../shared/procedures/definition';
import { procedureKindSchema } from '../../../shared/procedures/view';
import { toDiskError, writeFileAtomic } from '../fs/atomic-write';
import { openJournal, type Journal } from './journal';

export const metaSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  kind: procedureKindSchema,
  startedAt: z.string(),
  input: z.object({
    procedureId: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    applianceUrl: z.string(),
    operator: z.string(),
  }),
});
export type Meta = z.infer<typeof metaSchema>;

export interface Running {
  meta: Meta;
  dir: string;
  definition: ProcedureDefinition;
  journal: Journal;
  /** Last snapshot known to be on disk; views are computed from it, never from memory ahead of disk. */
  persisted: SnapshotLike | undefined;
  updatedAt: string;
  /** JSON of the newest snapshot handed to the queue, to skip identical rewrites. */
  queuedJson: string | undefined;
  actor: AnyActorRef | undefined;
  /** Stopped by stopAll: later snapshots (e.g. the "stopped" one) must not reach disk. */
  detached: boolean;
  /** While an operator event is being sent: the journal lines its transition produced. */
  collecting: JournalEntry[] | undefined;
  /** Disk writes and journal appends of this procedure, strictly in order. */
  queue: Promise<void>;
  writeFailure: AppError | undefined;
}

export function newRecord(dir: string, meta: Meta, definition: ProcedureDefinition): Running {
  return {
    meta,
    dir,
    definition,
    journal: openJournal(join(dir, 'journal.jsonl')),
    persisted: undefined,
    updatedAt: meta.startedAt,
    queuedJson: undefined,
    actor: undefined,
    detached: false,
    collecting: undefined,
    queue: Promise.resolve(),
    writeFailure: undefined,
  };
}

export function enqueue(record: Running, op: () => Promise<void>): void {
  record.queue = record.queue.then(op).catch((error: unknown) => {
    record.writeFailure = toDiskError(error, record.dir);
  });
}

/** Waits for the procedure's pending writes; rejects with the last write failure. */
export async function flushRecord(record: Running): Promise<void> {
  await record.queue;
  if (record.writeFailure) throw record.writeFailure;
}

export function appendJournal(record: Running, entry: JournalEntry): void {
  if (record.collecting) record.collecting.push(entry);
  else enqueue(record, () => record.journal.append(entry));
}

/**
 * Queues the actor's current persisted snapshot for disk; `onWritten` runs once it is there.
 * While send() gathers journal lines the snapshot waits, so the journal is never behind the disk state.
 */
export function persistSnapshot(record: Running, updatedAt: () => string, onWritten: () => void): void {
  const actor = record.actor;
  if (!actor || record.detached || record.collecting) return;
  const json = JSON.stringify(actor.getPersistedSnapshot());
  if (json === record.queuedJson) return;
  record.queuedJson = json;
  enqueue(record, async () => {
    await writeFileAtomic(join(record.dir, 'snapshot.json'), json);
    record.persisted = JSON.parse(json) as SnapshotLike;
    record.updatedAt = updatedAt();
    record.writeFailure = undefined;
    onWritten();
  });
}

export async function readMeta(dir: string): Promise<Meta> {
  return metaSchema.parse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
}

/** The snapshot on disk, or undefined when the crash came between meta.json and the first snapshot. */
export async function readSnapshot(dir: string): Promise<{ snapshot: SnapshotLike; json: string; writtenAt: string } | undefined> {
  const path = join(dir, 'snapshot.json');
  try {
    const [json, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { snapshot: JSON.parse(json) as SnapshotLike, json, writtenAt: info.mtime.toISOString() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Folder names under <dataDir>/procedures, sorted (each is a procedure id). */
export async function procedureIdsOnDisk(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw toDiskError(error, root);
  }
}

type OnDisk = Awaited<ReturnType<typeof readSnapshot>>;

/**
 * Start-up's reads of every procedure's meta.json and snapshot.json: each file once, many at a
 * time. With a year of history (1 000 procedures) start-up waits on the disk, not the CPU, so
 * reading one file after the other, and every snapshot twice (once to know which vault files an
 * unfinished procedure needs, once to load it), was most of its time.
 */
export interface StartupReader {
  /** Reads the files of these procedures not read yet, `concurrency` at a time. */
  prefetch(ids: readonly string[]): Promise<void>;
  meta(id: string): Promise<Meta>;
  snapshot(id: string): Promise<OnDisk>;
  /** Forgets what was read (after start-up, so later reads see the disk). */
  clear(): void;
}

export function createStartupReader(root: string, concurrency = 16): StartupReader {
  const read = new Map<string, { meta: Promise<Meta>; snapshot: Promise<OnDisk> }>();
  const entry = (id: string) => {
    let files = read.get(id);
    if (!files) {
      const dir = join(root, id);
      files = { meta: readMeta(dir), snapshot: readSnapshot(dir) };
      // Failures are answered when asked for, not where they were read ahead.
      files.meta.catch(() => undefined);
      files.snapshot.catch(() => undefined);
      read.set(id, files);
    }
    return files;
  };
  return {
    async prefetch(ids) {
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const files = entry(ids[next++]!);
          await Promise.allSettled([files.meta, files.snapshot]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    },
    meta: (id) => entry(id).meta,
    snapshot: (id) => entry(id).snapshot,
    clear: () => read.clear(),
  };
}
