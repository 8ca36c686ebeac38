/**
 * GET /api/packages/:keyId/:packageId on the update server: the package bytes generated as they
 * are sent, with HTTP Range for resuming, over the update server's link (slow-link,
 * drop-at-byte). A response that delivers the last byte of the package marks it downloaded,
 * which takes it off every listing (R7).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import { sendJson } from './http-kit';
import type { LabModel } from './lab-model';
import { packageHeader, packageStream } from './lab-package';
import { LinkCutError, nextTransferLink } from './transfer-link';

interface ByteRange {
  start: number;
  end: number;
  partial: boolean;
}

export function packageFilename(serial: string, packageId: string): string {
  return `${serial}-${packageId}.labpkg`;
}

export async function servePackage(
  req: IncomingMessage,
  res: ServerResponse,
  model: LabModel,
  keyId: string,
  packageId: string,
): Promise<void> {
  // Held for the whole response, so a reset mid-download cannot mix two worlds.
  const { catalogue, updateServer } = model;
  const serial = updateServer.serialOfKey(keyId);
  const entry = serial === undefined ? undefined : catalogue.built(serial, packageId);
  if (serial === undefined || !entry) {
    return sendJson(res, 404, {
      error: 'not-found',
      message: 'No such package for this download key. Submit the key again to list the packages.',
    });
  }
  if (catalogue.isDownloaded(serial, packageId)) {
    return sendJson(res, 410, {
      error: 'already-downloaded',
      message: `${entry.name} has already been downloaded for appliance ${serial}. Contact BeyondTrust Technical Support to download it again.`,
    });
  }
  const header = packageHeader(entry, serial);
  const etag = `"${await model.packageDigests.digest(header)}"`;
  const range = requestedRange(req, header.size, etag);
  if (!range) {
    res.setHeader('Content-Range', `bytes */${header.size}`);
    return sendJson(res, 416, { error: 'range-not-satisfiable', message: `The package has ${header.size} bytes.` });
  }
  res.writeHead(range.partial ? 206 : 200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${packageFilename(serial, packageId)}"`,
    'Content-Length': range.end - range.start + 1,
    'Accept-Ranges': 'bytes',
    ETag: etag,
    ...(range.partial ? { 'Content-Range': `bytes ${range.start}-${range.end}/${header.size}` } : {}),
  });

  const record = updateServer.download(keyId, packageId);
  const served = { start: range.start, end: range.end, sent: 0 };
  record.ranges.push(served);
  const link = nextTransferLink(updateServer);
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  try {
    for await (const piece of link.carry(packageStream(header, range.start, range.end), gone.signal)) {
      if (res.destroyed) return;
      served.sent += piece.length;
      record.bytesSent += piece.length;
      if (!res.write(piece)) await drained(res);
    }
  } catch (error) {
    if (error instanceof LinkCutError) cutAfterPendingBytes(res);
    // Otherwise the client went away (or the lab is closing): the download simply did not finish.
    return;
  }
  res.end();
  try {
    await finished(res);
  } catch {
    return;
  }
  if (range.end === header.size - 1) {
    record.completed = true;
    catalogue.take(serial, packageId);
  }
}

/**
 * The range to send, or null when it cannot be satisfied. A missing, malformed or multi-range
 * header, or an If-Range that no longer matches, gets the whole file, as RFC 9110 allows.
 */
function requestedRange(req: IncomingMessage, size: number, etag: string): ByteRange | null {
  const whole = { start: 0, end: size - 1, partial: false };
  const header = req.headers.range;
  const ifRange = req.headers['if-range'];
  if (!header || (ifRange !== undefined && ifRange !== etag)) return whole;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return whole;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? null : { start: Math.max(0, size - suffix), end: size - 1, partial: true };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return null;
  if (end < start) return whole;
  return { start, end, partial: true };
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) {
      resolve();
      return;
    }
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Ends the connection once the bytes already written have gone out, without completing the
 * response: the client receives exactly the bytes before the cut, then the connection closes.
 */
function cutAfterPendingBytes(res: ServerResponse): void {
  res.socket?.end();
}
