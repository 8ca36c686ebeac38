/**
 * The download key file: written by the restricted side onto the stick, read on the connected
 * side to download the right packages. Written atomically and read back; a malformed file is
 * reported with its reason, never dropped silently (the person would think none was written).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { safeFileName, sha256Of } from './bundle-manifest';
import { toMediaError } from './media-errors';
import { foldersBelow } from './media-scan';
import { KEY_FILE_SUFFIX, type DownloadKeyFile } from './types';

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
    const back = await readFile(path);
    if (!back.equals(bytes)) {
      throw new AppError('CHECKSUM_MISMATCH', 'Reading the key file back from the drive gave different bytes.', 'Use another stick, then write the key file again.', { path });
    }
    return { path, sha256: sha256Of(back) };
  } catch (error) {
    throw await toMediaError(error, { targetDir: dir, file: path, bytesRemaining: bytes.length });
  }
}

/** Key files on a drive or below a folder; each unreadable or malformed one comes with its reason. */
export async function readKeyFiles(rootDir: string): Promise<FoundKeyFile[]> {
  const found: FoundKeyFile[] = [];
  for (const dir of await foldersBelow(rootDir, SEARCH_DEPTH)) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.endsWith(KEY_FILE_SUFFIX)).map((e) => e.name);
    for (const name of names.sort()) found.push(await readKeyFile(join(dir, name)));
  }
  return found;
}

async function readKeyFile(path: string): Promise<FoundKeyFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
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
