/** Scans of a stick stop when cancelled or when they take too long, whatever the drive does. */
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBundles, readKeyFiles } from '../../../../../electron/services/media';
import { foldersBelow, ScanBudget } from '../../../../../electron/services/media/media-scan';
import { AppError } from '../../../../../shared/errors';

let root: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'media-scan-'));
  outside = await mkdtemp(join(tmpdir(), 'media-scan-outside-'));
  await mkdir(join(root, 'a', 'b'), { recursive: true });
  await mkdir(join(outside, 'elsewhere'));
  await symlink(outside, join(root, 'link-out'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('scanning a drive', () => {
  it('walks folders but never through a link', async () => {
    expect(await foldersBelow(root, 2)).toEqual([root, join(root, 'a'), join(root, 'a', 'b')]);
  });

  it('a cancelled scan stops with CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(findBundles(root, { signal: controller.signal }))).code).toBe('CANCELLED');
    expect((await failure(readKeyFiles(root, { signal: controller.signal }))).code).toBe('CANCELLED');
  });

  it('a step that never answers (a hung drive) ends in TIMEOUT at the time limit, with what to do', async () => {
    const budget = new ScanBudget('/media/stick', { timeLimitMs: 100 });
    const started = Date.now();
    const error = await failure(budget.run(new Promise(() => undefined)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('/media/stick');
    expect(error.hint).toContain('plug it in again');
  });

  it('a cancel while a step hangs ends it at once', async () => {
    const controller = new AbortController();
    const budget = new ScanBudget('/media/stick', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(budget.run(new Promise(() => undefined)))).code).toBe('CANCELLED');
  });
});
