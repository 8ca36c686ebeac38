/**
 * A resumable, verified package download. Bytes go to destPath + '.part'; a later call
 * continues from the bytes on disk with `Range: bytes=N-` (packages reach a gigabyte and
 * links to sites drop). The whole file, resumed bytes included, is hashed in one pass in
 * constant memory, and only a file whose size and SHA-256 match the listing is renamed into
 * place. The update server serves each package once (R7), so nothing here ever throws away
 * good bytes on disk, except a file proven not to be the listed one. A dropped connection is
 * retried by itself, after a growing pause, continuing from the .part each time; only when the
 * retries are used up does the failure reach the operator.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AxiosResponse } from 'axios';
import { AppError, isAppError } from '../../../shared/errors';
import { diskError, isDiskFailure, type FailureContext } from '../appliance/errors';
import { discardBody, headerText, readBounded, throttledProgress, type Transport } from '../appliance/transport';
import { fsyncDir, fsyncPath } from '../fs/atomic-write';
import { FILE_CHUNK_BYTES, hashFile, HashingTransform } from '../fs/hashing';
import {
  alreadyDownloadedError,
  checksumMismatchError,
  downloadCancelled,
  downloadInterrupted,
  readServerMessage,
  serverStatusError,
} from './errors';
import type { DownloadedPackage, PackageDownloadOptions, UpdatePackage } from './types';

type Wanted = Pick<UpdatePackage, 'id' | 'name' | 'size' | 'sha256' | 'url'>;

/** Pauses before the automatic retries of a dropped download: 2 s, 4 s, 8 s. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [2_000, 4_000, 8_000];

export async function downloadPackage(
  transport: Transport,
  pkg: Wanted,
  destPath: string,
  options: PackageDownloadOptions = {},
  retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
): Promise<DownloadedPackage> {
  const { signal } = options;
  let bytesTransferred = 0;
  for (let retry = 0; ; retry++) {
    try {
      // resumedFrom is where the last attempt continued: after a retry, the bytes the drop left.
      const done = await downloadOnce(transport, pkg, destPath, options);
      return { ...done, bytesTransferred: bytesTransferred + done.bytesTransferred, retries: retry };
    } catch (error) {
      if (!isAppError(error) || error.code !== 'TRANSFER_INTERRUPTED') throw error;
      const details = error.details as { done: number; bytesTransferred: number };
      bytesTransferred += details.bytesTransferred;
      const delayMs = retryDelaysMs[retry];
      if (delayMs === undefined) throw retriesUsedUp(error, retry, bytesTransferred);
      options.onRetry?.({ retry: retry + 1, of: retryDelaysMs.length, delayMs, done: details.done, reason: String((error.details as { reason?: string }).reason ?? 'the connection dropped') });
      await pause(delayMs, signal).catch(() => {
        throw downloadCancelled(pkg, details.done, bytesTransferred);
      });
    }
  }
}

/** The last interruption, saying how often it was retried; its details count every attempt's bytes. */
function retriesUsedUp(error: AppError, retries: number, bytesTransferred: number): AppError {
  if (retries === 0) return error;
  return new AppError(
    error.code,
    `${error.message.replace(/\.$/, '')}, also after ${retries} automatic ${retries === 1 ? 'retry' : 'retries'}.`,
    error.hint,
    { ...error.details, bytesTransferred, retries },
  );
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function downloadOnce(
  transport: Transport,
  pkg: Wanted,
  destPath: string,
  { signal, onProgress }: PackageDownloadOptions,
): Promise<DownloadedPackage> {
  const ctx = transport.context(`downloading ${pkg.name}`);
  const path = packagePath(pkg, transport.baseUrl);
  const partPath = `${destPath}.part`;
  const report = throttledProgress(onProgress);
  let onDisk = await sizeOnDisk(partPath);
  let bytesTransferred = 0;
  if (signal?.aborted) throw downloadCancelled(pkg, onDisk, 0);

  if (onDisk > pkg.size) {
    // Longer than the package: cannot be a beginning of it.
    await removePart(partPath);
    onDisk = 0;
  }
  if (onDisk === pkg.size) {
    // Every byte arrived before (the server has then marked the package downloaded, R7);
    // only the check and the rename were missing.
    const found = await hashFile(partPath, signal).catch((error: unknown) => {
      if (signal?.aborted) throw downloadCancelled(pkg, onDisk, 0);
      throw isDiskFailure(error) ? diskError(partPath, error) : error;
    });
    await keepIfListed(pkg, found, partPath, destPath);
    report({ done: found.size, total: pkg.size }, true);
    return { ...found, resumedFrom: onDisk, bytesTransferred: 0 };
  }

  // At most one restart from zero: after an answer that cannot continue the bytes on disk.
  for (let restarted = false; ; restarted = true) {
    const response = await request(transport, ctx, path, onDisk, signal).catch((error: unknown) => {
      // Cancelled before any byte of this answer: the .part (if any) is kept, as for a later cancel.
      throw signal?.aborted ? downloadCancelled(pkg, onDisk, bytesTransferred) : error;
    });
    const accepted = acceptedStart(response, onDisk, pkg.size);
    if (accepted === 'restart' && !restarted) {
      discardBody(response);
      await removePart(partPath);
      onDisk = 0;
      continue;
    }
    if (typeof accepted !== 'number') throw await refusal(response, ctx, pkg);
    const start = accepted;

    let received = 0;
    let stalled = false;
    let dropped = false;
    let overflow = false;
    let watchdog: NodeJS.Timeout | undefined;
    const body = response.data;
    const hasher = new HashingTransform((chunk) => {
      received += chunk.length;
      bytesTransferred += chunk.length;
      // More than the listed size can never be the listed file: stop before filling the disk.
      if (start + received > pkg.size) {
        overflow = true;
        throw new Error('more bytes than listed');
      }
      watchdog?.refresh();
      report({ done: start + received, total: pkg.size });
    });

    try {
      // The bytes kept on disk are hashed first, so one hash covers the whole file.
      await hasher.takeFileStart(partPath, start, signal);
      // axios's timeout ends with the answer's headers; a body that stalls is caught here.
      watchdog = setTimeout(() => {
        stalled = true;
        body.destroy();
      }, transport.timeoutMs);
      // The connection dropping or stalling ends the file instead of failing it, so every byte
      // that arrived is written and fsynced for the next call to continue from.
      finished(body, (error) => {
        if (!error) return;
        dropped = true;
        body.unpipe(hasher);
        hasher.end();
      });
      body.pipe(hasher);
      await pipeline(
        hasher,
        // 'a' continues the kept bytes; 'w' starts over even if an old .part was there.
        // flush: the data is fsynced before the stream closes. The socket yields 16 KiB TLS
        // records: a 1 MiB buffer gathers them into one writev and keeps the socket read while
        // a write is in flight (the 16 KiB default paused it and cost a syscall per record).
        createWriteStream(partPath, {
          flags: start > 0 ? 'a' : 'w',
          mode: 0o600,
          flush: true,
          highWaterMark: FILE_CHUNK_BYTES,
        }),
        signal ? { signal } : {},
      );
    } catch (error) {
      if (overflow) {
        await removePart(partPath);
        throw checksumMismatchError(pkg, { size: start + received, sha256: '' });
      }
      onDisk = await sizeOnDisk(partPath).catch(() => start + received);
      if (signal?.aborted) throw downloadCancelled(pkg, onDisk, bytesTransferred);
      if (isAppError(error)) throw error;
      if (isDiskFailure(error)) throw diskError(partPath, error);
      throw downloadInterrupted(ctx, pkg, onDisk, bytesTransferred, 'the download stopped');
    } finally {
      clearTimeout(watchdog);
      body.destroy();
    }

    onDisk = start + received;
    if (dropped || onDisk < pkg.size) {
      const reason = stalled
        ? `nothing arrived for ${Math.round(transport.timeoutMs / 1000)} s`
        : dropped
          ? 'the connection dropped'
          : 'the update server ended the answer early';
      throw downloadInterrupted(ctx, pkg, onDisk, bytesTransferred, reason);
    }
    const found = hasher.result();
    await keepIfListed(pkg, found, partPath, destPath);
    report({ done: found.size, total: pkg.size }, true);
    return { ...found, resumedFrom: start, bytesTransferred };
  }
}

function request(
  transport: Transport,
  ctx: FailureContext,
  path: string,
  from: number,
  signal: AbortSignal | undefined,
): Promise<AxiosResponse<Readable>> {
  return transport.send(ctx, () =>
    transport.http.get<Readable>(path, {
      responseType: 'stream',
      // Bytes are hashed and counted exactly as the server sent them.
      decompress: false,
      maxContentLength: -1,
      headers: {
        Accept: 'application/octet-stream',
        'Accept-Encoding': 'identity',
        ...(from > 0 ? { Range: `bytes=${from}-` } : {}),
      },
      ...(signal ? { signal } : {}),
    }),
  );
}

/**
 * Where the answer's bytes start in the file: `from` for a 206 continuing exactly at the
 * bytes on disk, 0 for a 200 (the whole file, e.g. a server ignoring Range), 'restart' for an
 * answer that cannot be appended (a 206 for another range, 416), undefined for a refusal.
 */
function acceptedStart(response: AxiosResponse, from: number, size: number): number | 'restart' | undefined {
  const length = headerText(response, 'content-length');
  const lengthIs = (expected: number) => length === undefined || Number(length) === expected;
  if (response.status === 200) return lengthIs(size) ? 0 : 'restart';
  if (response.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(headerText(response, 'content-range')?.trim() ?? '');
    const matches =
      from > 0 &&
      range !== null &&
      Number(range[1]) === from &&
      Number(range[2]) === size - 1 &&
      (range[3] === '*' || Number(range[3]) === size) &&
      lengthIs(size - from);
    return matches ? from : 'restart';
  }
  if (response.status === 416) return 'restart';
  return undefined;
}

async function refusal(response: AxiosResponse<Readable>, ctx: FailureContext, pkg: Wanted): Promise<AppError> {
  const body = await readBounded(response.data);
  if (response.status === 410) return alreadyDownloadedError(pkg, readServerMessage(body).message);
  if (response.status === 200 || response.status === 206 || response.status === 416) {
    return new AppError(
      'APPLIANCE_ERROR',
      `The update server answered the download of ${pkg.name} with a different size or range than it listed, twice.`,
      'Submit the download key again to get a fresh list, then download again; if it repeats, contact BeyondTrust support.',
      { baseUrl: ctx.baseUrl, status: response.status },
    );
  }
  return serverStatusError(response.status, body, ctx);
}

/** Renames the .part into place if it is the listed file; otherwise deletes it and says so. */
async function keepIfListed(
  pkg: Wanted,
  found: { size: number; sha256: string },
  partPath: string,
  destPath: string,
): Promise<void> {
  if (found.size !== pkg.size || found.sha256 !== pkg.sha256.toLowerCase()) {
    await removePart(partPath);
    throw checksumMismatchError(pkg, found);
  }
  try {
    await fsyncPath(partPath);
    await rename(partPath, destPath);
    await fsyncDir(dirname(destPath));
  } catch (error) {
    throw isDiskFailure(error) ? diskError(destPath, error) : error;
  }
}

/** Only a listed package, and only from the update server itself: the pin is for that server. */
function packagePath(pkg: Wanted, baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(pkg.url, baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || url.origin !== baseUrl) {
    throw new AppError(
      'INVALID_INPUT',
      `The update server listed ${pkg.name} at “${pkg.url}”, which is not on ${baseUrl}.`,
      'Submit the download key again; if the address is still elsewhere, contact BeyondTrust support.',
      { url: pkg.url, baseUrl },
    );
  }
  return `${url.pathname}${url.search}`;
}

async function sizeOnDisk(partPath: string): Promise<number> {
  try {
    return (await stat(partPath)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw isDiskFailure(error) ? diskError(partPath, error) : error;
  }
}

async function removePart(partPath: string): Promise<void> {
  try {
    await rm(partPath, { force: true });
  } catch (error) {
    throw isDiskFailure(error) ? diskError(partPath, error) : error;
  }
}
