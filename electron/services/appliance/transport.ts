/**
 * The one way the assistant talks HTTPS to an appliance or the update server: axios over the
 * pinning agent, with redirects, proxies and status checks left to the callers, and every
 * throw mapped.
 */
import https from 'node:https';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { AppError } from '../../../shared/errors';
import { toApplianceError, type FailureContext } from './errors';
import { PinnedAgent } from './tls';

export const DEFAULT_TIMEOUT_MS = 15_000;

/** How often a transfer reports progress (~10 Hz: smooth enough, cheap across the bridge). */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Reports progress at most every PROGRESS_INTERVAL_MS; `final` always reports (so the last
 * figure a person sees is the true end).
 */
export function throttledProgress<P>(onProgress: ((p: P) => void) | undefined): (p: P, final?: boolean) => void {
  let lastAt = 0;
  return (p, final = false) => {
    if (!onProgress) return;
    const at = Date.now();
    if (!final && at - lastAt < PROGRESS_INTERVAL_MS) return;
    lastAt = at;
    onProgress(p);
  };
}

/** Largest non-streamed answer read into memory (XML, JSON, admin pages). */
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** Most of an error answer read to quote it. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A server reached over HTTPS. An ApplianceEndpoint is one. */
export interface HttpsPeer {
  /** https://host[:port] (no trailing slash). */
  baseUrl: string;
  /** Colon-separated upper-case SHA-256 of the trusted certificate. */
  pinnedFingerprint256?: string;
}

export interface PeerOptions {
  /** How messages name the server; default "the appliance". */
  peer?: string;
  /**
   * Without a pin: 'refuse' (appliances: self-signed, trusted on first use, so nothing is
   * sent before the operator trusted the fingerprint) or 'ca' (a server with a public
   * certificate, verified against the system's certificate authorities).
   */
  withoutPin?: 'refuse' | 'ca';
}

export interface TransportOptions {
  timeoutMs?: number;
  now?: () => number;
  /**
   * The name to ask for (TLS SNI and the Host header) when baseUrl's host is an address
   * standing in for it: the site hostname behind a site address such as https://127.0.0.1:9460.
   */
  serverName?: string;
}

export interface Transport {
  http: AxiosInstance;
  /** The connection policy (pinning or CA), for the few requests made without axios. */
  agent: https.Agent;
  baseUrl: string;
  timeoutMs: number;
  now: () => number;
  /** Runs one request; any throw becomes an AppError described by `ctx`. */
  send<T>(ctx: Omit<FailureContext, 'baseUrl' | 'timeoutMs'>, request: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>>;
  context(action: string, permission?: string): FailureContext;
}

export function createTransport(endpoint: HttpsPeer, options: TransportOptions & PeerOptions = {}): Transport {
  const baseUrl = checkedBaseUrl(endpoint.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const { peer } = options;
  const agent =
    !endpoint.pinnedFingerprint256 && options.withoutPin === 'ca'
      ? // Same connection policy as the pinning agent: a fresh, fully checked handshake each time.
        new https.Agent({ keepAlive: false, maxCachedSessions: 0 })
      : new PinnedAgent({
          baseUrl,
          pinnedFingerprint256: endpoint.pinnedFingerprint256,
          timeoutMs,
          now,
          peer,
          ...(options.serverName ? { serverName: options.serverName } : {}),
        });
  const http = axios.create({
    baseURL: baseUrl,
    allowAbsoluteUrls: false,
    adapter: 'http',
    httpsAgent: agent,
    // An environment proxy would bypass the pinning agent; appliances are reached directly.
    proxy: false,
    timeout: timeoutMs,
    maxRedirects: 0,
    maxContentLength: MAX_TEXT_BYTES,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    ...(options.serverName ? { headers: { Host: options.serverName } } : {}),
  });
  const context = (action: string, permission?: string): FailureContext => ({
    baseUrl,
    action,
    timeoutMs,
    ...(permission ? { permission } : {}),
    ...(peer ? { peer } : {}),
  });
  return {
    http,
    agent,
    baseUrl,
    timeoutMs,
    now,
    context,
    async send(ctx, request) {
      try {
        return await request();
      } catch (error) {
        throw toApplianceError(error, context(ctx.action, ctx.permission));
      }
    },
  };
}

/** Only https: credentials must never travel in clear text, and pinning needs TLS. */
function checkedBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidAddress(raw);
  }
  if (url.protocol !== 'https:') throw invalidAddress(raw);
  return url.origin;
}

function invalidAddress(raw: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    `“${raw}” is not an https address.`,
    'Enter the address as https://host or https://host:port.',
  );
}

export function headerText(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

/** Reads the start of an error answer to quote it, never more than MAX_ERROR_BODY_BYTES. */
export async function readBounded(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buffer);
      size += buffer.length;
      if (size >= MAX_ERROR_BODY_BYTES) break;
    }
  } catch {
    // A connection cut during an error answer still leaves what arrived to quote.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

export function discardBody(response: AxiosResponse): void {
  const data: unknown = response.data;
  if (data && typeof (data as Readable).destroy === 'function') (data as Readable).destroy();
}
