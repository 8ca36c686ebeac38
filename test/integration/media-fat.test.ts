/**
 * The media service on a real FAT file system (mkfs.vfat + fusefat): the file system a
 * technician's USB stick most likely has, with its cluster rounding, 4 GiB file limit and
 * its own way of saying "full".
 */
import { readFile, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblePackage, createFolderDriveLister, filesystemOf, findBundles, readKeyFiles, verifyBundle, writeBundle, writeKeyFile } from '../../electron/services/media';
import type { WriteBundleInput } from '../../electron/services/media';
import { AppError } from '../../shared/errors';
import { draftFor, filesBelow, keyFileFixture, makePackage, type FixturePackage } from '../unit/electron/services/media/helpers/bundle-fixtures';
import { createFatImage, fatUnavailableReason, type FatImage } from './helpers/fat-image';

const MiB = 1024 * 1024;
const unavailable = fatUnavailableReason();
if (unavailable) console.log(unavailable);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function input(stick: FatImage, packages: FixturePackage[], overrides: Partial<WriteBundleInput> = {}): WriteBundleInput {
  return {
    targetDir: stick.mountPoint,
    manifest: draftFor(packages),
    sources: packages.map((p) => p.source),
    createdBy: 'tech@example',
    appVersion: '0.1.0',
    ...overrides,
  };
}

describe.skipIf(unavailable !== undefined)('media service on a FAT file system', () => {
  describe('a 32 MiB stick', () => {
    let stick: FatImage;
    let base: FixturePackage;
    let site: FixturePackage;

    beforeAll(async () => {
      stick = await createFatImage({ sizeMiB: 32 });
      base = await makePackage(stick.workDir, { id: 'base', name: 'base-12.1.0.pkg', kind: 'base', size: 3 * MiB + 123, seed: 21 });
      site = await makePackage(stick.workDir, { id: 'site', name: 'site-12.1.0.pkg', kind: 'site', size: 1 * MiB, seed: 22 });
    });
    afterAll(async () => {
      await stick?.dispose();
    });

    it('is seen as FAT by the mount table and the folder lister', async () => {
      expect(await filesystemOf(stick.mountPoint)).toBe('vfat');
      const [drive] = await createFolderDriveLister([stick.mountPoint]).list();
      expect(drive).toMatchObject({ mountPath: stick.mountPoint, filesystem: 'vfat' });
      expect(drive!.freeBytes).toBeGreaterThan(30 * MiB);
    });

    it('writes a bundle, and it verifies again after the stick is unmounted and mounted', async () => {
      const written = await writeBundle(input(stick, [base, site]));
      expect(written.proof.every((l) => l.ok)).toBe(true);
      await stick.remount();
      const verified = await verifyBundle(written.bundleDir, { expectSerial: 'BS-1001' });
      expect(verified.digestCode).toBe(written.digestCode);
      expect(verified.proof.map((l) => [l.file, l.ok])).toEqual([
        ['base-12.1.0.pkg', true],
        ['site-12.1.0.pkg', true],
      ]);
      expect(await findBundles(stick.mountPoint)).toEqual([expect.objectContaining({ ok: true, digestCode: written.digestCode, packageCount: 2 })]);
    });

    it('splits on FAT (detected, with a small part size), verifies the parts and reassembles the package', async () => {
      const written = await writeBundle(input(stick, [base], { manifest: { ...draftFor([base]), bundleId: 'b-split' }, partSize: MiB }));
      expect(written.manifest.packages[0]!.files.map((f) => [f.name, f.size])).toEqual([
        ['base-12.1.0.pkg.part001', MiB],
        ['base-12.1.0.pkg.part002', MiB],
        ['base-12.1.0.pkg.part003', MiB],
        ['base-12.1.0.pkg.part004', 123],
      ]);
      await stick.remount();
      const verified = await verifyBundle(written.bundleDir);
      expect(verified.proof.map((l) => l.ok)).toEqual([true, true, true, true, true]);
      expect(verified.proof.at(-1)?.file).toBe('base-12.1.0.pkg (whole, 4 parts)');
      const dest = join(stick.workDir, 'vault-base.pkg');
      await assemblePackage(written.bundleDir, written.manifest.packages[0]!, dest);
      expect((await readFile(dest)).equals(base.bytes)).toBe(true);
    });

    it('writes a key file and reads it back', async () => {
      const key = keyFileFixture();
      const { path } = await writeKeyFile(stick.mountPoint, key);
      await stick.remount();
      expect(await readKeyFiles(stick.mountPoint)).toEqual([{ ok: true, path, keyFile: key }]);
    });
  });

  describe('an 8 MiB stick that really runs out of space', () => {
    let stick: FatImage;
    let big: FixturePackage;
    let second: FixturePackage;

    beforeAll(async () => {
      stick = await createFatImage({ sizeMiB: 8 });
      big = await makePackage(stick.workDir, { id: 'base', name: 'base-12.1.0.pkg', kind: 'base', size: 5 * MiB, seed: 31 });
      second = await makePackage(stick.workDir, { id: 'site', name: 'site-12.1.0.pkg', kind: 'site', size: 4 * MiB, seed: 32 });
    });
    afterAll(async () => {
      await stick?.dispose();
    });

    it('refuses with MEDIA_FULL from the free-space check, before writing a byte', async () => {
      const before = await statfs(stick.mountPoint);
      const error = await failure(writeBundle(input(stick, [big, second])));
      expect(error.code).toBe('MEDIA_FULL');
      expect(error.message).toMatch(/needs 9\.\d MiB and [78]\.\d MiB is free/);
      expect(await readdir(stick.mountPoint)).toEqual([]);
      expect((await statfs(stick.mountPoint)).bfree).toBe(before.bfree);
    });

    it('with the check bypassed, running out mid-write gives MEDIA_FULL, no file marked good and no manifest', async () => {
      const before = await statfs(stick.mountPoint);
      const error = await failure(writeBundle(input(stick, [big, second], { testHooks: { skipFreeSpaceCheck: true } })));
      expect(error.code).toBe('MEDIA_FULL');
      expect(error.hint).toMatch(/Free at least|larger one/);
      expect(await filesBelow(stick.mountPoint)).toEqual([]);
      expect(await findBundles(stick.mountPoint)).toEqual([]);
      // What was written is removed again, so the stick is as free as before.
      expect((await statfs(stick.mountPoint)).bfree).toBe(before.bfree);
    });
  });
});
