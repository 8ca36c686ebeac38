/**
 * The update server's refusals as AppErrors a technician can act on. Network failures are
 * mapped by the appliance module's transport (the same sentences, naming the update server).
 */
import { AppError } from '../../../shared/errors';
import type { FailureContext } from '../appliance/errors';
import { readDownloadKeyClaims } from './download-key';
import { formatBytes } from '../../../shared/sizes';

export const PEER = 'the update server';

/** The `{ error, message }` the update server answers with, when it did. */
export function readServerMessage(body: string): { error?: string; message?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { error, message } = parsed as Record<string, unknown>;
    return {
      ...(typeof error === 'string' ? { error } : {}),
      ...(typeof message === 'string' ? { message } : {}),
    };
  } catch {
    return {};
  }
}

export function clockSkewError(key: string, serverMessage: string | undefined): AppError {
  // Only the update server knows the true time the key was made (a key may travel for days),
  // so how far the clock was off comes from its message; the key itself says what the
  // appliance's clock read.
  const claims = readDownloadKeyClaims(key);
  const read = claims ? ` (its clock read ${new Date(claims.issuedAt * 1000).toISOString()})` : '';
  const quoted = serverMessage ? ` The update server says: “${serverMessage}”` : '';
  return new AppError(
    'CLOCK_SKEW',
    `The update server refused the download key because the appliance’s clock was wrong when the key was made${read}.${quoted}`,
    'On the appliance, open /appliance > Networking > IP Configuration and set the correct time or enable NTP (R6), then generate a new download key and submit that one.',
    claims ? { serial: claims.serial, issuedAt: claims.issuedAt } : undefined,
  );
}

export function keyRejectedError(serverMessage: string | undefined): AppError {
  const quoted = serverMessage ? ` It says: “${serverMessage}”` : '';
  return new AppError(
    'KEY_REJECTED',
    `The update server did not accept the download key.${quoted}`,
    'Copy the whole key again from /appliance > Updates on the appliance (or generate a new one there) and submit it unchanged; a key from another appliance or an edited key is refused.',
  );
}

export function alreadyDownloadedError(pkg: { name: string }, serverMessage: string | undefined): AppError {
  const quoted = serverMessage ? ` It says: “${serverMessage}”` : '';
  return new AppError(
    'ALREADY_DOWNLOADED',
    `The update server has already served ${pkg.name} for this appliance and serves each package only once (R7).${quoted}`,
    'Look for the downloaded file on this computer or on the transfer drive. Downloading it again needs the vendor’s support: contact BeyondTrust support with the appliance serial.',
  );
}

export function checksumMismatchError(
  pkg: { name: string; size: number; sha256: string },
  got: { size: number; sha256: string },
): AppError {
  const what =
    got.size !== pkg.size
      ? `${got.size > pkg.size ? 'more than ' : ''}${formatBytes(got.size)} arrived instead of ${formatBytes(pkg.size)}`
      : `its SHA-256 is ${got.sha256.slice(0, 12)}… instead of ${pkg.sha256.slice(0, 12)}…`;
  return new AppError(
    'CHECKSUM_MISMATCH',
    `The downloaded ${pkg.name} is not the file the update server listed (${what}); the damaged file was deleted.`,
    'Download the package again. If the update server answers that it was already downloaded, contact BeyondTrust support (R7); if it happens again, check this computer’s disk and network.',
    { expected: { size: pkg.size, sha256: pkg.sha256 }, got },
  );
}

export function downloadInterrupted(
  ctx: FailureContext,
  pkg: { name: string; size: number },
  onDisk: number,
  bytesTransferred: number,
  reason: string,
): AppError {
  return new AppError(
    'TRANSFER_INTERRUPTED',
    `The download of ${pkg.name} from ${ctx.baseUrl} stopped after ${formatBytes(onDisk)} of ${formatBytes(pkg.size)} (${reason}).`,
    'The part downloaded so far is kept: download again and it continues from there. If it keeps stopping, check the network to the update server.',
    { baseUrl: ctx.baseUrl, done: onDisk, total: pkg.size, bytesTransferred, reason },
  );
}

export function downloadCancelled(pkg: { name: string; size: number }, onDisk: number, bytesTransferred: number): AppError {
  return new AppError(
    'CANCELLED',
    `The download of ${pkg.name} was cancelled after ${formatBytes(onDisk)} of ${formatBytes(pkg.size)}.`,
    'The part downloaded so far is kept: download again when ready and it continues from there.',
    { done: onDisk, total: pkg.size, bytesTransferred },
  );
}

/** Any other unsuccessful answer. */
export function serverStatusError(status: number, body: string, ctx: FailureContext): AppError {
  const { message } = readServerMessage(body);
  const quoted = message ? `: “${message}”` : '';
  if (status === 404) {
    return new AppError(
      'NOT_FOUND',
      `The update server does not know what was asked for while ${ctx.action}${quoted}.`,
      'Submit the download key again to get a fresh list of packages, then download from that list.',
      { baseUrl: ctx.baseUrl, status },
    );
  }
  if (status >= 500 || message === undefined) {
    // 5xx or an answer that is not the update server's own (a proxy or an error page).
    return new AppError(
      'UNREACHABLE',
      `The update server at ${ctx.baseUrl} could not help right now (HTTP ${status}) while ${ctx.action}${quoted}.`,
      'Wait a few minutes and try again; if it repeats, check that the address is the update server’s and contact support.',
      { baseUrl: ctx.baseUrl, status },
    );
  }
  return new AppError(
    'APPLIANCE_ERROR',
    `The update server refused ${ctx.action} (HTTP ${status})${quoted}.`,
    'Read the update server’s message; if it is unclear, contact BeyondTrust support with it.',
    { baseUrl: ctx.baseUrl, status, serverMessage: message },
  );
}
