/**
 * The local vault: backups, certificates, packages and diagnostics kept on the technician's
 * disk, each hashed and re-verified from disk before it counts as good (R1, R7). The folder
 * is private (0700, files 0600) and the index is replaced atomically on every change.
 */
import { randomUUID } from 'node:crypto';
import { chmod, unlink } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { VaultCertificate, VaultEntry, VaultKind } from '../../../shared/domain';
import { AppError, type AppErrorShape } from '../../../shared/errors';
import type { Clock } from '../ports';
import { fsyncPath, makeDirDurable, toDiskError, writeFileAtomic } from '../fs/atomic-write';
import { hashFile } from '../fs/hashing';
import { openJournal } from '../procedures/journal';
import { INDEX_FILE, loadOrRebuildIndex, sweepStrays, sweepWarning, VAULT_JOURNAL_FILE, VAULT_JOURNAL_HEAD_FILE, type StoredEntry } from './vault-recovery';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export interface VaultOptions {
  dir: string;
  clock: Clock;
}

export interface VaultAddInput {
  kind: VaultKind;
  siteId: string;
  siteName: string;
  appliance: string;
  version: string;
  /** A file inside the vault, normally from reservePath(). */
  path: string;
  /** When the content was produced (ISO); defaults to now. */
  createdAt?: string;
  /** Hash and size computed while streaming; the file on disk must match them. */
  sha256?: string;
  size?: number;
  /** Kind `certificate`: the public facts of the file's leaf, from an inspection. */
  certificate?: VaultCertificate;
}

export interface VaultFilter {
  siteId?: string;
  kind?: VaultKind;
  heldBy?: string;
}

export interface Vault {
  readonly dir: string;
  /** Found while opening: the index was unreadable or missing and was rebuilt (VAULT_INDEX_REBUILT). */
  readonly startupWarnings: readonly AppErrorShape[];
  /**
   * Start-up, before procedures resume: removes files no index entry names and that
   * `namedByProcedure` does not claim (by file name), journals each removal, and returns the
   * VAULT_CLEANED warning listing what was removed and kept (undefined when nothing was stray).
   */
  sweepStrays(namedByProcedure: (fileName: string) => boolean): Promise<AppErrorShape | undefined>;
  /** Resolves once every index write started so far is on disk. */
  whenIdle(): Promise<void>;
  /** A fresh destination inside the vault for a file being written (e.g. a streaming download). */
  reservePath(kind: VaultKind, siteId: string, fileName: string): Promise<string>;
  /** Hashes the file from disk and records it; rejects with CHECKSUM_MISMATCH when it differs from the streamed hash. */
  add(input: VaultAddInput): Promise<VaultEntry>;
  list(filter?: VaultFilter): VaultEntry[];
  get(id: string): VaultEntry;
  /** Absolute path of an entry's file. */
  filePath(id: string): string;
  /** Re-hashes the file from disk and records ok / missing / corrupt. */
  verify(id: string, signal?: AbortSignal): Promise<VaultEntry>;
  /** Records (or replaces) a certificate entry's inspected facts, e.g. after a re-inspection. */
  recordCertificate(id: string, certificate: VaultCertificate): Promise<VaultEntry>;
  hold(id: string, procedureId: string): Promise<VaultEntry>;
  /** Drops every hold of a procedure; returns the ids it released. */
  release(procedureId: string): Promise<string[]>;
  /** Deletes an entry and its file; refuses with VAULT_IN_USE while any procedure holds it. */
  remove(id: string): Promise<void>;
}

export async function createVault(options: VaultOptions): Promise<Vault> {
  const dir = resolve(options.dir);
  const { clock } = options;
  await ensurePrivateDir(dir);
  const indexPath = join(dir, INDEX_FILE);
  const journal = openJournal(join(dir, VAULT_JOURNAL_FILE));
  const loaded = await loadOrRebuildIndex(dir, clock.now());
  const entries = new Map<string, StoredEntry>(loaded.entries.map((e) => [e.id, e]));
  // Index writes are serialised so two concurrent changes never lose one another.
  let writing: Promise<void> = Promise.resolve();

  const nowIso = () => new Date(clock.now()).toISOString();

  function persist(): Promise<void> {
    const body = JSON.stringify({ version: 1, entries: [...entries.values()] }, null, 2);
    const next = writing.then(() => writeFileAtomic(indexPath, body, { mode: FILE_MODE }));
    writing = next.catch(() => undefined);
    return next;
  }

  function find(id: string): StoredEntry {
    const entry = entries.get(id);
    if (!entry) {
      throw new AppError('NOT_FOUND', 'That file is not in the vault.', 'Refresh the vault list; the file may have been removed.', { id });
    }
    return entry;
  }

  function insideVault(path: string): string {
    const abs = resolve(path);
    const rel = relative(dir, abs);
    if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || rel === INDEX_FILE || rel === VAULT_JOURNAL_FILE || rel === VAULT_JOURNAL_HEAD_FILE) {
      throw new AppError('INVALID_INPUT', 'Only files inside the vault folder can be added to the vault.', 'Reserve a vault path first and write the file there.', { path });
    }
    return rel;
  }

  if (loaded.rebuilt) {
    await persist();
    await journal.append({ at: nowIso(), who: 'assistant', step: 'vault', event: 'INDEX_REBUILT', outcome: 'info', detail: loaded.rebuilt.warning.message });
  }

  return {
    dir,
    startupWarnings: loaded.rebuilt ? [loaded.rebuilt.warning] : [],

    async sweepStrays(namedByProcedure) {
      const indexed = new Set([...entries.values()].map((e) => e.relPath));
      const result = await sweepStrays(dir, indexed, namedByProcedure);
      for (const relPath of result.removed) {
        await journal.append({ at: nowIso(), who: 'assistant', step: 'vault', event: 'STRAY_REMOVED', outcome: 'info', detail: `${relPath}: named by no vault entry and no unfinished procedure` });
      }
      return sweepWarning(result);
    },

    async whenIdle() {
      await writing;
    },

    async reservePath(kind, siteId, fileName) {
      const folder = join(dir, kind, safeName(siteId));
      await ensurePrivateDir(join(dir, kind));
      await ensurePrivateDir(folder);
      const name = safeName(basename(fileName));
      // A short random prefix keeps two files of the same name (e.g. backups in one second) apart.
      return join(folder, `${randomUUID().slice(0, 8)}-${name}`);
    },

    async add(input) {
      const relPath = insideVault(input.path);
      let found;
      try {
        found = await hashFile(input.path);
        await fsyncPath(input.path);
        await chmod(input.path, FILE_MODE);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new AppError('VAULT_FILE_MISSING', `The file ${basename(input.path)} was not found in the vault.`, 'The download may not have finished. Run the step again.');
        }
        throw toDiskError(error, input.path);
      }
      const expectedHash = input.sha256?.toLowerCase();
      if ((expectedHash !== undefined && expectedHash !== found.sha256) || (input.size !== undefined && input.size !== found.size)) {
        await unlink(input.path).catch(() => undefined);
        throw new AppError(
          'CHECKSUM_MISMATCH',
          `The file ${basename(input.path)} on disk does not match what was received, so it was not kept.`,
          'The copy on disk is incomplete or damaged. Run the step again to fetch a fresh copy.',
          { expected: { sha256: expectedHash, size: input.size }, found },
        );
      }
      if (found.size === 0) {
        await unlink(input.path).catch(() => undefined);
        throw new AppError('DISK_ERROR', `The file ${basename(input.path)} is empty, so it was not kept.`, 'Run the step again; an empty file is never a usable copy.');
      }
      const now = nowIso();
      const entry: StoredEntry = {
        id: randomUUID(),
        kind: input.kind,
        siteId: input.siteId,
        siteName: input.siteName,
        appliance: input.appliance,
        version: input.version,
        createdAt: input.createdAt ?? now,
        size: found.size,
        sha256: found.sha256,
        fileName: basename(input.path),
        heldBy: [],
        lastVerifiedAt: now,
        state: 'ok',
        ...(input.certificate ? { certificate: { ...input.certificate } } : {}),
        relPath,
      };
      entries.set(entry.id, entry);
      await persist();
      return publicEntry(entry);
    },

    list(filter = {}) {
      return [...entries.values()]
        .filter((e) => (filter.siteId === undefined || e.siteId === filter.siteId) && (filter.kind === undefined || e.kind === filter.kind) && (filter.heldBy === undefined || e.heldBy.includes(filter.heldBy)))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map(publicEntry);
    },

    get(id) {
      return publicEntry(find(id));
    },

    filePath(id) {
      return join(dir, find(id).relPath);
    },

    async verify(id, signal) {
      const entry = find(id);
      const path = join(dir, entry.relPath);
      let state: VaultEntry['state'];
      try {
        const found = await hashFile(path, signal);
        state = found.sha256 === entry.sha256 && found.size === entry.size ? 'ok' : 'corrupt';
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toDiskError(error, path);
        state = 'missing';
      }
      entry.state = state;
      entry.lastVerifiedAt = nowIso();
      await persist();
      return publicEntry(entry);
    },

    async recordCertificate(id, certificate) {
      const entry = find(id);
      if (entry.kind !== 'certificate') {
        throw new AppError('INVALID_INPUT', `${entry.fileName} is not a certificate file.`, 'Choose a certificate file from the vault.', { id });
      }
      entry.certificate = { ...certificate };
      await persist();
      return publicEntry(entry);
    },

    async hold(id, procedureId) {
      const entry = find(id);
      if (!entry.heldBy.includes(procedureId)) {
        entry.heldBy = [...entry.heldBy, procedureId];
        await persist();
      }
      return publicEntry(entry);
    },

    async release(procedureId) {
      const released: string[] = [];
      for (const entry of entries.values()) {
        if (entry.heldBy.includes(procedureId)) {
          entry.heldBy = entry.heldBy.filter((p) => p !== procedureId);
          released.push(entry.id);
        }
      }
      if (released.length > 0) await persist();
      return released;
    },

    async remove(id) {
      const entry = find(id);
      if (entry.heldBy.length > 0) {
        throw new AppError(
          'VAULT_IN_USE',
          `${entry.fileName} is still needed by procedure ${entry.heldBy.join(', ')} and was not deleted.`,
          'Finish or close that procedure first; its files are released once its outcome is verified.',
          { heldBy: entry.heldBy },
        );
      }
      const path = join(dir, entry.relPath);
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw toDiskError(error, path);
      });
      entries.delete(id);
      await persist();
    },
  };
}

function publicEntry(entry: StoredEntry): VaultEntry {
  const { relPath: _relPath, ...rest } = entry;
  return { ...rest, heldBy: [...rest.heldBy], ...(rest.certificate ? { certificate: { ...rest.certificate, subjectAltNames: [...rest.certificate.subjectAltNames] } } : {}) };
}

/** A private folder, fsynced into its parent when new so it survives a power cut. */
async function ensurePrivateDir(path: string): Promise<void> {
  await makeDirDurable(path, DIR_MODE);
}

/** One path segment with no separators or leading dots, so ids and names cannot escape the vault. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return cleaned.length > 0 ? cleaned.slice(0, 120) : 'file';
}
