/**
 * POST /appliance/updates/manual (Updates > Manual Installation): the appliance takes an
 * uploaded update package as multipart/form-data, streaming it through the link faults and a
 * boundary scanner while hashing it, so a package of any size costs a chunk of memory. Only a
 * complete upload of the exact bytes the update server built for this appliance starts an
 * install, through the same code path as an automatic install.
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { csrfMatches, type AdminSession } from './admin-sessions';
import { messagePage, updatesPage } from './admin-views';
import type { UploadRecord, UploadResult } from './appliance-state';
import { redirect, sendHtml } from './http-kit';
import { MAX_HEADER_BYTES, packageHeader, parseHeaderLine, type PackageHeader } from './lab-package';
import { MultipartSplitter, multipartBoundary, type MultipartEvent } from './multipart-stream';
import type { ApplianceRequest } from './request-context';
import { nextTransferLink } from './transfer-link';

export const DEFAULT_UPLOAD_LIMIT = 4 * 1024 ** 3;

const MAX_CSRF_BYTES = 1024;

class UploadTooLargeError extends Error {}

export async function manualInstall(ctx: ApplianceRequest, session: AdminSession): Promise<void> {
  const { req, res, appliance, model } = ctx;
  // Held now: once the pipeline has destroyed the request, req.socket is gone.
  const { socket } = req;
  const record: UploadRecord = { filename: null, bytes: 0, sha256: null, result: 'dropped' };
  appliance.uploads.push(record);
  const answer = (status: number, result: UploadResult, message: string, headers: Record<string, string> = {}) => {
    record.result = result;
    sendHtml(res, status, updatesPage(appliance, model.scenario.siteHostname, session.csrfToken, { error: message }), headers);
  };

  const limit = appliance.faults['upload-limit'] ?? DEFAULT_UPLOAD_LIMIT;
  if (Number(req.headers['content-length']) > limit) {
    // Answered before reading a byte of the body; the connection closes so the rest is never read.
    return answer(413, 'too-large', `The file is larger than this appliance accepts (${limit} bytes).`, {
      Connection: 'close',
    });
  }
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) {
    return answer(400, 'bad-request', 'Send the update file as multipart/form-data (field "package").', {
      Connection: 'close',
    });
  }

  const upload = new UploadReader(session);
  const link = nextTransferLink(appliance);
  // The response closes only when the connection does (nothing is answered while reading).
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  try {
    await pipeline(
      req,
      (source: AsyncIterable<Buffer>) => link.carry(source, gone.signal),
      new MultipartSplitter(boundary),
      async (events: AsyncIterable<MultipartEvent>) => {
        for await (const event of events) {
          upload.take(event);
          record.filename = upload.filename;
          record.bytes = upload.bytes;
          // Without a Content-Length the limit can only be enforced while reading.
          if (link.carried > limit) throw new UploadTooLargeError();
        }
      },
    );
  } catch (error) {
    // The link cut it, the client went away, or the body was not well-formed multipart: in
    // every case nothing complete arrived, so nothing is installed.
    if (error instanceof UploadTooLargeError) record.result = 'too-large';
    socket.destroy();
    return;
  }

  if (upload.forbidden) {
    record.result = 'forbidden';
    return sendHtml(
      res,
      403,
      messagePage(appliance, 'Forbidden', 'The form was stale or did not come from this site. Reload the page and try again.'),
    );
  }
  if (upload.sha256 === null) return answer(400, 'bad-request', 'Choose an update file to upload.');
  record.sha256 = upload.sha256;
  const declared = upload.header;
  if (!declared) return answer(422, 'not-a-package', 'This file is not a B Series update package.');
  if (declared.serial !== appliance.serial) {
    return answer(
      422,
      'wrong-appliance',
      `This update was built for appliance ${declared.serial}; this appliance is ${appliance.serial}.`,
    );
  }
  const built = model.catalogue.built(appliance.serial, declared.id);
  const expected = built && (await model.packageDigests.digest(packageHeader(built, appliance.serial)));
  if (!built || expected !== upload.sha256) {
    return answer(
      422,
      'damaged',
      'The update file is damaged: its contents do not match the package built for this appliance. Download it again.',
    );
  }
  const refusal = appliance.refusalFor(built);
  if (refusal) return answer(409, 'refused', refusal);
  appliance.startInstall(built, 'manual');
  record.result = 'installing';
  redirect(res, '/appliance/updates');
}

/**
 * Follows the parts of the form as they stream past: the CSRF token must come first; the file
 * part "package" is hashed and its first line kept for the header.
 */
class UploadReader {
  filename: string | null = null;
  bytes = 0;
  forbidden = false;
  header: PackageHeader | null = null;
  /** Set once the file part ended; null while it is missing or incomplete. */
  sha256: string | null = null;

  private current: 'csrf' | 'package' | 'other' = 'other';
  private csrfSeen = false;
  private packageSeen = false;
  private csrf = '';
  private readonly hash = createHash('sha256');
  private headerBytes: Buffer[] = [];
  private headerLength = 0;
  private headerDone = false;

  constructor(private readonly session: AdminSession) {}

  take(event: MultipartEvent): void {
    if (this.forbidden) return;
    switch (event.type) {
      case 'part':
        if (!this.csrfSeen) {
          // A token that is not the first field would let a forged form start reading a file.
          if (event.name === 'csrf_token') this.current = 'csrf';
          else this.forbidden = true;
        } else if (event.name === 'package' && !this.packageSeen) {
          this.current = 'package';
          this.packageSeen = true;
          this.filename = event.filename ?? '';
        } else this.current = 'other';
        return;
      case 'data':
        if (this.current === 'csrf') {
          this.csrf += event.chunk.toString('utf8');
          if (this.csrf.length > MAX_CSRF_BYTES) this.forbidden = true;
        } else if (this.current === 'package') this.fileData(event.chunk);
        return;
      case 'part-end':
        if (this.current === 'csrf') {
          this.csrfSeen = true;
          if (!csrfMatches(this.session, this.csrf)) this.forbidden = true;
        } else if (this.current === 'package') {
          this.finishHeader();
          this.sha256 = this.hash.digest('hex');
        }
        this.current = 'other';
        return;
    }
  }

  private fileData(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.headerDone) return;
    const newline = chunk.indexOf(0x0a);
    const take = newline >= 0 ? chunk.subarray(0, newline + 1) : chunk;
    this.headerBytes.push(take.subarray(0, MAX_HEADER_BYTES - this.headerLength));
    this.headerLength += take.length;
    if (newline >= 0 || this.headerLength >= MAX_HEADER_BYTES) this.finishHeader();
  }

  private finishHeader(): void {
    if (this.headerDone) return;
    this.headerDone = true;
    this.header = parseHeaderLine(Buffer.concat(this.headerBytes));
    this.headerBytes = [];
  }
}
