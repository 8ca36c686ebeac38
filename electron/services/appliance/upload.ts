/**
 * Posts a file the way a browser submits a form with a file field: one multipart/form-data
 * request, streamed from disk in constant memory, with an exact Content-Length, progress,
 * cancellation and a watchdog for a link that stalls.
 *
 * Made with node:https on the transport's agent (the same pinning) rather than axios, for one
 * reason: the body waits for the server's "100 Continue". A server that refuses on the headers
 * alone (413 for the size, 503 while installing) answers and closes at once; a client already
 * sending the body then gets a reset that can destroy that answer before it was read, and the
 * technician would see "connection dropped" instead of "too large".
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors';
import { FILE_CHUNK_BYTES } from '../fs/hashing';
import { findAppError, isDiskFailure, timeoutError, type FailureContext } from './errors';
import { multipartFraming } from './multipart';
import { readBounded, throttledProgress, type Transport } from './transport';
import type { TransferProgress } from './types';
import { formatBytes } from '../../../shared/sizes';

/** How long to wait for "100 Continue" before sending anyway (RFC 9110 §10.1.1; curl waits 1 s). */
const CONTINUE_WAIT_MS = 1000;

export interface FilePost {
  /** Where the form posts to (a path on the transport's server). */
  path: string;
  /** The form's other fields, in its order (csrf_token first on the appliance's forms). */
  fields: Record<string, string>;
  fileField: string;
  filePath: string;
  fileName: string;
  headers: Record<string, string>;
  /** e.g. "uploading base-6.2.0.pkg", for messages. */
  action: string;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
}

export interface PostedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  location?: string;
  /** The start of the answer (enough for an error message on the page). */
  body: string;
  /** Size of the file that was (or would have been) sent. */
  size: number;
}

/**
 * Sends the file and returns the server's answer, whatever its status. Rejects with CANCELLED,
 * TIMEOUT (nothing moved for timeoutMs), TRANSFER_INTERRUPTED (the connection dropped after it
 * was established), the connection's own AppErrors (pin, unreachable) or a file problem.
 */
export async function postFile(transport: Transport, post: FilePost): Promise<PostedAnswer> {
  const ctx = transport.context(post.action);
  const size = await fileSize(post.filePath);
  if (post.signal?.aborted) throw uploadCancelled(ctx);
  const framing = multipartFraming(post.fields, { field: post.fileField, fileName: post.fileName, size });
  const report = throttledProgress(post.onProgress);
  let sent = 0;

  async function* chunks(): AsyncGenerator<Buffer> {
    yield framing.preamble;
    if (size > 0) {
      // `end` caps a file that grows meanwhile at the size announced in Content-Length.
      const reader = createReadStream(post.filePath, { start: 0, end: size - 1, highWaterMark: FILE_CHUNK_BYTES });
      for await (const chunk of reader as AsyncIterable<Buffer>) {
        sent += chunk.length;
        arm();
        report({ done: sent, total: size });
        yield chunk;
      }
    }
    if (sent !== size) throw fileChanged(post.filePath, size, sent);
    yield framing.epilogue;
    report({ done: sent, total: size }, true);
    // From here the watchdog measures how long the server takes to answer.
    arm();
  }

  const body = Readable.from(chunks(), { objectMode: false });
  const req = https.request(new URL(post.path, transport.baseUrl), {
    method: 'POST',
    agent: transport.agent,
    headers: {
      ...post.headers,
      'Content-Type': framing.contentType,
      'Content-Length': String(framing.contentLength),
      Expect: '100-continue',
      // As browsers do: a server that answers early (413, 503) may then read and drop the rest
      // of the body instead of closing on it.
      Connection: 'keep-alive',
    },
  });
  let timedOut = false;
  let watchdog: NodeJS.Timeout | undefined;
  // Measures silence, not duration: an upload of any size may take as long as it needs.
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, transport.timeoutMs);
  };
  const onCancel = () => req.destroy();
  post.signal?.addEventListener('abort', onCancel, { once: true });

  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      let sending = false;
      const startBody = () => {
        if (sending || req.destroyed) return;
        sending = true;
        clearTimeout(continueTimer);
        body.on('error', (error) => req.destroy(error));
        body.pipe(req);
      };
      const continueTimer = setTimeout(startBody, CONTINUE_WAIT_MS);
      req.once('continue', startBody);
      req.once('response', (res) => {
        clearTimeout(continueTimer);
        // An answer before the whole body: the server has decided, so stop sending.
        sending = true;
        body.unpipe(req);
        body.destroy();
        resolve(res);
      });
      req.on('error', (error) => {
        clearTimeout(continueTimer);
        reject(error);
      });
      arm();
      req.flushHeaders();
    });
    arm();
    const text = await readBounded(response);
    if (post.signal?.aborted) throw uploadCancelled(ctx);
    if (timedOut) throw timeoutError(ctx);
    const location = response.headers.location;
    return {
      status: response.statusCode ?? 0,
      headers: response.headers,
      body: text,
      size,
      ...(location ? { location: new URL(location, transport.baseUrl).pathname } : {}),
    };
  } catch (error) {
    if (post.signal?.aborted) throw uploadCancelled(ctx);
    if (timedOut) throw timeoutError(ctx);
    // AppErrors come from before the connection was handed over (pin check, refused, TLS) or
    // from the file itself; anything else broke an established connection.
    const known = findAppError(error);
    if (known) throw known;
    if (isDiskFailure(error)) throw readError(post.filePath, error);
    throw uploadInterrupted(ctx, sent, size);
  } finally {
    clearTimeout(watchdog);
    post.signal?.removeEventListener('abort', onCancel);
    body.destroy();
    req.destroy();
  }
}

async function fileSize(filePath: string): Promise<number> {
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new AppError('INVALID_INPUT', `${filePath} is not a file.`, 'Choose the package file itself.');
    return info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError(
        'NOT_FOUND',
        `The file ${filePath} does not exist.`,
        'Check that the drive with the package is connected, then choose the file again.',
        { path: filePath },
      );
    }
    throw readError(filePath, error as NodeJS.ErrnoException);
  }
}

function uploadInterrupted(ctx: FailureContext, sent: number, size: number): AppError {
  return new AppError(
    'TRANSFER_INTERRUPTED',
    `The upload to the appliance at ${ctx.baseUrl} stopped after ${formatBytes(sent)} of ${formatBytes(size)}; nothing was installed.`,
    'Check the network to the appliance and upload the package again; the appliance only installs a package it received completely.',
    { baseUrl: ctx.baseUrl, done: sent, total: size },
  );
}

function uploadCancelled(ctx: FailureContext): AppError {
  return new AppError(
    'CANCELLED',
    `Cancelled while ${ctx.action}; nothing was installed.`,
    'Upload the package again when you are ready.',
  );
}

function fileChanged(filePath: string, size: number, read: number): AppError {
  return new AppError(
    'INVALID_INPUT',
    `The file ${filePath} changed while it was being uploaded (${formatBytes(size)} expected, ${formatBytes(read)} read).`,
    'Leave the package file alone during the upload (do not copy over it or remove the drive), then upload it again.',
    { path: filePath },
  );
}

function readError(filePath: string, cause: NodeJS.ErrnoException): AppError {
  return new AppError(
    'DISK_ERROR',
    `The assistant could not read ${filePath} (${cause.code ?? 'read failed'}).`,
    'Check that the drive is connected and the file can be opened, then try again.',
    { path: filePath, code: cause.code },
  );
}
