/**
 * Hardware migration against the practice lab (scenario `migration`) over real HTTPS, through
 * the appliance client: the factory appliance N's forced password change and EULA, the site
 * package install, restore of A's backup, the site front door and its DNS record, and the
 * old appliance's reset and shut down.
 */
import { connect } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import {
  createAdminSession,
  createApplianceApi,
  probeSiteAddress,
  type AdminSession,
  type ApplianceEndpoint,
} from '../../electron/services/appliance';
import { eventually, failure, labControl } from './helpers/lab-fixture';

interface DnsState {
  dns: { name: string; target: string; pending: { target: string; effectiveAt: string } | null };
  appliances: Record<string, { status: string; factory: boolean; fingerprint256: string; restoredFrom: { serial: string; sha256: string } | null }>;
}

const NEW_PASSWORD = 'new-admin-2001';

let lab: RunningLab;
let dir: string;
let backupA: { path: string; sha256: string };

const control = (method: string, path: string, body?: unknown) => labControl<DnsState>(lab, method, path, body);

function endpointOf(id: 'A' | 'N', overrides: Partial<ApplianceEndpoint> = {}): ApplianceEndpoint {
  const info = lab.appliances[id]!;
  return {
    baseUrl: info.url,
    pinnedFingerprint256: info.fingerprint256,
    apiClientId: info.credentials.apiClientId ?? 'none',
    apiClientSecret: info.credentials.apiClientSecret ?? 'none',
    adminUser: info.credentials.adminUser,
    adminPassword: info.credentials.adminPassword,
    ...overrides,
  };
}

/** N with A's API credentials (what a restore should make work). */
function nWithCredentialsOfA(): ApplianceEndpoint {
  return endpointOf('N', {
    apiClientId: lab.credentials.apiClientId,
    apiClientSecret: lab.credentials.apiClientSecret,
    adminUser: lab.credentials.adminUser,
    adminPassword: lab.credentials.adminPassword,
  });
}

function probe(target: 'A' | 'N') {
  return probeSiteAddress({
    siteAddress: lab.siteUrl,
    siteHostname: lab.siteHostname,
    pinnedFingerprint256: lab.appliances[target]!.fingerprint256,
    apiClientId: lab.credentials.apiClientId,
    apiClientSecret: lab.credentials.apiClientSecret,
  });
}

/** Resolves with the socket error code of a plain TCP connection to `port`, or 'connected'. */
function tcpOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

async function waitFor(check: () => Promise<boolean>, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  lab = await startLab({ scenario: 'migration', timeScale: 6000, backupBytes: 64 * 1024 });
  dir = await mkdtemp(join(tmpdir(), 'lab-migration-'));
  const path = join(dir, 'a.nsb');
  const { sha256 } = await createApplianceApi(endpointOf('A')).downloadBackup(path);
  backupA = { path, sha256 };
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('scenario migration', () => {
  it('has the old appliance A and the factory appliance N, and a site address', () => {
    expect(lab.appliances.A).toMatchObject({ serial: 'LAB-A-1001', ip: '10.20.0.11', kind: 'physical' });
    expect(lab.appliances.N).toMatchObject({
      serial: 'LAB-N-2001',
      hostname: 'appliance-n.lab.example',
      ip: '10.20.0.21',
      kind: 'physical',
      credentials: { adminUser: 'admin', adminPassword: 'password', apiClientId: null },
    });
    expect(lab.siteUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('N has no API account: every token request is refused', async () => {
    const error = await failure(createApplianceApi(nWithCredentialsOfA()).checkHealth());
    expect(error.code).toBe('UNAUTHORISED');
  });
});

describe('factory password', () => {
  it('a factory sign-in lands on the forced change', async () => {
    const error = await failure(createAdminSession(endpointOf('N')).statusBasics());
    expect(error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(error.hint).toMatch(/factory password/);
  });

  it('refuses a weak password with the appliance’s words', async () => {
    const error = await failure(createAdminSession(endpointOf('N')).changePassword('password', 'short1'));
    expect(error.code).toBe('PASSWORD_CHANGE_REFUSED');
    expect(error.message).toMatch(/too short/);
    const noDigit = await failure(createAdminSession(endpointOf('N')).changePassword('password', 'onlyletters'));
    expect(noDigit.message).toMatch(/letter and one digit/);
  });

  it('refuses any password with the password-change-refused fault', async () => {
    await control('POST', '/lab/faults', { appliance: 'N', fault: 'password-change-refused', value: true });
    try {
      const error = await failure(createAdminSession(endpointOf('N')).changePassword('password', NEW_PASSWORD));
      expect(error.code).toBe('PASSWORD_CHANGE_REFUSED');
    } finally {
      await control('DELETE', '/lab/faults');
    }
  });

  it('changes it, and the same session then reads the pages in factory state', async () => {
    const admin = createAdminSession(endpointOf('N'));
    await admin.changePassword('password', NEW_PASSWORD);
    const basics = await admin.statusBasics();
    expect(basics).toMatchObject({ serial: 'LAB-N-2001', status: 'factory', siteHostname: '', siteVersion: '', model: 'B300 (physical)' });
    expect((await admin.ipConfiguration()).ipAddress).toBe('10.20.0.21');
    // The old password no longer signs in.
    expect((await failure(createAdminSession(endpointOf('N')).statusBasics())).code).toBe('ADMIN_LOGIN_FAILED');
  });
});

describe('restore refused', () => {
  const admin = (): AdminSession => createAdminSession(endpointOf('N', { adminPassword: NEW_PASSWORD }));

  it('refuses a backup made on another site software version, naming both', async () => {
    const error = await failure(admin().restoreBackup(backupA.path));
    expect(error.code).toBe('RESTORE_REFUSED');
    expect(error.message).toContain('23.1.1');
    expect(error.message).toContain('no site software');
  });

  it('refuses a file no lab appliance served', async () => {
    const forged = join(dir, 'forged.nsb');
    await writeFile(forged, 'BOMGAR-SETTINGS-BACKUP 1\nserial: LAB-A-1001\n\nnot the bytes A served');
    const error = await failure(admin().restoreBackup(forged));
    expect(error.code).toBe('RESTORE_REFUSED');
    expect(error.message).toMatch(/not a settings backup/);
  });
});

describe('EULA and the site package on N', () => {
  const admin = (): AdminSession => createAdminSession(endpointOf('N', { adminPassword: NEW_PASSWORD }));

  it('blocks the install until the EULA is accepted, then installs site 23.1.1', async () => {
    const session = admin();
    const eula = await session.eula();
    expect(eula.accepted).toBe(false);
    expect(eula.text).toMatch(/END USER LICENSE AGREEMENT/);
    expect(eula.text.split('\n').length).toBeGreaterThan(3);
    const updates = await session.checkForUpdates();
    expect(updates.map((u) => u.id)).toEqual(['site-23.1.1']);
    const refused = await failure(session.installUpdate('site-23.1.1'));
    expect(refused.code).toBe('EULA_NOT_ACCEPTED');

    await session.acceptEula();
    expect(await session.eula()).toEqual({ accepted: true, text: '' });
    await session.installUpdate('site-23.1.1');
    const basics = await eventually(() => admin().statusBasics(), 10_000);
    expect(basics.siteVersion).toBe('23.1.1');
  });
});

describe('restore of A’s backup on N', () => {
  const admin = (): AdminSession => createAdminSession(endpointOf('N', { adminPassword: NEW_PASSWORD }));

  it('refuses with the restore-refused fault', async () => {
    await control('POST', '/lab/faults', { appliance: 'N', fault: 'restore-refused', value: true });
    try {
      expect((await failure(admin().restoreBackup(backupA.path))).code).toBe('RESTORE_REFUSED');
    } finally {
      await control('DELETE', '/lab/faults');
    }
  });

  it('restores: N is restoring (503), then answers with A’s credentials and site', async () => {
    await control('POST', '/lab/time', { scale: 60 });
    try {
      await admin().restoreBackup(backupA.path);
      const busy = await failure(createAdminSession(nWithCredentialsOfA()).statusBasics());
      expect(busy.code).toBe('APPLIANCE_DOWN');
      expect(busy.message).toMatch(/restoring settings/);
      const state = await control('POST', '/lab/time', { advanceSeconds: 120 });
      expect(state.appliances.N).toMatchObject({ status: 'running', factory: false });
      expect(state.appliances.N!.restoredFrom).toMatchObject({ serial: 'LAB-A-1001', sha256: backupA.sha256 });
    } finally {
      await control('POST', '/lab/time', { scale: 6000 });
    }
    const health = await createApplianceApi(nWithCredentialsOfA()).checkHealth();
    expect(health).toMatchObject({ applianceId: 'LAB-N-2001', version: '23.1.1', success: true });
    const basics = await createAdminSession(nWithCredentialsOfA()).statusBasics();
    expect(basics).toMatchObject({ siteHostname: 'support.lab.example', status: 'running' });
  });
});

describe('site front door and DNS', () => {
  it('reaches A first, then N once the DNS change has propagated', async () => {
    expect(await probe('A')).toEqual({ applianceId: 'LAB-A-1001', version: '23.1.1' });
    // 6000 lab s at 6000× is one real second: long enough to see the change pending.
    const state = await control('POST', '/lab/dns', { target: 'N', propagationSeconds: 6000 });
    expect(state.dns).toMatchObject({ name: 'support.lab.example', target: 'A', pending: { target: 'N' } });
    expect((await probe('A')).applianceId).toBe('LAB-A-1001');
    await waitFor(async () => (await control('GET', '/lab/state')).dns.target === 'N', 5000);
    expect(await probe('N')).toEqual({ applianceId: 'LAB-N-2001', version: '23.1.1' });
  });

  it('offers a DNS controller page a person can use', async () => {
    const page = await new Promise<string>((resolve, reject) => {
      import('node:https')
        .then(({ request }) => {
          request(new URL('/lab/dns', lab.controlUrl), { ca: lab.certificatePem }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve(text));
          })
            .on('error', reject)
            .end();
        })
        .catch(reject);
    });
    expect(page).toContain('<title>DNS controller</title>');
    expect(page).toContain('data-target="N"');
    expect(page).toMatch(/<form method="post" action="\/lab\/dns">/);
  });
});

describe('retiring A', () => {
  it('resets A to factory defaults', async () => {
    await createAdminSession(endpointOf('A')).resetToFactory();
    // Once the reset is done, A is in factory state: admin/password, the forced change, and a
    // fresh self-signed certificate of its own (the site's certificate was erased with the rest).
    const until = Date.now() + 10_000;
    let code = '';
    while (Date.now() < until) {
      const served = (await control('GET', '/lab/state')).appliances.A!.fingerprint256;
      const factory = endpointOf('A', { adminUser: 'admin', adminPassword: 'password', pinnedFingerprint256: served });
      code = (await failure(createAdminSession(factory).statusBasics())).code;
      if (code === 'PASSWORD_CHANGE_REQUIRED') {
        expect(served).not.toBe(lab.appliances.A!.fingerprint256);
        break;
      }
      expect(code).toBe('APPLIANCE_DOWN');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(code).toBe('PASSWORD_CHANGE_REQUIRED');
    const state = await control('GET', '/lab/state');
    expect(state.appliances.A).toMatchObject({ status: 'running', factory: true });
    const served = (await control('GET', '/lab/state')).appliances.A!.fingerprint256;
    expect((await failure(createApplianceApi(endpointOf('A', { pinnedFingerprint256: served })).checkHealth())).code).toBe('UNAUTHORISED');
  });

  it('shuts A down: connections are refused, also through the site address; power brings it back', async () => {
    const served = (await control('GET', '/lab/state')).appliances.A!.fingerprint256;
    const session = createAdminSession(endpointOf('A', { adminUser: 'admin', adminPassword: 'password', pinnedFingerprint256: served }));
    await session.changePassword('password', NEW_PASSWORD);
    await session.shutDown();
    const port = lab.appliances.A!.port;
    await waitFor(async () => (await tcpOutcome(port)) === 'ECONNREFUSED', 3000);
    expect((await control('GET', '/lab/state')).appliances.A!.status).toBe('off');

    await control('POST', '/lab/dns', { target: 'A', propagationSeconds: 0 });
    expect((await failure(probe('A'))).code).toBe('APPLIANCE_OFF');

    await control('POST', '/lab/power', { appliance: 'A', on: true });
    expect(await tcpOutcome(port)).toBe('connected');
    const basics = await createAdminSession(endpointOf('A', { adminUser: 'admin', adminPassword: NEW_PASSWORD, pinnedFingerprint256: served })).statusBasics();
    expect(basics).toMatchObject({ serial: 'LAB-A-1001', status: 'factory' });
  });
});

describe('front door close', () => {
  it('a DNS form post redirects back to the page; close() ends connections held through the front door', async () => {
    const own = await startLab({ scenario: 'migration-virtual', timeScale: 6000 });
    try {
      expect(own.appliances.N!.kind).toBe('virtual');
      const { request } = await import('node:https');
      const status = await new Promise<number>((resolve, reject) => {
        request(
          new URL('/lab/dns', own.controlUrl),
          { method: 'POST', ca: own.certificatePem, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
          .on('error', reject)
          .end('target=N&propagationSeconds=0');
      });
      expect(status).toBe(302);
      expect((await labControl<DnsState>(own, 'GET', '/lab/state')).dns.target).toBe('N');
      // A reset of the lab powers every appliance on and points the record back at A.
      await labControl(own, 'POST', '/lab/power', { appliance: 'N', on: false });
      expect(await tcpOutcome(own.appliances.N!.port)).toBe('ECONNREFUSED');
      const reset = await labControl<DnsState>(own, 'POST', '/lab/reset', { scenario: 'migration-virtual' });
      expect(reset.dns).toMatchObject({ target: 'A', pending: null });
      expect(await tcpOutcome(own.appliances.N!.port)).toBe('connected');
      await labControl(own, 'POST', '/lab/dns', { target: 'N', propagationSeconds: 0 });
      await labControl(own, 'POST', '/lab/faults', { appliance: 'N', fault: 'stop-answering', value: true });
      const port = Number(new URL(own.siteUrl).port);
      const held = connect({ port, host: '127.0.0.1' });
      const closed = new Promise<string>((resolve) => {
        held.once('close', () => resolve('closed'));
        held.once('error', () => undefined);
      });
      await new Promise((resolve) => held.once('connect', resolve));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await closed).toBe('closed');
    } finally {
      await own.close();
    }
  });
});
