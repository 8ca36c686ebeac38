/**
 * The restricted side: find bundles on a stick and prove one before anything is uploaded.
 * The proof has a line for every file (not just the first failure), so the person at the rack
 * can see exactly which file is damaged, and the appliance is checked before any hashing.
 */
import { join } from 'node:path';
import { AppError, isAppError } from '../../../shared/errors';

import { FileTooLargeError, NotAPlainFileError, readSmallFile } from '../fs/direct-read';
import { systemClock, type Clock } from '../ports';
import { digestCode, invalidManifest, parseManifest, sha256Of } from './bundle-manifest';
import { cancelled, isDriveGone, mediaRemoved } from './media-errors';
import { MediaProgressReporter, type MediaProgressListener } from './media-progress';
import { foldersBelow, ScanBudget, type ScanOptions } from './media-scan';
import { checkPackageFiles, proofLines, readBackRoute, type PackageCheck } from './package-check';
import { MANIFEST_FILE, SMALL_FILE_MAX_BYTES, type BundleManifest, type BundleResult, type ProofLine } from './types';
import { formatBytes } from '../../../shared/sizes';
import { countOf } from '../../../shared/counting';

/** How far below a drive's root bundles are looked for (root/bundle, root/folder/bundle). */
const SEARCH_DEPTH = 2;

export interface BundleSummary {
  ok: true;
  bundleDir: string;
  bundleId: string;
  serial: string;
  hostname?: string;
  siteName?: string;
  packageCount: number;
  totalSize: number;
  createdAt: string;
  digestCode: string;
  manifestSha256: string;
}

/** A folder with a manifest that cannot be read: shown, so nobody wonders where the bundle went. */
export interface UnreadableBundle {
  ok: false;
  bundleDir: string;
  problem: string;
}

export type FoundBundle = BundleSummary | UnreadableBundle;

/**
 * Bundle folders on a drive or below a folder, newest first; damaged ones are listed with the
 * reason. Cancellable, and bounded in time (CANCELLED / TIMEOUT).
 */
export async function findBundles(rootDir: string, options: ScanOptions = {}): Promise<FoundBundle[]> {
  const budget = new ScanBudget(rootDir, options);
  const found: FoundBundle[] = [];
  for (const dir of await foldersBelow(rootDir, SEARCH_DEPTH, budget)) {
    let bytes: Buffer;
    try {
      bytes = await budget.run(readManifestBytes(dir));
    } catch (error) {
      if (isAppError(error) && error.code !== 'BUNDLE_INVALID') throw error;
      const code = (error as AppError).details?.errno;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') found.push({ ok: false, bundleDir: dir, problem: (error as Error).message });
      continue;
    }
    try {
      found.push(summarise(dir, parseManifest(bytes, dir), sha256Of(bytes)));
    } catch (error) {
      found.push({ ok: false, bundleDir: dir, problem: (error as Error).message });
    }
  }
  return found.sort((a, b) => (a.ok && b.ok ? b.createdAt.localeCompare(a.createdAt) : a.ok ? -1 : b.ok ? 1 : 0));
}

function summarise(bundleDir: string, manifest: BundleManifest, manifestSha256: string): BundleSummary {
  const summary: BundleSummary = {
    ok: true,
    bundleDir,
    bundleId: manifest.bundleId,
    serial: manifest.appliance.serial,
    packageCount: manifest.packages.length,
    totalSize: manifest.packages.reduce((sum, p) => sum + p.size, 0),
    createdAt: manifest.createdAt,
    digestCode: digestCode(manifestSha256),
    manifestSha256,
  };
  if (manifest.appliance.hostname !== undefined) summary.hostname = manifest.appliance.hostname;
  if (manifest.appliance.siteName !== undefined) summary.siteName = manifest.appliance.siteName;
  return summary;
}

export interface VerifyBundleOptions {
  /** Serial of the appliance the bundle must be for; refused before any file is hashed. */
  expectSerial?: string;
  signal?: AbortSignal;
  onProgress?: MediaProgressListener;
  clock?: Clock;
}

/** What a failed verification carries in AppError.details: the whole proof, every file. */
export interface BundleInvalidDetails {
  bundleDir: string;
  proof: ProofLine[];
  manifestSha256: string;
  digestCode: string;
}

/**
 * Reads every file of the bundle back and compares it with the manifest. Resolves only when
 * all match; otherwise BUNDLE_INVALID with the full proof in `details`.
 */
export async function verifyBundle(bundleDir: string, options: VerifyBundleOptions = {}): Promise<BundleResult> {
  const { signal } = options;
  const bytes = await readManifestBytes(bundleDir);
  const manifest = parseManifest(bytes, bundleDir);
  if (options.expectSerial !== undefined && manifest.appliance.serial !== options.expectSerial) {
    const host = manifest.appliance.hostname ? ` (${manifest.appliance.hostname})` : '';
    throw new AppError(
      'BUNDLE_WRONG_APPLIANCE',
      `This bundle was written for appliance ${manifest.appliance.serial}${host}, but this procedure is for appliance ${options.expectSerial}.`,
      `Find the bundle written for ${options.expectSerial}, or write one on the connected side from this appliance's key file. Nothing was uploaded.`,
      { bundleDir, bundleSerial: manifest.appliance.serial, expectedSerial: options.expectSerial },
    );
  }
  const manifestSha256 = sha256Of(bytes);
  const code = digestCode(manifestSha256);

  const clock = options.clock ?? systemClock;
  const total = manifest.packages.reduce((sum, p) => sum + p.size, 0);
  const progress = new MediaProgressReporter(total, options.onProgress, clock.now.bind(clock));
  const proof: ProofLine[] = [];
  const checks: PackageCheck[] = [];
  for (const pkg of manifest.packages) {
    progress.start('verify', pkg.files[0]!.name);
    const check = await checkPackageFiles(bundleDir, pkg, { signal, onBytes: (n) => progress.add(n) }).catch((error: unknown) => {
      throw signal?.aborted ? cancelled('verify') : error;
    });
    checks.push(check);
    // A drive that vanished is not a damaged bundle: say so, so the person re-seats it.
    const gone = check.files.find((c) => c.errno !== undefined && c.errno !== 'ENOENT');
    if (gone) throw mediaRemoved(gone.file.name, gone.problem);
    proof.push(...proofLines(pkg, check));
  }
  progress.finish();

  const bad = proof.filter((line) => !line.ok);
  if (bad.length > 0) {
    const first = bad[0]!;
    const details: BundleInvalidDetails = { bundleDir, proof, manifestSha256, digestCode: code };
    throw new AppError(
      'BUNDLE_INVALID',
      `The bundle cannot be used: ${first.file} ${first.problem ?? 'does not match'}${bad.length > 1 ? `, and ${countOf(bad.length - 1, 'more file is', 'more files are')} wrong` : ''}.`,
      'Do not upload anything from this stick. Write the bundle again on the connected side, compare its code, and bring the new stick.',
      { ...details },
    );
  }
  return { bundleDir, manifest, manifestSha256, digestCode: code, proof, readBack: readBackRoute(checks) };
}

/** The manifest as it is on the media now, parsed (BUNDLE_INVALID naming what is wrong). */
export async function readManifestFile(bundleDir: string): Promise<BundleManifest> {
  return parseManifest(await readManifestBytes(bundleDir), bundleDir);
}

/**
 * manifest.json's bytes, from the drive. Its entry is checked first: a pipe, device, socket or
 * link is refused without being opened, and a file over 1 MiB without being read.
 */
async function readManifestBytes(bundleDir: string): Promise<Buffer> {
  try {
    return (await readSmallFile(join(bundleDir, MANIFEST_FILE), SMALL_FILE_MAX_BYTES)).bytes;
  } catch (error) {
    if (error instanceof NotAPlainFileError) throw invalidManifest(bundleDir, `it is ${error.what}, not a file, so it was not opened`);
    if (error instanceof FileTooLargeError) {
      throw invalidManifest(bundleDir, `it is ${formatBytes(error.size)}, far more than the ${formatBytes(error.limit)} a manifest may be, so it was not read`);
    }
    const errno = (error as NodeJS.ErrnoException).code;
    // A drive that vanished is not a damaged bundle: say so, so the person re-seats it.
    if (isDriveGone(errno)) throw mediaRemoved(MANIFEST_FILE, (error as Error).message);
    if (errno === 'ENOENT') throw invalidManifest(bundleDir, 'it is missing, so the bundle was never finished or the wrong folder was chosen', { errno });
    throw invalidManifest(bundleDir, `it cannot be read (${errno ?? 'unknown error'})`, { errno });
  }
}
