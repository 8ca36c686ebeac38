/**
 * The admin session's manual-update pages against a scripted local HTTPS appliance: the
 * multipart body byte for byte as a browser sends it, streaming, progress, cancellation, and
 * each way the appliance refuses an upload (including an early 413 and a dropped connection).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCertificate, type LabCertificate } from '../../../../../electron/lab/certificates';
import { createAdminSession } from '../../../../../electron/services/appliance/admin-session';
import { multipartFraming } from '../../../../../electron/services/appliance/multipart';
import type { ApplianceEndpoint, TransferProgress } from '../../../../../electron/services/appliance/types';
import { AppError } from '../../../../../shared/errors';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const CSRF = 'csrf-7f3a';
const UPDATES_PAGE = `<!doctype html><html><body><h1>Updates</h1>
<form method="post" action="/appliance/updates/download-key"><input type="hidden" name="csrf_token" value="${CSRF}"><button>Generate Download Key</button></form>
<h2>Manual Installation</h2>
<form method="post" action="/appliance/updates/manual" enctype="multipart/form-data">
  <input type="hidden" name="csrf_token" value="${CSRF}">
  <input type="file" name="package">
  <button type="submit">Upload Software</button>
</form></body></html>`;

let cert: LabCertificate;
let server: https.Server;
let baseUrl: string;
let dir: string;
/** Handles POST /appliance/updates/manual (and anything not scripted below). */
let manual: Handler;
let ipPage: string;

beforeAll(async () => {
  cert = generateCertificate(['localhost', '127.0.0.1'], 'scripted appliance');
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const loggedIn = (req.headers.cookie ?? '').includes('s=1');
    if (req.url === '/appliance/login' && req.method === 'GET') {
      res.end(`<form method="post" action="/appliance/login"><input type="hidden" name="csrf_token" value="${CSRF}"><input name="username"><input type="password" name="password"></form>`);
    } else if (req.url === '/appliance/login') {
      req.resume();
      res.writeHead(302, { Location: '/appliance/status', 'Set-Cookie': 's=1; HttpOnly' }).end();
    } else if (!loggedIn) {
      req.resume();
      res.writeHead(302, { Location: '/appliance/login' }).end();
    } else if (req.url === '/appliance/updates' && req.method === 'GET') {
      res.end(UPDATES_PAGE);
    } else if (req.url === '/appliance/updates/download-key') {
      req.resume();
      res.end(`${UPDATES_PAGE}<pre id="download-key">eyJ2IjoxfQ
.c2ln</pre><dl><dd id="download-key-generated-at">2026-03-01T10:00:00.000Z</dd></dl>`);
    } else if (req.url === '/appliance/networking/ip') {
      res.end(ipPage);
    } else {
      manual(req, res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'manual-updates-unit-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  manual = (_req, res) => res.writeHead(404).end();
});

function endpoint(): ApplianceEndpoint {
  return {
    baseUrl,
    pinnedFingerprint256: cert.fingerprint256,
    apiClientId: 'id',
    apiClientSecret: 'secret',
    adminUser: 'admin',
    adminPassword: 'pw',
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the call to fail');
}

/** A file of `size` deterministic bytes. */
async function packageFile(name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function refusal(status: number, message: string): Handler {
  return (req, res) => {
    void readAll(req).then(() => res.writeHead(status, { 'Content-Type': 'text/html' }).end(`<p class="error" id="update-error">${message}</p>`));
  };
}

describe('multipart framing', () => {
  it('is byte for byte what a browser form post (WHATWG FormData) sends, escaping included', async () => {
    const file = Buffer.from('LABPKG1 {"id":"x"}\nbytes');
    const form = new FormData();
    form.append('csrf_token', 'tok"en\nline');
    form.append('package', new Blob([file]), 'base "6.2.0"\r.pkg');
    const reference = new Request('https://127.0.0.1/', { method: 'POST', body: form });
    const contentType = reference.headers.get('content-type') ?? '';
    const boundary = contentType.replace(/^.*boundary=/, '');
    const expected = Buffer.from(await reference.arrayBuffer());

    const framing = multipartFraming(
      { csrf_token: 'tok"en\nline' },
      { field: 'package', fileName: 'base "6.2.0"\r.pkg', size: file.length },
      boundary,
    );
    const ours = Buffer.concat([framing.preamble, file, framing.epilogue]);
    expect(framing.contentType).toBe(contentType);
    expect(ours.equals(expected)).toBe(true);
    expect(framing.contentLength).toBe(expected.length);
  });

  it('draws a new boundary for every body', () => {
    const a = multipartFraming({}, { field: 'f', fileName: 'a', size: 0 });
    const b = multipartFraming({}, { field: 'f', fileName: 'a', size: 0 });
    expect(a.contentType).not.toBe(b.contentType);
  });
});

describe('uploadPackage', () => {
  it('posts the Manual Installation form: session cookie, exact Content-Length, fields and file parse back', async () => {
    const { path, bytes } = await packageFile('base-6.2.0.pkg', 3 * 1024 * 1024 + 17);
    let seen: { headers: IncomingMessage['headers']; body: Buffer } | undefined;
    manual = (req, res) => {
      void readAll(req).then((body) => {
        seen = { headers: req.headers, body };
        res.writeHead(302, { Location: '/appliance/updates' }).end();
      });
    };
    const progress: TransferProgress[] = [];
    await createAdminSession(endpoint()).uploadPackage(path, { onProgress: (p) => progress.push(p) });

    expect(seen).toBeDefined();
    const { headers, body } = seen!;
    expect(headers.cookie).toContain('s=1');
    expect(Number(headers['content-length'])).toBe(body.length);
    expect(headers['transfer-encoding']).toBeUndefined();
    const parsed = await new Response(new Uint8Array(body), { headers: { 'Content-Type': String(headers['content-type']) } }).formData();
    expect([...parsed.keys()]).toEqual(['csrf_token', 'package']);
    expect(parsed.get('csrf_token')).toBe(CSRF);
    const file = parsed.get('package') as File;
    expect(file.name).toBe('base-6.2.0.pkg');
    expect(file.type).toBe('application/octet-stream');
    const received = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(received).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));

    expect(progress.at(-1)).toEqual({ done: bytes.length, total: bytes.length });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it('sends the given file name instead of the file’s own', async () => {
    const { path } = await packageFile('renamed.bin', 10);
    let name: string | undefined;
    manual = (req, res) => {
      void readAll(req).then(async (body) => {
        const parsed = await new Response(new Uint8Array(body), { headers: { 'Content-Type': String(req.headers['content-type']) } }).formData();
        name = (parsed.get('package') as File).name;
        res.writeHead(302, { Location: '/appliance/updates' }).end();
      });
    };
    await createAdminSession(endpoint()).uploadPackage(path, { fileName: 'site-23.2.1.pkg' });
    expect(name).toBe('site-23.2.1.pkg');
  });

  it('413 answered before the body was read → UPLOAD_TOO_LARGE with size and limit, and stops sending', async () => {
    const { path } = await packageFile('huge.pkg', 24 * 1024 * 1024);
    let bytesSeen = 0;
    manual = (req, res) => {
      req.on('data', (chunk: Buffer) => (bytesSeen += chunk.length));
      res.writeHead(413, { 'Content-Type': 'text/html', Connection: 'close' });
      res.end('<p class="error" id="update-error">The file is larger than the upload limit (1048576 bytes).</p>');
    };
    const error = await failure(createAdminSession(endpoint()).uploadPackage(path));
    expect(error.code).toBe('UPLOAD_TOO_LARGE');
    expect(error.message).toContain('24.0 MiB');
    expect(error.message).toContain('1.0 MiB');
    expect(error.hint).toMatch(/right package/);
    expect(error.hint).toMatch(/support/);
    expect(error.details).toMatchObject({ limit: 1048576, size: 24 * 1024 * 1024 });
    expect(bytesSeen).toBeLessThan(24 * 1024 * 1024);
  });

  it.each([
    [422, 'This update was built for appliance LAB-B-1001; this appliance is LAB-A-1001.', 'PACKAGE_REJECTED'],
    [409, 'This update requires Base Software 6.2.0. Install it first.', 'REQUIREMENT_MISSING'],
  ])('%i → %s quoting the appliance', async (status, message, code) => {
    const { path } = await packageFile('refused.pkg', 4096);
    manual = refusal(status as number, message as string);
    const error = await failure(createAdminSession(endpoint()).uploadPackage(path));
    expect(error.code).toBe(code);
    expect(error.message).toContain(`“${message}”`);
    expect(error.hint).not.toBe('');
  });

  it('503 → APPLIANCE_DOWN', async () => {
    const { path } = await packageFile('down.pkg', 1000);
    manual = (req, res) => {
      req.resume();
      res.writeHead(503, { 'Content-Type': 'text/html' }).end('<title>Appliance updating</title>');
    };
    expect((await failure(createAdminSession(endpoint()).uploadPackage(path))).code).toBe('APPLIANCE_DOWN');
  });

  it('a connection dropped mid-upload → TRANSFER_INTERRUPTED saying how far it got and that nothing was installed', async () => {
    const { path } = await packageFile('dropped.pkg', 8 * 1024 * 1024);
    manual = (req) => {
      let got = 0;
      req.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got > 2 * 1024 * 1024) req.socket.destroy();
      });
    };
    const error = await failure(createAdminSession(endpoint()).uploadPackage(path));
    expect(error.code).toBe('TRANSFER_INTERRUPTED');
    expect(error.message).toMatch(/stopped after .* of 8\.0 MiB; nothing was installed/);
    expect(error.details).toMatchObject({ total: 8 * 1024 * 1024 });
    expect(error.hint).toMatch(/again/);
  });

  it('cancels through the AbortSignal with CANCELLED', async () => {
    const { path } = await packageFile('cancel.pkg', 8 * 1024 * 1024);
    const controller = new AbortController();
    manual = (req) => {
      req.once('data', () => controller.abort());
      req.resume();
    };
    const error = await failure(createAdminSession(endpoint()).uploadPackage(path, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toContain('nothing was installed');
  });

  it('a stalled appliance → TIMEOUT', async () => {
    const { path } = await packageFile('stall.pkg', 1000);
    manual = (req) => req.resume();
    const error = await failure(createAdminSession(endpoint(), { timeoutMs: 300 }).uploadPackage(path));
    expect(error.code).toBe('TIMEOUT');
    server.closeAllConnections();
  });

  it('a missing file → NOT_FOUND before anything is sent', async () => {
    let posted = false;
    manual = (_req, res) => {
      posted = true;
      res.end();
    };
    const error = await failure(createAdminSession(endpoint()).uploadPackage(join(dir, 'absent.pkg')));
    expect(error.code).toBe('NOT_FOUND');
    expect(posted).toBe(false);
  });
});

describe('download key and IP configuration', () => {
  it('generates a download key by posting the form and reads key and time', async () => {
    const key = await createAdminSession(endpoint()).generateDownloadKey();
    expect(key).toEqual({ key: 'eyJ2IjoxfQ.c2ln', generatedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('reads NTP state and servers', async () => {
    ipPage = '<dl><dd id="ntp-enabled">yes</dd><dd id="ntp-servers">pool.ntp.example, 10.0.0.5</dd></dl>';
    expect(await createAdminSession(endpoint()).ipConfiguration()).toEqual({
      ipAddress: '',
      ntpEnabled: true,
      ntpServers: ['pool.ntp.example', '10.0.0.5'],
    });
    ipPage = '<dl><dd id="ntp-enabled">no</dd><dd id="ntp-servers">(none)</dd></dl>';
    expect(await createAdminSession(endpoint()).ipConfiguration()).toEqual({ ipAddress: '', ntpEnabled: false, ntpServers: [] });
  });

  it('refuses to guess the NTP state from a page without it', async () => {
    ipPage = '<p>IP Configuration</p>';
    expect((await failure(createAdminSession(endpoint()).ipConfiguration())).code).toBe('APPLIANCE_ERROR');
  });
});
