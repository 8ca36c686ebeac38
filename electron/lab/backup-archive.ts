/**
 * Generated settings backups (.nsb). The body is streamed: a text header naming the
 * appliance, its versions and the time, then pseudo-random bytes from AES-CTR over zeros
 * seeded by that header, so every backup differs yet costs constant memory at any size.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';
import { copySettings } from './appliance-settings';
import type { Appliance } from './appliance-state';

const CHUNK_BYTES = 64 * 1024;

export const DEFAULT_BACKUP_BYTES = 3 * 1024 * 1024;

/** First line of every lab backup: how a restore tells a backup from any other file. */
export const BACKUP_MAGIC = 'BOMGAR-SETTINGS-BACKUP 1';

/** Streams one backup of `appliance` to `res` and records its size and SHA-256 once fully sent. */
export async function sendBackup(res: ServerResponse, appliance: Appliance, size: number): Promise<void> {
  const at = new Date(appliance.nowMs());
  // The settings as they are now: a later restore brings back these, not later changes.
  const settings = copySettings(appliance.settings);
  const { siteVersion } = appliance;
  const filename = `${appliance.hostname}-${compactTimestamp(at)}.nsb`;
  const header = Buffer.from(
    [
      BACKUP_MAGIC,
      `serial: ${appliance.serial}`,
      `hostname: ${appliance.hostname}`,
      `site-version: ${appliance.siteVersion}`,
      `base-version: ${appliance.baseVersion}`,
      `created: ${at.toISOString()}`,
      `sequence: ${appliance.backups.length + 1}`,
      '',
      '',
    ].join('\n'),
    'utf8',
  );
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Content-Length': size,
  });
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(backupBody(header, size), hashing, res);
  } catch {
    // The client went away mid-download: nothing was served, so nothing is recorded.
    return;
  }
  appliance.backups.push({ at: at.toISOString(), filename, sha256: hash.digest('hex'), size, siteVersion, settings });
}

function backupBody(header: Buffer, size: number): Readable {
  const seed = createHash('sha256').update(header).digest();
  const keystream = createCipheriv('aes-256-ctr', seed, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK_BYTES);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      let chunk: Buffer;
      if (sent < header.length) chunk = header.subarray(sent, Math.min(header.length, size));
      else chunk = keystream.update(zeros.subarray(0, Math.min(CHUNK_BYTES, size - sent)));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

function compactTimestamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
