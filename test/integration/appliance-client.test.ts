/**
 * The appliance client against the real practice lab over real HTTPS: OAuth, the XML command
 * API, the backup download, the admin interface, certificate pinning and injected faults.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningLab } from '../../electron/lab';
import {
  createAdminSession,
  createApplianceApi,
  createApplianceClient,
  probeCertificate,
} from '../../electron/services/appliance';
import { createLabFixture, eventually, failure } from './helpers/lab-fixture';

interface LabState {
  appliances: Record<string, { status: string; baseVersion: string; backups: { sha256: string; size: number }[] }>;
}

const fixture = createLabFixture<LabState>();
const { control, fault, endpoint } = fixture;
let lab: RunningLab;
let dir: string;

beforeAll(async () => {
  lab = await fixture.start();
  dir = await mkdtemp(join(tmpdir(), 'appliance-client-'));
});

afterAll(async () => {
  await fixture.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await fixture.resetSingle();
});

async function leftovers(): Promise<string[]> {
  return readdir(dir);
}

describe('public API', () => {
  it('reads the API information and health over the pinned connection', async () => {
    const api = createApplianceApi(endpoint());
    const info = await api.getApiInfo();
    expect(info.apiVersion).toBe('1.24.2');
    expect(info.permissions).toEqual({ perm_backup: '1', perm_command: 'full' });
    expect(Math.abs(info.timestamp - Date.now() / 1000)).toBeLessThan(120);
    const health = await api.checkHealth();
    expect(health).toMatchObject({
      applianceId: 'LAB-A-1001',
      hostname: 'appliance-a.lab.example',
      version: '23.1.1',
      success: true,
      failoverRole: 'none',
    });
  });

  it('caches one token for sequential and concurrent callers', async () => {
    const issued: number[] = [];
    const api = createApplianceApi(endpoint(), { onTokenIssued: (e) => issued.push(e.expiresInSeconds) });
    await Promise.all([api.getApiInfo(), api.checkHealth(), api.getApiInfo()]);
    await api.checkHealth();
    expect(issued).toEqual([3600]);
  });

  it('renews the token ahead of expiry by its own clock', async () => {
    await fault('token-lifetime', 120);
    let clock = Date.now();
    const issued: number[] = [];
    const api = createApplianceApi(endpoint(), { now: () => clock, onTokenIssued: (e) => issued.push(e.expiresInSeconds) });
    await api.getApiInfo();
    clock += 30_000;
    await api.getApiInfo();
    expect(issued).toHaveLength(1);
    // 120 s lifetime, renewed 60 s before expiry: at +70 s a new token is fetched although
    // the old one would still be accepted.
    clock += 40_000;
    await api.getApiInfo();
    expect(issued).toEqual([120, 120]);
  });

  it('renews once when the appliance rejects an expired token (401)', async () => {
    await fault('token-lifetime', 120);
    const issued: number[] = [];
    // A client clock that stands still never renews ahead: only the 401 can trigger it.
    const frozen = Date.now();
    const api = createApplianceApi(endpoint(), { now: () => frozen, onTokenIssued: (e) => issued.push(e.expiresInSeconds) });
    await api.getApiInfo();
    await control('POST', '/lab/time', { advanceSeconds: 300 });
    const info = await api.getApiInfo();
    expect(info.apiVersion).toBe('1.24.2');
    expect(issued).toHaveLength(2);
  });

  it('reports a wrong client secret as UNAUTHORISED', async () => {
    const error = await failure(createApplianceApi(endpoint({ apiClientSecret: 'wrong' })).getApiInfo());
    expect(error.code).toBe('UNAUTHORISED');
    expect(error.hint).toContain('API Configuration');
  });

  it('reports a missing backup permission by name, leaving no file', async () => {
    await fault('permission', { perm_backup: '0' });
    const dest = join(dir, 'denied.nsb');
    const error = await failure(createApplianceApi(endpoint()).downloadBackup(dest));
    expect(error.code).toBe('PERMISSION_MISSING');
    expect(error.message).toContain('perm_backup');
    expect(error.hint).toContain('/login > Management > API Configuration');
    expect(await leftovers()).not.toContain('denied.nsb.part');
  });

  it('reports command permission denied as PERMISSION_MISSING perm_command', async () => {
    await fault('permission', { perm_command: 'deny' });
    const error = await failure(createApplianceApi(endpoint()).checkHealth());
    expect(error.code).toBe('PERMISSION_MISSING');
    expect(error.message).toContain('perm_command');
  });

  it('reports an HTML error page as NOT_XML', async () => {
    await fault('html-error', true);
    const error = await failure(createApplianceApi(endpoint()).getApiInfo());
    expect(error.code).toBe('NOT_XML');
    expect(error.message).toContain('HTTP 500');
  });

  it('reports a 502 from in between as NOT_XML', async () => {
    await fault('http-status', 502);
    expect((await failure(createApplianceApi(endpoint()).checkHealth())).code).toBe('NOT_XML');
  });

  it('reports truncated XML as MALFORMED_XML', async () => {
    await fault('malformed-xml', true);
    const error = await failure(createApplianceApi(endpoint()).checkHealth());
    expect(error.code).toBe('MALFORMED_XML');
  });

  it('times out on an appliance that stops answering', async () => {
    await fault('stop-answering', true);
    const started = Date.now();
    const error = await failure(createApplianceApi(endpoint(), { timeoutMs: 500 }).getApiInfo());
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
    await control('DELETE', '/lab/faults');
  });

  it('reports a closed port as UNREACHABLE', async () => {
    const port = await freePort();
    const error = await failure(createApplianceApi(endpoint({ baseUrl: `https://127.0.0.1:${port}` })).getApiInfo());
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain('refused');
  });
});

describe('certificate pinning', () => {
  it('probes the presented certificate without trusting it', async () => {
    const cert = await probeCertificate(lab.appliances.A!.url, 5_000);
    expect(cert.fingerprint256).toBe(lab.fingerprint256);
    expect(cert.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(cert.subjectAltNames).toEqual(expect.arrayContaining(['DNS:support.lab.example', 'IP Address:127.0.0.1']));
    // Issued by the lab's issuing CA (issue 7), no longer self-signed.
    expect(cert.selfSigned).toBe(false);
    expect(cert.issuer).toContain('Lab Issuing CA');
    expect(cert.pem).toContain('BEGIN CERTIFICATE');
  });

  it('refuses first use without a pin as TLS_UNTRUSTED, sending no credentials', async () => {
    const error = await failure(createApplianceApi(endpoint({ pinnedFingerprint256: undefined })).getApiInfo());
    expect(error.code).toBe('TLS_UNTRUSTED');
    expect(error.details).toMatchObject({ fingerprint256: lab.fingerprint256 });
    expect(error.message).toContain(lab.fingerprint256);
  });

  it('accepts the pin in any hex spelling', async () => {
    const lower = lab.fingerprint256.replace(/:/g, '').toLowerCase();
    await expect(createApplianceApi(endpoint({ pinnedFingerprint256: lower })).getApiInfo()).resolves.toBeTruthy();
  });

  it('refuses a changed certificate as TLS_CHANGED for the API and the admin interface', async () => {
    await fault('rotate-certificate', true);
    const api = createApplianceApi(endpoint());
    const error = await failure(api.getApiInfo());
    expect(error.code).toBe('TLS_CHANGED');
    expect(error.hint).toMatch(/administrator/);
    const presented = await probeCertificate(lab.appliances.A!.url, 5_000);
    expect(presented.fingerprint256).not.toBe(lab.fingerprint256);
    expect(error.details).toMatchObject({
      pinnedFingerprint256: lab.fingerprint256,
      fingerprint256: presented.fingerprint256,
    });
    expect((await failure(createAdminSession(endpoint()).statusBasics())).code).toBe('TLS_CHANGED');
    // After verifying with the administrator, the new pin works.
    await expect(
      createApplianceApi(endpoint({ pinnedFingerprint256: presented.fingerprint256 })).getApiInfo(),
    ).resolves.toBeTruthy();
  });

  it('refuses a pinned certificate that has expired by this computer’s clock as TLS_INVALID', async () => {
    const cert = await probeCertificate(lab.appliances.A!.url, 5_000);
    const later = Date.parse(cert.validTo) + 1000;
    const error = await failure(createApplianceApi(endpoint(), { now: () => later }).getApiInfo());
    expect(error.code).toBe('TLS_INVALID');
  });
});

describe('backup download', () => {
  it('streams the backup to disk with a SHA-256 matching the lab’s record', async () => {
    const dest = join(dir, 'backup.nsb');
    const progress: { done: number; total: number | null }[] = [];
    const result = await createApplianceApi(endpoint()).downloadBackup(dest, { onProgress: (p) => progress.push(p) });
    const state = await control('GET', '/lab/state');
    const recorded = state.appliances.A!.backups.at(-1)!;
    expect(result).toEqual({ size: recorded.size, sha256: recorded.sha256 });
    const bytes = await readFile(dest);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(recorded.sha256);
    expect((await stat(dest)).mode & 0o777).toBe(0o600);
    expect(await leftovers()).not.toContain('backup.nsb.part');
    expect(progress.at(-1)).toEqual({ done: recorded.size, total: recorded.size });
    // Throttled to ~10 Hz: far fewer events than the 3 MiB arrive in chunks.
    expect(progress.length).toBeLessThan(40);
  });

  it('leaves nothing behind when aborted mid-transfer', async () => {
    const dest = join(dir, 'aborted.nsb');
    const controller = new AbortController();
    const error = await failure(
      createApplianceApi(endpoint()).downloadBackup(dest, {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    );
    expect(error.code).toBe('CANCELLED');
    const files = await leftovers();
    expect(files).not.toContain('aborted.nsb');
    expect(files).not.toContain('aborted.nsb.part');
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      createApplianceApi(endpoint()).downloadBackup(join(dir, 'never.nsb'), { signal: controller.signal }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(await leftovers()).not.toContain('never.nsb.part');
  });
});

describe('admin session', () => {
  it('reads Status > Basics, sharing one login between concurrent calls', async () => {
    const admin = createAdminSession(endpoint());
    const [basics, again] = await Promise.all([admin.statusBasics(), admin.statusBasics()]);
    expect(again.serial).toBe('LAB-A-1001');
    expect(basics).toMatchObject({
      serial: 'LAB-A-1001',
      hostname: 'appliance-a.lab.example',
      siteVersion: '23.1.1',
      baseVersion: '6.1.0',
      status: 'running',
      storedDataMb: 2048,
    });
    expect(Number.isNaN(Date.parse(basics.time))).toBe(false);
  });

  it('refuses a wrong password as ADMIN_LOGIN_FAILED quoting the appliance', async () => {
    const error = await failure(createAdminSession(endpoint({ adminPassword: 'wrong' })).statusBasics());
    expect(error.code).toBe('ADMIN_LOGIN_FAILED');
    expect(error.message).toMatch(/“.+”/);
  });

  it('logs in again when the appliance forgot the session', async () => {
    const admin = createAdminSession(endpoint());
    await admin.statusBasics();
    // A reset replaces the appliance and with it every session.
    await control('POST', '/lab/reset', { scenario: 'single' });
    await expect(admin.statusBasics()).resolves.toMatchObject({ serial: 'LAB-A-1001' });
  });

  it('checks for updates, refuses site before base, installs base', async () => {
    const { api, admin } = createApplianceClient(endpoint());
    const updates = await admin.checkForUpdates();
    expect(updates).toEqual([
      expect.objectContaining({ id: 'base-6.2.0', kind: 'base', version: '6.2.0' }),
      expect.objectContaining({ id: 'site-23.2.1', kind: 'site', version: '23.2.1', requires: '6.2.0' }),
    ]);
    expect(updates.every((u) => u.size > 0 && u.name !== '')).toBe(true);

    const refused = await failure(admin.installUpdate('site-23.2.1'));
    expect(refused.code).toBe('REQUIREMENT_MISSING');
    expect(refused.message).toContain('6.2.0');

    expect((await failure(admin.installUpdate('no-such-update'))).code).toBe('NOT_FOUND');

    await admin.installUpdate('base-6.2.0');
    // Installing: the API answers 503 "Appliance updating".
    const down = await failure(api.getApiInfo());
    expect(down.code).toBe('APPLIANCE_DOWN');
    expect(down.message).toContain('installing an update');
    expect((await failure(admin.statusBasics())).code).toBe('APPLIANCE_DOWN');

    // 300 lab seconds at 600× is half a real second.
    const basics = await eventually(() => admin.statusBasics(), 10_000);
    expect(basics).toMatchObject({ baseVersion: '6.2.0', status: 'running' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
