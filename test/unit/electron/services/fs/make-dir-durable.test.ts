/** New folders are fsynced in their parent, so a power cut cannot lose a folder whose files were fsynced. */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const synced = vi.hoisted(() => [] as string[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        synced.push(String(args[0]));
        return sync();
      };
      return handle;
    },
  };
});

const { makeDirDurable } = await import('../../../../../electron/services/fs/atomic-write');
const { createVault } = await import('../../../../../electron/services/vault');
const { openJournal } = await import('../../../../../electron/services/procedures/journal');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'durable-'));
  synced.length = 0;
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('makeDirDurable', () => {
  it('fsyncs the parent of every folder it creates, deepest first, and sets the mode', async () => {
    const leaf = join(root, 'a', 'b', 'c');
    await makeDirDurable(leaf, 0o700);
    expect(synced).toEqual([join(root, 'a', 'b'), join(root, 'a'), root]);
    expect((await stat(leaf)).mode & 0o777).toBe(0o700);
    synced.length = 0;
    await makeDirDurable(leaf);
    expect(synced).toEqual([]);
  });

  it('is used for the vault folders and a procedure’s journal folder', async () => {
    const vault = await createVault({ dir: join(root, 'vault'), clock: { now: () => Date.now() } });
    expect(synced).toContain(root);
    synced.length = 0;
    await vault.reservePath('backup', 'site-1', 'x.nsb');
    expect(synced).toEqual(expect.arrayContaining([join(root, 'vault', 'backup'), join(root, 'vault')]));

    synced.length = 0;
    const journal = openJournal(join(root, 'procedures', 'P1-x', 'journal.jsonl'));
    await journal.append({ at: '2026-12-01T00:00:00Z', who: 'assistant', step: 'procedure', event: 'START', outcome: 'info' });
    expect(synced).toEqual(expect.arrayContaining([join(root, 'procedures'), root]));
  });
});
