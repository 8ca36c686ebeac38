/**
 * The update package file (LABPKG1): one header line naming the package and the appliance it
 * was built for, then deterministic pseudo-random bytes up to the package size. The bytes are
 * AES-256-CTR keystream addressed by file offset, so any byte range can be produced on the fly
 * without holding the package in memory or on disk, and the same package is byte-identical
 * after a reset or a restart.
 */
import { createCipheriv, createHash, type Cipher } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CatalogueEntry, UpdateKind } from './scenarios';

export const PACKAGE_MAGIC = 'LABPKG1 ';
/** A header line longer than this is not a package header (it also bounds what an upload buffers). */
export const MAX_HEADER_BYTES = 4096;

const CHUNK_BYTES = 256 * 1024;
const AES_BLOCK = 16;
/** Keystream = AES-CTR over zeros; one shared, never-written input buffer saves an allocation per chunk. */
const ZEROS = Buffer.alloc(CHUNK_BYTES);

export interface PackageHeader {
  id: string;
  name: string;
  kind: UpdateKind;
  version: string;
  requires: string | null;
  serial: string;
  /** Total file size in bytes, header included. */
  size: number;
}

export function packageHeader(entry: CatalogueEntry, serial: string): PackageHeader {
  const { id, name, kind, version, requires, sizeBytes } = entry;
  return { id, name, kind, version, requires, serial, size: sizeBytes };
}

export function headerLine(header: PackageHeader): Buffer {
  const { id, name, kind, version, requires, serial, size } = header;
  return Buffer.from(`${PACKAGE_MAGIC}${JSON.stringify({ id, name, kind, version, requires, serial, size })}\n`, 'utf8');
}

/** The header a file's first line declares, or null when the line is not a LABPKG1 header. */
export function parseHeaderLine(line: Buffer): PackageHeader | null {
  const text = line.toString('utf8').replace(/\n$/, '');
  if (!text.startsWith(PACKAGE_MAGIC)) return null;
  try {
    const value = JSON.parse(text.slice(PACKAGE_MAGIC.length)) as Partial<PackageHeader>;
    const { id, name, kind, version, requires, serial, size } = value;
    if (
      typeof id !== 'string' ||
      typeof name !== 'string' ||
      (kind !== 'base' && kind !== 'site') ||
      typeof version !== 'string' ||
      (requires !== null && typeof requires !== 'string') ||
      typeof serial !== 'string' ||
      typeof size !== 'number'
    ) {
      return null;
    }
    return { id, name, kind, version, requires, serial, size };
  } catch {
    return null;
  }
}

/** Bytes `start`..`end` (inclusive) of the package file, generated as they are read. */
export function packageStream(header: PackageHeader, start = 0, end = header.size - 1): Readable {
  const line = headerLine(header);
  const keystream = keystreamAt(header, start);
  let position = start;
  return new Readable({
    read() {
      if (position > end) {
        this.push(null);
        return;
      }
      const length = Math.min(CHUNK_BYTES, end + 1 - position);
      const chunk = keystream.update(ZEROS.subarray(0, length));
      if (position < line.length) line.copy(chunk, 0, position, Math.min(line.length, position + length));
      position += length;
      this.push(chunk);
    },
  });
}

/**
 * SHA-256 of each package, computed once by streaming it and then kept: a 1 GiB package costs
 * a second or two of hashing on first use and nothing after. Keyed by the header line, which
 * fixes every byte, so the cache stays valid across lab resets.
 */
export class PackageDigests {
  private readonly digests = new Map<string, Promise<string>>();
  private readonly stopped = new AbortController();

  digest(header: PackageHeader): Promise<string> {
    const key = headerLine(header).toString('utf8');
    let digest = this.digests.get(key);
    if (!digest) {
      digest = hashPackage(header, this.stopped.signal);
      // A failed computation (the lab closing) must not poison the cache.
      digest.catch(() => this.digests.delete(key));
      this.digests.set(key, digest);
    }
    return digest;
  }

  /** Stops computations in progress so closing the lab is prompt. */
  stop(): void {
    this.stopped.abort();
  }
}

async function hashPackage(header: PackageHeader, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    packageStream(header),
    async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) hash.update(chunk);
    },
    { signal },
  );
  return hash.digest('hex');
}

/** AES-CTR keystream positioned at file offset `offset`: the counter block is the offset / 16. */
function keystreamAt(header: PackageHeader, offset: number): Cipher {
  const key = createHash('sha256').update(`LABPKG1\n${header.serial}\n${header.id}`).digest();
  const counter = Buffer.alloc(AES_BLOCK);
  counter.writeBigUInt64BE(BigInt(Math.floor(offset / AES_BLOCK)), 8);
  const cipher = createCipheriv('aes-256-ctr', key, counter);
  cipher.update(ZEROS.subarray(0, offset % AES_BLOCK));
  return cipher;
}
