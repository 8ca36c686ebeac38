/**
 * The appliance's public API (OAuth2 client credentials, XML command API, settings backup)
 * over a pinned HTTPS connection.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AxiosResponse } from 'axios';
import { AppError, isAppError } from '../../../shared/errors';
import {
  apiStatusError,
  cancelledError,
  diskError,
  interruptedError,
  isDiskFailure,
  notInRelationshipError,
  timeoutError,
  type FailureContext,
} from './errors';
import {
  createTransport,
  discardBody,
  headerText,
  PROGRESS_INTERVAL_MS,
  readBounded,
  type Transport,
  type TransportOptions,
} from './transport';
import type { ApplianceApi, ApplianceEndpoint, TransferProgress } from './types';
import { parseApiInfo, parseFailoverRoleAnswer, parseHealth, readXmlError } from './xml';

export interface ApplianceApiOptions extends TransportOptions {
  /** Told each time a new OAuth token is issued (for the log, and to observe caching in tests). */
  onTokenIssued?: (event: { expiresInSeconds: number }) => void;
}

/** Renew this long before expiry (capped at half the lifetime for short-lived tokens). */
const RENEW_MARGIN_SECONDS = 60;

export function createApplianceApi(endpoint: ApplianceEndpoint, options: ApplianceApiOptions = {}): ApplianceApi {
  const transport = createTransport(endpoint, options);
  const tokens = createTokenCache(endpoint, transport, options.onTokenIssued);

  /**
   * Sends one Bearer request; an answer of 401 means the cached token was revoked or expired
   * early (appliance clock, restart), so it is renewed and the request sent once more.
   */
  async function withToken<T>(
    ctx: FailureContext,
    request: (authorization: string) => Promise<AxiosResponse<T>>,
  ): Promise<AxiosResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      const response = await transport.send(ctx, () => request(`Bearer ${token}`));
      if (response.status !== 401 || attempt > 0) return response;
      discardBody(response);
      tokens.forget(token);
    }
  }

  async function command(
    action: string,
    label: string,
    params: Record<string, string> = {},
    refusal?: (status: number, body: string) => AppError | undefined,
  ): Promise<{ body: string; contentType?: string }> {
    const ctx = transport.context(label, 'perm_command');
    const response = await withToken<string>(ctx, (authorization) =>
      transport.http.get<string>('/api/command', {
        params: { action, ...params },
        headers: { Authorization: authorization, Accept: 'text/xml, application/xml' },
      }),
    );
    const body = typeof response.data === 'string' ? response.data : '';
    const contentType = headerText(response, 'content-type');
    if (response.status !== 200) throw refusal?.(response.status, body) ?? apiStatusError(response.status, body, contentType, ctx);
    return { body, contentType };
  }

  return {
    async getApiInfo() {
      const { body, contentType } = await command('get_api_info', 'reading the API information');
      return parseApiInfo(body, contentType);
    },

    async checkHealth() {
      const { body, contentType } = await command('check_health', 'checking the appliance health');
      return parseHealth(body, contentType);
    },

    async setFailoverRole({ role, dataSyncFirst, force }) {
      const { body, contentType } = await command(
        'set_failover_role',
        `making the appliance the ${role} of its pair`,
        { role, data_sync_first: dataSyncFirst ? '1' : '0', force: force ? '1' : '0' },
        (status, answer) => (status === 409 ? notInRelationshipError(transport.baseUrl, readXmlError(answer)) : undefined),
      );
      return parseFailoverRoleAnswer(body, contentType);
    },

    async downloadBackup(destPath, { signal, onProgress } = {}) {
      const ctx = transport.context('downloading the settings backup', 'perm_backup');
      if (signal?.aborted) throw cancelledError(ctx);
      const response = await withToken<Readable>(ctx, (authorization) =>
        transport.http.get<Readable>('/api/backup', {
          responseType: 'stream',
          // Bytes are hashed and counted exactly as the appliance sent them.
          decompress: false,
          maxContentLength: -1,
          headers: { Authorization: authorization, 'Accept-Encoding': 'identity' },
          ...(signal ? { signal } : {}),
        }),
      );
      if (response.status !== 200) {
        const body = await readBounded(response.data);
        throw apiStatusError(response.status, body, headerText(response, 'content-type'), ctx);
      }
      return saveVerified(response, destPath, ctx, transport, { signal, onProgress });
    },
  };
}

interface TokenCache {
  get(): Promise<string>;
  forget(token: string): void;
}

function createTokenCache(
  endpoint: ApplianceEndpoint,
  transport: Transport,
  onTokenIssued: ApplianceApiOptions['onTokenIssued'],
): TokenCache {
  let cached: { value: string; renewAt: number } | undefined;
  // Callers arriving while a token is being fetched wait for that same request.
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const ctx = transport.context('signing in to the API');
    const issuedAt = transport.now();
    const basic = Buffer.from(`${endpoint.apiClientId}:${endpoint.apiClientSecret}`, 'utf8').toString('base64');
    const response = await transport.send(ctx, () =>
      transport.http.post<string>('/oauth2/token', new URLSearchParams({ grant_type: 'client_credentials' }).toString(), {
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
      }),
    );
    const body = typeof response.data === 'string' ? response.data : '';
    if (response.status !== 200) {
      throw apiStatusError(response.status, body, headerText(response, 'content-type'), ctx);
    }
    const { accessToken, expiresIn } = readTokenAnswer(body, transport.baseUrl);
    const margin = Math.min(RENEW_MARGIN_SECONDS, expiresIn / 2);
    cached = { value: accessToken, renewAt: issuedAt + (expiresIn - margin) * 1000 };
    onTokenIssued?.({ expiresInSeconds: expiresIn });
    return accessToken;
  }

  return {
    get() {
      if (cached && transport.now() < cached.renewAt) return Promise.resolve(cached.value);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    forget(token) {
      // Only the token that failed: a concurrent caller may already hold a fresh one.
      if (cached?.value === token) cached = undefined;
    },
  };
}

function readTokenAnswer(body: string, baseUrl: string): { accessToken: string; expiresIn: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const accessToken = record.access_token;
  const expiresIn = Number(record.expires_in ?? 3600);
  if (typeof accessToken !== 'string' || accessToken === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new AppError(
      'NOT_XML',
      `The appliance at ${baseUrl} answered the sign-in request without a usable access token.`,
      'Something other than the appliance’s API may be answering. Open the address in a browser to check, then try again.',
      { baseUrl },
    );
  }
  return { accessToken, expiresIn };
}

async function saveVerified(
  response: AxiosResponse<Readable>,
  destPath: string,
  ctx: FailureContext,
  transport: Transport,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (p: TransferProgress) => void },
): Promise<{ size: number; sha256: string }> {
  const source = response.data;
  const lengthHeader = headerText(response, 'content-length');
  const total = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const partPath = `${destPath}.part`;
  const hash = createHash('sha256');
  let done = 0;
  let lastProgressAt = 0;
  let watchdog: NodeJS.Timeout | undefined;

  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      done += chunk.length;
      armWatchdog();
      const at = Date.now();
      if (at - lastProgressAt >= PROGRESS_INTERVAL_MS) {
        lastProgressAt = at;
        onProgress?.({ done, total });
      }
      callback(null, chunk);
    },
  });
  // axios's timeout stops at the response headers; a body that stalls is caught here.
  function armWatchdog(): void {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => meter.destroy(timeoutError(ctx)), transport.timeoutMs);
  }

  try {
    // A stale .part from an interrupted run is replaced, and so gets this file's 0600 mode.
    await rm(partPath, { force: true });
    armWatchdog();
    // flush: the data is fsynced before the stream closes, so pipeline resolves only once
    // the .part file is durable.
    await pipeline(
      source,
      meter,
      createWriteStream(partPath, { mode: 0o600, flush: true }),
      signal ? { signal } : {},
    );
    clearTimeout(watchdog);
    if (total !== null && done !== total) throw interruptedError(ctx, done, total);
    await rename(partPath, destPath);
    await syncDirectory(dirname(destPath));
    onProgress?.({ done, total });
    return { size: done, sha256: hash.digest('hex') };
  } catch (error) {
    clearTimeout(watchdog);
    source.destroy();
    await rm(partPath, { force: true });
    if (signal?.aborted) throw cancelledError(ctx);
    if (isAppError(error)) throw error;
    if (isDiskFailure(error)) throw diskError(destPath, error);
    throw interruptedError(ctx, done, total);
  }
}

/** Makes the rename itself durable. Not every platform can fsync a directory (Windows). */
async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // Best effort by design: the file's own data was already fsynced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
