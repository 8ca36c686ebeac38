/**
 * Reads a package's files back from the media and compares them with the manifest: each file
 * (or part) by size and SHA-256, and a split package also as a whole, by hashing its parts in
 * order as one stream. Shared by the writer's read-back and the verifier.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FILE_CHUNK_BYTES, HashingTransform, type HashResult } from '../fs/hashing';
import type { BundleFile, BundlePackage, ProofLine } from './types';

export interface FileCheck {
  file: BundleFile;
  actual?: HashResult;
  /** Set when the file does not match or cannot be read. */
  problem?: string;
  /** errno of a read failure, so a caller can tell a pulled drive from a damaged file. */
  errno?: string;
}

export interface PackageCheck {
  files: FileCheck[];
  /** The concatenated parts of a split package; undefined for a single-file package. */
  whole?: { actual?: HashResult; problem?: string };
}

export interface CheckOptions {
  signal?: AbortSignal;
  /** Called with each chunk's size as it is read. */
  onBytes?: (bytes: number) => void;
}

const SHA_PREFIX = 12;

export async function checkPackageFiles(bundleDir: string, pkg: BundlePackage, options: CheckOptions = {}): Promise<PackageCheck> {
  const split = pkg.files.length > 1;
  const whole = createHash('sha256');
  let wholeSize = 0;
  let wholeReadable = true;
  const files: FileCheck[] = [];
  for (const file of pkg.files) {
    const check = await checkFile(join(bundleDir, file.name), file, options, (chunk) => {
      if (split) {
        whole.update(chunk);
        wholeSize += chunk.length;
      }
    });
    if (!check.actual) wholeReadable = false;
    files.push(check);
  }
  if (!split) return { files };
  if (!wholeReadable) return { files, whole: { problem: 'cannot be checked as a whole: a part is missing or unreadable' } };
  const actual = { sha256: whole.digest('hex'), size: wholeSize };
  return { files, whole: { actual, problem: mismatch(actual, pkg) } };
}

async function checkFile(path: string, file: BundleFile, options: CheckOptions, onChunk: (chunk: Buffer) => void): Promise<FileCheck> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) return { file, problem: 'is not a file' };
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    return { file, errno, problem: errno === 'ENOENT' ? 'is missing' : `cannot be read (${errno ?? 'unknown error'})` };
  }
  const hasher = new HashingTransform();
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onChunk(chunk);
      options.onBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  try {
    await pipeline(createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES }), tap, hasher, sink, { signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    return { file, errno, problem: `cannot be read (${errno ?? (error as Error).message})` };
  }
  const actual = hasher.result();
  return { file, actual, problem: mismatch(actual, file) };
}

function mismatch(actual: HashResult, expected: { size: number; sha256: string }): string | undefined {
  if (actual.size < expected.size) return `is truncated: ${actual.size} bytes of ${expected.size}`;
  if (actual.size > expected.size) return `is too long: ${actual.size} bytes, expected ${expected.size}`;
  if (actual.sha256 !== expected.sha256) return 'has different content (SHA-256 does not match the manifest)';
  return undefined;
}

/** The proof lines of a checked package: one per file, plus one for the whole of a split package. */
export function proofLines(pkg: BundlePackage, check: PackageCheck): ProofLine[] {
  const lines: ProofLine[] = check.files.map((c) => line(c.file.name, c.actual, c.file, c.problem));
  if (check.whole) lines.push(line(`${pkg.name} (whole, ${pkg.files.length} parts)`, check.whole.actual, pkg, check.whole.problem));
  return lines;
}

function line(file: string, actual: HashResult | undefined, expected: { size: number; sha256: string }, problem: string | undefined): ProofLine {
  const proof: ProofLine = {
    file,
    size: actual?.size ?? expected.size,
    sha256Prefix: (actual?.sha256 ?? '').slice(0, SHA_PREFIX),
    ok: problem === undefined,
  };
  if (problem !== undefined) proof.problem = problem;
  return proof;
}
