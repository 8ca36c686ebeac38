/**
 * Which paths on removable media the assistant may touch. A path the renderer sends (a drive,
 * a chosen folder, a bundle folder in an operator event) is accepted only when it is, or is
 * inside, a drive the lister offered or a folder the operator chose through the folder dialog;
 * anything else is refused before a single file is read or written. Links are resolved first, so
 * a link inside a drive cannot lead out of it.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { DriveLister, FolderPicker, RemovableDrive } from '../ports';
import { assemblePackage } from './assemble-package';
import { findBundles, readManifestFile, verifyBundle } from './bundle-verifier';
import { writeBundle } from './bundle-writer';
import { readKeyFiles, writeKeyFile } from './key-file';

export interface MediaAccess {
  /** The drives the lister offers now; each is remembered as allowed for this session. */
  listDrives(): Promise<RemovableDrive[]>;
  /** The operator's folder dialog; the folder chosen is allowed for this session. */
  chooseFolder(purpose: string): Promise<string | undefined>;
  /** Resolves when `path` is on a listed drive or inside a chosen folder; INVALID_INPUT otherwise. */
  assertAllowedMediaPath(path: string): Promise<void>;
}

export function createMediaAccess(ports: { drives: DriveLister; folders: FolderPicker }): MediaAccess {
  // Drives seen this session stay allowed after they vanish, so a pulled stick is reported as
  // pulled (MEDIA_REMOVED) by the operation rather than as a forbidden path.
  const allowedRoots = new Set<string>();
  const allow = async (path: string) => allowedRoots.add(await realOrResolved(path));

  const listDrives = async () => {
    const drives = await ports.drives.list();
    for (const drive of drives) await allow(drive.mountPath);
    return drives;
  };

  return {
    listDrives,
    async chooseFolder(purpose) {
      const chosen = await ports.folders.chooseFolder(purpose);
      if (chosen !== undefined) await allow(chosen);
      return chosen;
    },
    async assertAllowedMediaPath(path) {
      if (typeof path !== 'string' || path.trim() === '' || !isAbsolute(path)) throw notAllowed(path);
      await listDrives().catch(() => []);
      const target = await realOrResolved(path);
      for (const root of allowedRoots) if (isInside(target, root)) return;
      throw notAllowed(path);
    },
  };
}

/** The media functions the procedures use, each refusing a path outside the allowed media first. */
export function createGuardedMedia(access: Pick<MediaAccess, 'assertAllowedMediaPath'>) {
  const guard = access.assertAllowedMediaPath;
  return {
    writeKeyFile: async (...args: Parameters<typeof writeKeyFile>) => (await guard(args[0]), writeKeyFile(...args)),
    readKeyFiles: async (...args: Parameters<typeof readKeyFiles>) => (await guard(args[0]), readKeyFiles(...args)),
    findBundles: async (...args: Parameters<typeof findBundles>) => (await guard(args[0]), findBundles(...args)),
    verifyBundle: async (...args: Parameters<typeof verifyBundle>) => (await guard(args[0]), verifyBundle(...args)),
    readManifestFile: async (...args: Parameters<typeof readManifestFile>) => (await guard(args[0]), readManifestFile(...args)),
    assemblePackage: async (...args: Parameters<typeof assemblePackage>) => (await guard(args[0]), assemblePackage(...args)),
    writeBundle: async (...args: Parameters<typeof writeBundle>) => (await guard(args[0].targetDir), writeBundle(...args)),
  };
}

/**
 * The real path with links resolved; for a path that does not exist (yet, or any more: a pulled
 * stick), the real path of its nearest existing parent with the rest appended.
 */
async function realOrResolved(path: string): Promise<string> {
  const absolute = resolve(path);
  const real = await realpath(absolute).catch(() => undefined);
  if (real !== undefined) return real;
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(await realOrResolved(parent), basename(absolute));
}

function isInside(target: string, root: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
}

function notAllowed(path: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    `The assistant only reads and writes removable drives it lists and folders you choose, and “${path}” is neither.`,
    'Choose the drive from the list, or use “Choose folder” to pick the folder, then try again.',
    { path },
  );
}
