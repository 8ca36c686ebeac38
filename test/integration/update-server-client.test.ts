/**
 * The update server client against the real practice lab: a download key made by the
 * appliance's own page, the listing it gives, the clock check (R6), a download cut halfway that
 * resumes from the bytes on disk, and "once only" (R7).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningLab } from '../../electron/lab';
import { createLabFixture, failure } from './helpers/lab-fixture';

interface LabState {
  appliances: Record<string, { downloadKeys: { keyId: string | null }[] }>;
  updateServer: { downloads: { keyId: string; packageId: string; bytesSent: number; completed: boolean }[] };
}

const fixture = createLabFixture<LabState>();
const { control, faultOn: fault, admin, server } = fixture;
let lab: RunningLab;
let dir: string;

beforeAll(async () => {
  lab = await fixture.start();
});

afterAll(async () => {
  await fixture.close();
});

beforeEach(async () => {
  await fixture.resetSingle();
  dir = await mkdtemp(join(tmpdir(), 'update-server-client-'));
  return () => rm(dir, { recursive: true, force: true });
});

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('download key → listing', () => {
  it('lists both packages for the key the appliance generated', async () => {
    const { key, generatedAt } = await admin().generateDownloadKey();
    expect(Math.abs(Date.parse(generatedAt) - Date.now())).toBeLessThan(120_000);
    const listing = await server().submitKey(key);
    expect(listing.serial).toBe('LAB-A-1001');
    expect(listing.packages).toEqual([
      expect.objectContaining({ id: 'base-6.2.0', kind: 'base', version: '6.2.0', size: 6 * 1024 * 1024 }),
      expect.objectContaining({ id: 'site-23.2.1', kind: 'site', version: '23.2.1', requires: '6.2.0', size: 10 * 1024 * 1024 }),
    ]);
    expect(listing.packages[0]).not.toHaveProperty('requires');
    for (const pkg of listing.packages) {
      expect(pkg.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(pkg.url.startsWith(lab.updateServerUrl)).toBe(true);
      expect(pkg.filename).toBe(`LAB-A-1001-${pkg.id}.labpkg`);
    }
  });

  it('a key made while the appliance clock was off → CLOCK_SKEW pointing at IP Configuration (R6)', async () => {
    await fault('A', 'clock-skew', 3 * 3600);
    const { key } = await admin().generateDownloadKey();
    const error = await failure(server().submitKey(key));
    expect(error.code).toBe('CLOCK_SKEW');
    expect(error.message).toContain('10800 seconds ahead');
    expect(error.hint).toContain('/appliance > Networking > IP Configuration');
  });

  it('shows the NTP setting the fix is made in', async () => {
    expect(await admin().ipConfiguration()).toEqual({ ipAddress: '10.20.0.11', ntpEnabled: false, ntpServers: [] });
  });

  it('a garbage or edited key → KEY_REJECTED', async () => {
    expect((await failure(server().submitKey('not-a-key'))).code).toBe('KEY_REJECTED');
    const { key } = await admin().generateDownloadKey();
    const edited = `${key.slice(0, -2)}${key.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await failure(server().submitKey(edited))).code).toBe('KEY_REJECTED');
  });
});

describe('package download', () => {
  it('resumes a download cut at 50%: at most 1.6× the file over both attempts, SHA-256 matches', async () => {
    const listing = await server().submitKey((await admin().generateDownloadKey()).key);
    const pkg = listing.packages.find((p) => p.id === 'site-23.2.1')!;
    const dest = join(dir, 'site-23.2.1.pkg');
    await fault('update-server', 'drop-at-byte', Math.floor(pkg.size / 2));

    const cut = await failure(server({ retryDelaysMs: [] }).downloadPackage(pkg, dest));
    expect(cut.code).toBe('TRANSFER_INTERRUPTED');
    expect(cut.hint).toContain('continues from there');
    const kept = (await stat(`${dest}.part`)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(Math.floor(pkg.size / 2));

    const done = await server().downloadPackage(pkg, dest);
    expect(done.resumedFrom).toBe(kept);
    expect(done).toMatchObject({ size: pkg.size, sha256: pkg.sha256 });
    expect(await sha256Of(dest)).toBe(pkg.sha256);
    expect(await readdir(dir)).toEqual(['site-23.2.1.pkg']);

    const firstAttempt = Number((cut.details as { bytesTransferred: number }).bytesTransferred);
    expect(firstAttempt + done.bytesTransferred).toBeLessThanOrEqual(1.6 * pkg.size);
    // The server's own count agrees: nothing was sent twice beyond the cut.
    const state = await control('GET', '/lab/state');
    const sent = state.updateServer.downloads
      .filter((d) => d.packageId === pkg.id)
      .reduce((sum, d) => sum + d.bytesSent, 0);
    expect(sent).toBeLessThanOrEqual(1.6 * pkg.size);
  });

  it('a download the lab cuts at 50% retries by itself from the .part and completes in the same call', async () => {
    const listing = await server().submitKey((await admin().generateDownloadKey()).key);
    const pkg = listing.packages.find((p) => p.id === 'site-23.2.1')!;
    const dest = join(dir, 'site-23.2.1.pkg');
    await fault('update-server', 'drop-at-byte', Math.floor(pkg.size / 2));
    const retries: { retry: number; of: number; done: number }[] = [];
    const done = await server({ retryDelaysMs: [100, 200, 400] }).downloadPackage(pkg, dest, { onRetry: (r) => retries.push(r) });
    expect(retries).toEqual([expect.objectContaining({ retry: 1, of: 3, reason: 'the connection dropped' })]);
    expect(retries[0]!.done).toBeGreaterThan(0);
    expect(done).toMatchObject({ size: pkg.size, sha256: pkg.sha256, retries: 1, resumedFrom: retries[0]!.done });
    expect(await sha256Of(dest)).toBe(pkg.sha256);
    expect(await readdir(dir)).toEqual(['site-23.2.1.pkg']);
    // The retry asked only for the rest: the server sent the cut bytes once.
    const state = await control('GET', '/lab/state');
    const sent = state.updateServer.downloads.filter((d) => d.packageId === pkg.id).reduce((sum, d) => sum + d.bytesSent, 0);
    expect(sent).toBeLessThanOrEqual(1.6 * pkg.size);
  });

  it('a completed download leaves the listing; downloading it again → ALREADY_DOWNLOADED (R7)', async () => {
    const { key } = await admin().generateDownloadKey();
    const listing = await server().submitKey(key);
    const base = listing.packages.find((p) => p.id === 'base-6.2.0')!;
    await server().downloadPackage(base, join(dir, 'base.pkg'));

    const again = await server().submitKey((await admin().generateDownloadKey()).key);
    expect(again.packages.map((p) => p.id)).toEqual(['site-23.2.1']);

    const error = await failure(server().downloadPackage(base, join(dir, 'base-again.pkg')));
    expect(error.code).toBe('ALREADY_DOWNLOADED');
    expect(error.hint).toContain('support');
    expect(await readdir(dir)).toEqual(['base.pkg']);
  });
});
