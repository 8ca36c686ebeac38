import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorBaseInput, FilePackageRef } from '../../../../../shared/procedures/actors';
import * as media from '../../../../../electron/services/media';
import { createProcedureActors } from '../../../../../electron/services/procedures/actors';
import { createActorTestBed, failure, run, type ActorTestBed } from './fixtures/actor-deps';

/** The connected side has no site. */
const base: ActorBaseInput = { procedureId: 'P2-fetch-test-1', siteId: '', stepId: 'step' };

let bed: ActorTestBed;
beforeEach(async () => {
  bed = await createActorTestBed();
});
afterEach(() => bed.dispose());

function keyFile(generatedAt: string, key = 'FAKE-KEY-1') {
  return {
    format: 'aua-download-key/1' as const,
    key,
    siteName: 'Support site',
    siteHostname: 'support.test',
    applianceSerial: 'FAKE-1',
    applianceHostname: 'appliance-a.test',
    siteVersion: '23.1.1',
    baseVersion: '6.1.0',
    generatedAt,
    generatedBy: 'Alex Field',
    procedureId: 'P2-1',
  };
}

describe('readKeyFile', () => {
  it('uses the newest valid key file and says why the others were not used', async () => {
    const older = join(bed.mediaDir, 'older');
    await media.writeKeyFile(bed.mediaDir, keyFile('2030-01-02T10:00:00.000Z', 'FAKE-KEY-new'));
    await mkdir(older);
    await media.writeKeyFile(older, keyFile('2030-01-01T10:00:00.000Z', 'FAKE-KEY-old'));
    await writeFile(join(bed.mediaDir, 'broken.aua-key.json'), '{ "format": ');
    const out = await run(bed.actors.readKeyFile, { ...base, mediaPath: bed.mediaDir });
    expect(out).toMatchObject({ key: 'FAKE-KEY-new', siteName: 'Support site', applianceSerial: 'FAKE-1', generatedAt: '2030-01-02T10:00:00.000Z' });
    expect(out.ignored).toEqual([
      { path: join(bed.mediaDir, 'broken.aua-key.json'), reason: expect.stringContaining('not valid JSON') },
      { path: expect.stringContaining(older), reason: expect.stringContaining('older') },
    ]);
  });

  it('offers the keys of several appliances to choose, and reads the one picked', async () => {
    const a = await media.writeKeyFile(bed.mediaDir, keyFile('2030-01-02T10:00:00.000Z', 'FAKE-KEY-A'));
    const b = await media.writeKeyFile(bed.mediaDir, { ...keyFile('2030-01-02T10:05:00.000Z', 'FAKE-KEY-B'), applianceSerial: 'FAKE-2', applianceHostname: 'appliance-b.test' });
    expect(a.path).not.toBe(b.path);
    const both = await run(bed.actors.readKeyFile, { ...base, mediaPath: bed.mediaDir });
    expect(both).toMatchObject({ key: 'FAKE-KEY-B', others: [{ path: a.path, applianceSerial: 'FAKE-1', applianceHostname: 'appliance-a.test' }] });
    const picked = await run(bed.actors.readKeyFile, { ...base, mediaPath: bed.mediaDir, keyFileName: a.path.split('/').at(-1)! });
    expect(picked).toMatchObject({ key: 'FAKE-KEY-A', applianceSerial: 'FAKE-1' });
    expect(picked.others).toBeUndefined();
    expect(picked.ignored).toEqual([]);
    expect(await failure(run(bed.actors.readKeyFile, { ...base, mediaPath: bed.mediaDir, keyFileName: 'gone.aua-key.json' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('no usable key file → NOT_FOUND saying what to do (not BUNDLE_INVALID)', async () => {
    const none = await failure(run(bed.actors.readKeyFile, { ...base, mediaPath: bed.mediaDir }));
    expect(none).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no download key file on this media') });
    expect(none.hint).toContain('restricted side');
    await writeFile(join(bed.mediaDir, 'broken.aua-key.json'), 'garbage');
    const broken = await failure(run(bed.actors.readKeyFile, { ...base, mediaPath: bed.mediaDir }));
    expect(broken.message).toContain('broken.aua-key.json');
  });
});

describe('submitDownloadKey', () => {
  it('gives the update server’s packages in the contract’s shape', async () => {
    const listed = bed.server.add({ id: 'base-6.2.0', name: 'Base 6.2.0', kind: 'base', version: '6.2.0' }, 3000);
    const out = await run(bed.actors.submitDownloadKey, { ...base, key: 'FAKE-KEY-1' });
    expect(out).toEqual({ keyId: 'key-1', serial: 'FAKE-1', packages: [{ id: 'base-6.2.0', name: 'Base 6.2.0', kind: 'base', version: '6.2.0', size: 3000, sha256: listed.sha256, url: listed.url }] });
  });

  it('passes the server’s refusal through, and says so when no update server is configured', async () => {
    expect((await failure(run(bed.actors.submitDownloadKey, { ...base, key: 'nonsense' }))).code).toBe('KEY_REJECTED');
    const unconfigured = createProcedureActors({ ...bed.deps, updateServer: undefined });
    const error = await failure(run(unconfigured.submitDownloadKey, { ...base, key: 'FAKE-KEY-1' }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('No update server is configured') });
  });
});

describe('downloadUpdate', () => {
  it('resumes a cut download at the same vault path, then keeps it verified and held', async () => {
    const pkg = { ...bed.server.add({ id: 'site-23.2.1', name: 'Site 23.2.1', kind: 'site', version: '23.2.1', requires: '6.2.0' }, 10_000) };
    bed.server.dropNextAt = 5000;
    const input = { ...base, pkg, serial: 'FAKE-1' };
    const cut = await failure(run(bed.actors.downloadUpdate, input));
    expect(cut.code).toBe('TRANSFER_INTERRUPTED');

    const out = await run(bed.actors.downloadUpdate, input);
    expect(out).toEqual({ vaultId: expect.any(String), size: 10_000, sha256: pkg.sha256, resumedFrom: 5000 });
    expect(bed.server.calls.downloads).toEqual([
      { id: 'site-23.2.1', from: 0, sent: 5000 },
      { id: 'site-23.2.1', from: 5000, sent: 5000 },
    ]);
    expect(bed.vault.get(out.vaultId)).toMatchObject({ kind: 'package', siteId: '', siteName: 'Connected side', appliance: 'FAKE-1', version: '23.2.1', heldBy: [base.procedureId], state: 'ok' });
    expect(bed.progress.at(-1)).toMatchObject({ label: 'Downloading Site 23.2.1', unit: 'bytes', done: 10_000, total: 10_000 });

    // Re-run after success (a resumed procedure): the vault copy is the answer, the server is not asked again (R7).
    expect(await run(bed.actors.downloadUpdate, input)).toMatchObject({ vaultId: out.vaultId, sha256: pkg.sha256 });
    expect(bed.server.calls.downloads).toHaveLength(2);
  });

  it('keeps a file that arrived whole before the vault recorded it, without downloading again', async () => {
    const pkg = bed.server.add({ id: 'base-6.2.0', name: 'Base 6.2.0', kind: 'base', version: '6.2.0' }, 4000);
    const input = { ...base, pkg, serial: 'FAKE-1' };
    const first = await run(bed.actors.downloadUpdate, input);
    const path = bed.vault.filePath(first.vaultId);
    await bed.vault.release(base.procedureId);
    await bed.vault.remove(first.vaultId);
    await writeFile(path, bed.server.files.get('base-6.2.0')!);

    const out = await run(bed.actors.downloadUpdate, input);
    expect(out).toMatchObject({ size: 4000, sha256: pkg.sha256, resumedFrom: 4000 });
    expect(bed.vault.filePath(out.vaultId)).toBe(path);
    expect(bed.server.calls.downloads).toHaveLength(1);
  });
});

describe('writeTransferBundle', () => {
  async function downloaded(): Promise<FilePackageRef[]> {
    const refs: FilePackageRef[] = [];
    for (const [id, kind, size] of [['base-6.2.0', 'base', 3000], ['site-23.2.1', 'site', 5000]] as const) {
      const pkg = bed.server.add({ id, name: `Package ${id}`, kind, version: id.split('-')[1]! }, size);
      const { vaultId } = await run(bed.actors.downloadUpdate, { ...base, pkg, serial: 'FAKE-1' });
      const { url: _url, ...ref } = pkg;
      refs.push({ ...ref, vaultId });
    }
    return refs;
  }

  it('writes the vault files with the operator and app version, read back and verified, on the drive’s file system', async () => {
    const packages = await downloaded();
    let filesystem: string | undefined;
    const spied = createProcedureActors({
      ...bed.deps,
      drives: { list: async () => [{ id: 'stick', label: 'STICK', mountPath: bed.mediaDir, sizeBytes: 1e9, freeBytes: 1e9, filesystem: 'vfat' }] },
      media: { ...media, writeBundle: (input) => ((filesystem = input.filesystem), media.writeBundle(input)) },
    });
    const out = await run(spied.writeTransferBundle, { ...base, mediaPath: bed.mediaDir, keyId: 'key-1', serial: 'FAKE-1', applianceHostname: 'appliance-a.test', siteName: 'Support site', packages });
    expect(filesystem).toBe('vfat');
    expect(out).toMatchObject({ bundleId: base.procedureId, digestCode: expect.stringMatching(/^[0-9A-F]{4}-[0-9A-F]{4}$/) });
    expect(out.proof.map((l) => l.ok)).toEqual([true, true]);
    const manifest = JSON.parse(await readFile(join(out.bundleDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ keyId: 'key-1', createdBy: 'Alex Field', appVersion: '0.1.0-test', appliance: { serial: 'FAKE-1', hostname: 'appliance-a.test', siteName: 'Support site' } });
    expect(manifest.packages.map((p: { id: string; sha256: string }) => [p.id, p.sha256])).toEqual(packages.map((p) => [p.id, p.sha256]));
    expect(bed.progress.some((p) => p.label.startsWith('Writing '))).toBe(true);
    expect(bed.progress.at(-1)).toMatchObject({ label: expect.stringMatching(/^Reading .* back from the media$/), done: 8000, total: 8000 });

    // A retry replaces its own bundle instead of leaving a second one.
    await run(bed.actors.writeTransferBundle, { ...base, mediaPath: bed.mediaDir, keyId: 'key-1', serial: 'FAKE-1', packages });
    expect((await readdir(bed.mediaDir)).filter((n) => n.startsWith('aua-bundle-'))).toHaveLength(1);
  });

  it('refuses a package that is not in the vault', async () => {
    const [first] = await downloaded();
    const { vaultId: _vaultId, ...notDownloaded } = first!;
    const error = await failure(run(bed.actors.writeTransferBundle, { ...base, mediaPath: bed.mediaDir, keyId: 'key-1', serial: 'FAKE-1', packages: [notDownloaded] }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('not been downloaded') });
  });
});
