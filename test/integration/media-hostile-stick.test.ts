/**
 * Sticks that are broken or crafted to hurt: a named pipe or a link to /dev/zero where the
 * manifest should be, a package part swapped for a link to an outside file with the same bytes,
 * a 50 MiB manifest, key files of the same kinds, and paths outside the drives. Each is refused
 * with a reason within 2 s, while the event loop keeps ticking (nothing blocks main or the
 * file-system threads).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as media from '../../electron/services/media';
import { AppError } from '../../shared/errors';
import { draftFor, keyFileFixture, makeStickWithPackages, type StickFixture } from '../unit/electron/services/media/helpers/bundle-fixtures';

const run = promisify(execFile);
const MiB = 1024 * 1024;

/** Runs `work` and reports how long it took and how late the event loop ran meanwhile. */
async function responsive<T>(work: () => Promise<T>): Promise<{ outcome: T | AppError; elapsedMs: number; ticks: number; maxDelayMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 20);
  histogram.enable();
  const started = performance.now();
  try {
    const outcome = await work().catch((error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return error;
    });
    // One more tick proves the loop is still free once the work is done.
    await new Promise((resolve) => setTimeout(resolve, 40));
    return { outcome, elapsedMs: performance.now() - started, ticks, maxDelayMs: histogram.max / 1e6 };
  } finally {
    clearInterval(ticker);
    histogram.disable();
  }
}

/** The refusal, checked for speed and a free event loop. */
async function refusedQuickly(work: () => Promise<unknown>): Promise<AppError> {
  const { outcome, elapsedMs, ticks, maxDelayMs } = await responsive(work);
  expect(outcome).toBeInstanceOf(AppError);
  expect(elapsedMs).toBeLessThan(2000);
  expect(ticks).toBeGreaterThanOrEqual(1);
  expect(maxDelayMs).toBeLessThan(500);
  return outcome as AppError;
}

let fixture: StickFixture;
let bundleDir: string;
let outside: string;

beforeAll(async () => {
  fixture = await makeStickWithPackages('hostile-stick-', { siteSize: 2 * MiB + 17, baseSeed: 41, siteSeed: 42 });
  outside = await mkdtemp(join(tmpdir(), 'outside-'));
});
afterAll(async () => {
  await rm(fixture.dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function freshBundle(bundleId: string): Promise<string> {
  const written = await media.writeBundle({
    targetDir: fixture.media,
    manifest: { ...draftFor([fixture.base, fixture.site]), bundleId },
    sources: [fixture.base.source, fixture.site.source],
    createdBy: 'tech@example',
    appVersion: '0.1.0',
  });
  return written.bundleDir;
}

describe('a manifest that is not a manifest', () => {
  beforeAll(async () => {
    bundleDir = await freshBundle('b-hostile');
  });

  it('a named pipe (FIFO) is refused without being opened', async () => {
    const manifest = join(bundleDir, media.MANIFEST_FILE);
    await unlink(manifest);
    await run('mkfifo', [manifest]);
    const error = await refusedQuickly(() => media.verifyBundle(bundleDir));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('named pipe');
    expect(error.hint).toContain('Write the bundle again');
    const { outcome } = await responsive(() => media.findBundles(fixture.media));
    expect(outcome).toEqual([expect.objectContaining({ ok: false, bundleDir, problem: expect.stringContaining('named pipe') })]);
    await unlink(manifest);
  });

  it('a link to /dev/zero is refused, never followed', async () => {
    const manifest = join(bundleDir, media.MANIFEST_FILE);
    await symlink('/dev/zero', manifest);
    const error = await refusedQuickly(() => media.verifyBundle(bundleDir));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('a link to another place');
    await unlink(manifest);
  });

  it('a 50 MiB manifest is refused before it is read', async () => {
    const manifest = join(bundleDir, media.MANIFEST_FILE);
    await writeFile(manifest, Buffer.alloc(50 * MiB, 0x20));
    const error = await refusedQuickly(() => media.verifyBundle(bundleDir));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('50.0 MiB');
    expect(error.message).toContain('was not read');
    await unlink(manifest);
  });
});

describe('a package part swapped for a link to an outside file with the same bytes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshBundle('b-swapped');
    const part = join(dir, 'site-12.1.0.pkg');
    const copy = join(outside, 'site-copy.pkg');
    await copyFile(part, copy);
    await unlink(part);
    await symlink(copy, part);
  });

  it('fails verification on that file, the link not followed', async () => {
    const error = await refusedQuickly(() => media.verifyBundle(dir));
    expect(error.code).toBe('BUNDLE_INVALID');
    const { proof } = error.details as { proof: media.ProofLine[] };
    expect(proof.map((line) => [line.file, line.ok])).toEqual([
      ['base-12.1.0.pkg', true],
      ['site-12.1.0.pkg', false],
    ]);
    expect(proof[1]!.problem).toContain('a link to another place, not a file');
  });

  it('is never copied into the vault', async () => {
    const manifest = await media.readManifestFile(dir);
    const dest = join(outside, 'vault-copy.pkg');
    const error = await refusedQuickly(() => media.assemblePackage(dir, manifest.packages[1]!, dest));
    expect(error.code).toBe('BUNDLE_INVALID');
    expect(error.message).toContain('site-12.1.0.pkg is a link to another place');
    await expect(readFile(dest)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a link posing as the bundle folder on the connected side', () => {
  it('is removed itself; nothing it points to is touched', async () => {
    const target = join(outside, 'precious');
    await mkdir(target);
    await writeFile(join(target, media.MANIFEST_FILE), 'keep me');
    await symlink(target, join(fixture.media, 'aua-bundle-BS-1001-b-linked'));
    const dir = await freshBundle('b-linked');
    expect(await readFile(join(target, media.MANIFEST_FILE), 'utf8')).toBe('keep me');
    expect((await media.verifyBundle(dir)).proof.every((line) => line.ok)).toBe(true);
  });
});

describe('key files that are not key files', () => {
  it('a FIFO, a link to /dev/zero and a 50 MiB file are each listed with the reason, none opened', async () => {
    const keys = join(fixture.media, 'keys');
    await mkdir(keys);
    await run('mkfifo', [join(keys, 'a-pipe.aua-key.json')]);
    await symlink('/dev/zero', join(keys, 'b-zero.aua-key.json'));
    await writeFile(join(keys, 'c-huge.aua-key.json'), Buffer.alloc(50 * MiB, 0x20));
    await media.writeKeyFile(keys, keyFileFixture());
    const { outcome, elapsedMs, maxDelayMs } = await responsive(() => media.readKeyFiles(keys));
    expect(elapsedMs).toBeLessThan(2000);
    expect(maxDelayMs).toBeLessThan(500);
    expect(outcome).toEqual([
      expect.objectContaining({ ok: true, path: join(keys, 'North-BS-1001.aua-key.json') }),
      { ok: false, path: join(keys, 'a-pipe.aua-key.json'), problem: 'is a named pipe (FIFO), not a file, so it was not opened' },
      { ok: false, path: join(keys, 'b-zero.aua-key.json'), problem: 'is a link to another place, not a file, so it was not opened' },
      { ok: false, path: join(keys, 'c-huge.aua-key.json'), problem: 'is 50.0 MiB, far more than the 1.0 MiB a key file may be, so it was not read' },
    ]);
    await rm(keys, { recursive: true });
  });
});

describe('paths outside the drives', () => {
  const access = () => {
    let chosen: string | undefined;
    const mediaAccess = media.createMediaAccess({ drives: media.createFolderDriveLister([fixture.media]), folders: { chooseFolder: async () => chosen } });
    return { mediaAccess, guarded: media.createGuardedMedia(mediaAccess), choose: (dir: string) => (chosen = dir) };
  };

  it('refuses a folder that is neither a listed drive nor the chosen folder, before touching it', async () => {
    const { guarded } = access();
    const error = await refusedQuickly(() => guarded.findBundles(outside));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(outside);
    expect(error.hint).toContain('Choose the drive');
    expect((await refusedQuickly(() => guarded.readKeyFiles('/etc'))).code).toBe('INVALID_INPUT');
    expect((await refusedQuickly(() => guarded.writeKeyFile('relative/stick', keyFileFixture()))).code).toBe('INVALID_INPUT');
    const write = guarded.writeBundle({ targetDir: outside, manifest: draftFor([fixture.base]), sources: [fixture.base.source], createdBy: 't', appVersion: '0' });
    expect((await refusedQuickly(() => write)).code).toBe('INVALID_INPUT');
  });

  it('refuses a link on the drive that leads out of it, and the parent of a drive', async () => {
    const { guarded } = access();
    await symlink(outside, join(fixture.media, 'escape'));
    expect((await refusedQuickly(() => guarded.findBundles(join(fixture.media, 'escape')))).code).toBe('INVALID_INPUT');
    expect((await refusedQuickly(() => guarded.findBundles(join(fixture.media, '..')))).code).toBe('INVALID_INPUT');
    await unlink(join(fixture.media, 'escape'));
  });

  it('accepts a listed drive, a folder inside it, and the folder the operator chose', async () => {
    const { guarded, mediaAccess, choose } = access();
    expect(await guarded.findBundles(fixture.media)).toEqual(expect.any(Array));
    await guarded.writeKeyFile(fixture.media, keyFileFixture());
    choose(outside);
    expect((await refusedQuickly(() => guarded.readKeyFiles(outside))).code).toBe('INVALID_INPUT');
    expect(await mediaAccess.chooseFolder('Key file')).toBe(outside);
    expect(await guarded.readKeyFiles(outside)).toEqual([]);
  });
});
