/**
 * A file the app cannot read (settings, vault index) is never deleted and never stops start-up:
 * it is renamed beside itself under a dated name, e.g. settings.corrupt-2026-12-01T20-41-00Z.json,
 * and the app starts without it and says so.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { AppErrorShape } from '../../../shared/errors';
import { fsyncDir } from './atomic-write';

/** settings.json at 2026-12-01T20:41:00.123Z → settings.corrupt-2026-12-01T20-41-00Z.json (-2, -3… if taken). */
export function asideName(path: string, nowMs: number, taken: (candidate: string) => boolean): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  const stamp = new Date(nowMs).toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';
  for (let n = 1; ; n++) {
    const candidate = join(dirname(path), `${stem}.corrupt-${stamp}${n > 1 ? `-${n}` : ''}${ext}`);
    if (!taken(candidate)) return candidate;
  }
}

/** Renames `path` aside; returns where it went. */
export async function setAside(path: string, nowMs: number): Promise<string> {
  const target = asideName(path, nowMs, existsSync);
  await rename(path, target);
  await fsyncDir(dirname(path));
  return target;
}

/**
 * Synchronous check for a JSON settings file, for stores that read it while being built: an
 * unreadable file (not JSON, or not an object) is set aside and the warning returned.
 */
export function setAsideUnreadableJsonSync(path: string, nowMs: number): AppErrorShape | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined; // missing (first start) or unreadable by the OS: the store reports that itself
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  } catch {
    // set aside below
  }
  const target = asideName(path, nowMs, existsSync);
  renameSync(path, target);
  return {
    code: 'SETTINGS_UNREADABLE',
    message: `The settings file could not be read, so the assistant started with empty settings. The damaged file was kept as ${basename(target)}.`,
    hint: `Add your sites again, or send ${target} to the project team to recover them. Saved passwords and procedures are not affected.`,
  };
}
