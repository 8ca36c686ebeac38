/**
 * Reads a package's files back from the media and compares them with the manifest: each file
 * (or part) by size and SHA-256, and a split package also as a whole, by hashing its parts in
 * order as one stream. Shared by the writer's read-back and the verifier. Every read goes to
 * the drive itself where the platform allows (fs/direct-read) and says when it could not; a
 * part that is a link, a pipe or a device is refused by its directory entry and never opened,
 * and a part longer than listed is refused without being read.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { FileTooLargeError, hashFromDrive, NotAPlainFileError, type ReadRoute } from '../fs/direct-read';
import type { HashResult } from '../fs/hashing';
import { CACHE_READ_NOTE, type BundleFile, type BundlePackage, type ProofLine, type ReadBackRoute } from './types';

export interface FileCheck {
  file: BundleFile;
  actual?: HashResult;
  /** Set when the file does not match or cannot be read. */
  problem?: string;
  /** errno of a read failure, so a caller can tell a pulled drive from a damaged file. */
  errno?: string;
  /** How the bytes were read; undefined when the file was not read at all. */
  route?: ReadRoute;
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
  let read;
  try {
    // A part longer than listed is refused by its size; one that grows is read one byte past it.
    read = await hashFromDrive(path, {
      ...(options.signal ? { signal: options.signal } : {}),
      sizeCap: file.size,
      maxBytes: file.size + 1,
      onChunk: (chunk) => {
        onChunk(chunk);
        options.onBytes?.(chunk.length);
      },
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (error instanceof NotAPlainFileError) return { file, problem: `is ${error.what}, not a file (it was not opened)` };
    if (error instanceof FileTooLargeError) return { file, problem: `is too long: ${error.size} bytes, expected ${file.size}` };
    const errno = (error as NodeJS.ErrnoException).code;
    return { file, errno, problem: errno === 'ENOENT' ? 'is missing' : `cannot be read (${errno ?? (error as Error).message})` };
  }
  const { sha256, size, ...route } = read;
  const actual = { sha256, size };
  return { file, actual, route, problem: mismatch(actual, file) };
}

function mismatch(actual: HashResult, expected: { size: number; sha256: string }): string | undefined {
  if (actual.size > expected.size) return `is too long: more than ${expected.size} bytes`;
  if (actual.size < expected.size) return `is truncated: ${actual.size} bytes of ${expected.size}`;
  if (actual.sha256 !== expected.sha256) return 'has different content (SHA-256 does not match the manifest)';
  return undefined;
}

/** The proof lines of a checked package: one per file, plus one for the whole of a split package. */
export function proofLines(pkg: BundlePackage, check: PackageCheck): ProofLine[] {
  const lines: ProofLine[] = check.files.map((c) => line(c.file.name, c.actual, c.file, c.problem, c.route ? [c.route] : []));
  if (check.whole) lines.push(line(`${pkg.name} (whole, ${pkg.files.length} parts)`, check.whole.actual, pkg, check.whole.problem, routesOf([check])));
  return lines;
}

/** "drive" only when every file was read from the drive itself; otherwise the first reason why not. */
export function readBackRoute(checks: readonly PackageCheck[]): ReadBackRoute {
  const cached = routesOf(checks).find((route) => !route.fromDrive);
  if (!cached) return { from: 'drive' };
  return { from: 'cache', ...(cached.cacheReason !== undefined ? { reason: cached.cacheReason } : {}) };
}

function routesOf(checks: readonly PackageCheck[]): ReadRoute[] {
  return checks.flatMap((check) => check.files.flatMap((c) => (c.route ? [c.route] : [])));
}

function line(file: string, actual: HashResult | undefined, expected: { size: number; sha256: string }, problem: string | undefined, routes: readonly ReadRoute[]): ProofLine {
  const proof: ProofLine = {
    file,
    size: actual?.size ?? expected.size,
    sha256: actual?.sha256 ?? '',
    ok: problem === undefined,
  };
  if (problem !== undefined) proof.problem = problem;
  if (actual && routes.some((route) => !route.fromDrive)) proof.note = CACHE_READ_NOTE;
  return proof;
}
