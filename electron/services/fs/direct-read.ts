/**
 * Reading a file from the drive itself, not from this computer's memory. Right after a write
 * the OS page cache still holds the written bytes, so a plain read-back proves the RAM, not the
 * stick. Linux and Windows open with O_DIRECT (Windows: FILE_FLAG_NO_BUFFERING), which needs
 * aligned buffers and offsets; @ronomon/direct-io provides the flag and the buffers. macOS's
 * F_NOCACHE cannot evict pages that are already cached, and some file systems refuse direct
 * reads (EINVAL): there the bytes come through the cache and the result says so.
 *
 * Removable media is not trusted: every open here refuses, without opening it, anything that is
 * not a regular file (a FIFO would block the open forever, a device never ends, a link leads
 * elsewhere), and small files are refused before reading past their cap.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { FILE_CHUNK_BYTES, type HashResult } from './hashing';

/** Sector alignment that fits 512-byte and 4 KiB ("Advanced Format") drives alike. */
const ALIGNMENT = 4096;

interface DirectIo {
  O_DIRECT: number;
  getAlignedBuffer(size: number, alignment: number): Buffer;
  setF_NOCACHE(fd: number, value: 0 | 1, callback: (error?: Error) => void): void;
}

let loaded: DirectIo | { failed: string } | undefined;

/** The native library, loaded once; a build that failed leaves reads going through the cache, said so. */
function directIo(): DirectIo | { failed: string } {
  if (!loaded) {
    try {
      loaded = createRequire(import.meta.url)('@ronomon/direct-io') as DirectIo;
    } catch (error) {
      loaded = { failed: (error as Error).message };
    }
  }
  return loaded;
}

/** How a read reached the bytes: from the drive, or through the cache with the reason. */
export interface ReadRoute {
  fromDrive: boolean;
  /** Why the read could not bypass the cache; set exactly when fromDrive is false. */
  cacheReason?: string;
}

export type DriveHashResult = HashResult & ReadRoute;

/** Something other than a regular file where one should be; it was never opened. */
export class NotAPlainFileError extends Error {
  constructor(
    readonly path: string,
    /** e.g. "a named pipe (FIFO)", for "<name> is a named pipe (FIFO), not a file". */
    readonly what: string,
  ) {
    super(`${path} is ${what}, not a file`);
    this.name = 'NotAPlainFileError';
  }
}

/** A file larger than its cap; nothing beyond the cap was read. */
export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${path} is ${size} bytes, more than the ${limit} allowed`);
    this.name = 'FileTooLargeError';
  }
}

function describeNonFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return 'a link to another place';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'a device';
  if (stats.isDirectory()) return 'a folder';
  return 'something other than a file';
}

/** lstat first: a link, pipe, device or socket is refused by its own entry, never opened. */
async function lstatPlainFile(path: string): Promise<Stats> {
  const stats = await lstat(path);
  const what = describeNonFile(stats);
  if (what) throw new NotAPlainFileError(path, what);
  return stats;
}

// O_NOFOLLOW and O_NONBLOCK make the open itself safe if the entry is swapped after the lstat
// (a FIFO opened without O_NONBLOCK blocks a thread-pool thread until a writer appears).
const SAFE_OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

interface OpenedFile {
  handle: FileHandle;
  size: number;
  /** Set when the handle reads from the drive with aligned I/O. */
  direct: DirectIo | undefined;
  route: ReadRoute;
}

async function openPlainFile(path: string, wantDirect: boolean, sizeCap: number): Promise<OpenedFile> {
  const before = await lstatPlainFile(path);
  if (before.size > sizeCap) throw new FileTooLargeError(path, before.size, sizeCap);
  const lib = wantDirect ? directIo() : undefined;
  let handle: FileHandle | undefined;
  let direct: DirectIo | undefined;
  let route: ReadRoute = { fromDrive: false, cacheReason: 'a plain read was asked for' };
  if (lib && 'failed' in lib) {
    route = { fromDrive: false, cacheReason: `the direct-read library could not be loaded (${lib.failed})` };
  } else if (lib && process.platform === 'darwin') {
    // F_NOCACHE keeps this read from filling the cache but does not evict what the write left.
    route = { fromDrive: false, cacheReason: 'macOS keeps the pages just written in its cache' };
  } else if (lib) {
    try {
      handle = await open(path, SAFE_OPEN_FLAGS | lib.O_DIRECT);
      direct = lib;
      route = { fromDrive: true };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'EOPNOTSUPP' && code !== 'ENOTSUP') throw error;
      route = { fromDrive: false, cacheReason: `the file system refused a direct read (${code})` };
    }
  }
  handle ??= await open(path, SAFE_OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    const what = describeNonFile(stats);
    if (what) throw new NotAPlainFileError(path, what);
    if (stats.ino !== before.ino || stats.dev !== before.dev) throw new NotAPlainFileError(path, 'a different file each time it is looked at');
    if (stats.size > sizeCap) throw new FileTooLargeError(path, stats.size, sizeCap);
    if (lib && !('failed' in lib) && process.platform === 'darwin') await setNoCache(lib, handle.fd);
    return { handle, size: stats.size, direct, route };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * A regular file opened for an ordinary (cached) read, after the same checks: never a link,
 * pipe, device or socket, and refused when larger than `sizeCap`. The caller closes the handle.
 */
export async function openPlainFileForRead(path: string, sizeCap = Number.POSITIVE_INFINITY): Promise<{ handle: FileHandle; size: number }> {
  const { handle, size } = await openPlainFile(path, false, sizeCap);
  return { handle, size };
}

function setNoCache(lib: DirectIo, fd: number): Promise<void> {
  return new Promise((resolve, reject) => lib.setF_NOCACHE(fd, 1, (error) => (error ? reject(error) : resolve())));
}

function isDirectRefusal(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EINVAL';
}

export interface DriveReadOptions {
  signal?: AbortSignal;
  /** Sees each chunk after it is hashed (progress, a whole-package hash); valid only during the call. */
  onChunk?: (chunk: Buffer) => void;
  /** Stop after this many bytes (a file that grows while it is read is not read to its end). */
  maxBytes?: number;
  /** Refuse a file larger than this before reading any of it (FileTooLargeError). */
  sizeCap?: number;
}

/**
 * SHA-256 and size of the file as the drive holds it, in 1 MiB aligned chunks; the next chunk
 * is read while the current one is hashed. Resolves with the route the bytes took.
 */
export function hashFromDrive(path: string, options: DriveReadOptions = {}): Promise<DriveHashResult> {
  return readThrough(path, true, options.sizeCap ?? Number.POSITIVE_INFINITY, options);
}

async function readThrough(path: string, wantDirect: boolean, sizeCap: number, options: DriveReadOptions): Promise<DriveHashResult> {
  const opened = await openPlainFile(path, wantDirect, sizeCap);
  try {
    return await hashOpened(opened, options);
  } catch (error) {
    // Some file systems accept O_DIRECT at open and refuse the first read (before any chunk was
    // passed on): read through the cache, saying so.
    if (!opened.direct || !isDirectRefusal(error) || (error as { afterBytes?: number }).afterBytes !== 0) throw error;
    const cached = await readThrough(path, false, sizeCap, options);
    return { ...cached, fromDrive: false, cacheReason: 'the file system refused a direct read (EINVAL)' };
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}

async function hashOpened(opened: OpenedFile, options: DriveReadOptions): Promise<DriveHashResult> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of chunksOf(opened, options)) {
    hash.update(chunk);
    size += chunk.length;
    options.onChunk?.(chunk);
  }
  return { sha256: hash.digest('hex'), size, ...opened.route };
}

/** Chunks in file order from two alternating buffers: one is read into while the other is used. */
async function* chunksOf(opened: OpenedFile, options: DriveReadOptions): AsyncGenerator<Buffer> {
  const { handle, direct } = opened;
  const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const buffers = direct ? [direct.getAlignedBuffer(FILE_CHUNK_BYTES, ALIGNMENT), direct.getAlignedBuffer(FILE_CHUNK_BYTES, ALIGNMENT)] : [Buffer.allocUnsafe(FILE_CHUNK_BYTES), Buffer.allocUnsafe(FILE_CHUNK_BYTES)];
  let position = 0;
  const readAt = async (buffer: Buffer, at: number): Promise<number> => {
    try {
      return (await handle.read(buffer, 0, FILE_CHUNK_BYTES, at)).bytesRead;
    } catch (error) {
      throw Object.assign(error as Error, { afterBytes: at });
    }
  };
  let pending: Promise<number> | undefined = readAt(buffers[0]!, 0);
  for (let turn = 0; pending; turn++) {
    const bytes = await pending;
    pending = undefined;
    if (options.signal?.aborted) throw options.signal.reason ?? Object.assign(new Error('The read was aborted.'), { name: 'AbortError' });
    if (bytes === 0) return;
    const current = buffers[turn % 2]!;
    const next = position + bytes;
    // A short read is the end of the file; aligned reads cannot continue from an unaligned offset anyway.
    const more = next < limit && (bytes === FILE_CHUNK_BYTES || !direct);
    if (more) pending = readAt(buffers[(turn + 1) % 2]!, next);
    const take = Math.min(bytes, limit - position);
    position = next;
    yield current.subarray(0, take);
    if (take < bytes) {
      await pending?.catch(() => undefined);
      return;
    }
  }
}

export interface SmallFileRead extends ReadRoute {
  bytes: Buffer;
}

/**
 * A small file (manifest, key file) read from the drive, refused without reading when it is
 * larger than `maxBytes`. `direct: false` reads a file of this computer the same careful way.
 */
export async function readSmallFile(path: string, maxBytes: number, options: { direct?: boolean; signal?: AbortSignal } = {}): Promise<SmallFileRead> {
  const parts: Buffer[] = [];
  let total = 0;
  // One byte past the cap tells a file that grew after its fstat from one that fits.
  const read = await readThrough(path, options.direct ?? true, maxBytes, {
    ...(options.signal ? { signal: options.signal } : {}),
    maxBytes: maxBytes + 1,
    onChunk: (chunk) => {
      parts.push(Buffer.from(chunk));
      total += chunk.length;
    },
  });
  if (total > maxBytes) throw new FileTooLargeError(path, total, maxBytes);
  const { fromDrive, cacheReason } = read;
  return { bytes: Buffer.concat(parts, total), fromDrive, ...(cacheReason !== undefined ? { cacheReason } : {}) };
}
