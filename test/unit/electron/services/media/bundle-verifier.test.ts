import { mkdir, readdir, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assemblePackage } from '../../../../../electron/services/media/assemble-package';
import { findBundles, verifyBundle, type BundleInvalidDetails } from '../../../../../electron/services/media/bundle-verifier';
import { writeBundle } from '../../../../../electron/services/media/bundle-writer';
import { hashFile } from '../../../../../electron/services/fs/hashing';
import { MANIFEST_FILE, type BundleResult } from '../../../../../electron/services/media/types';
import { AppError } from '../../../../../shared/errors';
import { draftFor, makeStickWithPackages, type FixturePackage } from './helpers/bundle-fixtures';

let dir: string;
let media: string;
let base: FixturePackage;
let site: FixturePackage;

beforeEach(async () => {
  ({ dir, media, base, site } = await makeStickWithPackages('bundle-verifier-', { siteSize: 150_000, baseSeed: 11, siteSeed: 12 }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(options: { split?: boolean; serial?: string; targetDir?: string } = {}): Promise<BundleResult> {
  return writeBundle({
    targetDir: options.targetDir ?? media,
    manifest: draftFor([base, site], options.serial),
    sources: [base.source, site.source],
    createdBy: 'tech@example',
    appVersion: '0.1.0',
    filesystem: options.split ? 'vfat' : 'ext4',
    partSize: 100_000,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function proofOf(error: AppError): BundleInvalidDetails['proof'] {
  return (error.details as unknown as BundleInvalidDetails).proof;
}

async function flipByte(path: string, at: number): Promise<void> {
  const bytes = await readFile(path);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(path, bytes);
}

describe('verifyBundle', () => {
  it('proves a good bundle with a line per file', async () => {
    const bundle = await written();
    const result = await verifyBundle(bundle.bundleDir, { expectSerial: 'BS-1001' });
    expect(result.proof.map((l) => [l.file, l.size, l.ok])).toEqual([
      ['base-12.1.0.pkg', 300_000, true],
      ['site-12.1.0.pkg', 150_000, true],
    ]);
    expect(result.proof[0]!.sha256).toBe(base.draft.sha256);
    expect(result.digestCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
  });

  it('catches one flipped byte and the proof shows which file, listing every file', async () => {
    const bundle = await written();
    await flipByte(join(bundle.bundleDir, 'site-12.1.0.pkg'), 4242);
    const error = await failure(verifyBundle(bundle.bundleDir));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('site-12.1.0.pkg has different content');
    expect(error.hint).toMatch(/Do not upload/);
    expect(proofOf(error).map((l) => [l.file, l.ok])).toEqual([
      ['base-12.1.0.pkg', true],
      ['site-12.1.0.pkg', false],
    ]);
  });

  it('reports every bad file, not only the first', async () => {
    const bundle = await written();
    await truncate(join(bundle.bundleDir, 'base-12.1.0.pkg'), 1000);
    await unlink(join(bundle.bundleDir, 'site-12.1.0.pkg'));
    const error = await failure(verifyBundle(bundle.bundleDir));
    expect(error.message).toContain('base-12.1.0.pkg is truncated: 1000 bytes of 300000');
    expect(error.message).toContain('1 more');
    expect(proofOf(error)).toEqual([
      expect.objectContaining({ file: 'base-12.1.0.pkg', ok: false, size: 1000, problem: 'is truncated: 1000 bytes of 300000' }),
      expect.objectContaining({ file: 'site-12.1.0.pkg', ok: false, problem: 'is missing' }),
    ]);
  });

  it('refuses a bundle for another appliance, naming both serials, before hashing anything', async () => {
    const bundle = await written({ serial: 'BS-2002' });
    // With the packages gone, any hashing would turn this into BUNDLE_INVALID.
    await unlink(join(bundle.bundleDir, 'base-12.1.0.pkg'));
    let progressCalls = 0;
    const error = await failure(verifyBundle(bundle.bundleDir, { expectSerial: 'BS-1001', onProgress: () => progressCalls++ }));
    expect(error.code).toBe('BUNDLE_WRONG_APPLIANCE');
    expect(error.message).toContain('BS-2002');
    expect(error.message).toContain('BS-1001');
    expect(progressCalls).toBe(0);
  });

  it('refuses a folder without a manifest', async () => {
    const bundle = await written();
    await unlink(join(bundle.bundleDir, MANIFEST_FILE));
    const error = await failure(verifyBundle(bundle.bundleDir));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain(`${MANIFEST_FILE} cannot be used: it is missing`);
  });

  it('refuses a damaged manifest, saying what is wrong', async () => {
    const bundle = await written();
    const path = join(bundle.bundleDir, MANIFEST_FILE);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));
    expect((await failure(verifyBundle(bundle.bundleDir))).message).toContain('not valid JSON');
    const manifest = JSON.parse(text);
    manifest.packages[0].files[0].name = '../../etc/passwd';
    await writeFile(path, JSON.stringify(manifest));
    const error = await failure(verifyBundle(bundle.bundleDir));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('packages.0.files.0.name is not a plain file name');
  });

  it('verifies split packages per part and as a whole', async () => {
    const bundle = await written({ split: true });
    const result = await verifyBundle(bundle.bundleDir);
    expect(result.proof.map((l) => l.file)).toEqual([
      'base-12.1.0.pkg.part001',
      'base-12.1.0.pkg.part002',
      'base-12.1.0.pkg.part003',
      'base-12.1.0.pkg (whole, 3 parts)',
      'site-12.1.0.pkg.part001',
      'site-12.1.0.pkg.part002',
      'site-12.1.0.pkg (whole, 2 parts)',
    ]);
    expect(result.proof.find((l) => l.file.includes('whole'))).toMatchObject({ size: 300_000, sha256: base.draft.sha256, ok: true });
  });

  it('names the tampered part of a split package, and the whole fails too', async () => {
    const bundle = await written({ split: true });
    await flipByte(join(bundle.bundleDir, 'base-12.1.0.pkg.part002'), 10);
    const error = await failure(verifyBundle(bundle.bundleDir));
    expect(error.message).toContain('base-12.1.0.pkg.part002');
    expect(proofOf(error).filter((l) => !l.ok).map((l) => l.file)).toEqual(['base-12.1.0.pkg.part002', 'base-12.1.0.pkg (whole, 3 parts)']);
  });

  it('a missing part makes the whole uncheckable, and says so', async () => {
    const bundle = await written({ split: true });
    await unlink(join(bundle.bundleDir, 'site-12.1.0.pkg.part002'));
    const proof = proofOf(await failure(verifyBundle(bundle.bundleDir)));
    expect(proof.find((l) => l.file === 'site-12.1.0.pkg (whole, 2 parts)')?.problem).toMatch(/part is missing/);
  });

  it('stops on cancel', async () => {
    const bundle = await written();
    const controller = new AbortController();
    controller.abort();
    const error = await failure(verifyBundle(bundle.bundleDir, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
  });
});

describe('findBundles', () => {
  it('finds bundles on the drive and in a folder below it, damaged ones with their reason', async () => {
    const first = await written();
    await mkdir(join(media, 'transfers'));
    const second = await written({ serial: 'BS-2002', targetDir: join(media, 'transfers') });
    await mkdir(join(media, 'broken'));
    await writeFile(join(media, 'broken', MANIFEST_FILE), '{"format":"aua-bundle/1"}');
    const found = await findBundles(media);
    expect(found.filter((b) => b.ok).map((b) => b.ok && [b.serial, b.digestCode])).toEqual(
      expect.arrayContaining([
        ['BS-1001', first.digestCode],
        ['BS-2002', second.digestCode],
      ]),
    );
    expect(found.at(-1)).toMatchObject({ ok: false, bundleDir: join(media, 'broken') });
    expect(found.at(-1)!.ok === false && found.at(-1)).toMatchObject({ problem: expect.stringContaining('bundleId') });
  });

  it('finds nothing on an empty drive', async () => {
    expect(await findBundles(media)).toEqual([]);
  });
});

describe('assemblePackage', () => {
  it('joins the parts into the destination and checks the hash', async () => {
    const bundle = await written({ split: true });
    const dest = join(dir, 'vault-base.pkg');
    const hash = await assemblePackage(bundle.bundleDir, bundle.manifest.packages[0]!, dest);
    expect(hash).toEqual({ sha256: base.draft.sha256, size: 300_000 });
    expect((await readFile(dest)).equals(base.bytes)).toBe(true);
  });

  it('copies a single-file package', async () => {
    const bundle = await written();
    const dest = join(dir, 'vault-site.pkg');
    await assemblePackage(bundle.bundleDir, bundle.manifest.packages[1]!, dest);
    expect(await hashFile(dest)).toEqual({ sha256: site.draft.sha256, size: 150_000 });
  });

  it('refuses a tampered part and leaves no destination file', async () => {
    const bundle = await written({ split: true });
    await flipByte(join(bundle.bundleDir, 'base-12.1.0.pkg.part003'), 5);
    const dest = join(dir, 'vault-base.pkg');
    const error = await failure(assemblePackage(bundle.bundleDir, bundle.manifest.packages[0]!, dest));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('base-12.1.0.pkg.part003');
    await expect(readFile(dest)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('cancels with CANCELLED and keeps nothing partial', async () => {
    const bundle = await written({ split: true });
    const controller = new AbortController();
    controller.abort();
    const dest = join(dir, 'vault-base.pkg');
    const error = await failure(assemblePackage(bundle.bundleDir, bundle.manifest.packages[0]!, dest, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect((await readdir(dir)).filter((name) => name.includes('vault-base'))).toEqual([]);
  });

  it('refuses a part longer than listed before copying any of it, reading nothing past the listed sizes', async () => {
    const bundle = await written({ split: true });
    await writeFile(join(bundle.bundleDir, 'base-12.1.0.pkg.part002'), Buffer.alloc(8 * 1024 * 1024), { flag: 'a' });
    let copied = 0;
    const dest = join(dir, 'vault-base.pkg');
    const error = await failure(assemblePackage(bundle.bundleDir, bundle.manifest.packages[0]!, dest, { onBytes: (n) => (copied += n) }));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('base-12.1.0.pkg.part002 is 8488608 bytes, more than the 100000 listed');
    expect(copied).toBe(100_000);
    await expect(readFile(dest)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a missing part', async () => {
    const bundle = await written({ split: true });
    await unlink(join(bundle.bundleDir, 'base-12.1.0.pkg.part001'));
    const error = await failure(assemblePackage(bundle.bundleDir, bundle.manifest.packages[0]!, join(dir, 'x.pkg')));
    expect(error.message).toContain('base-12.1.0.pkg.part001 is missing');
  });
});
