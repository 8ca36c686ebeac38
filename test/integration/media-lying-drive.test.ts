/**
 * A drive that lies: it keeps what was written in the page cache but stores one byte flipped
 * (helpers/lying-drive.py). Reading back through the cache would call the stick good; the media
 * service reads from the drive itself, so the bundle and the key file fail there, and the same
 * writes to a plain folder pass.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_READ_NOTE, readManifestFile, verifyBundle, writeBundle, writeKeyFile, type WriteBundleInput } from '../../electron/services/media';
import { draftFor, filesBelow, keyFileFixture, makePackage, type FixturePackage } from '../unit/electron/services/media/helpers/bundle-fixtures';
import { failure } from './helpers/lab-fixture';
import { lyingDriveUnavailableReason, mountLyingDrive, type LyingDrive } from './helpers/lying-drive';

const MiB = 1024 * 1024;
const unavailable = lyingDriveUnavailableReason();
if (unavailable) console.log(unavailable);

describe.skipIf(unavailable !== undefined)('a drive that keeps the written bytes in the cache but stores others', () => {
  let drive: LyingDrive;
  let plain: string;
  let base: FixturePackage;
  let site: FixturePackage;

  const input = (targetDir: string): WriteBundleInput => ({
    targetDir,
    manifest: draftFor([base, site]),
    sources: [base.source, site.source],
    createdBy: 'tech@example',
    appVersion: '0.1.0',
    filesystem: 'ext4',
  });

  beforeAll(async () => {
    drive = await mountLyingDrive();
    plain = await mkdtemp(join(tmpdir(), 'plain-stick-'));
    base = await makePackage(drive.workDir, { id: 'base', name: 'base-12.1.0.pkg', kind: 'base', size: 2 * MiB + 321, seed: 31 });
    site = await makePackage(drive.workDir, { id: 'site', name: 'site-12.1.0.pkg', kind: 'site', size: MiB, seed: 32 });
  });
  afterAll(async () => {
    await drive?.dispose();
    if (plain) await rm(plain, { recursive: true, force: true });
  });

  it('lies as a failing stick does: a plain read returns what was written, the stored bytes differ', async () => {
    const dir = join(drive.mountPoint, 'probe');
    await mkdir(dir);
    const bytes = Buffer.alloc(64 * 1024, 7);
    await writeFile(join(dir, 'probe.bin'), bytes, { flush: true });
    expect((await readFile(join(dir, 'probe.bin'))).equals(bytes)).toBe(true);
    expect((await readFile(join(drive.backingDir, 'probe', 'probe.bin'))).equals(bytes)).toBe(false);
  });

  it('fails the bundle with CHECKSUM_MISMATCH naming the file, leaving no manifest and nothing marked good', async () => {
    const error = await failure(writeBundle(input(drive.mountPoint)));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('base-12.1.0.pkg');
    expect(error.message).toContain('has different content');
    // Every file the drive stored is damaged, and the proof says so for each.
    const { proof } = error.details as { proof: { file: string; ok: boolean }[] };
    expect(proof.map((line) => [line.file, line.ok])).toEqual([
      ['base-12.1.0.pkg', false],
      ['site-12.1.0.pkg', false],
    ]);
    expect((await filesBelow(drive.mountPoint)).filter((f) => !f.startsWith('probe'))).toEqual([]);
    expect((await readdir(drive.backingDir)).filter((f) => f !== 'probe')).toEqual([]);
  });

  it('the same bundle written to a plain folder passes, read back from the drive', async () => {
    const written = await writeBundle(input(plain));
    expect(written.proof.map((line) => [line.file, line.ok])).toEqual([
      ['base-12.1.0.pkg', true],
      ['site-12.1.0.pkg', true],
    ]);
    expect(written.readBack).toEqual({ from: 'drive' });
    expect(written.proof.every((line) => line.note === undefined)).toBe(true);
    expect(await readdir(written.bundleDir)).toContain('manifest.json');
  });

  it('fails a key file written there the same way, and passes it on a plain folder', async () => {
    const error = await failure(writeKeyFile(drive.mountPoint, keyFileFixture()));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('North-BS-1001.aua-key.json');
    const written = await writeKeyFile(plain, keyFileFixture());
    expect(written.readBack).toEqual({ from: 'drive' });
  });
});

describe.skipIf(unavailable !== undefined)('a drive whose file system refuses direct reads', () => {
  let drive: LyingDrive;
  let pkg: FixturePackage;

  beforeAll(async () => {
    drive = await mountLyingDrive({ honest: true, refuseDirect: true });
    pkg = await makePackage(drive.workDir, { id: 'base', name: 'base-12.1.0.pkg', kind: 'base', size: MiB + 5, seed: 33 });
  });
  afterAll(async () => {
    await drive?.dispose();
  });

  it('writes the bundle but says it was read through the cache, so the stick is re-inserted and verified', async () => {
    const written = await writeBundle({ targetDir: drive.mountPoint, manifest: draftFor([pkg]), sources: [pkg.source], createdBy: 'tech@example', appVersion: '0.1.0', filesystem: 'ext4' });
    expect(written.readBack).toEqual({ from: 'cache', reason: 'the file system refused a direct read (EINVAL)' });
    expect(written.proof).toEqual([expect.objectContaining({ file: 'base-12.1.0.pkg', ok: true, note: CACHE_READ_NOTE })]);
    expect(CACHE_READ_NOTE).toBe('read through the cache; remove and re-insert the stick to verify from the drive');
    // The verifier on the drive as mounted again is what proves it.
    const verified = await verifyBundle(written.bundleDir);
    expect(verified.digestCode).toBe(written.digestCode);
    expect(verified.proof.every((line) => line.ok)).toBe(true);
  });

  it('says the same of a key file', async () => {
    const written = await writeKeyFile(drive.mountPoint, keyFileFixture());
    expect(written).toMatchObject({ readBack: { from: 'cache' }, note: CACHE_READ_NOTE });
  });
});

describe.skipIf(unavailable !== undefined)('a drive that goes away', () => {
  it('reading the manifest of a bundle on it says the drive went away, not that the bundle is damaged', async () => {
    const drive = await mountLyingDrive({ honest: true });
    try {
      const pkg = await makePackage(drive.workDir, { id: 'base', name: 'base-12.1.0.pkg', kind: 'base', size: 4096, seed: 34 });
      const written = await writeBundle({ targetDir: drive.mountPoint, manifest: draftFor([pkg]), sources: [pkg.source], createdBy: 'tech@example', appVersion: '0.1.0', filesystem: 'ext4' });
      await drive.crash();
      const error = await failure(readManifestFile(written.bundleDir));
      expect(error.code).toBe('MEDIA_REMOVED');
      expect(error.hint).toContain('Plug the drive back in');
    } finally {
      await drive.dispose();
    }
  });
});
