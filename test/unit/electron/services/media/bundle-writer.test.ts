import { createHash } from 'node:crypto';
import { open, readFile, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBundle, type WriteBundleInput } from '../../../../../electron/services/media/bundle-writer';
import { findBundles, verifyBundle } from '../../../../../electron/services/media/bundle-verifier';
import type { MediaProgress } from '../../../../../electron/services/media/media-progress';
import { MANIFEST_FILE } from '../../../../../electron/services/media/types';
import { AppError } from '../../../../../shared/errors';
import { draftFor, makeStickWithPackages, filesBelow, misbehavingWriteStream, type FixturePackage } from './helpers/bundle-fixtures';

let dir: string;
let media: string;
let base: FixturePackage;
let site: FixturePackage;

beforeEach(async () => {
  ({ dir, media, base, site } = await makeStickWithPackages('bundle-writer-', { siteSize: 200_001, baseSeed: 1, siteSeed: 2 }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function input(overrides: Partial<WriteBundleInput> = {}): WriteBundleInput {
  return {
    targetDir: media,
    manifest: draftFor([base, site]),
    sources: [base.source, site.source],
    createdBy: 'tech@example',
    appVersion: '0.1.0',
    filesystem: 'ext4',
    clock: { now: () => Date.parse('2026-03-01T12:00:00Z') },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('writeBundle', () => {
  it('writes the packages and the manifest, reads them back and reports the manifest code', async () => {
    const result = await writeBundle(input());
    expect(await filesBelow(media)).toEqual(['aua-bundle-BS-1001-b-0001/base-12.1.0.pkg', `aua-bundle-BS-1001-b-0001/${MANIFEST_FILE}`, 'aua-bundle-BS-1001-b-0001/site-12.1.0.pkg']);
    expect((await readFile(join(result.bundleDir, 'base-12.1.0.pkg'))).equals(base.bytes)).toBe(true);
    const manifestBytes = await readFile(join(result.bundleDir, MANIFEST_FILE));
    expect(result.manifestSha256).toBe(createHash('sha256').update(manifestBytes).digest('hex'));
    expect(result.digestCode).toBe(result.manifestSha256.slice(0, 8).toUpperCase().replace(/^(.{4})/, '$1-'));
    expect(result.manifest).toMatchObject({ format: 'aua-bundle/1', createdAt: '2026-03-01T12:00:00.000Z', createdBy: 'tech@example', appliance: { serial: 'BS-1001' } });
    expect(result.manifest.packages.map((p) => p.files.map((f) => f.name))).toEqual([['base-12.1.0.pkg'], ['site-12.1.0.pkg']]);
    expect(result.proof).toEqual([
      { file: 'base-12.1.0.pkg', size: 300_000, sha256: base.draft.sha256, ok: true },
      { file: 'site-12.1.0.pkg', size: 200_001, sha256: site.draft.sha256, ok: true },
    ]);
  });

  it('round-trips: the verifier accepts what the writer wrote, with the same code', async () => {
    const written = await writeBundle(input());
    const verified = await verifyBundle(written.bundleDir, { expectSerial: 'BS-1001' });
    expect(verified.digestCode).toBe(written.digestCode);
    expect(verified.manifest).toEqual(written.manifest);
    expect(verified.proof).toEqual(written.proof);
    const [found] = await findBundles(media);
    expect(found).toMatchObject({ ok: true, bundleId: 'b-0001', serial: 'BS-1001', packageCount: 2, totalSize: 500_001, digestCode: written.digestCode });
  });

  it('reports write and verify progress up to the full size', async () => {
    const events: MediaProgress[] = [];
    await writeBundle(input({ onProgress: (p) => events.push(p) }));
    const writes = events.filter((e) => e.phase === 'write');
    const verifies = events.filter((e) => e.phase === 'verify');
    expect(writes.at(-1)).toMatchObject({ bytesWritten: 500_001, totalBytes: 500_001 });
    expect(verifies.at(-1)).toMatchObject({ bytesWritten: 500_001, bytesVerified: 500_001 });
    expect(events.indexOf(verifies[0]!)).toBeGreaterThan(events.indexOf(writes.at(-1)!));
    // The clock stands still, so only the forced readings (file starts, phase ends) are reported.
    expect(events.length).toBeLessThanOrEqual(6);
  });

  it('splits a package the file system cannot hold into ordered parts and verifies them', async () => {
    const result = await writeBundle(input({ filesystem: 'vfat', partSize: 128 * 1024 }));
    const basePkg = result.manifest.packages[0]!;
    expect(basePkg.files.map((f) => [f.name, f.size])).toEqual([
      ['base-12.1.0.pkg.part001', 131072],
      ['base-12.1.0.pkg.part002', 131072],
      ['base-12.1.0.pkg.part003', 300_000 - 262144],
    ]);
    const joined = Buffer.concat(await Promise.all(basePkg.files.map((f) => readFile(join(result.bundleDir, f.name)))));
    expect(joined.equals(base.bytes)).toBe(true);
    expect(result.proof.map((l) => l.file)).toEqual([
      'base-12.1.0.pkg.part001',
      'base-12.1.0.pkg.part002',
      'base-12.1.0.pkg.part003',
      'base-12.1.0.pkg (whole, 3 parts)',
      'site-12.1.0.pkg.part001',
      'site-12.1.0.pkg.part002',
      'site-12.1.0.pkg (whole, 2 parts)',
    ]);
    expect(result.proof.every((l) => l.ok)).toBe(true);
    await expect(verifyBundle(result.bundleDir)).resolves.toMatchObject({ digestCode: result.digestCode });
  });

  it('does not split on a file system without a size limit', async () => {
    const result = await writeBundle(input({ filesystem: 'exfat', partSize: 128 * 1024 }));
    expect(result.manifest.packages.map((p) => p.files.length)).toEqual([1, 1]);
  });

  it('refuses a package too large for FAT when splitting is off, saying what to do, before writing', async () => {
    const error = await failure(writeBundle(input({ filesystem: 'vfat', partSize: 128 * 1024, split: false })));
    expect(error.code).toBe('FILE_TOO_LARGE_FOR_MEDIA');
    expect(error.message).toContain('base-12.1.0.pkg');
    expect(error.message).toContain('FAT32');
    expect(error.hint).toMatch(/split.*exFAT/);
    expect(await filesBelow(media)).toEqual([]);
  });

  it('refuses with MEDIA_FULL, saying how much is needed and free, before writing a byte', async () => {
    const stats = await statfs(media);
    const free = stats.bavail * stats.bsize;
    // A sparse source as large as the free space: the check must fail without reading it.
    const huge = join(dir, 'huge.src');
    const handle = await open(huge, 'w');
    await handle.truncate(free + 1024 ** 3);
    await handle.close();
    const draft = { ...base.draft, id: 'huge', size: free + 1024 ** 3, sha256: '0'.repeat(64) };
    const error = await failure(writeBundle(input({ manifest: { ...draftFor([base]), packages: [draft] }, sources: [{ packageId: 'huge', path: huge }] })));
    expect(error.code).toBe('MEDIA_FULL');
    expect(error.message).toMatch(/needs .+ and .+ is free/);
    expect((error.details?.neededBytes as number) > (error.details?.freeBytes as number)).toBe(true);
    expect(await filesBelow(media)).toEqual([]);
  });

  it.each([
    ['ENOSPC', 'MEDIA_FULL'],
    ['EIO', 'MEDIA_REMOVED'],
    ['ENXIO', 'MEDIA_REMOVED'],
    ['EROFS', 'MEDIA_READ_ONLY'],
  ])('a write failing midway with %s → %s; no temp file, no file marked good, no manifest', async (errorCode, expected) => {
    const error = await failure(
      writeBundle(
        input({
          testHooks: {
            createWriteStream: (path) => misbehavingWriteStream(path, path.includes('site') ? 100_000 : Number.POSITIVE_INFINITY, { errorCode }),
          },
        }),
      ),
    );
    expect(error.code).toBe(expected);
    if (expected === 'MEDIA_REMOVED') expect(error.message).toContain('went away');
    expect(error.hint).not.toBe('');
    expect(await filesBelow(media)).toEqual([]);
    expect(await findBundles(media)).toEqual([]);
  });

  it('catches media that returns different bytes than were written, and marks nothing good', async () => {
    const error = await failure(
      writeBundle(input({ testHooks: { createWriteStream: (path) => misbehavingWriteStream(path, Number.POSITIVE_INFINITY, { flipByteAt: path.includes('site') ? 777 : undefined }) } })),
    );
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('site-12.1.0.pkg has different content');
    const proof = error.details?.proof as { file: string; ok: boolean }[];
    expect(proof.map((l) => [l.file, l.ok])).toEqual([
      ['base-12.1.0.pkg', true],
      ['site-12.1.0.pkg', false],
    ]);
    expect(await filesBelow(media)).toEqual([]);
  });

  it('cancels cleanly: CANCELLED, no temp files, no manifest', async () => {
    const controller = new AbortController();
    const error = await failure(
      writeBundle(
        input({
          signal: controller.signal,
          testHooks: { createWriteStream: (path) => misbehavingWriteStream(path, 65_536, { onReached: () => controller.abort() }) },
        }),
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(await filesBelow(media)).toEqual([]);
  });

  it('refuses a vault copy that is not what the update server built', async () => {
    const wrong = { ...site.draft, sha256: 'f'.repeat(64) };
    const error = await failure(writeBundle(input({ manifest: { ...draftFor([base]), packages: [base.draft, wrong] } })));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('site-12.1.0.pkg');
    expect(await filesBelow(media)).toEqual([]);
  });

  it('never creates the target folder: a drive that is gone is MEDIA_REMOVED, with or without the space check', async () => {
    const gone = join(dir, 'PULLED');
    for (const skipFreeSpaceCheck of [false, true]) {
      const error = await failure(writeBundle(input({ targetDir: gone, testHooks: { skipFreeSpaceCheck } })));
      expect(error.code).toBe('MEDIA_REMOVED');
      expect(error.message).toContain('went away');
    }
    await expect(stat(gone)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a package without a source file', async () => {
    const error = await failure(writeBundle(input({ sources: [base.source] })));
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('rewrites the same bundle over an earlier attempt, leaving only the new files', async () => {
    await writeBundle(input({ filesystem: 'vfat', partSize: 128 * 1024 }));
    const second = await writeBundle(input());
    expect(await filesBelow(second.bundleDir)).toEqual(['base-12.1.0.pkg', MANIFEST_FILE, 'site-12.1.0.pkg']);
    await expect(verifyBundle(second.bundleDir)).resolves.toMatchObject({ digestCode: second.digestCode });
  });
});
