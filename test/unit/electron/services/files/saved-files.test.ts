import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSavedFiles } from '../../../../../electron/services/files/saved-files';

function setup(answer: (name: string) => string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'saved-files-'));
  const revealed: string[] = [];
  const files = createSavedFiles({
    saveDialog: { chooseSavePath: async ({ suggestedName }) => answer(join(dir, suggestedName)) },
    revealer: { showInFolder: async (path) => void revealed.push(path) },
    vaultDir: join(dir, 'vault'),
  });
  return { dir, files, revealed };
}

describe('saved files', () => {
  it('writes where the operator chose, private, with the digest read back from disk', async () => {
    const { dir, files } = setup((path) => path);
    const saved = await files.saveAs({ title: 'Save', suggestedName: 'report.html', extensions: ['html'], content: '<p>hello</p>' });
    expect(saved?.path).toBe(join(dir, 'report.html'));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe('<p>hello</p>');
    expect(saved?.sha256).toBe(createHash('sha256').update('<p>hello</p>').digest('hex'));
    expect(statSync(join(dir, 'report.html')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when the operator cancels', async () => {
    const { dir, files } = setup(() => undefined);
    expect(await files.saveAs({ title: 'Save', suggestedName: 'x.csv', extensions: ['csv'], content: 'a' })).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('shows only files it saved or keeps in the vault', async () => {
    const { dir, files, revealed } = setup((path) => path);
    const saved = await files.saveAs({ title: 'Save', suggestedName: 'j.jsonl', extensions: ['jsonl'], content: '{}' });
    await files.showInFolder(saved!.path);
    await files.showInFolder(join(dir, 'vault', 'report', 'site', 'r.pdf'));
    await expect(files.showInFolder('/etc/passwd')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(files.showInFolder(join(dir, 'vault', '..', 'elsewhere'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(revealed).toEqual([saved!.path, join(dir, 'vault', 'report', 'site', 'r.pdf')]);
  });
});
