/**
 * Turns every way a conversation with an appliance can fail into an AppError a technician
 * can act on: what happened, in a plain sentence, and what to do next.
 */
import { AppError, isAppError } from '../../../shared/errors';
import { describeNonXml, readXmlError } from './xml';
import { formatBytes } from '../../../shared/sizes';

/** Where the failure happened; it shapes the sentence the technician reads. */
export interface FailureContext {
  baseUrl: string;
  /** e.g. "reading the API information", "downloading the backup" */
  action: string;
  timeoutMs: number;
  /** The API permission the call needs, named in PERMISSION_MISSING. */
  permission?: string;
  /** Who is on the other end, as the sentence names it; default "the appliance". */
  peer?: string;
}

function peerOf(ctx: Pick<FailureContext, 'peer'>): string {
  return ctx.peer ?? 'the appliance';
}

/** "the update server" → "The update server", for the start of a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function timeoutError(ctx: FailureContext): AppError {
  return new AppError(
    'TIMEOUT',
    `${capitalised(peerOf(ctx))} at ${ctx.baseUrl} did not answer within ${formatSeconds(ctx.timeoutMs)} while ${ctx.action}.`,
    'It may be busy or restarting. Wait a minute and try again; if it still does not answer, check the appliance console or ask the site whether it is powered on.',
    { baseUrl: ctx.baseUrl, timeoutMs: ctx.timeoutMs },
  );
}

export function unreachableError(ctx: FailureContext, reason: string): AppError {
  return new AppError(
    'UNREACHABLE',
    `The assistant could not reach ${peerOf(ctx)} at ${ctx.baseUrl} (${reason}).`,
    'Check the address and port, that this computer is on the appliance network, and that no firewall blocks HTTPS to it.',
    { baseUrl: ctx.baseUrl, reason },
  );
}

export function interruptedError(ctx: FailureContext, done: number, total: number | null): AppError {
  const of = total === null ? '' : ` of ${formatBytes(total)}`;
  return new AppError(
    'UNREACHABLE',
    `The connection to ${peerOf(ctx)} at ${ctx.baseUrl} dropped after ${formatBytes(done)}${of} while ${ctx.action}.`,
    'The incomplete file was removed. Check the network to the appliance and try again.',
    { baseUrl: ctx.baseUrl, done, total },
  );
}

export function cancelledError(ctx: FailureContext): AppError {
  return new AppError(
    'CANCELLED',
    `Cancelled while ${ctx.action}.`,
    'Nothing was kept from the cancelled transfer. Start it again when you are ready.',
  );
}

const DISK_CODES = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EISDIR', 'ENOENT', 'EIO']);

/** A failure of the local file system rather than of the network. */
export function isDiskFailure(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string' &&
    DISK_CODES.has(String((error as NodeJS.ErrnoException).code))
  );
}

export function diskError(path: string, cause: NodeJS.ErrnoException): AppError {
  const reason =
    cause.code === 'ENOSPC'
      ? 'the disk is full'
      : cause.code === 'EACCES' || cause.code === 'EPERM'
        ? 'the assistant may not write there'
        : (cause.code ?? 'write failed');
  return new AppError(
    'DISK_ERROR',
    `The assistant could not write ${path} (${reason}).`,
    'Free some space or choose another folder, then try again.',
    { path, code: cause.code },
  );
}

export function appliancePageError(baseUrl: string, what: string): AppError {
  return new AppError(
    'APPLIANCE_ERROR',
    `The appliance at ${baseUrl} did not show ${what} where the assistant expects it.`,
    'Open the page in a browser and read it there; this appliance version may lay out its pages differently, so tell the project team.',
    { baseUrl },
  );
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused — nothing listens on that port',
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name could not be resolved right now',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the network',
  ECONNRESET: 'the connection was closed before it answered',
  EPIPE: 'the connection was closed before it answered',
};

/** Node's TLS verification codes that mean the certificate itself is not acceptable. */
const TLS_PROTOCOL_CODES = new Set([
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
]);

/**
 * Node's chain-validation codes: met only without a pin (a server with a public certificate,
 * checked against the system's certificate authorities).
 */
const TLS_CHAIN_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Maps anything a transport throws (axios errors, Node socket errors, our own AppErrors from
 * the pinning agent) to an AppError. AppErrors pass through unchanged.
 */
export function toApplianceError(error: unknown, ctx: FailureContext): AppError {
  const found = findAppError(error);
  if (found) return found;
  const codes = errorCodes(error);
  if (codes.includes('ERR_CANCELED') || codes.includes('ABORT_ERR') || nameIs(error, 'AbortError')) {
    return cancelledError(ctx);
  }
  if (codes.includes('ECONNABORTED') || codes.includes('ETIMEDOUT')) return timeoutError(ctx);
  for (const code of codes) {
    const reason = UNREACHABLE_CODES[code];
    if (reason) return unreachableError(ctx, reason);
  }
  if (codes.some((c) => TLS_PROTOCOL_CODES.has(c))) {
    return new AppError(
      'TLS_INVALID',
      `${capitalised(peerOf(ctx))} at ${ctx.baseUrl} did not complete a secure (TLS) connection.`,
      `Check that the address points at ${peerOf(ctx)}’s HTTPS port, not another service.`,
      { baseUrl: ctx.baseUrl, code: codes[0] },
    );
  }
  const chainCode = codes.find((c) => TLS_CHAIN_CODES.has(c));
  if (chainCode) {
    return new AppError(
      'TLS_UNTRUSTED',
      `${capitalised(peerOf(ctx))} at ${ctx.baseUrl} presents a certificate this computer does not trust (${chainCode}).`,
      'Check the address and this computer’s date and time. If the server uses its own certificate, trust its fingerprint in the settings instead.',
      { baseUrl: ctx.baseUrl, code: chainCode },
    );
  }
  return new AppError(
    'UNREACHABLE',
    `The conversation with ${peerOf(ctx)} at ${ctx.baseUrl} failed while ${ctx.action}.`,
    `Check the network to ${peerOf(ctx)} and try again; if it repeats, export the journal for the project team.`,
    { baseUrl: ctx.baseUrl, codes },
  );
}

/**
 * Maps an answer with an unsuccessful HTTP status from the public API (token endpoint,
 * /api/command, /api/backup) to an AppError. `body` is the (bounded) answer text.
 */
export function apiStatusError(
  status: number,
  body: string,
  contentType: string | undefined,
  ctx: FailureContext,
): AppError {
  if (status === 503) return applianceDownError(ctx.baseUrl, body);
  const applianceSays = readXmlError(body) ?? readJsonError(body);
  const quoted = applianceSays ? ` The appliance says: “${applianceSays}”` : '';
  if (status === 401) {
    return new AppError(
      'UNAUTHORISED',
      `The appliance at ${ctx.baseUrl} refused the API client id or secret.${quoted}`,
      'Check the client id and secret under /login > Management > API Configuration and enter them again in the site settings.',
      { baseUrl: ctx.baseUrl, status },
    );
  }
  if (status === 403) {
    const permission = ctx.permission ?? 'the required permission';
    return new AppError(
      'PERMISSION_MISSING',
      `The API account is missing the permission ${permission} needed for ${ctx.action}.${quoted}`,
      `Grant ${permission} to this API account in /login > Management > API Configuration, save, then try again.`,
      { baseUrl: ctx.baseUrl, status, permission },
    );
  }
  if (applianceSays !== undefined) {
    return new AppError(
      'APPLIANCE_ERROR',
      `The appliance refused ${ctx.action} (HTTP ${status}): “${applianceSays}”`,
      'Read the appliance’s message; if it is unclear, check the appliance console or contact BeyondTrust support with it.',
      { baseUrl: ctx.baseUrl, status, applianceMessage: applianceSays },
    );
  }
  return new AppError(
    'NOT_XML',
    `The appliance at ${ctx.baseUrl} answered HTTP ${status} with ${describeNonXml(body, contentType)} instead of an API answer while ${ctx.action}.`,
    'Something between this computer and the appliance (a proxy or an error page) may be answering. Wait a minute and try again; if it repeats, open the address in a browser to see what answers.',
    { baseUrl: ctx.baseUrl, status },
  );
}

export function applianceDownError(baseUrl: string, body: string): AppError {
  const title = /<title>\s*Appliance (updating|restoring|resetting)\s*<\/title>/i.exec(body)?.[1]?.toLowerCase();
  const updating = title === 'updating';
  const doing: Record<string, string> = {
    updating: 'is installing an update',
    restoring: 'is restoring settings from a backup',
    resetting: 'is resetting to factory defaults',
  };
  return new AppError(
    'APPLIANCE_DOWN',
    title
      ? `The appliance at ${baseUrl} ${doing[title]} and does not answer until it has finished.`
      : `The appliance at ${baseUrl} is temporarily unavailable (HTTP 503).`,
    title && title !== 'updating'
      ? 'Wait for it to come back; do not power it off meanwhile. The assistant can check again in a minute.'
      : 'Wait for it to come back; do not restart it during an update. The assistant can check again in a minute.',
    { baseUrl, updating, ...(title ? { busy: title } : {}) },
  );
}

function readJsonError(body: string): string | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    const text = record.error_description ?? record.error;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The AppError inside a wrapped throw (axios keeps the agent's error as `cause`), if any. */
export function findAppError(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (isAppError(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function nameIs(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}


/** set_failover_role (or a failover form) on an appliance that is in no failover relationship. */
export function notInRelationshipError(baseUrl: string, applianceSays?: string): AppError {
  return new AppError(
    'NOT_IN_RELATIONSHIP',
    `The appliance at ${baseUrl} is not in a failover relationship, so it has no role to change.${applianceSays ? ` It says: “${applianceSays}”` : ''}`,
    'Read both appliances’ Failover pages: establish the relationship first, or go on with each appliance on its own.',
    { baseUrl, ...(applianceSays ? { applianceMessage: applianceSays } : {}) },
  );
}
