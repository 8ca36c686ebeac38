import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileName, readKeyFiles, writeKeyFile } from '../../../../../electron/services/media/key-file';
import { AppError } from '../../../../../shared/errors';
import { keyFileFixture } from './helpers/bundle-fixtures';

let media: string;
beforeEach(async () => {
  media = await mkdtemp(join(tmpdir(), 'key-file-'));
});
afterEach(async () => {
  await rm(media, { recursive: true, force: true });
});

describe('key files', () => {
  it('writes a key file atomically, reads it back, and finds it again', async () => {
    const key = keyFileFixture();
    const written = await writeKeyFile(media, key);
    expect(written.path).toBe(join(media, 'North-BS-1001.aua-key.json'));
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(await readFile(written.path, 'utf8'))).toEqual(key);
    expect(await readdir(media)).toEqual(['North-BS-1001.aua-key.json']);
    expect(await readKeyFiles(media)).toEqual([{ ok: true, path: written.path, keyFile: key }]);
  });

  it('makes a file name safe for FAT from the site name', () => {
    expect(keyFileName({ siteName: 'North: Rack 3/4', applianceSerial: 'BS-1' })).toBe('North_ Rack 3_4-BS-1.aua-key.json');
  });

  it('refuses to write an incomplete key file', async () => {
    const error = await writeKeyFile(media, keyFileFixture({ key: '' })).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect((error as AppError).message).toContain('key');
    expect(await readdir(media)).toEqual([]);
  });

  it('reports malformed key files with the reason instead of dropping them', async () => {
    await writeKeyFile(media, keyFileFixture());
    await mkdir(join(media, 'keys'));
    await writeFile(join(media, 'keys', 'cut.aua-key.json'), '{"format":"aua-download-key/1","key":');
    await writeFile(join(media, 'keys', 'old.aua-key.json'), JSON.stringify({ ...keyFileFixture(), applianceSerial: undefined }));
    await writeFile(join(media, 'keys', 'notes.txt'), 'not a key');
    const found = await readKeyFiles(media);
    expect(found.map((f) => [f.path.slice(media.length + 1), f.ok])).toEqual([
      ['North-BS-1001.aua-key.json', true],
      ['keys/cut.aua-key.json', false],
      ['keys/old.aua-key.json', false],
    ]);
    expect(found[1]).toMatchObject({ problem: expect.stringContaining('not valid JSON') });
    expect(found[2]).toMatchObject({ problem: expect.stringContaining('applianceSerial') });
  });
});
