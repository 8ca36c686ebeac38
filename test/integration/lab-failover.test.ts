/**
 * Failover pairs in the practice lab (scenario `failover`) over real HTTPS, trusting only the
 * lab root: check_health's failover fields, Sync Now and its faults, Break and Establish with
 * every refusal, set_failover_role, the shared IP / DNS / NAT routes of the site front door,
 * the b-certificate fault and the Jump Clients that upgrade after a site install.
 * The lab runs at time scale 1 and the tests jump its clock, so every step is exact.
 */
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { labControl } from './helpers/lab-fixture';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  peerFingerprint256: string;
  peerPem: string;
}

interface ApplianceState {
  installing?: { endsAt: string };
  failover: { role: string; syncing: boolean };
  jumpClients: { total: number; online: number; upgrading: number; pending: number };
  fingerprint256: string;
}

interface LabState {
  labTime: string;
  appliances: Record<string, ApplianceState>;
  network: { method: string; sharedIp: string; sharedIpHolders: string[]; nat: { target: string; pending: { target: string } | null } };
}

type Id = 'A' | 'B';

let lab: RunningLab;

function call(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; servername?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(url),
      { method: options.method ?? 'GET', headers: options.headers, ca: lab.certificatePem, agent: false, servername: options.servername },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        const peerPem = `-----BEGIN CERTIFICATE-----\n${peer.raw.toString('base64')}\n-----END CERTIFICATE-----\n`;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), peerFingerprint256: peer.fingerprint256, peerPem }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

const control = (method: string, path: string, body?: unknown) => labControl<LabState>(lab, method, path, body);
const state = () => control('GET', '/lab/state');
const advance = (seconds: number) => control('POST', '/lab/time', { advanceSeconds: seconds });

/** A Bearer call to the command API of `base` (an appliance, or the site address with the site's SNI and Host). */
async function command(id: Id, action: string, params: Record<string, string> = {}, viaSite = false): Promise<Reply> {
  const base = viaSite ? lab.siteUrl : lab.appliances[id]!.url;
  const site: { servername?: string; host: Record<string, string> } = viaSite
    ? { servername: lab.siteHostname, host: { Host: lab.siteHostname } }
    : { host: {} };
  const basic = Buffer.from(`${lab.credentials.apiClientId}:${lab.credentials.apiClientSecret}`).toString('base64');
  const token = await call(`${base}/oauth2/token`, {
    method: 'POST',
    servername: site.servername,
    headers: { ...site.host, Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  expect(token.status, token.text).toBe(200);
  const { access_token } = JSON.parse(token.text) as { access_token: string };
  const query = new URLSearchParams({ action, ...params });
  return call(`${base}/api/command?${query}`, { servername: site.servername, headers: { ...site.host, Authorization: `Bearer ${access_token}` } });
}

function tag(xml: string, name: string): string {
  return new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';
}

async function health(id: Id, viaSite = false) {
  const reply = await command(id, 'check_health', {}, viaSite);
  expect(reply.status, reply.text).toBe(200);
  return {
    serial: /<appliance id="([^"]+)"/.exec(reply.text)?.[1],
    role: tag(reply.text, 'failover_role'),
    sharedIps: [...reply.text.matchAll(/<ip>([^<]*)<\/ip>/g)].map((match) => match[1]),
    syncTs: Number(/<last_data_sync_time ts="(\d+)"/.exec(reply.text)?.[1]),
    syncStatus: tag(reply.text, 'last_data_sync_status'),
    fingerprint256: reply.peerFingerprint256,
  };
}

interface Admin {
  cookie: string;
  get(path: string): Promise<Reply>;
  post(path: string, fields?: Record<string, string>): Promise<Reply>;
}

function cookieOf(reply: Reply): string {
  const header = reply.headers['set-cookie'];
  return String((Array.isArray(header) ? header[0] : header) ?? '').split(';')[0]!;
}

function csrfOf(html: string): string {
  return /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

/** Logs in to one interface (`appliance` or `login`) of appliance `id`. */
async function signIn(id: Id, iface: 'appliance' | 'login'): Promise<Admin> {
  const base = lab.appliances[id]!.url;
  const form = await call(`${base}/${iface}/login`);
  const answer = await call(`${base}/${iface}/login`, {
    method: 'POST',
    headers: { Cookie: cookieOf(form), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: csrfOf(form.text), username: lab.credentials.adminUser, password: lab.credentials.adminPassword }).toString(),
  });
  expect(answer.status).toBe(302);
  const cookie = cookieOf(answer);
  const get = (path: string) => call(`${base}${path}`, { headers: { Cookie: cookie } });
  return {
    cookie,
    get,
    async post(path, fields = {}) {
      const csrf = csrfOf((await get(iface === 'login' ? '/login/management/failover' : '/appliance/status')).text);
      return call(`${base}${path}`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf_token: csrf, ...fields }).toString(),
      });
    },
  };
}

function textById(html: string, id: string): string {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '';
}

/** The hostname in the header of the login page a fresh connection through the site address gets. */
async function siteAnswerer(): Promise<string> {
  const reply = await call(`${lab.siteUrl}/appliance/login`, { servername: lab.siteHostname, headers: { Host: lab.siteHostname } });
  return /<header><strong>([^<]+)<\/strong>/.exec(reply.text)?.[1] ?? '';
}

const ESTABLISH = { backup_host: 'appliance-b.lab.example', backup_port: '443', primary_host: 'appliance-a.lab.example', primary_port: '443' };

beforeAll(async () => {
  lab = await startLab({ scenario: 'failover', timeScale: 1, backupBytes: 64 * 1024 });
});

afterAll(async () => {
  await lab?.close();
});

beforeEach(async () => {
  await control('POST', '/lab/reset', { scenario: 'failover' });
});

describe('scenario failover', () => {
  it('starts A primary and B backup, synced, with the shared IP on A and one leaf for both', async () => {
    expect(lab.appliances.B).toMatchObject({ serial: 'LAB-B-1002', hostname: 'appliance-b.lab.example', ip: '10.20.0.12', kind: 'physical' });
    expect(lab.appliances.B!.port).not.toBe(lab.appliances.A!.port);
    const [a, b] = [await health('A'), await health('B')];
    expect(a).toMatchObject({ serial: 'LAB-A-1001', role: 'primary', sharedIps: ['10.20.0.10'], syncStatus: 'success' });
    expect(b).toMatchObject({ serial: 'LAB-B-1002', role: 'backup', sharedIps: [], syncStatus: 'success' });
    expect(a.syncTs).toBeGreaterThan(0);
    expect(b.fingerprint256).toBe(a.fingerprint256);
    const leaf = new X509Certificate((await command('B', 'get_api_info')).peerPem);
    for (const name of ['appliance-a.lab.example', 'appliance-b.lab.example', lab.siteHostname]) expect(leaf.checkHost(name)).toBe(name);
    const snapshot = await state();
    expect(snapshot.network).toMatchObject({ method: 'shared-ip', sharedIp: '10.20.0.10', sharedIpHolders: ['A'] });
    expect(snapshot.appliances.A!.jumpClients).toEqual({ total: 40, online: 40, upgrading: 0, pending: 0 });
    // A pair syncs its Jump Client list: B knows the same 40 clients.
    expect(snapshot.appliances.B!.jumpClients).toEqual({ total: 40, online: 40, upgrading: 0, pending: 0 });
    const keyA = textById((await (await signIn('A', 'login')).get('/login/management/security')).text, 'inter-appliance-key');
    const keyB = textById((await (await signIn('B', 'login')).get('/login/management/security')).text, 'inter-appliance-key');
    expect(keyA).toMatch(/^[0-9a-f]{32}$/);
    expect(keyB).toBe(keyA);
  });
});

describe('data sync', () => {
  it('Sync Now runs for 30 + 0.05 s/MB lab seconds and ends in success with a newer time', async () => {
    const admin = await signIn('A', 'login');
    const before = textById((await admin.get('/login/management/failover')).text, 'last-sync-time');
    expect((await admin.post('/login/management/failover/sync')).status).toBe(302);
    let page = (await admin.get('/login/management/failover')).text;
    expect(textById(page, 'last-sync-status')).toBe('running');
    expect((await health('B')).syncStatus).toBe('running');
    expect((await admin.post('/login/management/failover/sync')).status).toBe(409);
    await advance(130);
    expect((await state()).appliances.A!.failover.syncing).toBe(true);
    await advance(5);
    page = (await admin.get('/login/management/failover')).text;
    expect(textById(page, 'last-sync-status')).toBe('success');
    expect(Date.parse(textById(page, 'last-sync-time'))).toBeGreaterThan(Date.parse(before) + 100_000);
    expect((await health('B')).syncStatus).toBe('success');
  });

  it('sync-failure: the sync ends failed, says why, and keeps the last good time', async () => {
    await control('POST', '/lab/faults', { appliance: 'A', fault: 'sync-failure', value: true });
    const admin = await signIn('A', 'login');
    const before = textById((await admin.get('/login/management/failover')).text, 'last-sync-time');
    await admin.post('/login/management/failover/sync');
    await advance(140);
    const page = (await admin.get('/login/management/failover')).text;
    expect(textById(page, 'last-sync-status')).toBe('failed');
    expect(textById(page, 'last-sync-message')).toMatch(/failed/);
    expect(textById(page, 'last-sync-time')).toBe(before);
    expect((await health('A')).syncStatus).toBe('failed');
  });

  it('Sync Now on the backup is refused with 409', async () => {
    const reply = await (await signIn('B', 'login')).post('/login/management/failover/sync');
    expect(reply.status).toBe(409);
    expect(textById(reply.text, 'failover-error')).toMatch(/primary/);
  });

  it('Break Failover Relationships leaves both appliances on their own', async () => {
    expect((await (await signIn('B', 'login')).post('/login/management/failover/break')).status).toBe(302);
    expect((await health('A')).role).toBe('none');
    expect((await health('B')).role).toBe('none');
    const page = (await (await signIn('A', 'login')).get('/login/management/failover')).text;
    expect(textById(page, 'failover-peer')).toBe('');
    expect(page).toContain('/login/management/failover/establish');
  });
});

describe('establish relationship', () => {
  async function establish(fields: Partial<typeof ESTABLISH>): Promise<Reply> {
    const admin = await signIn('A', 'login');
    return admin.post('/login/management/failover/establish', { ...ESTABLISH, ...fields });
  }

  async function refusal(fields: Partial<typeof ESTABLISH>): Promise<string> {
    const reply = await establish(fields);
    expect(reply.status).toBe(422);
    return textById(reply.text, 'failover-error');
  }

  beforeEach(async () => {
    await (await signIn('A', 'login')).post('/login/management/failover/break');
  });

  it('refuses an empty field, a port other than 443, the site hostname, an unknown host and itself', async () => {
    expect(await refusal({ primary_host: '' })).toMatch(/empty/);
    expect(await refusal({ backup_port: '8443' })).toMatch(/TLS port 8443/);
    expect(await refusal({ backup_host: lab.siteHostname })).toMatch(/site hostname/);
    expect(await refusal({ backup_host: 'appliance-z.lab.example' })).toMatch(/could not be reached/);
    expect(await refusal({ backup_host: '10.20.0.11' })).toMatch(/itself/);
  });

  it('refuses a peer that is off, differing keys and differing software', async () => {
    await control('POST', '/lab/power', { appliance: 'B', on: false });
    expect(await refusal({})).toMatch(/does not answer/);
    await control('POST', '/lab/power', { appliance: 'B', on: true });

    const security = await signIn('B', 'login');
    expect((await security.post('/login/management/security/key', { inter_appliance_key: 'xyz' })).status).toBe(422);
    expect((await security.post('/login/management/security/key', { inter_appliance_key: '0123456789abcdef0123' })).status).toBe(302);
    expect(await refusal({})).toMatch(/keys differ/);
    const keyA = textById((await (await signIn('A', 'login')).get('/login/management/security')).text, 'inter-appliance-key');
    await security.post('/login/management/security/key', { inter_appliance_key: keyA });

    const updates = await signIn('B', 'appliance');
    await updates.post('/appliance/updates/check');
    expect((await updates.post('/appliance/updates/install', { update_id: 'base-6.2.0' })).status).toBe(302);
    await advance(301);
    expect(await refusal({})).toMatch(/same software/);
  });

  it('accepted: A primary, B backup at once, the first sync 60 lab seconds later', async () => {
    expect((await establish({ backup_host: '10.20.0.12' })).status).toBe(302);
    expect(await health('A')).toMatchObject({ role: 'primary', syncStatus: '', syncTs: 0 });
    expect(await health('B')).toMatchObject({ role: 'backup', syncStatus: '' });
    await advance(58);
    expect((await state()).appliances.A!.failover.syncing).toBe(false);
    await advance(4);
    expect((await health('A')).syncStatus).toBe('running');
    await advance(135);
    const [a, b] = [await health('A'), await health('B')];
    expect(a.syncStatus).toBe('success');
    expect(a.syncTs).toBeGreaterThan(0);
    expect(b.syncTs).toBe(a.syncTs);
  });
});

describe('set_failover_role', () => {
  it('swaps at once, or after a sync with data_sync_first', async () => {
    let reply = await command('A', 'set_failover_role', { role: 'backup', data_sync_first: '0', force: '0' });
    expect(reply.status, reply.text).toBe(200);
    expect(tag(reply.text, 'success')).toBe('1');
    expect(tag(reply.text, 'failover_role')).toBe('backup');
    expect((await health('A')).role).toBe('backup');
    expect((await health('B')).role).toBe('primary');

    reply = await command('A', 'set_failover_role', { role: 'primary', data_sync_first: '1', force: '0' });
    expect(tag(reply.text, 'failover_role')).toBe('primary');
    expect(await health('A')).toMatchObject({ role: 'backup', syncStatus: 'running' });
    await advance(140);
    expect(await health('A')).toMatchObject({ role: 'primary', syncStatus: 'success' });
    expect((await health('B')).role).toBe('backup');
  });

  it('force changes the role while the peer is off; the peer takes the other role once back', async () => {
    await control('POST', '/lab/power', { appliance: 'A', on: false });
    const refused = await command('B', 'set_failover_role', { role: 'primary', data_sync_first: '0', force: '0' });
    expect(refused.status).toBe(409);
    const forced = await command('B', 'set_failover_role', { role: 'primary', data_sync_first: '0', force: '1' });
    expect(forced.status).toBe(200);
    expect((await health('B')).role).toBe('primary');
    expect((await state()).appliances.A!.failover.role).toBe('primary');
    await control('POST', '/lab/power', { appliance: 'A', on: true });
    expect((await health('A')).role).toBe('backup');
  });

  it('is refused outside a relationship and without full command permission', async () => {
    await control('POST', '/lab/faults', { appliance: 'A', fault: 'permission', value: { perm_command: 'read_only' } });
    expect((await command('A', 'set_failover_role', { role: 'backup' })).status).toBe(403);
    await (await signIn('B', 'login')).post('/login/management/failover/break');
    expect((await command('B', 'set_failover_role', { role: 'primary' })).status).toBe(409);
  });
});

describe('the site address follows the network', () => {
  async function setSharedIp(id: Id, enabled: boolean): Promise<void> {
    const admin = await signIn(id, 'appliance');
    const reply = await admin.post('/appliance/network/shared-ip', { ip: '10.20.0.10', ...(enabled ? { enabled: '1' } : {}) });
    expect(reply.status).toBe(302);
    const page = (await admin.get('/appliance/network/ip')).text;
    expect(page).toContain(`data-ip="10.20.0.10" data-enabled="${enabled ? '1' : '0'}"`);
  }

  it('shared IP: A, then nobody (site down), then B, then both (the site flaps)', async () => {
    expect((await health('A', true)).serial).toBe('LAB-A-1001');
    await setSharedIp('A', false);
    expect((await state()).network.sharedIpHolders).toEqual([]);
    await expect(siteAnswerer()).rejects.toThrow(/socket hang up|ECONNRESET|disconnected/);
    await setSharedIp('B', true);
    expect(await health('A', true)).toMatchObject({ serial: 'LAB-B-1002', sharedIps: ['10.20.0.10'] });
    await setSharedIp('A', true);
    const seen = new Set<string>();
    for (let i = 0; i < 24 && seen.size < 2; i += 1) seen.add(await siteAnswerer());
    expect([...seen].sort()).toEqual(['appliance-a.lab.example', 'appliance-b.lab.example']);
  });

  it('dns and nat: the front door follows the record once it has propagated', async () => {
    await control('POST', '/lab/network', { method: 'dns' });
    await control('POST', '/lab/dns', { target: 'B', propagationSeconds: 30 });
    expect((await health('A', true)).serial).toBe('LAB-A-1001');
    await advance(31);
    expect((await health('A', true)).serial).toBe('LAB-B-1002');

    let snapshot = await control('POST', '/lab/network', { method: 'nat' });
    expect(snapshot.network.nat).toMatchObject({ target: 'A', pending: null });
    snapshot = await control('POST', '/lab/nat', { target: 'B' });
    expect(snapshot.network.nat.pending?.target).toBe('B');
    const page = await call(`${lab.controlUrl}/lab/nat`);
    expect(page.text).toMatch(/id="nat-rule"[^>]*data-target="A"/);
    expect(page.text).toMatch(/id="nat-pending" data-target="B"/);
    expect((await health('A', true)).serial).toBe('LAB-A-1001');
    await advance(31);
    expect((await health('A', true)).serial).toBe('LAB-B-1002');
    expect((await control('POST', '/lab/network', { method: 'bogus' }).catch((error: Error) => error.message))).toMatch(/400/);
  });

  it('b-certificate: B presents a leaf of its own, without A’s hostname', async () => {
    const shared = (await health('B')).fingerprint256;
    await control('POST', '/lab/faults', { appliance: 'B', fault: 'b-certificate', value: true });
    const reply = await command('B', 'get_api_info');
    expect(reply.peerFingerprint256).not.toBe(shared);
    const leaf = new X509Certificate(reply.peerPem);
    expect(leaf.checkHost('appliance-b.lab.example')).toBe('appliance-b.lab.example');
    expect(leaf.checkHost('appliance-a.lab.example')).toBeUndefined();
    expect((await state()).appliances.B!.fingerprint256).toBe(reply.peerFingerprint256);
    await control('DELETE', '/lab/faults');
    expect((await health('B')).fingerprint256).toBe(shared);
  });
});

describe('Jump Clients', () => {
  it('go Upgrade Pending after a site install and come back, never more upgrading than the limit', async () => {
    const jump = await signIn('A', 'login');
    expect((await jump.post('/login/jump/clients', { max_concurrent_upgrades: '0' })).status).toBe(422);
    expect((await jump.post('/login/jump/clients', { max_concurrent_upgrades: '15' })).status).toBe(302);
    const admin = await signIn('A', 'appliance');
    await admin.post('/appliance/updates/check');
    await admin.post('/appliance/updates/install', { update_id: 'base-6.2.0' });
    await advance(301);
    await admin.post('/appliance/updates/check');
    expect((await admin.post('/appliance/updates/install', { update_id: 'site-23.2.1' })).status).toBe(302);
    const installing = (await state()).appliances.A!;
    expect(installing.jumpClients.online).toBe(40);
    const { labTime } = await state();
    await advance((Date.parse(installing.installing!.endsAt) - Date.parse(labTime)) / 1000 + 1);

    let counts = (await state()).appliances.A!.jumpClients;
    expect(counts).toEqual({ total: 40, online: 0, upgrading: 15, pending: 25 });
    const page = (await jump.get('/login/jump/clients')).text;
    expect(textById(page, 'jump-pending')).toBe('25');
    expect(textById(page, 'jump-upgrading')).toBe('15');
    expect(page).toContain('name="max_concurrent_upgrades" type="number" min="1" value="15"');
    for (let round = 0; round < 4 && counts.online < 40; round += 1) {
      await advance(30);
      counts = (await state()).appliances.A!.jumpClients;
      expect(counts.upgrading).toBeLessThanOrEqual(15);
      expect(counts.online + counts.upgrading + counts.pending).toBe(40);
    }
    expect(counts).toMatchObject({ online: 30, upgrading: 10, pending: 0 });
    await advance(60);
    expect((await state()).appliances.A!.jumpClients).toEqual({ total: 40, online: 40, upgrading: 0, pending: 0 });
  });
});
