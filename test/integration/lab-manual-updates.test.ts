/**
 * Manual (offline) updates on the practice lab over real HTTPS, trusting only the lab
 * certificate: download keys and the appliance clock, the update server's listing and ranged
 * downloads, Manual Installation uploads, and the link faults on both (PROTOCOL.md, P2).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { MultipartSplitter, type MultipartEvent } from '../../electron/lab/multipart-stream';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** False when the connection ended before the whole body arrived. */
  complete: boolean;
}

interface CallOptions {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}

interface PackageListing {
  id: string;
  name: string;
  kind: string;
  version: string;
  requires: string | null;
  size: number;
  sha256: string;
  filename: string;
  url: string;
}

interface KeyListing {
  keyId: string;
  serial: string;
  packages: PackageListing[];
}

interface ApplianceState {
  siteVersion: string;
  baseVersion: string;
  status: string;
  applianceTime: string;
  ntp: { enabled: boolean; servers: string[] };
  installed: { updateId: string; source: string; result: string }[];
  downloadKeys: { issuedAt: string; keyId: string }[];
  uploads: { filename: string | null; bytes: number; sha256: string | null; result: string }[];
}

interface LabState {
  appliances: Record<string, ApplianceState>;
  catalogue: Record<string, { id: string }[]>;
  updateServer: {
    downloads: {
      keyId: string;
      packageId: string;
      bytesSent: number;
      ranges: { start: number; end: number; sent: number }[];
      completed: boolean;
    }[];
  };
}

const BASE_BYTES = 600 * 1024;
const SITE_BYTES = 900 * 1024;
const SERIAL = 'LAB-A-1001';

let lab: RunningLab;
let applianceUrl: string;

function call(url: string, options: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(url),
      { method: options.method ?? 'GET', headers: options.headers, ca: lab.certificatePem, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        const settle = () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8'), complete: res.complete });
        };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', settle);
        // A body cut short surfaces as an error (or a bare close) after the bytes that did arrive.
        res.on('error', settle);
        res.on('close', settle);
      },
    );
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

const stateOfA = async () => (await control('GET', '/lab/state')).appliances.A!;
const setFault = (target: string, fault: string, value: unknown) =>
  control('POST', '/lab/faults', { appliance: target, fault, value });

function csrfOf(html: string): string {
  const match = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('page has no CSRF field');
  return match[1];
}

function sessionCookie(reply: Reply): string {
  const header = (reply.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('lab_session='));
  if (!header) throw new Error('no lab_session cookie set');
  return header.split(';')[0]!;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function logIn(): Promise<Session> {
  const page = await call(`${applianceUrl}/appliance/login`);
  const reply = await call(`${applianceUrl}/appliance/login`, {
    method: 'POST',
    headers: { Cookie: sessionCookie(page), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrf_token: csrfOf(page.text),
      username: lab.credentials.adminUser,
      password: lab.credentials.adminPassword,
    }).toString(),
  });
  expect(reply.status).toBe(302);
  const cookie = sessionCookie(reply);
  const updates = await call(`${applianceUrl}/appliance/updates`, { headers: { Cookie: cookie } });
  return { cookie, csrf: csrfOf(updates.text) };
}

async function generateKey(session: Session): Promise<{ key: string; generatedAt: string; page: string }> {
  const reply = await call(`${applianceUrl}/appliance/updates/download-key`, {
    method: 'POST',
    headers: { Cookie: session.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: session.csrf }).toString(),
  });
  expect(reply.status, reply.text).toBe(200);
  const key = /<pre id="download-key">([^<]+)<\/pre>/.exec(reply.text)?.[1];
  const generatedAt = /<dd id="download-key-generated-at">([^<]+)<\/dd>/.exec(reply.text)?.[1];
  if (!key || !generatedAt) throw new Error('no download key on the page');
  return { key, generatedAt, page: reply.text };
}

function postKey(key: string): Promise<Reply> {
  return call(`${lab.updateServerUrl}/api/keys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key }),
  });
}

async function listing(): Promise<KeyListing> {
  const { key } = await generateKey(await logIn());
  const reply = await postKey(key);
  expect(reply.status, reply.text).toBe(200);
  return JSON.parse(reply.text) as KeyListing;
}

function packageOf(list: KeyListing, id: string): PackageListing {
  const found = list.packages.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${id} is not listed`);
  return found;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A multipart/form-data body as a browser sends Manual Installation: CSRF token first, then the file. */
function manualForm(csrf: string, filename: string, file: Buffer): { body: Buffer; contentType: string } {
  const boundary = '----LabFormBoundary7MA4YWxkTrZu0gW';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(session: Session, filename: string, file: Buffer): Promise<Reply> {
  const { body, contentType } = manualForm(session.csrf, filename, file);
  return call(`${applianceUrl}/appliance/updates/manual`, {
    method: 'POST',
    headers: { Cookie: session.cookie, 'Content-Type': contentType, 'Content-Length': body.length },
    body,
  });
}

/** Downloads a listed package in full (which takes it off the listing). */
async function download(entry: PackageListing): Promise<Buffer> {
  const reply = await call(entry.url);
  expect(reply.status).toBe(200);
  expect(reply.complete).toBe(true);
  return reply.body;
}

async function waitFor(check: (state: ApplianceState) => boolean): Promise<ApplianceState> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const state = await stateOfA();
    if (check(state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the appliance never reached the expected state');
}

const updateError = (html: string) => /<p class="error" id="update-error">([^<]*)<\/p>/.exec(html)?.[1];

beforeAll(async () => {
  lab = await startLab({
    timeScale: 60_000,
    ports: { appliance: 0, updateServer: 0, control: 0 },
    packageBytes: { base: BASE_BYTES, site: SITE_BYTES },
  });
  applianceUrl = lab.appliances.A!.url;
});

afterAll(async () => {
  await lab?.close();
});

beforeEach(async () => {
  await control('POST', '/lab/reset', { scenario: 'single' });
  await control('POST', '/lab/time', { scale: 60_000 });
});

describe('appliance clock and download key', () => {
  it('shows NTP off with no servers on Networking > IP Configuration', async () => {
    const { cookie } = await logIn();
    const page = await call(`${applianceUrl}/appliance/networking/ip`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<dd id="ntp-enabled">no</dd>');
    expect(page.text).toContain('<dd id="ntp-servers"></dd>');
    expect((await stateOfA()).ntp).toEqual({ enabled: false, servers: [] });
  });

  it('generates a key on the appliance clock, records it, and the update server lists the packages for it', async () => {
    await setFault('A', 'clock-skew', 120);
    const { key, generatedAt } = await generateKey(await logIn());
    // Stamped with the appliance clock, skew included (still within the server's 300 s).
    expect(Date.parse(generatedAt) - Date.now()).toBeGreaterThan(100_000);
    const reply = await postKey(key);
    expect(reply.status, reply.text).toBe(200);
    const list = JSON.parse(reply.text) as KeyListing;
    expect(list.serial).toBe(SERIAL);
    expect(list.packages.map((entry) => [entry.id, entry.kind, entry.version, entry.requires, entry.size])).toEqual([
      ['base-6.2.0', 'base', '6.2.0', null, BASE_BYTES],
      ['site-23.2.1', 'site', '23.2.1', '6.2.0', SITE_BYTES],
    ]);
    for (const entry of list.packages) {
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.url).toBe(`${lab.updateServerUrl}/api/packages/${list.keyId}/${entry.id}`);
    }
    const state = await stateOfA();
    expect(state.downloadKeys).toMatchObject([{ issuedAt: generatedAt, keyId: list.keyId }]);
  });

  it('accepts a correct key days after it was made: it travels on media', async () => {
    const { key } = await generateKey(await logIn());
    await control('POST', '/lab/time', { advanceSeconds: 3 * 24 * 3600 });
    const reply = await postKey(key);
    expect(reply.status, reply.text).toBe(200);
  });

  it('refuses a well-signed key that no appliance of the lab generated', async () => {
    const { key } = await generateKey(await logIn());
    await control('POST', '/lab/reset', { scenario: 'single' });
    const reply = await postKey(key);
    expect(reply.status, reply.text).toBe(403);
  });

  it('refuses a key generated while the appliance clock is 600 s off with 422 clock', async () => {
    await setFault('A', 'clock-skew', 600);
    const { key } = await generateKey(await logIn());
    const reply = await postKey(key);
    expect(reply.status).toBe(422);
    const body = JSON.parse(reply.text) as { error: string; message: string };
    expect(body.error).toBe('clock');
    expect(body.message).toContain('600 seconds ahead');
  });

  it('setting NTP servers synchronises a skewed clock, after which a new key is accepted', async () => {
    await setFault('A', 'clock-skew', 600);
    const session = await logIn();
    const saved = await call(`${applianceUrl}/appliance/networking/ip/ntp`, {
      method: 'POST',
      headers: { Cookie: session.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf_token: session.csrf, ntp_servers: 'pool.ntp.example, time.lab.example' }).toString(),
    });
    expect(saved.status).toBe(302);
    const page = await call(`${applianceUrl}/appliance/networking/ip`, { headers: { Cookie: session.cookie } });
    expect(page.text).toContain('<dd id="ntp-enabled">yes</dd>');
    expect(page.text).toContain('<dd id="ntp-servers">pool.ntp.example, time.lab.example</dd>');
    const state = await stateOfA();
    expect(state.ntp).toEqual({ enabled: true, servers: ['pool.ntp.example', 'time.lab.example'] });
    expect(Math.abs(Date.parse(state.applianceTime) - Date.now())).toBeLessThan(5000);
    const { key } = await generateKey(session);
    expect((await postKey(key)).status).toBe(200);
  });

  it('refuses garbage and a key with a forged signature with 403 unknown-key', async () => {
    const garbage = await postKey('not-a-key');
    expect(garbage.status).toBe(403);
    expect((JSON.parse(garbage.text) as { error: string }).error).toBe('unknown-key');

    const { key } = await generateKey(await logIn());
    const [claims] = key.split('.');
    const forged = JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')) as Record<string, unknown>;
    forged.serial = 'LAB-B-2002';
    const tampered = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${key.split('.')[1]}`;
    const reply = await postKey(tampered);
    expect(reply.status).toBe(403);
    expect((JSON.parse(reply.text) as { error: string }).error).toBe('unknown-key');
  });
});

describe('package downloads', () => {
  it('serves a Range as 206 whose bytes are the tail of the full package', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    const half = Math.floor(base.size / 2);
    const tail = await call(base.url, { headers: { Range: `bytes=${half}-` } });
    expect(tail.status).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes ${half}-${base.size - 1}/${base.size}`);
    expect(tail.headers['accept-ranges']).toBe('bytes');
    expect(tail.headers.etag).toBe(`"${base.sha256}"`);
    expect(tail.body.length).toBe(base.size - half);

    // The tail delivered the last byte, so this package is gone; the bytes are deterministic,
    // so after a reset the same package can be fetched whole and compared.
    await control('POST', '/lab/reset', { scenario: 'single' });
    const again = packageOf(await listing(), 'base-6.2.0');
    expect(again.sha256).toBe(base.sha256);
    const full = await download(again);
    expect(full.length).toBe(base.size);
    expect(sha256(full)).toBe(base.sha256);
    expect(full.subarray(half).equals(tail.body)).toBe(true);
    expect(full.subarray(0, 8).toString('latin1')).toBe('LABPKG1 ');
  });

  it('answers 416 for a range past the end', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    const reply = await call(base.url, { headers: { Range: `bytes=${base.size}-` } });
    expect(reply.status).toBe(416);
    expect(reply.headers['content-range']).toBe(`bytes */${base.size}`);
  });

  it('takes a completely downloaded package off every listing; a later GET is 410', async () => {
    const list = await listing();
    const base = packageOf(list, 'base-6.2.0');
    // A first part alone does not complete the file.
    const head = await call(base.url, { headers: { Range: 'bytes=0-999' } });
    expect(head.status).toBe(206);
    expect(packageOf(await listing(), 'base-6.2.0').id).toBe('base-6.2.0');

    await download(base);
    const relisted = await listing();
    expect(relisted.packages.map((entry) => entry.id)).toEqual(['site-23.2.1']);
    const state = await control('GET', '/lab/state');
    expect(state.catalogue.A!.map((entry) => entry.id)).toEqual(['site-23.2.1']);
    const record = state.updateServer.downloads.find((entry) => entry.keyId === list.keyId);
    expect(record).toMatchObject({ packageId: 'base-6.2.0', bytesSent: 1000 + base.size, completed: true });
    expect(record?.ranges).toEqual([
      { start: 0, end: 999, sent: 1000 },
      { start: 0, end: base.size - 1, sent: base.size },
    ]);

    const gone = await call(base.url);
    expect(gone.status).toBe(410);
    expect((JSON.parse(gone.text) as { error: string }).error).toBe('already-downloaded');
  });

  it('drop-at-byte cuts the next download after N bytes, once', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    await setFault('update-server', 'drop-at-byte', 100_000);
    const cut = await call(base.url);
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.body.length).toBe(100_000);
    const state = await control('GET', '/lab/state');
    expect(state.updateServer.downloads[0]).toMatchObject({ bytesSent: 100_000, completed: false });
    expect(state.catalogue.A!.map((entry) => entry.id)).toContain('base-6.2.0');

    // Resuming from the cut completes the file, and the pieces make the package.
    const rest = await call(base.url, { headers: { Range: 'bytes=100000-' } });
    expect(rest.status).toBe(206);
    expect(rest.complete).toBe(true);
    expect(sha256(Buffer.concat([cut.body, rest.body]))).toBe(base.sha256);
  });

  it('slow-link paces a download to the given bytes per second', async () => {
    const site = packageOf(await listing(), 'site-23.2.1');
    await setFault('update-server', 'slow-link', 200_000);
    const started = Date.now();
    const reply = await call(site.url, { headers: { Range: 'bytes=0-399999' } });
    const elapsed = Date.now() - started;
    expect(reply.body.length).toBe(400_000);
    // 400 kB at 200 kB/s is about 2 s; unthrottled it takes milliseconds.
    expect(elapsed).toBeGreaterThan(1500);
  });

  it('rejects a fault the update server does not have', async () => {
    const reply = await call(`${lab.controlUrl}/lab/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appliance: 'update-server', fault: 'clock-skew', value: 5 }),
    });
    expect(reply.status).toBe(400);
  });
});

describe('manual installation', () => {
  it('installs an uploaded package through the automatic install path', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    const file = await download(base);
    const reply = await upload(await logIn(), base.filename, file);
    expect(reply.status, reply.text).toBe(302);
    expect(reply.headers.location).toBe('/appliance/updates');
    const state = await waitFor((candidate) => candidate.status === 'running' && candidate.installed.length > 0);
    expect(state.baseVersion).toBe('6.2.0');
    expect(state.installed).toEqual([expect.objectContaining({ updateId: 'base-6.2.0', source: 'manual', result: 'installed' })]);
    expect(state.uploads).toEqual([{ filename: base.filename, bytes: base.size, sha256: base.sha256, result: 'installing' }]);
  });

  it('refuses the site package before its Base with 409', async () => {
    const site = packageOf(await listing(), 'site-23.2.1');
    const reply = await upload(await logIn(), site.filename, await download(site));
    expect(reply.status).toBe(409);
    expect(updateError(reply.text)).toBe('This update requires Base Software 6.2.0. Install it first.');
    expect((await stateOfA()).siteVersion).toBe('23.1.1');
  });

  it('refuses a package built for another appliance with 422, read from its header', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    const file = await download(base);
    const newline = file.indexOf(0x0a);
    const header = JSON.parse(file.subarray(8, newline).toString('utf8')) as Record<string, unknown>;
    expect(header.serial).toBe(SERIAL);
    const foreign = Buffer.concat([
      Buffer.from(`LABPKG1 ${JSON.stringify({ ...header, serial: 'LAB-Z-9999' })}`),
      file.subarray(newline),
    ]);
    const reply = await upload(await logIn(), base.filename, foreign);
    expect(reply.status).toBe(422);
    expect(updateError(reply.text)).toBe('This update was built for appliance LAB-Z-9999; this appliance is LAB-A-1001.');
    const state = await stateOfA();
    expect(state.status).toBe('running');
    expect(state.uploads.at(-1)?.result).toBe('wrong-appliance');
  });

  it('refuses a package with one flipped byte as damaged (422)', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    const file = Buffer.from(await download(base));
    file[Math.floor(file.length / 2)]! ^= 0x01;
    const reply = await upload(await logIn(), base.filename, file);
    expect(reply.status).toBe(422);
    expect(updateError(reply.text)).toMatch(/^The update file is damaged/);
    const state = await stateOfA();
    expect(state.baseVersion).toBe('6.1.0');
    expect(state.uploads.at(-1)).toMatchObject({ bytes: base.size, result: 'damaged' });
    expect(state.uploads.at(-1)?.sha256).not.toBe(base.sha256);
  });

  it('answers 413 above the upload limit before reading the body', async () => {
    await setFault('A', 'upload-limit', 1_000_000);
    const session = await logIn();
    // Headers promise 50 MB, and no body byte is ever sent: only an answer that does not
    // wait for the body can arrive.
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        new URL(`${applianceUrl}/appliance/updates/manual`),
        {
          method: 'POST',
          ca: lab.certificatePem,
          agent: false,
          headers: {
            Cookie: session.cookie,
            'Content-Type': 'multipart/form-data; boundary=xyz',
            'Content-Length': 50_000_000,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8'), complete: true });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(reply.status).toBe(413);
    expect(updateError(reply.text)).toContain('larger than this appliance accepts');
    expect((await stateOfA()).uploads).toEqual([{ filename: null, bytes: 0, sha256: null, result: 'too-large' }]);
  });

  it('installs nothing when the client drops the upload midway', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    const session = await logIn();
    const { body, contentType } = manualForm(session.csrf, base.filename, await download(base));
    await new Promise<void>((resolve) => {
      const req = request(new URL(`${applianceUrl}/appliance/updates/manual`), {
        method: 'POST',
        ca: lab.certificatePem,
        agent: false,
        headers: { Cookie: session.cookie, 'Content-Type': contentType, 'Content-Length': body.length },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => req.destroy(), 100));
    });
    const state = await waitFor((candidate) => candidate.uploads.at(-1)?.result === 'dropped' && candidate.uploads[0]!.bytes > 0);
    expect(state.status).toBe('running');
    expect(state.installed).toEqual([]);
    expect(state.uploads).toEqual([expect.objectContaining({ filename: base.filename, sha256: null, result: 'dropped' })]);
  });

  it('installs nothing when drop-at-byte cuts the upload on the appliance', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    await setFault('A', 'drop-at-byte', 200_000);
    const outcome = await upload(await logIn(), base.filename, await download(base)).then(
      (reply) => `answered ${reply.status} ${reply.text}`,
      () => 'dropped',
    );
    expect(outcome).toBe('dropped');
    const state = await stateOfA();
    expect(state.uploads).toEqual([expect.objectContaining({ sha256: null, result: 'dropped' })]);
    expect(state.uploads[0]!.bytes).toBeLessThan(200_000);
    expect(state.status).toBe('running');
    expect(state.installed).toEqual([]);
  });
});

describe('manual installation over a slow link', () => {
  it('slow-link on the appliance paces the upload, which still installs', async () => {
    const base = packageOf(await listing(), 'base-6.2.0');
    const file = await download(base);
    await setFault('A', 'slow-link', 300_000);
    const started = Date.now();
    const reply = await upload(await logIn(), base.filename, file);
    const elapsed = Date.now() - started;
    expect(reply.status).toBe(302);
    // 600 KiB at 300 kB/s is about 2 s; unthrottled it takes milliseconds.
    expect(elapsed).toBeGreaterThan(1500);
    expect((await waitFor((state) => state.installed.length > 0)).baseVersion).toBe('6.2.0');
  });
});

describe('multipart splitter', () => {
  it('finds boundaries split across chunks, one byte at a time', async () => {
    const file = Buffer.from('line one\r\n--not-the-boundary\r\n\r\n--xy almost\r\nend', 'latin1');
    const { body, contentType } = manualForm('token-123', 'f.labpkg', file);
    const boundary = contentType.split('boundary=')[1]!;
    const splitter = new MultipartSplitter(boundary);
    const events: MultipartEvent[] = [];
    splitter.on('data', (event: MultipartEvent) => events.push(event));
    const done = new Promise<void>((resolve, reject) => {
      splitter.on('end', resolve);
      splitter.on('error', reject);
    });
    for (const byte of body) splitter.write(Buffer.from([byte]));
    splitter.end();
    await done;
    const parts: { name: string; filename: string | null; data: string }[] = [];
    for (const event of events) {
      if (event.type === 'part') parts.push({ name: event.name, filename: event.filename, data: '' });
      else if (event.type === 'data') parts.at(-1)!.data += event.chunk.toString('latin1');
    }
    expect(parts).toEqual([
      { name: 'csrf_token', filename: null, data: 'token-123' },
      { name: 'package', filename: 'f.labpkg', data: file.toString('latin1') },
    ]);
  });

  it('fails a body that ends before the closing boundary', async () => {
    const { body, contentType } = manualForm('t', 'f', Buffer.from('content'));
    const splitter = new MultipartSplitter(contentType.split('boundary=')[1]!);
    splitter.resume();
    const failed = new Promise<string>((resolve) => splitter.on('error', (error) => resolve(error.message)));
    splitter.end(body.subarray(0, body.length - 10));
    expect(await failed).toMatch(/ended before the closing boundary/);
  });
});
