import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJournal } from '../../../../../electron/services/procedures/journal';
import { verifyJournal } from '../../../../../shared/journal-chain';
import { createVault, type Vault } from '../../../../../electron/services/vault';

let root: string;
let dir: string;
const now = Date.parse('2026-12-01T20:41:00.500Z');
const clock = { now: () => now };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vault-recovery-'));
  dir = join(root, 'vault');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const fields = { kind: 'backup' as const, siteId: 'site-1', siteName: 'Support', appliance: 'appliance-a', version: '23.1.1' };
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

async function addFile(vault: Vault, content: string, name = 'a.nsb') {
  const path = await vault.reservePath('backup', 'site-1', name);
  await writeFile(path, content);
  return vault.add({ ...fields, path });
}

async function put(relPath: string, content: string): Promise<string> {
  const path = join(dir, relPath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return path;
}

describe('vault index that cannot be read', () => {
  it('is kept aside under a dated name and rebuilt from the files on disk, hashes recomputed, nothing deleted', async () => {
    const vault = await createVault({ dir, clock });
    const a = await addFile(vault, 'backup one');
    const b = await addFile(vault, 'backup two', 'b.nsb');
    const part = await put('package/site-1/P2-fetch-x-site-23.part', 'half a package');
    await writeFile(join(dir, 'index.json'), '{"version":1,"entries":[{"id":');

    const reopened = await createVault({ dir, clock });
    expect(reopened.startupWarnings).toEqual([
      { code: 'VAULT_INDEX_REBUILT', message: expect.stringContaining('index.corrupt-2026-12-01T20-41-00Z.json'), hint: expect.any(String) },
    ]);
    expect(await readFile(join(dir, 'index.corrupt-2026-12-01T20-41-00Z.json'), 'utf8')).toBe('{"version":1,"entries":[{"id":');
    const listed = reopened.list().map((e) => [e.kind, e.siteId, e.fileName, e.sha256, e.state]);
    expect(listed).toEqual(
      expect.arrayContaining([
        ['backup', 'site-1', a.fileName, sha('backup one'), 'ok'],
        ['backup', 'site-1', b.fileName, sha('backup two'), 'ok'],
      ]),
    );
    expect(listed).toHaveLength(2);
    expect(existsSync(part)).toBe(true);
    // The rebuilt index is written: the next start reads it without a warning.
    expect((await createVault({ dir, clock })).startupWarnings).toEqual([]);
    const journal = parseJournal(await readFile(join(dir, 'journal.jsonl'), 'utf8'));
    expect(journal).toMatchObject([{ step: 'vault', event: 'INDEX_REBUILT' }]);
  });

  it('is rebuilt when missing while files are there, and says nothing for a new vault', async () => {
    expect((await createVault({ dir, clock })).startupWarnings).toEqual([]);
    const vault = await createVault({ dir, clock });
    await addFile(vault, 'backup one');
    await rm(join(dir, 'index.json'));
    const reopened = await createVault({ dir, clock });
    expect(reopened.startupWarnings).toMatchObject([{ code: 'VAULT_INDEX_REBUILT', message: expect.stringContaining('missing') }]);
    expect(reopened.list()).toHaveLength(1);
  });
});

describe('stray files at start-up', () => {
  it('removes partial and temporary files nothing names, keeps recorded files and files an unfinished procedure names, and journals each removal', async () => {
    const vault = await createVault({ dir, clock });
    const kept = await addFile(vault, 'recorded backup');
    const orphanPart = await put('backup/site-1/1a2b3c4d-appliance-a-20261201-204100-pre-upgrade.nsb.part', 'killed mid-way');
    const orphanTemp = await put('.index.json.a1b2c3.tmp', '{');
    const unrecorded = await put('diagnostics/site-1/old-report.json', '{}');
    const continued = await put('package/site-1/P2-fetch-20261201-204000-abcdef-site-23.2.1.part', 'resumable');

    const namedByProcedure = (name: string) => name.startsWith('P2-fetch-20261201-204000-abcdef-');
    const warning = await vault.sweepStrays(namedByProcedure);
    expect(warning).toEqual({ code: 'VAULT_CLEANED', message: expect.stringContaining('removed 3 leftover files'), hint: expect.stringContaining('journal.jsonl') });
    expect(warning?.message).toContain('kept 1 unfinished file');
    expect(warning?.message).toContain('package/site-1/P2-fetch-20261201-204000-abcdef-site-23.2.1.part');
    for (const gone of [orphanPart, orphanTemp, unrecorded]) expect(existsSync(gone)).toBe(false);
    expect(existsSync(continued)).toBe(true);
    expect(await readFile(vault.filePath(kept.id), 'utf8')).toBe('recorded backup');
    expect(existsSync(join(dir, 'index.json'))).toBe(true);

    const journal = parseJournal(await readFile(join(dir, 'journal.jsonl'), 'utf8'));
    expect(journal.map((e) => [e.event, e.detail?.split(':')[0]])).toEqual([
      ['STRAY_REMOVED', '.index.json.a1b2c3.tmp'],
      ['STRAY_REMOVED', 'backup/site-1/1a2b3c4d-appliance-a-20261201-204100-pre-upgrade.nsb.part'],
      ['STRAY_REMOVED', 'diagnostics/site-1/old-report.json'],
    ]);
    // A second start removes nothing more; the procedure's file is still kept.
    expect((await (await createVault({ dir, clock })).sweepStrays(namedByProcedure))?.message).not.toContain('removed');
    expect(existsSync(continued)).toBe(true);
    // The journal's head record is the vault's own file: never swept, and the journal still verifies.
    const head = JSON.parse(await readFile(join(dir, 'journal.head.json'), 'utf8'));
    expect(verifyJournal(await readFile(join(dir, 'journal.jsonl')), head)).toMatchObject({ ok: true, lines: 3 });
    expect((await readdir(join(dir, 'backup', 'site-1'))).length).toBe(1);
  });
});
