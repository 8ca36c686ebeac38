/**
 * Turns what the OS says about a failed write on removable media into an error a person at a
 * server-room rack can act on. errno alone is not enough: the FUSE FAT driver reports a full
 * stick as EPERM, so an ambiguous code is settled by asking the media how much room is left.
 */
import { access, constants, statfs } from 'node:fs/promises';
import { basename } from 'node:path';

import { AppError, isAppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/sizes';

const REMOVED_CODES = new Set(['EIO', 'ENXIO', 'ENODEV', 'ENOENT', 'ENOTCONN', 'ESTALE', 'ENOTDIR']);
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES']);

/** An errno a read gets from a drive that was pulled or failed (not ENOENT: that is a missing file). */
export function isDriveGone(errno: string | undefined): boolean {
  return errno !== undefined && errno !== 'ENOENT' && errno !== 'ENOTDIR' && REMOVED_CODES.has(errno);
}

export function cancelled(action: 'write' | 'verify' | 'copy' = 'write'): AppError {
  if (action === 'verify') return new AppError('CANCELLED', 'Checking the transfer bundle was cancelled.', 'Nothing was uploaded. Check the bundle again when ready.');
  if (action === 'copy') return new AppError('CANCELLED', 'Copying the package from the bundle was cancelled.', 'Nothing partial was kept. Copy it again when ready.');
  return new AppError('CANCELLED', 'Writing the transfer bundle was cancelled.', 'Nothing on the drive is marked as a bundle. Start again when ready.');
}

export function mediaFull(neededBytes: number, freeBytes: number, details: Record<string, unknown> = {}): AppError {
  return new AppError(
    'MEDIA_FULL',
    `The drive is too small for this bundle: it needs ${formatBytes(neededBytes)} and ${formatBytes(freeBytes)} is free.`,
    `Free at least ${formatBytes(Math.max(0, neededBytes - freeBytes))} on the drive or use a larger one, then write the bundle again.`,
    { neededBytes, freeBytes, ...details },
  );
}

export function mediaRemoved(file: string, cause?: string): AppError {
  return new AppError(
    'MEDIA_REMOVED',
    `The drive went away while ${file} was being written or read.`,
    'Plug the drive back in (check it is firmly seated), then write the bundle again. Nothing on it is marked good.',
    { file, cause },
  );
}

export function mediaReadOnly(file: string, cause?: string): AppError {
  return new AppError(
    'MEDIA_READ_ONLY',
    `The drive refused to let ${file} be written: it is read-only or write-protected.`,
    'Slide the write-protect switch on the stick to unlocked, or choose another drive, then write the bundle again.',
    { file, cause },
  );
}

function errnoOf(error: unknown): string | undefined {
  const err = error as NodeJS.ErrnoException | undefined;
  if (typeof err?.code === 'string' && err.code.startsWith('E')) return err.code;
  // writeFileAtomic wraps errno failures in DISK_ERROR but keeps the OS message as the cause.
  const cause = isAppError(error) ? error.details?.cause : undefined;
  const match = typeof cause === 'string' ? /^(E[A-Z]+):/.exec(cause) : null;
  return match?.[1];
}

export interface MediaFailureContext {
  /** Folder on the media being written (the bundle folder). */
  targetDir: string;
  /** The file that was being written, for the message. */
  file: string;
  /** Bytes still to be written when it failed; a drive with less free than this is full. */
  bytesRemaining: number;
}

/**
 * Classifies a failure of writing to the media. AppErrors other than a wrapped DISK_ERROR
 * (e.g. CANCELLED, CHECKSUM_MISMATCH) pass through unchanged.
 */
export async function toMediaError(error: unknown, context: MediaFailureContext): Promise<AppError> {
  if (isAppError(error) && error.code !== 'DISK_ERROR') return error;
  if ((error as Error | undefined)?.name === 'AbortError') return cancelled();
  const code = errnoOf(error);
  const cause = (error as Error | undefined)?.message;
  const file = basename(context.file);
  const free = await freeBytes(context.targetDir).catch(() => undefined);
  if (code === 'ENOSPC' || code === 'EDQUOT') return mediaFull(context.bytesRemaining, free ?? 0, { file });
  if (free === undefined || (code !== undefined && REMOVED_CODES.has(code))) return mediaRemoved(file, cause);
  if (code === 'EPERM' || code === 'EFBIG') {
    if (free < context.bytesRemaining) return mediaFull(context.bytesRemaining, free, { file });
  }
  if (code === 'EPERM' || (code !== undefined && READ_ONLY_CODES.has(code)) || !(await isWritable(context.targetDir))) return mediaReadOnly(file, cause);
  return new AppError(
    'DISK_ERROR',
    `Writing ${file} to the drive failed (${code ?? cause ?? 'unknown error'}).`,
    'Try another USB port or another drive, then write the bundle again. Nothing on the drive is marked good.',
    { file, cause },
  );
}

/** Free bytes for an unprivileged writer; rejects when the media is gone. */
export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

async function isWritable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
