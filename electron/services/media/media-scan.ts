/**
 * Walks a drive or folder a few levels deep, as far as bundles and key files are looked for.
 * A stick is not trusted: the walk never follows links, is cancellable, and is bounded in time
 * and in size, so a failing or crafted drive cannot keep the scan (or the file-system threads)
 * busy for ever.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';

/** Folders the OS keeps on removable media; never a place a bundle is written to. */
const SKIPPED = new Set(['system volume information', '$recycle.bin', 'lost+found', 'recycled']);

/** A real stick answers in well under a second; a drive that takes this long is failing. */
export const SCAN_TIME_LIMIT_MS = 10_000;
/** More folders than any stick carrying bundles has; past this the rest is not looked at. */
const MAX_FOLDERS = 2_000;

export interface ScanOptions {
  signal?: AbortSignal;
  /** Total time the scan may take (default SCAN_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/** Runs each step of a scan against one deadline and the caller's signal. */
export class ScanBudget {
  private readonly deadline: number;

  constructor(
    private readonly root: string,
    private readonly options: ScanOptions = {},
  ) {
    this.deadline = Date.now() + (options.timeLimitMs ?? SCAN_TIME_LIMIT_MS);
  }

  /** Throws CANCELLED or TIMEOUT when the scan must stop. */
  check(): void {
    if (this.options.signal?.aborted) throw scanCancelled();
    if (Date.now() > this.deadline) throw this.timedOut();
  }

  /** `work` settled, or CANCELLED / TIMEOUT as soon as the scan must stop (the work is left to finish alone). */
  async run<T>(work: Promise<T>): Promise<T> {
    this.check();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(this.timedOut()), Math.max(0, this.deadline - Date.now()));
      onAbort = () => reject(scanCancelled());
      this.options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, stop]);
    } finally {
      clearTimeout(timer);
      if (onAbort) this.options.signal?.removeEventListener('abort', onAbort);
      work.catch(() => undefined);
    }
  }

  private timedOut(): AppError {
    const seconds = Math.round((this.options.timeLimitMs ?? SCAN_TIME_LIMIT_MS) / 1000);
    return new AppError(
      'TIMEOUT',
      `Looking through ${this.root} took longer than ${seconds} s, so the drive is failing or holds far too much.`,
      'Remove the stick and plug it in again (another USB port if you can), or use another stick, then choose the drive again.',
      { root: this.root },
    );
  }
}

function scanCancelled(): AppError {
  return new AppError('CANCELLED', 'Looking through the drive was cancelled.', 'Nothing was read from it. Choose the drive again when ready.');
}

/** `root` and the folders below it down to `maxDepth` levels; hidden and system folders and links left out. */
export async function foldersBelow(root: string, maxDepth: number, budget: ScanBudget = new ScanBudget(root)): Promise<string[]> {
  const found = [root];
  let level = [root];
  for (let depth = 0; depth < maxDepth && found.length < MAX_FOLDERS; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await budget.run(readdir(dir, { withFileTypes: true })).catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        return [];
      });
      // Dirent types come from the entry itself: a link to a folder is not a folder here.
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED.has(entry.name.toLowerCase())) continue;
        next.push(join(dir, entry.name));
      }
    }
    found.push(...next.sort().slice(0, MAX_FOLDERS - found.length));
    level = next;
  }
  return found;
}
