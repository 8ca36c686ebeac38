/**
 * POST /login/management/software/restore (Software Management > Restore Settings): the
 * backup arrives as multipart/form-data (csrf_token first, file part `backup`), streamed and
 * hashed as it is read. Only a backup some lab appliance served (found by its SHA-256), made
 * on the same site software version, starts a restore.
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { csrfMatches, type AdminSession } from './admin-sessions';
import { messagePage, softwareManagementPage } from './admin-views';
import { restoreRefusal, startRestore } from './appliance-lifecycle';
import { BACKUP_MAGIC } from './backup-archive';
import { redirect, sendHtml } from './http-kit';
import { MultipartSplitter, multipartBoundary, type MultipartEvent } from './multipart-stream';
import type { ApplianceRequest } from './request-context';

const MAX_CSRF_BYTES = 1024;
const NOT_A_BACKUP = 'This file is not a settings backup made by a B Series appliance. Choose the .nsb file the backup produced.';

export async function restoreUpload(ctx: ApplianceRequest, session: AdminSession): Promise<void> {
  const { req, res, appliance, model } = ctx;
  const { socket } = req;
  const refuse = (status: number, message: string) =>
    sendHtml(res, status, softwareManagementPage(appliance, session.csrfToken, message));
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) {
    refuse(400, 'Send the backup as multipart/form-data (field "backup").');
    return;
  }
  const reader = new BackupReader(session);
  try {
    await pipeline(req, new MultipartSplitter(boundary), async (events: AsyncIterable<MultipartEvent>) => {
      for await (const event of events) reader.take(event);
    });
  } catch {
    // Cut off or not well-formed: nothing complete arrived, so nothing is restored.
    socket.destroy();
    return;
  }
  if (reader.forbidden) {
    sendHtml(
      res,
      403,
      messagePage(appliance, 'Forbidden', 'The form was stale or did not come from this site. Reload the page and try again.'),
    );
    return;
  }
  if (reader.sha256 === null) return refuse(400, 'Choose a backup file to upload.');
  if (!reader.head.toString('latin1').startsWith(`${BACKUP_MAGIC}\n`)) return refuse(422, NOT_A_BACKUP);
  const backup = model.servedBackup(reader.sha256);
  const refusal = restoreRefusal(appliance, backup);
  if (refusal || !backup) return refuse(422, refusal ?? NOT_A_BACKUP);
  startRestore(appliance, backup);
  redirect(res, '/login/management/software');
}

/** Follows the form's parts: the CSRF token must come first; the file part is hashed. */
class BackupReader {
  forbidden = false;
  /** The first bytes of the file, for its header line. */
  head = Buffer.alloc(0);
  /** Set once the file part ended; null while it is missing or incomplete. */
  sha256: string | null = null;

  private current: 'csrf' | 'backup' | 'other' = 'other';
  private csrfSeen = false;
  private fileSeen = false;
  private csrf = '';
  private readonly hash = createHash('sha256');

  constructor(private readonly session: AdminSession) {}

  take(event: MultipartEvent): void {
    if (this.forbidden) return;
    if (event.type === 'part') {
      if (!this.csrfSeen) {
        if (event.name === 'csrf_token') this.current = 'csrf';
        else this.forbidden = true;
      } else if (event.name === 'backup' && !this.fileSeen) {
        this.current = 'backup';
        this.fileSeen = true;
      } else this.current = 'other';
    } else if (event.type === 'data') {
      if (this.current === 'csrf') {
        this.csrf += event.chunk.toString('utf8');
        if (this.csrf.length > MAX_CSRF_BYTES) this.forbidden = true;
      } else if (this.current === 'backup') {
        this.hash.update(event.chunk);
        if (this.head.length < BACKUP_MAGIC.length + 1) this.head = Buffer.concat([this.head, event.chunk.subarray(0, 64)]);
      }
    } else {
      if (this.current === 'csrf') {
        this.csrfSeen = true;
        if (!csrfMatches(this.session, this.csrf)) this.forbidden = true;
      } else if (this.current === 'backup') this.sha256 = this.hash.digest('hex');
      this.current = 'other';
    }
  }
}
