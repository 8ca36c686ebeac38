/**
 * The download key file: written by the restricted side onto the stick, read on the connected
 * side to download the right packages. Written atomically and read back from the drive itself
 * (fs/direct-read); a malformed, oversized or non-file entry is reported with its reason, never
 * dropped silently (the person would think none was written) and never opened when it is a
 * pipe, device, socket or link.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

import { writeFileAtomic } from '../fs/atomic-write';
import { FileTooLargeError, NotAPlainFileError, readSmallFile } from '../fs/direct-read';
import { safeFileName, sha256Of } from './bundle-manifest';
import { toMediaError } from './media-errors';
import { foldersBelow, ScanBudget, type ScanOptions } from './media-scan';
import { CACHE_READ_NOTE, KEY_FILE_SUFFIX, SMALL_FILE_MAX_BYTES, type DownloadKeyFile, type ReadBackRoute } from './types';
import { formatBytes } from '../../../shared/sizes';

const SEARCH_DEPTH = 2;

export const downloadKeyFileSchema = z.object({
  format: z.literal('aua-download-key/1'),
  key: z.string().min(1),
  siteName: z.string().min(1),
  siteHostname: z.string().min(1),
  applianceSerial: z.string().min(1),
  applianceHostname: z.string().min(1),
  siteVersion: z.string().min(1),
  baseVersion: z.string().min(1),
  generatedAt: z.string().min(1),
  generatedBy: z.string().min(1),
  procedureId: z.string().min(1),
});

export interface WrittenKeyFile {
  path: string;
  sha256: string;
  /** How the key file was read back; "cache" means the stick must be re-inserted to prove it. */
  readBack: ReadBackRoute;
  /** CACHE_READ_NOTE when it was read back through the cache. */
  note?: string;
}

export type FoundKeyFile = { ok: true; path: string; keyFile: DownloadKeyFile } | { ok: false; path: string; problem: string };

export function keyFileName(keyFile: Pick<DownloadKeyFile, 'siteName' | 'applianceSerial'>): string {
  return `${safeFileName(`${keyFile.siteName}-${keyFile.applianceSerial}`)}${KEY_FILE_SUFFIX}`;
}

export async function writeKeyFile(dir: string, keyFile: DownloadKeyFile): Promise<WrittenKeyFile> {
  const parsed = downloadKeyFileSchema.safeParse(keyFile);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `The download key file is incomplete: ${issue?.path.join('.') ?? 'a field'} ${issue?.message ?? 'is not valid'}.`, 'Generate the download key again, then write the key file.');
  }
  const path = join(dir, keyFileName(keyFile));
  const bytes = Buffer.from(`${JSON.stringify(parsed.data, null, 2)}\n`, 'utf8');
  try {
    await writeFileAtomic(path, bytes, { mode: 0o644 });
    const back = await readSmallFile(path, SMALL_FILE_MAX_BYTES);
    if (!back.bytes.equals(bytes)) {
      throw new AppError('CHECKSUM_MISMATCH', `Reading the key file ${keyFileName(keyFile)} back from the drive gave different bytes.`, 'Use another stick, then write the key file again.', { path });
    }
    if (back.fromDrive) return { path, sha256: sha256Of(back.bytes), readBack: { from: 'drive' } };
    return { path, sha256: sha256Of(back.bytes), readBack: { from: 'cache', ...(back.cacheReason !== undefined ? { reason: back.cacheReason } : {}) }, note: CACHE_READ_NOTE };
  } catch (error) {
    throw await toMediaError(error, { targetDir: dir, file: path, bytesRemaining: bytes.length });
  }
}

/**
 * Key files on a drive or below a folder; each unreadable, malformed or unsafe one comes with its
 * reason. Cancellable, and bounded in time (CANCELLED / TIMEOUT).
 */
export async function readKeyFiles(rootDir: string, options: ScanOptions = {}): Promise<FoundKeyFile[]> {
  const budget = new ScanBudget(rootDir, options);
  const found: FoundKeyFile[] = [];
  for (const dir of await foldersBelow(rootDir, SEARCH_DEPTH, budget)) {
    const entries = await budget.run(readdir(dir, { withFileTypes: true })).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      return [];
    });
    // Every entry with the key file's name is looked at, so a pipe or link posing as one is reported.
    const names = entries.filter((e) => !e.isDirectory() && !e.name.startsWith('.') && e.name.endsWith(KEY_FILE_SUFFIX)).map((e) => e.name);
    for (const name of names.sort()) found.push(await budget.run(readKeyFile(join(dir, name))));
  }
  return found;
}

/** One key file's contents, or why it cannot be used. */
async function readKeyFile(path: string): Promise<FoundKeyFile> {
  let text: string;
  try {
    text = (await readSmallFile(path, SMALL_FILE_MAX_BYTES)).bytes.toString('utf8');
  } catch (error) {
    if (error instanceof NotAPlainFileError) return { ok: false, path, problem: `is ${error.what}, not a file, so it was not opened` };
    if (error instanceof FileTooLargeError) return { ok: false, path, problem: `is ${formatBytes(error.size)}, far more than the ${formatBytes(error.limit)} a key file may be, so it was not read` };
    return { ok: false, path, problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, path, problem: 'is not valid JSON (damaged or cut short)' };
  }
  const parsed = downloadKeyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    return { ok: false, path, problem: `${where} ${issue?.message ?? 'is not valid'}` };
  }
  return { ok: true, path, keyFile: parsed.data };
}
