/**
 * The one way this folder talks HTTPS to an appliance: axios over the pinning agent, with
 * redirects, proxies and status checks left to the callers, and every throw mapped.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { AppError } from '../../../shared/errors';
import { toApplianceError, type FailureContext } from './errors';
import { PinnedAgent } from './tls';
import type { ApplianceEndpoint } from './types';

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Largest non-streamed answer read into memory (XML, JSON, admin pages). */
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

export interface TransportOptions {
  timeoutMs?: number;
  now?: () => number;
}

export interface Transport {
  http: AxiosInstance;
  baseUrl: string;
  timeoutMs: number;
  now: () => number;
  /** Runs one request; any throw becomes an AppError described by `ctx`. */
  send<T>(ctx: Omit<FailureContext, 'baseUrl' | 'timeoutMs'>, request: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>>;
  context(action: string, permission?: string): FailureContext;
}

export function createTransport(endpoint: ApplianceEndpoint, options: TransportOptions = {}): Transport {
  const baseUrl = checkedBaseUrl(endpoint.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const agent = new PinnedAgent({
    baseUrl,
    pinnedFingerprint256: endpoint.pinnedFingerprint256,
    timeoutMs,
    now,
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
  });
  const context = (action: string, permission?: string): FailureContext => ({
    baseUrl,
    action,
    timeoutMs,
    ...(permission ? { permission } : {}),
  });
  return {
    http,
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
    `“${raw}” is not an https address of an appliance.`,
    'Enter the appliance address as https://host or https://host:port.',
  );
}

export function headerText(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}
