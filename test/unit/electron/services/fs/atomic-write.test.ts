import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../../electron/services/fs/atomic-write';
import { hashFile, HashingTransform } from '../../../../../electron/services/fs/hashing';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Emits `chunks` chunks of 64 KiB, then fails, like a connection dropped mid-download. */
function failingSource(chunks: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < chunks) {
        sent++;
        this.push(Buffer.alloc(65536, sent));
      } else {
        this.destroy(new Error('connection reset'));
      }
    },
  });
}

describe('writeFileAtomic', () => {
  it('writes strings with mode 0600 and leaves no temp file', async () => {
    const target = join(dir, 'a.json');
    await writeFileAtomic(target, '{"a":1}');
    expect(await readFile(target, 'utf8')).toBe('{"a":1}');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('streams a source into place', async () => {
    const target = join(dir, 'big.bin');
    await writeFileAtomic(target, Readable.from([Buffer.alloc(100_000, 1), Buffer.alloc(50_000, 2)]));
    expect((await stat(target)).size).toBe(150_000);
  });

  it('leaves no partial file when the source fails mid-stream', async () => {
    const target = join(dir, 'backup.nsb');
    await expect(writeFileAtomic(target, failingSource(5))).rejects.toMatchObject({ code: 'DISK_ERROR' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the old content when a replacement fails', async () => {
    const target = join(dir, 'index.json');
    await writeFile(target, 'old');
    await expect(writeFileAtomic(target, failingSource(2))).rejects.toMatchObject({ code: 'DISK_ERROR' });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['index.json']);
  });

  it('reports CANCELLED and cleans up when aborted', async () => {
    const controller = new AbortController();
    const target = join(dir, 'x.bin');
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        controller.abort();
      },
    });
    await expect(writeFileAtomic(target, endless, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails with DISK_ERROR when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a'), 'x')).rejects.toMatchObject({ code: 'DISK_ERROR', hint: expect.any(String) });
  });
});

describe('hashing', () => {
  it('hashes a file by stream and the transform agrees', async () => {
    const data = Buffer.alloc(300_000, 7);
    const path = join(dir, 'f');
    await writeFile(path, data);
    const expected = createHash('sha256').update(data).digest('hex');
    expect(await hashFile(path)).toEqual({ sha256: expected, size: data.length });

    const hasher = new HashingTransform();
    await pipeline(Readable.from([data]), hasher, new Writable({ write: (_c, _e, cb) => cb() }));
    expect(hasher.result()).toEqual({ sha256: expected, size: data.length });
  });
});
