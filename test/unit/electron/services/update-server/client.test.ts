/**
 * The update server client against a scripted local HTTPS server, for what the lab does not
 * stage: a server that ignores Range (200), answers another range, serves wrong bytes, stalls;
 * plus the key answers and the trust decision (pin, or CA verification without one).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCertificate, type LabCertificate } from '../../../../../electron/lab/certificates';
import type { TransferProgress } from '../../../../../electron/services/appliance/types';
import { createUpdateServerClient, readDownloadKeyClaims, type DownloadRetry, type UpdatePackage } from '../../../../../electron/services/update-server';
import { AppError } from '../../../../../shared/errors';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const SIZE = 3 * 1024 * 1024 + 123;
const BYTES = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) BYTES[i] = (i * 131 + (i >> 8)) & 0xff;
const SHA = createHash('sha256').update(BYTES).digest('hex');

let cert: LabCertificate;
let server: https.Server;
let baseUrl: string;
let dir: string;
let handler: Handler;
let requests: { url: string; range?: string }[];

beforeAll(async () => {
  cert = generateCertificate(['localhost', '127.0.0.1'], 'scripted update server');
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    requests.push({ url: req.url ?? '', ...(req.headers.range ? { range: req.headers.range } : {}) });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  requests = [];
  dir = await mkdtemp(join(tmpdir(), 'update-server-unit-'));
  return () => rm(dir, { recursive: true, force: true });
});

/** Without automatic retries unless asked: most tests are about one attempt. */
function client(timeoutMs?: number, retryDelaysMs: number[] = []) {
  return createUpdateServerClient({ baseUrl, pinnedFingerprint256: cert.fingerprint256, retryDelaysMs, ...(timeoutMs ? { timeoutMs } : {}) });
}

function pkg(overrides: Partial<UpdatePackage> = {}): UpdatePackage {
  return {
    id: 'base-6.2.0',
    name: 'Base Software 6.2.0',
    kind: 'base',
    version: '6.2.0',
    size: SIZE,
    sha256: SHA,
    url: `${baseUrl}/api/packages/k1/base-6.2.0`,
    ...overrides,
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

/** Serves `bytes` honouring `Range: bytes=N-` with 206, as the protocol says. */
function servePackage(bytes: Buffer = BYTES, { honourRange = true, dropAfter }: { honourRange?: boolean; dropAfter?: number } = {}): Handler {
  return (req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = honourRange && range ? Number(range[1]) : 0;
    const part = bytes.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': part.length,
      'Accept-Ranges': 'bytes',
      ...(start > 0 ? { 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    if (dropAfter === undefined) {
      res.end(part);
      return;
    }
    res.write(part.subarray(0, dropAfter), () => setTimeout(() => res.socket?.destroy(), 20));
  };
}

function json(status: number, body: unknown): Handler {
  return (req, res) => {
    req.resume();
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
}

describe('submitKey', () => {
  const claims = (issuedAt: number) => `${Buffer.from(JSON.stringify({ v: 1, serial: 'LAB-A-1001', issuedAt })).toString('base64url')}.c2ln`;

  it('returns the listing, with null requires and a file name that is a path left out', async () => {
    let posted: unknown;
    handler = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        json(200, {
          keyId: 'k1',
          serial: 'LAB-A-1001',
          packages: [
            { id: 'base-6.2.0', name: 'Base 6.2.0', kind: 'base', version: '6.2.0', requires: null, size: 10, sha256: SHA.toUpperCase(), url: `${baseUrl}/api/packages/k1/base-6.2.0`, filename: 'A-base.labpkg' },
            { id: 'site-23.2.1', name: 'Site 23.2.1', kind: 'site', version: '23.2.1', requires: '6.2.0', size: 20, sha256: SHA, url: `${baseUrl}/api/packages/k1/site-23.2.1`, filename: '../../evil' },
          ],
        })(req, res);
      });
    };
    const listing = await client().submitKey(`  ${claims(1)}\n`);
    expect(posted).toEqual({ key: claims(1) });
    expect(listing.keyId).toBe('k1');
    expect(listing.packages[0]).not.toHaveProperty('requires');
    expect(listing.packages[0]?.sha256).toBe(SHA);
    expect(listing.packages[1]?.requires).toBe('6.2.0');
    expect(listing.packages[0]?.filename).toBe('A-base.labpkg');
    expect(listing.packages[1]).not.toHaveProperty('filename');
  });

  it('422 clock → CLOCK_SKEW quoting the server, with what the appliance clock read and where to fix it (R6)', async () => {
    const message = 'The key was generated at … by the appliance’s clock, which was 7200 seconds ahead of the true time then.';
    handler = json(422, { error: 'clock', message });
    const error = await failure(client().submitKey(claims(1795000000)));
    expect(error.code).toBe('CLOCK_SKEW');
    expect(error.message).toContain(`“${message}”`);
    expect(error.message).toContain(new Date(1795000000 * 1000).toISOString());
    expect(error.hint).toContain('/appliance > Networking > IP Configuration');
    expect(error.hint).toContain('new download key');
  });

  it('403 → KEY_REJECTED quoting the server', async () => {
    handler = json(403, { error: 'unknown-key', message: 'This key was not issued by a known appliance.' });
    const error = await failure(client().submitKey('garbage'));
    expect(error.code).toBe('KEY_REJECTED');
    expect(error.message).toContain('“This key was not issued by a known appliance.”');
  });

  it('an answer that is not a listing → APPLIANCE_ERROR; a 502 page → UNREACHABLE', async () => {
    handler = json(200, { hello: 'world' });
    expect((await failure(client().submitKey('k'))).code).toBe('APPLIANCE_ERROR');
    handler = (req, res) => {
      req.resume();
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad Gateway</h1>');
    };
    const error = await failure(client().submitKey('k'));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain('update server');
  });

  it('reads the claims of a download key, and nothing from a non-key', () => {
    expect(readDownloadKeyClaims(claims(1795000000))).toEqual({ serial: 'LAB-A-1001', issuedAt: 1795000000 });
    expect(readDownloadKeyClaims('garbage')).toBeUndefined();
  });
});

describe('trust', () => {
  it('without a pin verifies against the system CAs: a self-signed server is refused before any request', async () => {
    handler = json(200, {});
    const error = await failure(createUpdateServerClient({ baseUrl }).submitKey('k'));
    expect(error.code).toBe('TLS_UNTRUSTED');
    expect(error.message).toContain('update server');
    expect(requests).toEqual([]);
  });

  it('with a wrong pin → TLS_CHANGED, nothing sent', async () => {
    const wrong = cert.fingerprint256.replace(/^../, cert.fingerprint256.startsWith('00') ? '11' : '00');
    const error = await failure(createUpdateServerClient({ baseUrl, pinnedFingerprint256: wrong }).submitKey('k'));
    expect(error.code).toBe('TLS_CHANGED');
    expect(requests).toEqual([]);
  });
});

describe('downloadPackage', () => {
  it('downloads, verifies and renames into place, with throttled progress', async () => {
    handler = servePackage();
    const dest = join(dir, 'base.pkg');
    const progress: TransferProgress[] = [];
    const result = await client().downloadPackage(pkg(), dest, { onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ size: SIZE, sha256: SHA, resumedFrom: 0, bytesTransferred: SIZE, retries: 0 });
    expect((await readFile(dest)).equals(BYTES)).toBe(true);
    expect(await readdir(dir)).toEqual(['base.pkg']);
    expect(progress.at(-1)).toEqual({ done: SIZE, total: SIZE });
    expect(requests[0]?.range).toBeUndefined();
  });

  it('a dropped connection keeps the .part; the next call continues with Range (206) and hashes the whole file', async () => {
    const dest = join(dir, 'base.pkg');
    handler = servePackage(BYTES, { dropAfter: 1024 * 1024 });
    const error = await failure(client().downloadPackage(pkg(), dest));
    expect(error.code).toBe('TRANSFER_INTERRUPTED');
    expect(error.message).toMatch(/stopped after .* of 3\.0 MiB/);
    expect(error.hint).toMatch(/continues from there/);
    const kept = (await stat(`${dest}.part`)).size;
    expect(kept).toBeGreaterThan(0);
    expect(error.details).toMatchObject({ done: kept, bytesTransferred: kept });

    handler = servePackage();
    const progress: TransferProgress[] = [];
    const result = await client().downloadPackage(pkg(), dest, { onProgress: (p) => progress.push(p) });
    expect(requests.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(result).toEqual({ size: SIZE, sha256: SHA, resumedFrom: kept, bytesTransferred: SIZE - kept, retries: 0 });
    expect((await readFile(dest)).equals(BYTES)).toBe(true);
    expect(await readdir(dir)).toEqual(['base.pkg']);
    expect(progress[0]!.done).toBeGreaterThanOrEqual(kept);
  });

  it('a dropped connection is retried by itself after a pause, continuing from the .part', async () => {
    const dest = join(dir, 'base.pkg');
    let served = 0;
    const drop = servePackage(BYTES, { dropAfter: 1024 * 1024 });
    const whole = servePackage();
    handler = (req, res) => (served++ === 0 ? drop : whole)(req, res);
    const retries: DownloadRetry[] = [];
    const started = Date.now();
    const result = await client(undefined, [150, 300, 600]).downloadPackage(pkg(), dest, { onRetry: (r) => retries.push(r) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(retries).toEqual([{ retry: 1, of: 3, delayMs: 150, done: expect.any(Number), reason: 'the connection dropped' }]);
    const kept = retries[0]!.done;
    expect(kept).toBeGreaterThan(0);
    expect(requests.map((r) => r.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(result).toEqual({ size: SIZE, sha256: SHA, resumedFrom: kept, bytesTransferred: SIZE, retries: 1 });
    expect((await readFile(dest)).equals(BYTES)).toBe(true);
  });

  it('after three retries that drop too, fails TRANSFER_INTERRUPTED saying so, with the .part kept', async () => {
    const dest = join(dir, 'base.pkg');
    handler = servePackage(BYTES, { dropAfter: 256 * 1024 });
    const retries: DownloadRetry[] = [];
    const error = await failure(client(undefined, [20, 40, 80]).downloadPackage(pkg(), dest, { onRetry: (r) => retries.push(r) }));
    expect(error.code).toBe('TRANSFER_INTERRUPTED');
    expect(error.message).toContain('also after 3 automatic retries');
    expect(error.hint).toMatch(/continues from there/);
    expect(retries.map((r) => [r.retry, r.of, r.delayMs])).toEqual([
      [1, 3, 20],
      [2, 3, 40],
      [3, 3, 80],
    ]);
    expect(requests).toHaveLength(4);
    // Each retry continued where the one before stopped.
    expect(retries.map((r) => r.done)).toEqual([...retries.map((r) => r.done)].sort((a, b) => a - b));
    expect((await stat(`${dest}.part`)).size).toBe((error.details as { done: number }).done);
  });

  it('a cancel during the pause before a retry → CANCELLED, no further request', async () => {
    const dest = join(dir, 'base.pkg');
    handler = servePackage(BYTES, { dropAfter: 256 * 1024 });
    const controller = new AbortController();
    const error = await failure(client(undefined, [5_000]).downloadPackage(pkg(), dest, { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 50) }));
    expect(error.code).toBe('CANCELLED');
    expect(requests).toHaveLength(1);
    expect((await stat(`${dest}.part`)).size).toBeGreaterThan(0);
  });

  it('a server that ignores Range (200) restarts from zero safely: no old bytes kept in front', async () => {
    const dest = join(dir, 'base.pkg');
    await writeFile(`${dest}.part`, Buffer.alloc(500_000, 0xee));
    handler = servePackage(BYTES, { honourRange: false });
    const result = await client().downloadPackage(pkg(), dest);
    expect(requests[0]?.range).toBe('bytes=500000-');
    expect(result).toMatchObject({ resumedFrom: 0, bytesTransferred: SIZE, sha256: SHA });
    expect((await readFile(dest)).equals(BYTES)).toBe(true);
  });

  it('a 206 for another range than asked is not appended: the download starts over', async () => {
    const dest = join(dir, 'base.pkg');
    await writeFile(`${dest}.part`, BYTES.subarray(0, 400_000));
    let first = true;
    handler = (req, res) => {
      if (first) {
        first = false;
        req.resume();
        res.writeHead(206, { 'Content-Range': `bytes 300000-${SIZE - 1}/${SIZE}`, 'Content-Length': SIZE - 300_000 });
        res.end(BYTES.subarray(300_000));
        return;
      }
      servePackage()(req, res);
    };
    const result = await client().downloadPackage(pkg(), dest);
    expect(requests.map((r) => r.range)).toEqual(['bytes=400000-', undefined]);
    expect(result).toMatchObject({ resumedFrom: 0, sha256: SHA });
    expect((await readFile(dest)).equals(BYTES)).toBe(true);
  });

  it('wrong bytes → CHECKSUM_MISMATCH, the .part is deleted and no file appears', async () => {
    const damaged = Buffer.from(BYTES);
    damaged[12345] = damaged[12345]! ^ 0xff;
    handler = servePackage(damaged);
    const dest = join(dir, 'base.pkg');
    const error = await failure(client().downloadPackage(pkg(), dest));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('deleted');
    expect(error.hint).toContain('support');
    expect(await readdir(dir)).toEqual([]);
  });

  it('more bytes than listed → CHECKSUM_MISMATCH without writing past the size', async () => {
    handler = (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end(Buffer.concat([BYTES, BYTES]));
    };
    const error = await failure(client().downloadPackage(pkg(), join(dir, 'base.pkg')));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('more than');
    expect(await readdir(dir)).toEqual([]);
  });

  it('cancelled before the answer arrives → CANCELLED, the .part kept', async () => {
    const dest = join(dir, 'base.pkg');
    await writeFile(`${dest}.part`, BYTES.subarray(0, 1000));
    const controller = new AbortController();
    handler = (req) => {
      req.resume();
      controller.abort();
    };
    const error = await failure(client().downloadPackage(pkg(), dest, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect(error.hint).toContain('continues');
    expect((await stat(`${dest}.part`)).size).toBe(1000);
    server.closeAllConnections();
  });

  it('a complete .part left by a crash is verified and renamed without asking the server', async () => {
    const dest = join(dir, 'base.pkg');
    await writeFile(`${dest}.part`, BYTES);
    handler = json(410, { error: 'already-downloaded', message: 'gone' });
    const result = await client().downloadPackage(pkg(), dest);
    expect(result).toEqual({ size: SIZE, sha256: SHA, resumedFrom: SIZE, bytesTransferred: 0, retries: 0 });
    expect(requests).toEqual([]);
    expect(await readdir(dir)).toEqual(['base.pkg']);
  });

  it('410 → ALREADY_DOWNLOADED pointing at support (R7)', async () => {
    handler = json(410, { error: 'already-downloaded', message: 'This package was already downloaded.' });
    const error = await failure(client().downloadPackage(pkg(), join(dir, 'base.pkg')));
    expect(error.code).toBe('ALREADY_DOWNLOADED');
    expect(error.message).toContain('R7');
    expect(error.hint).toContain('support');
  });

  it('a stalled body → TRANSFER_INTERRUPTED with the .part kept', async () => {
    handler = (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Length': SIZE });
      res.write(BYTES.subarray(0, 100_000));
    };
    const dest = join(dir, 'base.pkg');
    const error = await failure(client(300).downloadPackage(pkg(), dest));
    expect(error.code).toBe('TRANSFER_INTERRUPTED');
    expect(error.message).toContain('nothing arrived');
    expect((await stat(`${dest}.part`)).size).toBe(100_000);
    server.closeAllConnections();
  });

  it('cancels with CANCELLED and keeps the .part for later', async () => {
    const controller = new AbortController();
    handler = (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Length': SIZE });
      res.write(BYTES.subarray(0, 200_000), () => setTimeout(() => controller.abort(), 50));
    };
    const dest = join(dir, 'base.pkg');
    const error = await failure(client().downloadPackage(pkg(), dest, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect(error.hint).toContain('continues');
    expect((await stat(`${dest}.part`)).size).toBe(200_000);
    server.closeAllConnections();
  });

  it('refuses a package address outside the update server', async () => {
    handler = servePackage();
    const error = await failure(client().downloadPackage(pkg({ url: 'https://elsewhere.example/p' }), join(dir, 'x.pkg')));
    expect(error.code).toBe('INVALID_INPUT');
    expect(requests).toEqual([]);
  });
});
