/**
 * Manual Installation against the real practice lab: the package the update server served,
 * uploaded through the appliance's form, installs and the version is verified; a package
 * for another appliance, an upload over the limit, and an upload cut halfway all leave
 * nothing installed, each with its own error.
 */
import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TransferProgress } from '../../electron/services/appliance';
import type { UpdatePackage } from '../../electron/services/update-server';
import { createLabFixture, eventually, failure } from './helpers/lab-fixture';

let dir: string;
/** Base 6.2.0 as the update server served it for appliance A (downloaded once). */
let basePath: string;
let base: UpdatePackage;

interface LabState {
  appliances: Record<
    string,
    {
      baseVersion: string;
      status: string;
      installed: { updateId: string; result: string; source?: string }[];
      uploads: { filename: string | null; bytes: number; result: string }[];
    }
  >;
}

const fixture = createLabFixture<LabState>();
const { control, fault, admin } = fixture;

beforeAll(async () => {
  await fixture.start();
  dir = await mkdtemp(join(tmpdir(), 'manual-upload-'));
  const server = fixture.server();
  const listing = await server.submitKey((await admin().generateDownloadKey()).key);
  base = listing.packages.find((p) => p.id === 'base-6.2.0')!;
  basePath = join(dir, 'base-6.2.0.pkg');
  await server.downloadPackage(base, basePath);
});

afterAll(async () => {
  await fixture.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await fixture.resetSingle();
});

/** A copy of the package whose header names another appliance (same length: only the serial differs). */
async function forAnotherAppliance(): Promise<string> {
  const path = join(dir, 'base-6.2.0-other.pkg');
  await copyFile(basePath, path);
  const file = await open(path, 'r+');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const line = head.subarray(0, head.subarray(0, bytesRead).indexOf(0x0a)).toString('utf8');
    expect(line.startsWith('LABPKG1 ')).toBe(true);
    const header = JSON.parse(line.slice('LABPKG1 '.length)) as { serial: string };
    expect(header.serial).toBe('LAB-A-1001');
    const changed = line.replace('"serial":"LAB-A-1001"', '"serial":"LAB-B-1001"');
    expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(line));
    await file.write(Buffer.from(changed, 'utf8'), 0, Buffer.byteLength(changed), 0);
  } finally {
    await file.close();
  }
  return path;
}

describe('manual installation', () => {
  it('uploads the downloaded package; the install runs and the new version is verified', async () => {
    const session = admin();
    const progress: TransferProgress[] = [];
    await session.uploadPackage(basePath, { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ done: base.size, total: base.size });

    const basics = await eventually(() => session.statusBasics(), 15_000);
    expect(basics).toMatchObject({ baseVersion: '6.2.0', status: 'running' });
    const state = await control('GET', '/lab/state');
    expect(state.appliances.A!.installed).toEqual([
      expect.objectContaining({ updateId: 'base-6.2.0', result: 'installed', source: 'manual' }),
    ]);
    expect(state.appliances.A!.uploads.at(-1)).toMatchObject({ filename: 'base-6.2.0.pkg', bytes: base.size });
  });

  it('a package built for another appliance → PACKAGE_REJECTED quoting the appliance, nothing installed', async () => {
    const error = await failure(admin().uploadPackage(await forAnotherAppliance(), { fileName: 'base-6.2.0.pkg' }));
    expect(error.code).toBe('PACKAGE_REJECTED');
    expect(error.message).toContain('LAB-B-1001');
    expect(error.hint).toMatch(/another appliance or damaged/);
    const state = await control('GET', '/lab/state');
    expect(state.appliances.A!.installed).toEqual([]);
    expect(state.appliances.A!.baseVersion).toBe('6.1.0');
  });

  it('a file over the upload limit → UPLOAD_TOO_LARGE naming size and limit, nothing installed', async () => {
    await fault('upload-limit', 1024 * 1024);
    const error = await failure(admin().uploadPackage(basePath));
    expect(error.code).toBe('UPLOAD_TOO_LARGE');
    expect(error.message).toContain('6.0 MiB');
    expect(error.message).toContain('1.0 MiB');
    expect(error.hint).toMatch(/right package/);
    expect((await control('GET', '/lab/state')).appliances.A!.installed).toEqual([]);
  });

  it('an upload cut halfway → TRANSFER_INTERRUPTED, nothing installed, and a retry installs', async () => {
    await fault('drop-at-byte', Math.floor(base.size / 2));
    const session = admin();
    const error = await failure(session.uploadPackage(basePath));
    expect(error.code).toBe('TRANSFER_INTERRUPTED');
    expect(error.message).toMatch(/stopped after .* of 6\.0 MiB; nothing was installed/);
    const state = await control('GET', '/lab/state');
    expect(state.appliances.A!.installed).toEqual([]);
    expect(state.appliances.A!.status).toBe('running');
    expect((await session.statusBasics()).baseVersion).toBe('6.1.0');

    // The fault cuts once: the same file uploads completely now.
    await session.uploadPackage(basePath);
    expect(await eventually(() => session.statusBasics(), 15_000)).toMatchObject({ baseVersion: '6.2.0' });
  });

  it('the site package before Base → REQUIREMENT_MISSING', async () => {
    const server = fixture.server();
    const listing = await server.submitKey((await admin().generateDownloadKey()).key);
    const site = listing.packages.find((p) => p.id === 'site-23.2.1')!;
    const sitePath = join(dir, 'site-23.2.1.pkg');
    await server.downloadPackage(site, sitePath);
    const error = await failure(admin().uploadPackage(sitePath));
    expect(error.code).toBe('REQUIREMENT_MISSING');
    expect(error.message).toContain('6.2.0');
  });
});
