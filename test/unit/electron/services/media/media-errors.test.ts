import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toMediaError } from '../../../../../electron/services/media/media-errors';
import { AppError } from '../../../../../shared/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-errors-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const errno = (code: string) => Object.assign(new Error(`${code}: simulated, write`), { code });

describe('toMediaError', () => {
  it('maps errno codes to what a person can act on', async () => {
    const context = { targetDir: dir, file: join(dir, 'base.pkg'), bytesRemaining: 10 };
    expect((await toMediaError(errno('ENOSPC'), context)).code).toBe('MEDIA_FULL');
    expect((await toMediaError(errno('EIO'), context)).code).toBe('MEDIA_REMOVED');
    expect((await toMediaError(errno('ENODEV'), context)).code).toBe('MEDIA_REMOVED');
    expect((await toMediaError(errno('EROFS'), context)).code).toBe('MEDIA_READ_ONLY');
    expect((await toMediaError(errno('EACCES'), context)).code).toBe('MEDIA_READ_ONLY');
    const other = await toMediaError(errno('EINVAL'), context);
    expect(other.code).toBe('DISK_ERROR');
    expect(other.message).toContain('base.pkg');
    expect(other.message).toContain('EINVAL');
  });

  it('settles EPERM by the free space left: FUSE FAT says EPERM when the stick is full', async () => {
    expect((await toMediaError(errno('EPERM'), { targetDir: dir, file: 'x', bytesRemaining: Number.MAX_SAFE_INTEGER })).code).toBe('MEDIA_FULL');
    expect((await toMediaError(errno('EPERM'), { targetDir: dir, file: 'x', bytesRemaining: 1 })).code).toBe('MEDIA_READ_ONLY');
  });

  it('calls a target that is gone a removed drive', async () => {
    const error = await toMediaError(errno('EPERM'), { targetDir: join(dir, 'gone'), file: 'x', bytesRemaining: 1 });
    expect(error.code).toBe('MEDIA_REMOVED');
    expect(error.hint).toMatch(/Plug the drive back in/);
  });

  it('reads the errno out of a DISK_ERROR from the atomic writer', async () => {
    const wrapped = new AppError('DISK_ERROR', 'x', 'y', { cause: 'ENOSPC: no space left on device, write' });
    expect((await toMediaError(wrapped, { targetDir: dir, file: 'manifest.json', bytesRemaining: 1 })).code).toBe('MEDIA_FULL');
  });

  it('passes other AppErrors through and turns an abort into CANCELLED', async () => {
    const mismatch = new AppError('CHECKSUM_MISMATCH', 'x', 'y');
    expect(await toMediaError(mismatch, { targetDir: dir, file: 'x', bytesRemaining: 1 })).toBe(mismatch);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect((await toMediaError(abort, { targetDir: dir, file: 'x', bytesRemaining: 1 })).code).toBe('CANCELLED');
  });
});
