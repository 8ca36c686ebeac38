/**
 * The practice lab over real HTTPS on 127.0.0.1, trusting only its own certificate: the
 * public API, the admin pages, the update flow, time and every v1 fault.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  peerFingerprint256: string;
}

interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  ca?: string;
  timeoutMs?: number;
}

let lab: RunningLab;
let applianceUrl: string;

function call(url: string, options: CallOptions = {}): Promise<Reply> {
  const target = new URL(url);
  const requestOptions: RequestOptions = {
    method: options.method ?? 'GET',
    headers: options.headers,
    ca: options.ca ?? lab.certificatePem,
    // A fresh connection per call, so certificate changes are seen at once.
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const req = request(target, requestOptions, (res) => {
      const peerFingerprint256 = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8'), peerFingerprint256 });
      });
      res.on('error', reject);
    });
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

async function control(method: string, path: string, body?: unknown): Promise<LabState> {
  const reply = await call(`${lab.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(reply.status, reply.text).toBe(200);
  return JSON.parse(reply.text) as LabState;
}

interface LabState {
  scenario: string;
  timeScale: number;
  appliances: Record<
    string,
    {
      siteVersion: string;
      baseVersion: string;
      status: string;
      clockOffsetSeconds: number;
      permissions: Record<string, string>;
      installing?: { updateId: string; startedAt: string; endsAt: string };
      backups: { at: string; filename: string; sha256: string; size: number }[];
      installed: { updateId: string; result: string }[];
      faults: Record<string, unknown>;
      fingerprint256: string;
      certificatePem: string;
    }
  >;
  catalogue: Record<string, { id: string }[]>;
}

const stateOfA = async () => (await control('GET', '/lab/state')).appliances.A!;
const setFault = (fault: string, value: unknown) => control('POST', '/lab/faults', { appliance: 'A', fault, value });

async function token(): Promise<{ accessToken: string; expiresIn: number }> {
  const { apiClientId, apiClientSecret } = lab.credentials;
  const reply = await call(`${applianceUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${apiClientId}:${apiClientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  expect(reply.status, reply.text).toBe(200);
  const json = JSON.parse(reply.text) as { access_token: string; token_type: string; expires_in: number };
  expect(json.token_type).toBe('Bearer');
  return { accessToken: json.access_token, expiresIn: json.expires_in };
}

function command(action: string, accessToken?: string, ca?: string): Promise<Reply> {
  return call(`${applianceUrl}/api/command?action=${action}`, {
    headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    ca,
  });
}

function xmlText(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}(?:\\s[^>]*)?>([^<]*)</${element}>`).exec(xml)?.[1];
}

function csrfOf(html: string): string {
  const match = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('page has no CSRF field');
  return match[1];
}

function sessionCookie(reply: Reply): string {
  const header = ([] as string[]).concat(reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('lab_session='));
  if (!header) throw new Error('no lab_session cookie set');
  return header.split(';')[0]!;
}

/** Logs in to /appliance or /login; returns the session cookie. */
async function logIn(iface: 'appliance' | 'login'): Promise<string> {
  const loginPage = await call(`${applianceUrl}/${iface}/login`);
  const anonymous = sessionCookie(loginPage);
  const reply = await postForm(`/${iface}/login`, anonymous, {
    csrf_token: csrfOf(loginPage.text),
    username: lab.credentials.adminUser,
    password: lab.credentials.adminPassword,
  });
  expect(reply.status).toBe(302);
  return sessionCookie(reply);
}

function postForm(path: string, cookie: string, fields: Record<string, string>): Promise<Reply> {
  return call(`${applianceUrl}${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function adminPage(path: string, cookie: string): Promise<Reply> {
  return call(`${applianceUrl}${path}`, { headers: { Cookie: cookie } });
}

async function checkForUpdates(cookie: string): Promise<string> {
  const page = await adminPage('/appliance/updates', cookie);
  const reply = await postForm('/appliance/updates/check', cookie, { csrf_token: csrfOf(page.text) });
  expect(reply.status).toBe(302);
  return csrfOf(page.text);
}

async function waitForStatus(status: string): Promise<LabState['appliances'][string]> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const state = await stateOfA();
    if (state.status === status) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`appliance never reached ${status}`);
}

beforeAll(async () => {
  lab = await startLab({ timeScale: 6000, ports: { appliance: 0, updateServer: 0, control: 0 }, backupBytes: 512 * 1024 });
  applianceUrl = lab.appliances.A!.url;
});

afterAll(async () => {
  await lab?.close();
});

beforeEach(async () => {
  await control('POST', '/lab/reset', { scenario: 'single' });
  await control('POST', '/lab/time', { scale: 6000 });
});

describe('start', () => {
  it('describes the scenario and its certificates: the lab root CA, and A serving a leaf of it', async () => {
    expect(lab.appliances.A).toMatchObject({ serial: 'LAB-A-1001', hostname: 'appliance-a.lab.example' });
    expect(lab.siteHostname).toBe('support.lab.example');
    const root = new X509Certificate(lab.certificatePem);
    expect(root.subject).toContain('CN=Lab Root CA');
    expect(root.ca).toBe(true);
    expect(lab.appliances.A!.fingerprint256).toBe(lab.fingerprint256);
    const { certificatePem } = await stateOfA();
    const leaf = new X509Certificate(certificatePem);
    expect(leaf.fingerprint256).toBe(lab.fingerprint256);
    expect(leaf.issuer).toContain('CN=Lab Issuing CA');
    expect(leaf.checkHost('appliance-a.lab.example')).toBeDefined();
    expect(leaf.checkHost('support.lab.example')).toBeDefined();
    expect(leaf.checkIP('127.0.0.1')).toBeDefined();
    // Trusting only the root, a client verifies A (leaf + issuing CA sent) and the lab's other servers.
    expect((await call(`${applianceUrl}/appliance/login`)).peerFingerprint256).toBe(lab.fingerprint256);
    expect((await call(`${lab.updateServerUrl}/`)).status).toBe(200);
  });
});

describe('public API', () => {
  it('issues a token and answers check_health with it', async () => {
    const { accessToken, expiresIn } = await token();
    expect(expiresIn).toBe(3600);
    const reply = await command('check_health', accessToken);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(reply.text).toContain('<appliance id="LAB-A-1001">');
    expect(xmlText(reply.text, 'version')).toBe('23.1.1');
    expect(xmlText(reply.text, 'success')).toBe('1');
    expect(xmlText(reply.text, 'failover_role')).toBe('none');
    expect(XMLValidator.validate(reply.text)).toBe(true);
  });

  it('refuses a wrong client secret', async () => {
    const reply = await call(`${applianceUrl}/oauth2/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('lab-client:wrong').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text)).toEqual({ error: 'invalid_client' });
  });

  it('answers 401 without a token or with an unknown one', async () => {
    for (const accessToken of [undefined, 'not-a-token']) {
      const reply = await command('check_health', accessToken);
      expect(reply.status).toBe(401);
      expect(xmlText(reply.text, 'error')).toBe('Invalid or expired token.');
    }
  });

  it('expires tokens by the token-lifetime fault and the lab clock', async () => {
    await setFault('token-lifetime', 60);
    const { accessToken, expiresIn } = await token();
    expect(expiresIn).toBe(60);
    expect((await command('get_api_info', accessToken)).status).toBe(200);
    await control('POST', '/lab/time', { advanceSeconds: 61 });
    expect((await command('get_api_info', accessToken)).status).toBe(401);
  });

  it('rejects an unknown action with 400', async () => {
    const { accessToken } = await token();
    const reply = await command('make_coffee', accessToken);
    expect(reply.status).toBe(400);
    expect(xmlText(reply.text, 'error')).toMatch(/make_coffee/);
  });

  it('reports permissions and the appliance clock in get_api_info', async () => {
    const { accessToken } = await token();
    const reply = await command('get_api_info', accessToken);
    expect(reply.status).toBe(200);
    expect(xmlText(reply.text, 'perm_backup')).toBe('1');
    expect(xmlText(reply.text, 'perm_command')).toBe('full');
    // The appliance clock is wall time, not scaled lab time.
    expect(Math.abs(Number(xmlText(reply.text, 'timestamp')) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('shifts the appliance clock by the clock-skew fault', async () => {
    await setFault('clock-skew', 3600);
    const { accessToken } = await token();
    const reply = await command('get_api_info', accessToken);
    expect(Number(xmlText(reply.text, 'timestamp')) - Date.now() / 1000).toBeGreaterThan(3595);
    expect((await stateOfA()).clockOffsetSeconds).toBe(3600);
  });

  it('answers 403 on /api/backup when perm_backup is 0', async () => {
    await setFault('permission', { perm_backup: '0' });
    const { accessToken } = await token();
    const info = await command('get_api_info', accessToken);
    expect(xmlText(info.text, 'perm_backup')).toBe('0');
    const reply = await call(`${applianceUrl}/api/backup`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(reply.status).toBe(403);
    expect(xmlText(reply.text, 'error')).toBeTruthy();
    expect((await stateOfA()).backups).toHaveLength(0);
  });

  it('answers 403 on commands when perm_command is deny', async () => {
    await setFault('permission', { perm_command: 'deny' });
    const { accessToken } = await token();
    expect((await command('check_health', accessToken)).status).toBe(403);
  });

  it('streams backups that differ and whose SHA-256 the lab records', async () => {
    const { accessToken } = await token();
    const first = await call(`${applianceUrl}/api/backup`, { headers: { Authorization: `Bearer ${accessToken}` } });
    const second = await call(`${applianceUrl}/api/backup`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/octet-stream');
    expect(first.headers['content-disposition']).toMatch(
      /^attachment; filename="appliance-a\.lab\.example-\d{8}-\d{6}\.nsb"$/,
    );
    expect(first.body.length).toBe(512 * 1024);
    expect(Number(first.headers['content-length'])).toBe(512 * 1024);
    expect(first.text.slice(0, 200)).toContain('serial: LAB-A-1001');
    const hashes = [first, second].map((reply) => createHash('sha256').update(reply.body).digest('hex'));
    expect(hashes[0]).not.toBe(hashes[1]);
    const { backups } = await stateOfA();
    expect(backups.map((backup) => backup.sha256)).toEqual(hashes);
    expect(backups.every((backup) => backup.size === 512 * 1024)).toBe(true);
  });
});

describe('admin web interface', () => {
  it('sends a page without a session to the login form', async () => {
    const reply = await call(`${applianceUrl}/appliance/updates`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/appliance/login');
  });

  it('logs in with a secure session cookie and shows Status > Basics', async () => {
    const loginPage = await call(`${applianceUrl}/appliance/login`);
    const setCookie = String(loginPage.headers['set-cookie']);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) expect(setCookie).toContain(attribute);

    const wrong = await postForm('/appliance/login', sessionCookie(loginPage), {
      csrf_token: csrfOf(loginPage.text),
      username: 'admin',
      password: 'password',
    });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toMatch(/<p class="error" id="login-error">[^<]+<\/p>/);

    const cookie = await logIn('appliance');
    const status = await adminPage('/appliance/status', cookie);
    expect(status.status).toBe(200);
    expect(status.text).toContain('<title>Status &gt; Basics</title>');
    expect(status.text).toContain('<dd id="serial">LAB-A-1001</dd>');
    expect(status.text).toContain('<dd id="base-version">6.1.0</dd>');
    expect(status.text).toContain('<dd id="appliance-status">running</dd>');
    expect(status.text).toContain('<dd id="stored-data-mb">2048</dd>');
  });

  it('rejects a POST whose CSRF token is missing or wrong', async () => {
    const loginPage = await call(`${applianceUrl}/appliance/login`);
    const missing = await postForm('/appliance/login', sessionCookie(loginPage), {
      username: lab.credentials.adminUser,
      password: lab.credentials.adminPassword,
    });
    expect(missing.status).toBe(403);

    const cookie = await logIn('appliance');
    const wrong = await postForm('/appliance/updates/check', cookie, { csrf_token: 'forged' });
    expect(wrong.status).toBe(403);
    const page = await adminPage('/appliance/updates', cookie);
    expect(page.text).toContain('<p id="no-check">');
  });

  it('downloads a backup from /login Software Management', async () => {
    const cookie = await logIn('login');
    const page = await adminPage('/login/management/software', cookie);
    expect(page.text).toContain('<title>Software Management</title>');
    const reply = await postForm('/login/management/software/backup', cookie, { csrf_token: csrfOf(page.text) });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-disposition']).toMatch(/\.nsb"$/);
    const { backups } = await stateOfA();
    expect(backups[0]?.sha256).toBe(createHash('sha256').update(reply.body).digest('hex'));
  });

  it('keeps the /appliance and /login logins apart', async () => {
    const cookie = await logIn('appliance');
    const reply = await adminPage('/login/management/software', cookie);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/login/login');
  });

  it('shows the Jump Client upgrade limit', async () => {
    const cookie = await logIn('login');
    const page = await adminPage('/login/jump/clients', cookie);
    expect(page.text).toContain('Maximum Number of Concurrent Jump Client Upgrades');
  });
});

describe('updates', () => {
  it('lists the Base and the site package after Check for Updates', async () => {
    const cookie = await logIn('appliance');
    await checkForUpdates(cookie);
    const page = await adminPage('/appliance/updates', cookie);
    expect(page.text).toContain('<table id="available-updates">');
    expect(page.text).toMatch(/<tr data-update-id="base-6\.2\.0" data-kind="base" data-version="6\.2\.0" data-requires=""/);
    expect(page.text).toMatch(
      /<tr data-update-id="site-23\.2\.1" data-kind="site" data-version="23\.2\.1" data-requires="6\.2\.0" data-size="\d+"/,
    );
    expect(page.text.match(/Install This Update/g)).toHaveLength(2);
  });

  it('refuses the site package before its Base with 409 and the appliance message', async () => {
    const cookie = await logIn('appliance');
    const csrf = await checkForUpdates(cookie);
    const reply = await postForm('/appliance/updates/install', cookie, { csrf_token: csrf, update_id: 'site-23.2.1' });
    expect(reply.status).toBe(409);
    expect(reply.text).toContain(
      '<p class="error" id="update-error">This update requires Base Software 6.2.0. Install it first.</p>',
    );
    const state = await stateOfA();
    expect(state.status).toBe('running');
    expect(state.siteVersion).toBe('23.1.1');
  });

  it('installs Base (503 meanwhile), then the site package', async () => {
    await control('POST', '/lab/time', { scale: 1 });
    const cookie = await logIn('appliance');
    const csrf = await checkForUpdates(cookie);
    const accepted = await postForm('/appliance/updates/install', cookie, { csrf_token: csrf, update_id: 'base-6.2.0' });
    expect(accepted.status).toBe(302);

    const during = await stateOfA();
    expect(during.status).toBe('installing');
    expect(during.installing?.updateId).toBe('base-6.2.0');
    expect(Date.parse(during.installing!.endsAt) - Date.parse(during.installing!.startedAt)).toBe(300_000);
    const unavailable = await call(`${applianceUrl}/oauth2/token`, { method: 'POST' });
    expect(unavailable.status).toBe(503);
    expect(unavailable.text).toContain('<title>Appliance updating</title>');

    await control('POST', '/lab/time', { advanceSeconds: 300 });
    const afterBase = await stateOfA();
    expect(afterBase.status).toBe('running');
    expect(afterBase.baseVersion).toBe('6.2.0');
    expect(afterBase.installed).toEqual([expect.objectContaining({ updateId: 'base-6.2.0', result: 'installed' })]);

    await control('POST', '/lab/time', { scale: 6000 });
    const page = await adminPage('/appliance/updates', cookie);
    expect(page.text).not.toContain('data-update-id="base-6.2.0"');
    const site = await postForm('/appliance/updates/install', cookie, { csrf_token: csrf, update_id: 'site-23.2.1' });
    expect(site.status).toBe(302);
    // 600 + 2048 × 0.5 = 1624 lab seconds: about 0.27 s at scale 6000, finished by its timer.
    const afterSite = await waitForStatus('running');
    expect(afterSite.siteVersion).toBe('23.2.1');
    const { accessToken } = await token();
    expect(xmlText((await command('check_health', accessToken)).text, 'version')).toBe('23.2.1');
    expect((await control('GET', '/lab/state')).catalogue.A).toEqual([]);
  });

  it('leaves the appliance needing support when Base fails', async () => {
    await setFault('base-install-failure', true);
    await control('POST', '/lab/time', { scale: 1 });
    const cookie = await logIn('appliance');
    const csrf = await checkForUpdates(cookie);
    expect((await postForm('/appliance/updates/install', cookie, { csrf_token: csrf, update_id: 'base-6.2.0' })).status).toBe(302);
    await control('POST', '/lab/time', { advanceSeconds: 301 });

    const state = await stateOfA();
    expect(state.status).toBe('needs-support');
    expect(state.baseVersion).toBe('6.1.0');
    expect(state.installed).toEqual([expect.objectContaining({ updateId: 'base-6.2.0', result: 'failed' })]);
    const { accessToken } = await token();
    const health = await command('check_health', accessToken);
    expect(xmlText(health.text, 'success')).toBe('0');
    expect(xmlText(health.text, 'error_message')).toMatch(/^Base software update failed/);
    const status = await adminPage('/appliance/status', cookie);
    expect(status.text).toContain('<dd id="appliance-status">needs-support</dd>');
  });
});

describe('update server', () => {
  it('serves the catalogue built for a serial over HTTPS', async () => {
    const reply = await call(`${lab.updateServerUrl}/catalogue/LAB-A-1001`);
    expect(reply.status).toBe(200);
    const { updates } = JSON.parse(reply.text) as { updates: { id: string; requires: string | null }[] };
    expect(updates.map((update) => [update.id, update.requires])).toEqual([
      ['base-6.2.0', null],
      ['site-23.2.1', '6.2.0'],
    ]);
    expect((await call(`${lab.updateServerUrl}/catalogue/NOT-A-SERIAL`)).status).toBe(404);
  });
});

describe('faults', () => {
  it('html-error: the API answers 500 with an HTML page', async () => {
    const { accessToken } = await token();
    await setFault('html-error', true);
    const reply = await command('check_health', accessToken);
    expect(reply.status).toBe(500);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.text).toContain('<html>');
  });

  it('malformed-xml: the API answers 200 with XML that does not parse', async () => {
    const { accessToken } = await token();
    await setFault('malformed-xml', true);
    const reply = await command('check_health', accessToken);
    expect(reply.status).toBe(200);
    expect(XMLValidator.validate(reply.text)).not.toBe(true);
  });

  it('http-status: every API call answers with the injected status', async () => {
    await setFault('http-status', 502);
    expect((await command('check_health')).status).toBe(502);
    expect((await call(`${applianceUrl}/api/backup`)).status).toBe(502);
  });

  it('stop-answering: connections hang until the fault is cleared', async () => {
    await setFault('stop-answering', true);
    await expect(call(`${applianceUrl}/appliance/login`, { timeoutMs: 300 })).rejects.toThrow(/timed out/);
    const hung = call(`${applianceUrl}/appliance/login`);
    const outcome = hung.then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await control('DELETE', '/lab/faults');
    // Clearing the fault drops the connections it held, as a restarted service would.
    expect(await outcome).toBe('dropped');
    expect((await call(`${applianceUrl}/appliance/login`, { timeoutMs: 2000 })).status).toBe(200);
  });

  it('rotate-certificate: a new certificate the old pin does not trust', async () => {
    const rotated = await setFault('rotate-certificate', true);
    const { fingerprint256, certificatePem } = rotated.appliances.A!;
    expect(fingerprint256).not.toBe(lab.fingerprint256);
    await expect(call(`${applianceUrl}/appliance/login`)).rejects.toThrow(/certificate/i);
    const trusted = await call(`${applianceUrl}/appliance/login`, { ca: certificatePem });
    expect(trusted.peerFingerprint256).toBe(fingerprint256);
    // Another fault set meanwhile keeps the rotated certificate.
    const skewed = await setFault('clock-skew', 60);
    expect(skewed.appliances.A!.fingerprint256).toBe(fingerprint256);

    await control('DELETE', '/lab/faults');
    const restored = await call(`${applianceUrl}/appliance/login`);
    expect(restored.peerFingerprint256).toBe(lab.fingerprint256);
  });

  it('rejects an unknown fault with 400', async () => {
    const reply = await call(`${lab.controlUrl}/lab/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appliance: 'A', fault: 'gremlins', value: true }),
    });
    expect(reply.status).toBe(400);
  });
});

describe('lab control', () => {
  it('resets the scenario: versions, backups, faults and catalogue', async () => {
    const { accessToken } = await token();
    await call(`${applianceUrl}/api/backup`, { headers: { Authorization: `Bearer ${accessToken}` } });
    await setFault('clock-skew', 900);
    const cookie = await logIn('appliance');
    const csrf = await checkForUpdates(cookie);
    await postForm('/appliance/updates/install', cookie, { csrf_token: csrf, update_id: 'base-6.2.0' });
    await waitForStatus('running');
    const changed = await control('GET', '/lab/state');
    expect(changed.appliances.A!.baseVersion).toBe('6.2.0');
    expect(changed.catalogue.A).toHaveLength(1);

    const reset = await control('POST', '/lab/reset', { scenario: 'single' });
    const a = reset.appliances.A!;
    expect(a).toMatchObject({ baseVersion: '6.1.0', siteVersion: '23.1.1', status: 'running', faults: {}, backups: [] });
    expect(reset.catalogue.A!.map((entry) => entry.id)).toEqual(['base-6.2.0', 'site-23.2.1']);
    expect((await adminPage('/appliance/status', cookie)).status).toBe(302);
  });

  it('refuses an unknown scenario', async () => {
    const reply = await call(`${lab.controlUrl}/lab/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'moon-base' }),
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text).error).toContain('moon-base');
  });

  it('changes the time scale', async () => {
    const state = await control('POST', '/lab/time', { scale: 600 });
    expect(state.timeScale).toBe(600);
  });
});

describe('certificate directory', () => {
  it('reuses the stored certificate on the next start', async () => {
    const certDir = await mkdtemp(join(tmpdir(), 'lab-certs-'));
    try {
      const first = await startLab({ certDir });
      await first.close();
      const second = await startLab({ certDir });
      await second.close();
      expect(second.fingerprint256).toBe(first.fingerprint256);
      expect(second.certificatePem).toBe(first.certificatePem);
      for (const key of ['lab-root-ca-key.pem', 'lab-issuing-ca-key.pem', 'leaf-appliance-a.lab.example-key.pem']) {
        expect((await stat(join(certDir, key))).mode & 0o777).toBe(0o600);
      }
    } finally {
      await rm(certDir, { recursive: true, force: true });
    }
  });
});

describe('close', () => {
  it('ends hung connections and returns promptly', async () => {
    const own = await startLab({ timeScale: 6000 });
    const faultReply = await call(`${own.controlUrl}/lab/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appliance: 'A', fault: 'stop-answering', value: true }),
      ca: own.certificatePem,
    });
    expect(faultReply.status).toBe(200);
    const hung = call(`${own.appliances.A!.url}/appliance/login`, { ca: own.certificatePem }).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hung).toBe('dropped');
  });
});
