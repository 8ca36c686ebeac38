/**
 * What the vault does at start-up so that nothing is lost and nothing is left behind: an
 * unreadable index is set aside and rebuilt from the files on disk (hashes recomputed,
 * nothing deleted), and stray files (partial downloads, temporary files of an interrupted
 * run) that no index entry and no unfinished procedure names are listed and removed.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { vaultEntrySchema, vaultKindSchema } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import { toDiskError } from '../fs/atomic-write';
import { hashFile } from '../fs/hashing';
import { setAside } from '../fs/set-aside';

export const INDEX_FILE = 'index.json';
export const VAULT_JOURNAL_FILE = 'journal.jsonl';
/** The head record of the vault's journal (see procedures/journal.ts). */
export const VAULT_JOURNAL_HEAD_FILE = 'journal.head.json';

export const storedEntrySchema = vaultEntrySchema.extend({ relPath: z.string() });
export type StoredEntry = z.infer<typeof storedEntrySchema>;
const indexSchema = z.object({ version: z.literal(1), entries: z.array(storedEntrySchema) });

/** The vault's own files, never swept and never indexed (index.json, its journal and head record, set-aside indexes). */
function isVaultOwnFile(relPath: string): boolean {
  return relPath === INDEX_FILE || relPath === VAULT_JOURNAL_FILE || relPath === VAULT_JOURNAL_HEAD_FILE || /^index\.corrupt-[^/\\]+\.json$/.test(relPath);
}

/** Files still being written: never indexed by a rebuild, swept when nothing names them. */
function isUnfinished(relPath: string): boolean {
  const name = basename(relPath);
  return name.endsWith('.part') || /^\..+\.tmp$/.test(name);
}

/** Every file under the vault, as paths relative to it (forward order, no folders). */
async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(folder: string): Promise<void> {
    for (const item of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, item.name);
      if (item.isDirectory()) await walk(path);
      else if (item.isFile()) found.push(relative(dir, path));
    }
  }
  await walk(dir);
  return found.sort();
}

export interface LoadedIndex {
  entries: StoredEntry[];
  /** Set when the index had to be rebuilt: it must be written, and the operator told. */
  rebuilt?: { warning: AppErrorShape; asidePath?: string };
}

export async function loadOrRebuildIndex(dir: string, nowMs: number): Promise<LoadedIndex> {
  const indexPath = join(dir, INDEX_FILE);
  let text: string | undefined;
  try {
    text = await readFile(indexPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toDiskError(error, indexPath);
  }
  if (text !== undefined) {
    const parsed = indexSchema.safeParse(safeJson(text));
    if (parsed.success) return { entries: parsed.data.entries };
  }
  const entries = await rebuildEntries(dir, nowMs);
  // No index and no files: a new vault, nothing to say.
  if (text === undefined && entries.length === 0) return { entries };
  const asidePath = text !== undefined ? await setAside(indexPath, nowMs) : undefined;
  const why = asidePath ? `The vault index could not be read; it was kept as ${basename(asidePath)}` : 'The vault index was missing';
  return {
    entries,
    rebuilt: {
      asidePath,
      warning: {
        code: 'VAULT_INDEX_REBUILT',
        message: `${why}, so it was rebuilt from the ${entries.length} file${entries.length === 1 ? '' : 's'} in the vault, each hashed again. Nothing was deleted.`,
        hint: 'Site names, appliance and version of these files are unknown until you check them; their holds by procedures are gone, so keep files you still need before removing any.',
      },
    },
  };
}

async function rebuildEntries(dir: string, nowMs: number): Promise<StoredEntry[]> {
  const entries: StoredEntry[] = [];
  const now = new Date(nowMs).toISOString();
  for (const relPath of await listFiles(dir)) {
    if (isVaultOwnFile(relPath) || isUnfinished(relPath)) continue;
    const [kindFolder, siteFolder] = relPath.split(sep);
    const kind = vaultKindSchema.safeParse(kindFolder);
    const path = join(dir, relPath);
    const [found, info] = await Promise.all([hashFile(path), stat(path)]);
    if (found.size === 0) continue;
    entries.push({
      id: randomUUID(),
      kind: kind.success ? kind.data : 'diagnostics',
      siteId: siteFolder ?? '',
      siteName: siteFolder ?? '',
      appliance: 'unknown',
      version: 'unknown',
      createdAt: info.mtime.toISOString(),
      size: found.size,
      sha256: found.sha256,
      fileName: basename(relPath),
      heldBy: [],
      lastVerifiedAt: now,
      state: 'ok',
      relPath,
    });
  }
  return entries;
}

export interface SweepResult {
  /** Removed: named by no index entry and no unfinished procedure. */
  removed: string[];
  /** Not in the index but named by an unfinished procedure (e.g. a download it will continue). */
  kept: string[];
}

/**
 * Removes every file under the vault that the index does not record and `namedByProcedure`
 * does not claim. Runs before procedures resume, so no download of this run is in flight.
 */
export async function sweepStrays(dir: string, indexed: ReadonlySet<string>, namedByProcedure: (fileName: string) => boolean): Promise<SweepResult> {
  const result: SweepResult = { removed: [], kept: [] };
  for (const relPath of await listFiles(dir)) {
    if (isVaultOwnFile(relPath) || indexed.has(relPath)) continue;
    if (namedByProcedure(basename(relPath))) {
      result.kept.push(relPath);
      continue;
    }
    await unlink(join(dir, relPath)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw toDiskError(error, relPath);
    });
    result.removed.push(relPath);
  }
  return result;
}

export function sweepWarning(result: SweepResult): AppErrorShape | undefined {
  if (result.removed.length === 0 && result.kept.length === 0) return undefined;
  const parts: string[] = [];
  if (result.removed.length > 0) parts.push(`removed ${result.removed.length} leftover file${result.removed.length === 1 ? '' : 's'} that nothing refers to (${result.removed.join(', ')})`);
  if (result.kept.length > 0) parts.push(`kept ${result.kept.length} unfinished file${result.kept.length === 1 ? '' : 's'} that a procedure in progress continues (${result.kept.join(', ')})`);
  return {
    code: 'VAULT_CLEANED',
    message: `At start-up the vault ${parts.join(' and ')}.`,
    hint: `These were partial downloads or temporary files of an interrupted run; recorded files were not touched. Each removal is written in ${VAULT_JOURNAL_FILE} in the vault folder.`,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
