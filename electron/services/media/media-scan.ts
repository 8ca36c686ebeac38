/** Walks a drive or folder a few levels deep, as far as bundles and key files are looked for. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders the OS keeps on removable media; never a place a bundle is written to. */
const SKIPPED = new Set(['system volume information', '$recycle.bin', 'lost+found', 'recycled']);

/** `root` and the folders below it down to `maxDepth` levels, hidden and system folders left out. */
export async function foldersBelow(root: string, maxDepth: number): Promise<string[]> {
  const found = [root];
  let level = [root];
  for (let depth = 0; depth < maxDepth; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED.has(entry.name.toLowerCase())) continue;
        next.push(join(dir, entry.name));
      }
    }
    found.push(...next.sort());
    level = next;
  }
  return found;
}
