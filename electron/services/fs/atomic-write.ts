/**
 * Atomic file replacement: the target path either keeps its old content or holds the
 * complete new content, never a partial write (temp file in the same directory, fsync,
 * rename, fsync of the directory so the rename itself survives a power cut).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppError } from '../../../shared/errors';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o600: everything this app writes is private). */
  mode?: number;
  signal?: AbortSignal;
}

export type AtomicSource = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

/** Writes `source` to `path` atomically; big sources stream through in constant memory. */
export async function writeFileAtomic(path: string, source: AtomicSource, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    if (typeof source === 'string' || source instanceof Uint8Array) {
      const handle = await open(temp, 'wx', mode);
      try {
        await handle.writeFile(source);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } else {
      const readable = source instanceof Readable ? source : Readable.from(source);
      await pipeline(readable, createWriteStream(temp, { flags: 'wx', mode }), { signal: options.signal });
      await fsyncPath(temp);
    }
    await rename(temp, path);
    await fsyncDir(dirname(path));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw toDiskError(error, path);
  }
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or a new entry in `dir` durable. Some platforms cannot fsync directories. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Creates `path` (and missing parents) and fsyncs the parent of every folder it created, so the
 * new folders survive a power cut as well as the files later written into them. Returns the
 * path; `mode` is set explicitly because mkdir honours the umask.
 */
export async function makeDirDurable(path: string, mode = 0o700): Promise<string> {
  const first = await mkdir(path, { recursive: true, mode });
  await chmod(path, mode);
  if (first === undefined) return path;
  // Deepest first: each new folder's own entry, then its parent's entry in the grandparent.
  for (let dir = path; ; dir = dirname(dir)) {
    await fsyncDir(dirname(dir));
    if (dir === first || dirname(dir) === dir) break;
  }
  return path;
}

/** Keeps AppErrors (e.g. CANCELLED) and turns file-system failures into DISK_ERROR. */
export function toDiskError(error: unknown, path: string): AppError {
  if (isAppError(error)) return error;
  const err = error as NodeJS.ErrnoException;
  if (err?.name === 'AbortError') {
    return new AppError('CANCELLED', 'The file write was cancelled before it finished.', 'Nothing partial was kept. Start the action again when ready.');
  }
  const why = err?.code === 'ENOSPC' ? 'the disk is full' : err?.code === 'EACCES' || err?.code === 'EPERM' ? 'access was denied' : (err?.code ?? 'an unknown error');
  return new AppError(
    'DISK_ERROR',
    `The file ${basename(path)} could not be written because ${why}.`,
    'Check free space and permissions of the assistant data folder, then try again.',
    { path, cause: err?.message },
  );
}
