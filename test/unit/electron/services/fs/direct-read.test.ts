/**
 * Reads from the drive: the hash of every size around the chunk and sector boundaries, the
 * route the bytes took, the caps, and the refusal of anything that is not a plain file.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTooLargeError, hashFromDrive, NotAPlainFileError, readSmallFile } from '../../../../../electron/services/fs/direct-read';
import { FILE_CHUNK_BYTES } from '../../../../../electron/services/fs/hashing';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'direct-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('hashFromDrive', () => {
  it.each([0, 1, 4095, 4096, 4097, FILE_CHUNK_BYTES - 1, FILE_CHUNK_BYTES, FILE_CHUNK_BYTES + 1, 3 * FILE_CHUNK_BYTES + 7])('hashes %i bytes exactly, in order', async (size) => {
    const bytes = randomBytes(size);
    const path = join(dir, `f-${size}`);
    await writeFile(path, bytes);
    const chunks: number[] = [];
    const read = await hashFromDrive(path, { onChunk: (chunk) => chunks.push(chunk.length) });
    expect(read).toMatchObject({ sha256: sha256(bytes), size });
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(size);
    expect(chunks.every((n) => n <= FILE_CHUNK_BYTES)).toBe(true);
  });

  it('reads from the drive itself on this Linux file system (O_DIRECT)', async () => {
    const path = join(dir, 'direct');
    await writeFile(path, randomBytes(10_000));
    const read = await hashFromDrive(path);
    expect(process.platform === 'linux' ? read.fromDrive : true).toBe(true);
    expect(read.cacheReason).toBeUndefined();
  });

  it('stops after maxBytes and refuses a file over sizeCap before reading it', async () => {
    const bytes = randomBytes(2 * FILE_CHUNK_BYTES + 10);
    const path = join(dir, 'long');
    await writeFile(path, bytes);
    expect(await hashFromDrive(path, { maxBytes: 5000 })).toMatchObject({ size: 5000, sha256: sha256(bytes.subarray(0, 5000)) });
    const read: number[] = [];
    await expect(hashFromDrive(path, { sizeCap: 100, onChunk: (c) => read.push(c.length) })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(read).toEqual([]);
  });

  it('refuses a link, a FIFO and a device without opening them', async () => {
    const fifo = join(dir, 'pipe');
    await promisify(execFile)('mkfifo', [fifo]);
    const link = join(dir, 'link');
    await symlink(join(dir, 'f-1'), link);
    await expect(hashFromDrive(fifo)).rejects.toMatchObject({ name: 'NotAPlainFileError', what: 'a named pipe (FIFO)' });
    await expect(hashFromDrive(link)).rejects.toMatchObject({ what: 'a link to another place' });
    await expect(hashFromDrive('/dev/zero')).rejects.toBeInstanceOf(NotAPlainFileError);
  });
});

describe('readSmallFile', () => {
  it('returns the bytes of a file within the cap', async () => {
    const path = join(dir, 'small.json');
    await writeFile(path, '{"ok":true}\n');
    expect(await readSmallFile(path, 1024)).toMatchObject({ bytes: Buffer.from('{"ok":true}\n') });
  });

  it('refuses a file over the cap with its size, reading nothing', async () => {
    const path = join(dir, 'big.json');
    await writeFile(path, Buffer.alloc(4096, 0x20));
    await expect(readSmallFile(path, 1024)).rejects.toMatchObject({ name: 'FileTooLargeError', size: 4096, limit: 1024 });
  });
});
