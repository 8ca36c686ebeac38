/**
 * Files the operator takes away: "Save as…" (the system's dialog; the content written
 * atomically, so a pulled stick or a full disk never leaves a half file under the chosen name),
 * and "Show in folder" for a file this app saved this session or keeps in its vault — never an
 * arbitrary path from the renderer.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic, type AtomicSource } from '../fs/atomic-write';
import type { FileRevealer, SaveDialog } from '../ports';

export interface SavedFile {
  path: string;
  fileName: string;
  size: number;
  sha256: string;
}

export interface SavedFiles {
  /**
   * Asks where to save (suggested name, allowed extensions) and writes `content` there atomically
   * (mode 0600); the file is then read back and its SHA-256 returned. Undefined: the operator cancelled.
   */
  saveAs(options: { title: string; suggestedName: string; extensions: string[]; content: string | Uint8Array }): Promise<SavedFile | undefined>;
  /** Shows the file in the file manager; only files saved through saveAs this session or inside the vault. */
  showInFolder(path: string): Promise<void>;
  /** Allows showInFolder for a file this app wrote elsewhere (e.g. the vault's own copy). */
  allow(path: string): void;
}

export function createSavedFiles(deps: { saveDialog: SaveDialog; revealer: FileRevealer; vaultDir: string }): SavedFiles {
  const allowed = new Set<string>();
  const insideVault = (path: string) => {
    const rel = relative(resolve(deps.vaultDir), resolve(path));
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep);
  };
  return {
    async saveAs({ title, suggestedName, extensions, content }) {
      const chosen = await deps.saveDialog.chooseSavePath({ title, suggestedName, extensions });
      if (!chosen) return undefined;
      const path = resolve(chosen);
      await writeFileAtomic(path, content as AtomicSource);
      // Read back what landed: the digest shown is the file's, not the memory's.
      const written = await readFile(path);
      allowed.add(path);
      return { path, fileName: basename(path), size: written.length, sha256: createHash('sha256').update(written).digest('hex') };
    },
    async showInFolder(path) {
      const target = resolve(path);
      if (!allowed.has(target) && !insideVault(target)) {
        throw new AppError('INVALID_INPUT', 'That file was not saved by the assistant.', 'Use “Show in folder” next to a file the assistant saved.');
      }
      await deps.revealer.showInFolder(target);
    },
    allow(path) {
      allowed.add(resolve(path));
    },
  };
}
