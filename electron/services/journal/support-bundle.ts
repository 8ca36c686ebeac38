/**
 * The support bundle for the R5 support end (offered for any procedure): one zip in the vault
 * (kind `support-bundle`) holding the sealed journal, the procedure's diagnostics from the
 * vault, versions.json, the view and saved state, and manifest.json listing every file with
 * its size and SHA-256. Written atomically (yazl streams the zip into writeFileAtomic), then
 * hashed from disk by the vault; "Save as…" copies it where the operator wants it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { Site } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { SavedCopy, SupportBundle } from '../../../shared/journal-proof';
import { verifyJournal } from '../../../shared/journal-chain';
import { frontAppliance } from '../../../shared/sites';
import { writeFileAtomic } from '../fs/atomic-write';
import type { SavedFiles } from '../files/saved-files';
import type { Clock } from '../ports';
import type { ProcedureHost } from '../procedures/host';
import type { Vault } from '../vault/vault';
import { readmeText, versionsJson } from './bundle-contents';
import { takeAwayName, type JournalService } from './journal-service';
import { compactTime } from '../fs/compact-time';

export const SUPPORT_BUNDLE_FORMAT = 'appliance-upgrade-assistant/support-bundle/1';

export interface SupportBundleDeps {
  dataDir: string;
  appVersion: string;
  clock: Clock;
  vault: Vault;
  sites: { get(siteId: string): Promise<Site> };
  procedures: Pick<ProcedureHost, 'get' | 'whenIdle'>;
  journals: Pick<JournalService, 'sealed'>;
  savedFiles: Pick<SavedFiles, 'saveAs'>;
}

export interface SupportBundles {
  create(procedureId: string): Promise<SupportBundle>;
  /** "Save as…" for a bundle in the vault; undefined when the operator cancelled. */
  saveAs(procedureId: string, vaultId: string): Promise<SavedCopy | undefined>;
}

interface BundleFile {
  name: string;
  content: Buffer;
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** 20261202-153000: sortable and safe in file names. */

async function readIfThere(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function zipOf(files: readonly BundleFile[], mtime: Date): ZipFile {
  const zip = new ZipFile();
  for (const file of files) zip.addBuffer(file.content, file.name, { mtime, mode: 0o100600 });
  zip.end();
  return zip;
}

export function createSupportBundles(deps: SupportBundleDeps): SupportBundles {
  /** The procedure's diagnostics in the vault: named after it (`<random>-<procedureId>-…`), held by it, or named by its saved state. */
  async function diagnosticsOf(procedureId: string, context: unknown): Promise<{ files: BundleFile[]; missing: string[] }> {
    const files: BundleFile[] = [];
    const missing: string[] = [];
    const named = (context as { diagnostics?: { vaultId?: unknown } | null } | undefined)?.diagnostics?.vaultId;
    const entries = deps.vault
      .list({ kind: 'diagnostics' })
      .filter((e) => e.fileName.includes(`-${procedureId}-`) || e.heldBy.includes(procedureId) || e.id === named);
    for (const entry of entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      // Checked from disk first: a damaged diagnostics file goes in as "missing", never as good.
      const checked = await deps.vault.verify(entry.id);
      if (checked.state !== 'ok') {
        missing.push(`${entry.fileName} (${checked.state === 'missing' ? 'no longer on disk' : 'damaged: its SHA-256 no longer matches'})`);
        continue;
      }
      files.push({ name: `diagnostics/${entry.fileName}`, content: await readFile(deps.vault.filePath(entry.id)) });
    }
    return { files, missing };
  }

  return {
    async create(procedureId) {
      const view = deps.procedures.get(procedureId);
      await deps.procedures.whenIdle();
      const createdAt = new Date(deps.clock.now()).toISOString();
      const site = view.siteId ? await deps.sites.get(view.siteId).catch(() => undefined) : undefined;
      const journal = await deps.journals.sealed(procedureId);
      const snapshot = await readIfThere(join(deps.dataDir, 'procedures', procedureId, 'snapshot.json'));
      const context = snapshot ? (JSON.parse(snapshot.toString('utf8')) as { context?: unknown }).context : undefined;
      const diagnostics = await diagnosticsOf(procedureId, context);

      const files: BundleFile[] = [
        { name: 'README.txt', content: Buffer.from(readmeText(view, diagnostics.files.length), 'utf8') },
        { name: 'journal.jsonl', content: journal.bytes },
        ...diagnostics.files,
        { name: 'versions.json', content: Buffer.from(versionsJson({ appVersion: deps.appVersion, view, site, context, createdAt }), 'utf8') },
        { name: 'procedure-view.json', content: Buffer.from(JSON.stringify(view, null, 2), 'utf8') },
        ...(snapshot ? [{ name: 'procedure-snapshot.json', content: snapshot }] : []),
      ];
      const listed = files.map((f) => ({ name: f.name, size: f.content.length, sha256: sha256(f.content) }));
      const proof = verifyJournal(journal.bytes);
      const manifest = {
        format: SUPPORT_BUNDLE_FORMAT,
        procedureId,
        kind: view.kind,
        site: view.siteName,
        createdAt,
        journal: { lines: journal.lines, head: journal.head, chainIntact: proof.ok, problems: proof.problems },
        files: listed,
        ...(diagnostics.missing.length > 0 ? { missingDiagnostics: diagnostics.missing } : {}),
      };
      files.push({ name: 'manifest.json', content: Buffer.from(JSON.stringify(manifest, null, 2), 'utf8') });

      const siteKey = view.siteId || 'connected-side';
      const path = await deps.vault.reservePath('support-bundle', siteKey, `${procedureId}-${compactTime(createdAt)}-support.zip`);
      // yazl's output is a Node PassThrough (typed as the older NodeJS.ReadableStream).
      await writeFileAtomic(path, zipOf(files, new Date(createdAt)).outputStream as Readable);
      const front = site ? frontAppliance(site) : undefined;
      const entry = await deps.vault.add({
        kind: 'support-bundle',
        siteId: siteKey,
        siteName: view.siteName,
        appliance: front?.lastReport?.hostname ?? front?.applianceUrl ?? 'none',
        version: front?.lastReport?.version ?? 'unknown',
        path,
        createdAt,
      });
      return { vaultId: entry.id, path: deps.vault.filePath(entry.id), fileName: entry.fileName, size: entry.size, sha256: entry.sha256, createdAt, files: listed, missing: diagnostics.missing };
    },

    async saveAs(procedureId, vaultId) {
      const view = deps.procedures.get(procedureId);
      const entry = deps.vault.get(vaultId);
      if (entry.kind !== 'support-bundle') {
        throw new AppError('INVALID_INPUT', 'That vault file is not a support bundle.', 'Create the support bundle first, then save it.');
      }
      const checked = await deps.vault.verify(vaultId);
      if (checked.state !== 'ok') {
        throw new AppError('CHECKSUM_MISMATCH', `The support bundle ${entry.fileName} in the vault is ${checked.state === 'missing' ? 'gone' : 'damaged'}, so it was not copied.`, 'Create the support bundle again.');
      }
      const content = await readFile(deps.vault.filePath(vaultId));
      return deps.savedFiles.saveAs({ title: 'Save the support bundle', suggestedName: takeAwayName(view, 'support.zip'), extensions: ['zip'], content });
    },
  };
}
