/**
 * Writes a transfer bundle onto removable media and proves it: every file is streamed through
 * a hash into `<file>.tmp`, fsynced and renamed, then read back from the drive itself (not the
 * page cache, fs/direct-read) and compared; where the drive cannot be read directly, the result
 * says so (readBack) so the stick is re-inserted and verified.
 * Only when every file matches is manifest.json written (last, atomically) and read back. Any
 * failure removes what was written, so a stick never carries something that looks like a
 * bundle but is not one (Etcher #2386, #2474).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rm, stat, statfs, unlink, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppError } from '../../../shared/errors';

import { fsyncDir, fsyncPath, writeFileAtomic } from '../fs/atomic-write';
import { readSmallFile } from '../fs/direct-read';
import { FILE_CHUNK_BYTES, HashingTransform } from '../fs/hashing';
import { systemClock, type Clock } from '../ports';
import { bundleFolderName, digestCode, partName, safeFileName, serializeManifest, sha256Of } from './bundle-manifest';
import { bytesOnMedia, filesystemOf, isFatFilesystem, maxFileSize } from './drive-constraints';
import { cancelled, mediaFull, mediaRemoved, toMediaError } from './media-errors';
import { MediaProgressReporter, type MediaProgressListener } from './media-progress';
import { checkPackageFiles, proofLines, readBackRoute, type PackageCheck } from './package-check';
import { BUNDLE_FORMAT, MANIFEST_FILE, SMALL_FILE_MAX_BYTES, type BundleFile, type BundleManifest, type BundlePackage, type BundleResult, type ProofLine, type ReadBackRoute } from './types';
import { formatBytes } from '../../../shared/sizes';

const MiB = 1024 * 1024;
/** Room kept for manifest.json in the free-space check; real manifests are a few KiB. */
const MANIFEST_ALLOWANCE = 64 * 1024;

export interface BundleSource {
  packageId: string;
  /** The package file on the connected side (normally in the vault). */
  path: string;
}

/** The manifest as the caller knows it: packages without their files, which the writer decides. */
export type BundleManifestDraft = Pick<BundleManifest, 'bundleId' | 'keyId' | 'appliance'> & {
  packages: Omit<BundlePackage, 'files'>[];
};

export interface WriteBundleTestHooks {
  /** Skips the free-space check, so a test can make the media run out of space mid-write. */
  skipFreeSpaceCheck?: boolean;
  /** Replaces the stream a file's bytes are written to (to inject a failing drive). */
  createWriteStream?: (path: string) => Writable;
}

export interface WriteBundleInput {
  /** The drive's mount point or a chosen folder; the bundle gets its own folder below it. */
  targetDir: string;
  manifest: BundleManifestDraft;
  sources: BundleSource[];
  createdBy: string;
  appVersion: string;
  signal?: AbortSignal;
  onProgress?: MediaProgressListener;
  /** File system of the target (normally RemovableDrive.filesystem); else read from the mount table. */
  filesystem?: string;
  /** Split packages the file system cannot hold in one file (default true). */
  split?: boolean;
  /** Part size on a size-limited file system (default: its limit, rounded down to MiB). */
  partSize?: number;
  clock?: Clock;
  testHooks?: WriteBundleTestHooks;
}

interface PlannedFile {
  name: string;
  start: number;
  end: number;
}

interface PlannedPackage {
  pkg: Omit<BundlePackage, 'files'>;
  source: string;
  files: PlannedFile[];
}

export async function writeBundle(input: WriteBundleInput): Promise<BundleResult> {
  const { targetDir, signal } = input;
  const clock = input.clock ?? systemClock;
  if (signal?.aborted) throw cancelled();
  await checkSources(input);
  const filesystem = input.filesystem ?? (await filesystemOf(targetDir));
  const plan = planFiles(input, filesystem);
  const bundleDir = join(targetDir, bundleFolderName(input.manifest));
  const allFiles = plan.flatMap((p) => p.files);

  const totalBytes = plan.reduce((sum, p) => sum + p.pkg.size, 0);
  if (!input.testHooks?.skipFreeSpaceCheck) await checkFreeSpace(targetDir, bundleDir, allFiles);

  const progress = new MediaProgressReporter(totalBytes, input.onProgress, clock.now.bind(clock));
  try {
    await prepareFolder(targetDir, bundleDir);
    let remaining = totalBytes + MANIFEST_ALLOWANCE;
    const written: BundlePackage[] = [];
    for (const planned of plan) {
      // A split package is also hashed as a whole; a single file's own hash is the whole one.
      const whole = planned.files.length > 1 ? createHash('sha256') : undefined;
      const files: BundleFile[] = [];
      for (const file of planned.files) {
        progress.start('write', file.name);
        files.push(await writeMediaFile(planned.source, file, bundleDir, whole, progress, remaining, input));
        remaining -= file.end - file.start;
      }
      const wholeSha256 = whole ? whole.digest('hex') : files[0]?.sha256;
      if (wholeSha256 !== planned.pkg.sha256) throw sourceChanged(planned);
      written.push({ ...planned.pkg, files });
    }
    progress.finish();

    const { packages, route } = await readBack(bundleDir, written, progress, signal);
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      bundleId: input.manifest.bundleId,
      keyId: input.manifest.keyId,
      appliance: input.manifest.appliance,
      packages: packages.map((p) => p.pkg),
      createdAt: new Date(clock.now()).toISOString(),
      createdBy: input.createdBy,
      appVersion: input.appVersion,
    };
    const manifestWrite = await writeManifest(bundleDir, manifest, signal);
    const readBackFrom: ReadBackRoute = route.from === 'drive' ? manifestWrite.route : route;
    return { bundleDir, manifest, manifestSha256: manifestWrite.sha256, digestCode: digestCode(manifestWrite.sha256), proof: packages.flatMap((p) => p.proof), readBack: readBackFrom };
  } catch (error) {
    // Nothing of a failed bundle stays behind looking finished; a pulled drive makes this a no-op.
    await rm(bundleDir, { recursive: true, force: true }).catch(() => undefined);
    if (signal?.aborted) throw cancelled();
    throw await toMediaError(error, { targetDir, file: bundleDir, bytesRemaining: totalBytes });
  }
}

async function checkSources(input: WriteBundleInput): Promise<void> {
  const ids = input.manifest.packages.map((p) => p.id);
  if (ids.length === 0) throw new AppError('INVALID_INPUT', 'A transfer bundle needs at least one package.', 'Choose the packages to carry, then write the bundle.');
  for (const pkg of input.manifest.packages) {
    const sources = input.sources.filter((s) => s.packageId === pkg.id);
    if (sources.length !== 1) {
      throw new AppError('INVALID_INPUT', `Package ${pkg.name} needs exactly one source file, it has ${sources.length}.`, 'Download the package into the vault first, then write the bundle.');
    }
    const size = await stat(sources[0]!.path).then((s) => s.size, () => undefined);
    if (size === undefined) {
      throw new AppError('VAULT_FILE_MISSING', `The package file for ${pkg.name} is not in the vault any more.`, 'Download the package again, then write the bundle.', { path: sources[0]!.path });
    }
    if (size !== pkg.size) throw sourceChanged({ pkg, source: sources[0]!.path });
  }
  const unknown = input.sources.find((s) => !ids.includes(s.packageId));
  if (unknown) throw new AppError('INVALID_INPUT', `A source file was given for package ${unknown.packageId}, which is not in the bundle.`, 'Write the bundle again from the download step.');
}

function sourceChanged(planned: { pkg: Omit<BundlePackage, 'files'>; source: string }): AppError {
  return new AppError(
    'CHECKSUM_MISMATCH',
    `The vault copy of ${planned.pkg.name} is not what the update server built (size or SHA-256 differs).`,
    'Download the package again, then write the bundle. Nothing on the drive is marked good.',
    { path: planned.source, packageId: planned.pkg.id },
  );
}

function planFiles(input: WriteBundleInput, filesystem: string): PlannedPackage[] {
  const limit = maxFileSize(filesystem);
  const defaultPart = Number.isFinite(limit) ? Math.floor(limit / MiB) * MiB : limit;
  // An injected part size only applies where the file system has a limit at all.
  const partSize = Number.isFinite(limit) ? Math.min(limit, input.partSize ?? defaultPart) : limit;
  const taken = new Set([MANIFEST_FILE]);
  return input.manifest.packages.map((pkg, index) => {
    const source = input.sources.find((s) => s.packageId === pkg.id)!.path;
    let name = safeFileName(pkg.name);
    if (taken.has(name)) name = safeFileName(`${index + 1}-${name}`);
    taken.add(name);
    if (pkg.size <= partSize) return { pkg, source, files: [{ name, start: 0, end: pkg.size }] };
    if (input.split === false) {
      const fsName = isFatFilesystem(filesystem) ? 'FAT32' : filesystem;
      throw new AppError(
        'FILE_TOO_LARGE_FOR_MEDIA',
        `The package ${pkg.name} is ${formatBytes(pkg.size)}, more than the ${formatBytes(partSize)} a ${fsName} drive can hold in one file.`,
        'Allow the assistant to split large packages into parts, or reformat the stick as exFAT or NTFS, then write the bundle again.',
        { packageId: pkg.id, size: pkg.size, limit: partSize, filesystem },
      );
    }
    const files: PlannedFile[] = [];
    for (let start = 0, i = 0; start < pkg.size; start += partSize, i++) {
      files.push({ name: partName(name, i), start, end: Math.min(pkg.size, start + partSize) });
    }
    return { pkg, source, files };
  });
}

async function checkFreeSpace(targetDir: string, bundleDir: string, files: PlannedFile[]): Promise<void> {
  const stats = await statfs(targetDir).catch(async (error: unknown) => {
    throw await toMediaError(error, { targetDir, file: targetDir, bytesRemaining: 0 });
  });
  // A new folder takes one allocation unit on FAT; the manifest is counted generously.
  const needed = bytesOnMedia([...files.map((f) => f.end - f.start), MANIFEST_ALLOWANCE], stats.bsize) + stats.bsize;
  const reclaimable = bytesOnMedia(await existingFileSizes(bundleDir), stats.bsize);
  const free = stats.bavail * stats.bsize;
  if (needed > free + reclaimable) throw mediaFull(needed, free + reclaimable);
}

async function existingFileSizes(dir: string): Promise<number[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile());
  return Promise.all(files.map((e) => stat(join(dir, e.name)).then((s) => s.size)));
}

/**
 * A folder left by an earlier attempt of the same bundle loses its manifest first, then the
 * rest. The target itself is never created: a vanished drive must not turn into a folder on
 * the system disk.
 */
async function prepareFolder(targetDir: string, bundleDir: string): Promise<void> {
  const targetIsDir = await stat(targetDir).then((s) => s.isDirectory(), () => false);
  if (!targetIsDir) throw mediaRemoved(basename(targetDir), `${targetDir} is not there any more`);
  // lstat: a link (or anything else) posing as the bundle folder is removed itself, never followed.
  const existing = await lstat(bundleDir).then((s) => (s.isDirectory() ? 'folder' : 'other'), () => undefined);
  if (existing === 'other') await rm(bundleDir, { force: true });
  if (existing === 'folder') {
    await unlink(join(bundleDir, MANIFEST_FILE)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await fsyncDir(bundleDir);
    await rm(bundleDir, { recursive: true, force: true });
  }
  await mkdir(bundleDir);
}

async function writeMediaFile(
  source: string,
  file: PlannedFile,
  bundleDir: string,
  whole: Hash | undefined,
  progress: MediaProgressReporter,
  remaining: number,
  input: WriteBundleInput,
): Promise<BundleFile> {
  const target = join(bundleDir, file.name);
  const temp = `${target}.tmp`;
  const reader = file.end > file.start ? createReadStream(source, { start: file.start, end: file.end - 1, highWaterMark: FILE_CHUNK_BYTES }) : Readable.from([]);
  let readFailure: unknown;
  reader.once('error', (error: unknown) => {
    readFailure = error;
  });
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      whole?.update(chunk);
      progress.add(chunk.length);
      callback(null, chunk);
    },
  });
  const hasher = new HashingTransform();
  const writer = input.testHooks?.createWriteStream?.(temp) ?? createWriteStream(temp, { flags: 'w', highWaterMark: FILE_CHUNK_BYTES });
  try {
    await pipeline(reader, hasher, tap, writer, { signal: input.signal });
    const written = hasher.result();
    if (written.size !== file.end - file.start) {
      throw new AppError('CHECKSUM_MISMATCH', `The package file ${basename(source)} changed size while it was being written.`, 'Make sure nothing else is using the vault, then write the bundle again.', {
        path: source,
      });
    }
    await fsyncPath(temp);
    await rename(temp, target);
    await fsyncDir(bundleDir);
    return { name: file.name, ...written };
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if (readFailure !== undefined && error === readFailure) {
      throw new AppError('DISK_ERROR', `The package file ${source} could not be read from this computer.`, 'Check the vault folder, download the package again if needed, then write the bundle.', {
        cause: (error as Error).message,
      });
    }
    if (isAppError(error)) throw error;
    throw await toMediaError(error, { targetDir: bundleDir, file: file.name, bytesRemaining: remaining });
  }
}

/**
 * Reads every file back from the drive (not from this computer's cache, where the platform
 * allows) and compares it with the hashes taken while writing, i.e. with what was read from the
 * vault. Any difference stops the bundle here.
 */
async function readBack(
  bundleDir: string,
  packages: BundlePackage[],
  progress: MediaProgressReporter,
  signal: AbortSignal | undefined,
): Promise<{ packages: { pkg: BundlePackage; proof: ProofLine[] }[]; route: ReadBackRoute }> {
  const results: { pkg: BundlePackage; proof: ProofLine[] }[] = [];
  const checks: PackageCheck[] = [];
  const bad: { file: string; problem: string }[] = [];
  for (const pkg of packages) {
    progress.start('verify', pkg.files[0]!.name);
    const check = await checkPackageFiles(bundleDir, pkg, { signal, onBytes: (n) => progress.add(n) });
    checks.push(check);
    const unreadable = check.files.find((c) => c.errno !== undefined);
    if (unreadable) {
      const error = Object.assign(new Error(unreadable.problem), { code: unreadable.errno });
      throw await toMediaError(error, { targetDir: bundleDir, file: unreadable.file.name, bytesRemaining: 0 });
    }
    const proof = proofLines(pkg, check);
    for (const line of proof) if (!line.ok) bad.push({ file: line.file, problem: line.problem ?? 'does not match' });
    results.push({ pkg, proof });
  }
  progress.finish();
  if (bad.length > 0) {
    const first = bad[0]!;
    throw new AppError(
      'CHECKSUM_MISMATCH',
      `Reading the bundle back from the drive failed: ${first.file} ${first.problem}${bad.length > 1 ? ` (and ${bad.length - 1} more)` : ''}.`,
      'The drive did not keep what was written; use another stick, then write the bundle again. Nothing on this one is marked good.',
      { proof: results.flatMap((r) => r.proof), bad },
    );
  }
  return { packages: results, route: readBackRoute(checks) };
}

/** manifest.json last, atomically; read back from the drive so the code shown is of the bytes on the media. */
async function writeManifest(bundleDir: string, manifest: BundleManifest, signal: AbortSignal | undefined): Promise<{ sha256: string; route: ReadBackRoute }> {
  const bytes = serializeManifest(manifest);
  const path = join(bundleDir, MANIFEST_FILE);
  try {
    await writeFileAtomic(path, bytes, { mode: 0o644, signal });
  } catch (error) {
    throw await toMediaError(error, { targetDir: bundleDir, file: MANIFEST_FILE, bytesRemaining: bytes.length });
  }
  const back = await readSmallFile(path, SMALL_FILE_MAX_BYTES, signal ? { signal } : {}).catch(async (error: unknown) => {
    throw await toMediaError(error, { targetDir: bundleDir, file: MANIFEST_FILE, bytesRemaining: 0 });
  });
  if (!back.bytes.equals(bytes)) {
    throw new AppError('CHECKSUM_MISMATCH', `Reading ${MANIFEST_FILE} back from the drive gave different bytes.`, 'Use another stick, then write the bundle again. Nothing on this one is marked good.', {
      file: MANIFEST_FILE,
    });
  }
  const route: ReadBackRoute = back.fromDrive ? { from: 'drive' } : { from: 'cache', ...(back.cacheReason !== undefined ? { reason: back.cacheReason } : {}) };
  return { sha256: sha256Of(back.bytes), route };
}
