/**
 * The API client against a scripted local HTTPS server, for what the lab cannot stage:
 * a body cut or stalled mid-transfer, repeated 401s, and proof that nothing is sent before
 * the pin check.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCertificate, type LabCertificate } from '../../../../../electron/lab/certificates';
import { createApplianceApi } from '../../../../../electron/services/appliance/client';
import type { ApplianceEndpoint } from '../../../../../electron/services/appliance/types';
import { AppError } from '../../../../../shared/errors';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let cert: LabCertificate;
let server: https.Server;
let baseUrl: string;
let dir: string;
let handler: Handler;
let seen: string[];

beforeAll(async () => {
  cert = generateCertificate(['localhost', '127.0.0.1'], 'scripted appliance');
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'appliance-client-unit-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen = [];
});

function endpoint(overrides: Partial<ApplianceEndpoint> = {}): ApplianceEndpoint {
  return { baseUrl, pinnedFingerprint256: cert.fingerprint256, apiClientId: 'id', apiClientSecret: 'secret', ...overrides };
}

/** Answers the token endpoint, then hands API calls to `api`. */
function serve(api: Handler): void {
  handler = (req, res) => {
    if (req.url === '/oauth2/token') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: `t${seen.length}`, token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    api(req, res);
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

describe('pinning', () => {
  it('sends no request at all to an unpinned or mismatching server', async () => {
    serve((_req, res) => res.end());
    expect((await failure(createApplianceApi(endpoint({ pinnedFingerprint256: undefined })).getApiInfo())).code).toBe('TLS_UNTRUSTED');
    const wrong = cert.fingerprint256.replace(/^../, cert.fingerprint256.startsWith('00') ? '11' : '00');
    expect((await failure(createApplianceApi(endpoint({ pinnedFingerprint256: wrong })).getApiInfo())).code).toBe('TLS_CHANGED');
    expect(seen).toEqual([]);
  });

  it('refuses plain http addresses before connecting', async () => {
    const error = await failure(
      Promise.resolve().then(() => createApplianceApi(endpoint({ baseUrl: 'http://127.0.0.1:1' }))),
    );
    expect(error.code).toBe('INVALID_INPUT');
  });
});

describe('token', () => {
  it('retries a 401 once with a new token, then reports UNAUTHORISED', async () => {
    serve((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/xml' });
      res.end('<error>Invalid or expired token.</error>');
    });
    const error = await failure(createApplianceApi(endpoint()).checkHealth());
    expect(error.code).toBe('UNAUTHORISED');
    expect(error.message).toContain('Invalid or expired token.');
    expect(seen.filter((line) => line.startsWith('POST /oauth2/token'))).toHaveLength(2);
    expect(seen.filter((line) => line.startsWith('GET /api/command'))).toHaveLength(2);
  });

  it('sends the client id and secret as Basic auth', async () => {
    serve((_req, res) => res.end('<x/>'));
    await failure(createApplianceApi(endpoint()).getApiInfo());
    expect(seen[0]).toBe(`POST /oauth2/token Basic ${Buffer.from('id:secret').toString('base64')}`);
  });

  it('shares one failed token request between concurrent callers and tries again later', async () => {
    handler = (_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"error":"invalid_client"}');
    };
    const api = createApplianceApi(endpoint());
    const errors = await Promise.all([failure(api.getApiInfo()), failure(api.checkHealth())]);
    expect(errors.map((e) => e.code)).toEqual(['UNAUTHORISED', 'UNAUTHORISED']);
    expect(seen).toHaveLength(1);
    await failure(api.getApiInfo());
    expect(seen).toHaveLength(2);
  });
});

describe('backup transfer failures', () => {
  it('removes the .part when the connection drops mid-body', async () => {
    serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 1_000_000 });
      res.write(Buffer.alloc(200_000));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(createApplianceApi(endpoint()).downloadBackup(join(dir, 'cut.nsb')));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toMatch(/dropped after .* of 977 KiB/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up on a body that stalls, with TIMEOUT, and removes the .part', async () => {
    serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 1_000_000 });
      res.write(Buffer.alloc(1000));
    });
    const error = await failure(
      createApplianceApi(endpoint(), { timeoutMs: 300 }).downloadBackup(join(dir, 'stalled.nsb')),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(await readdir(dir)).toEqual([]);
    server.closeAllConnections();
  });

  it('reports a disk that cannot be written as DISK_ERROR', async () => {
    serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': 10 });
      res.end(Buffer.alloc(10));
    });
    const error = await failure(createApplianceApi(endpoint()).downloadBackup(join(dir, 'missing', 'x.nsb')));
    expect(error.code).toBe('DISK_ERROR');
  });
});
