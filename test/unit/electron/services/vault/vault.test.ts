import { createHash } from 'node:crypto';
import { mkdtemp, open, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, type Vault } from '../../../../../electron/services/vault';

let root: string;
let dir: string;
let now: number;
const clock = { now: () => now };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vault-'));
  dir = join(root, 'vault');
  now = Date.parse('2025-03-01T10:00:00Z');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const fields = { kind: 'backup' as const, siteId: 'site-1', siteName: 'Support', appliance: 'appliance-a', version: '23.1.1' };

async function addFile(vault: Vault, content: Buffer, extra: { sha256?: string; size?: number } = {}) {
  const path = await vault.reservePath('backup', 'site-1', 'a.nsb');
  await writeFile(path, content, { mode: 0o644 });
  return vault.add({ ...fields, path, ...extra });
}

const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe('vault', () => {
  it('keeps its folder 0700 and its files 0600', async () => {
    const vault = await createVault({ dir, clock });
    const entry = await addFile(vault, Buffer.from('settings'));
    const file = vault.filePath(entry.id);
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(dirname(file))).toBe(0o700);
    expect(await mode(file)).toBe(0o600);
    expect(await mode(join(dir, 'index.json'))).toBe(0o600);
  });

  it('records hash, size and time, and survives a reopen', async () => {
    const vault = await createVault({ dir, clock });
    const content = Buffer.alloc(200_000, 3);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const entry = await addFile(vault, content, { sha256, size: content.length });
    expect(entry).toMatchObject({ ...fields, sha256, size: 200_000, state: 'ok', heldBy: [], createdAt: '2025-03-01T10:00:00.000Z', lastVerifiedAt: '2025-03-01T10:00:00.000Z' });
    const reopened = await createVault({ dir, clock });
    expect(reopened.get(entry.id)).toEqual(entry);
    expect(reopened.list({ siteId: 'site-1' })).toHaveLength(1);
    expect(reopened.list({ siteId: 'other' })).toHaveLength(0);
  });

  it('refuses a file that differs from the hash computed while streaming, and deletes it', async () => {
    const vault = await createVault({ dir, clock });
    const path = await vault.reservePath('backup', 'site-1', 'a.nsb');
    await writeFile(path, 'truncated');
    await expect(vault.add({ ...fields, path, sha256: 'ab'.repeat(32) })).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(vault.list()).toEqual([]);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses empty files, missing files and paths outside the vault', async () => {
    const vault = await createVault({ dir, clock });
    await expect(addFile(vault, Buffer.alloc(0))).rejects.toMatchObject({ code: 'DISK_ERROR' });
    const path = await vault.reservePath('backup', 'site-1', 'never-written.nsb');
    await expect(vault.add({ ...fields, path })).rejects.toMatchObject({ code: 'VAULT_FILE_MISSING' });
    const outside = join(root, 'outside.nsb');
    await writeFile(outside, 'x');
    await expect(vault.add({ ...fields, path: outside })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps reserved paths inside the vault whatever the names', async () => {
    const vault = await createVault({ dir, clock });
    const path = await vault.reservePath('backup', '../../etc', '../passwd');
    const segments = relative(dir, path).split(sep);
    expect(segments).toHaveLength(3);
    expect(segments.every((s) => s !== '..' && !s.startsWith('.'))).toBe(true);
  });

  it('verify detects a flipped byte and a missing file', async () => {
    const vault = await createVault({ dir, clock });
    const entry = await addFile(vault, Buffer.alloc(10_000, 9));
    now += 60_000;
    expect(await vault.verify(entry.id)).toMatchObject({ state: 'ok', lastVerifiedAt: '2025-03-01T10:01:00.000Z' });

    const handle = await open(vault.filePath(entry.id), 'r+');
    await handle.write(Buffer.from([0x00]), 0, 1, 5000);
    await handle.close();
    expect((await vault.verify(entry.id)).state).toBe('corrupt');

    await unlink(vault.filePath(entry.id));
    expect((await vault.verify(entry.id)).state).toBe('missing');
    expect((await createVault({ dir, clock })).get(entry.id).state).toBe('missing');
  });

  it('refuses to remove a held file until the procedure releases it', async () => {
    const vault = await createVault({ dir, clock });
    const entry = await addFile(vault, Buffer.from('keep me'));
    await vault.hold(entry.id, 'P1-a');
    await vault.hold(entry.id, 'P1-a');
    expect(vault.get(entry.id).heldBy).toEqual(['P1-a']);
    expect(vault.list({ heldBy: 'P1-a' }).map((e) => e.id)).toEqual([entry.id]);
    await expect(vault.remove(entry.id)).rejects.toMatchObject({ code: 'VAULT_IN_USE', message: expect.stringContaining('P1-a') });
    expect(await readFile(vault.filePath(entry.id), 'utf8')).toBe('keep me');

    expect(await vault.release('P1-a')).toEqual([entry.id]);
    await vault.remove(entry.id);
    expect(vault.list()).toEqual([]);
    expect(() => vault.get(entry.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('loses no change when several happen at once', async () => {
    const vault = await createVault({ dir, clock });
    const entries = await Promise.all([1, 2, 3, 4, 5].map((n) => addFile(vault, Buffer.from(`file ${n}`))));
    await Promise.all(entries.map((e, i) => vault.hold(e.id, `P1-${i}`)));
    const reopened = await createVault({ dir, clock });
    expect(reopened.list().map((e) => e.heldBy.length)).toEqual([1, 1, 1, 1, 1]);
  });
});
