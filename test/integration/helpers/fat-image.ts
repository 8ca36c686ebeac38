/**
 * A real FAT file system for media tests: an image made with mkfs.vfat and mounted with
 * fusefat (FUSE, so no root or loop devices are needed). Tests skip only when FUSE or the
 * tools are missing; a failing mount on a machine that has them is a failure, not a skip.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** mkfs.vfat lives in sbin, which is not on every user's PATH. */
const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/sbin', '/usr/sbin', '/usr/local/sbin'];

export function findTool(name: string): string | undefined {
  for (const dir of SEARCH_PATH) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const tools = { mkfs: findTool('mkfs.vfat'), fusefat: findTool('fusefat'), fusermount: findTool('fusermount') ?? findTool('fusermount3') };

/** Why FAT tests cannot run here, or undefined when they can. */
export function fatUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `FAT image tests need Linux FUSE; this is ${process.platform}`;
  if (!existsSync('/dev/fuse')) return 'FAT image tests skipped: /dev/fuse does not exist (FUSE unavailable)';
  if (!tools.mkfs) return 'FAT image tests skipped: mkfs.vfat not found (install dosfstools)';
  if (!tools.fusefat) return 'FAT image tests skipped: fusefat not found (install fusefat)';
  if (!tools.fusermount) return 'FAT image tests skipped: fusermount not found (install fuse)';
  return undefined;
}

export interface FatImage {
  /** The mounted file system's root. */
  mountPoint: string;
  image: string;
  /** Scratch folder beside the image, for sources and destinations off the FAT drive. */
  workDir: string;
  /** Unmounts and mounts the image again, so reads come from the image, not from a cache. */
  remount(): Promise<void>;
  /** Unmounts (if mounted) and removes the image; safe to call more than once. */
  dispose(): Promise<void>;
}

export async function createFatImage(options: { sizeMiB: number }): Promise<FatImage> {
  const reason = fatUnavailableReason();
  if (reason) throw new Error(reason);
  const workDir = await mkdtemp(join(tmpdir(), 'fat-image-'));
  const image = join(workDir, 'stick.img');
  const mountPoint = join(workDir, 'STICK');
  await mkdir(mountPoint);
  await run(tools.mkfs!, ['-C', image, String(options.sizeMiB * 1024)]);
  let mounted = false;

  const mount = async () => {
    await run(tools.fusefat!, ['-o', 'rw+', image, mountPoint]);
    mounted = true;
    await waitFor(async () => isMounted(mountPoint), `fusefat did not mount ${image}`);
  };
  const unmount = async () => {
    if (!mounted) return;
    // The daemon may still be flushing; a busy mount is retried briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await run(tools.fusermount!, ['-u', mountPoint]);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    mounted = false;
    await waitFor(async () => !(await isMounted(mountPoint)), `${mountPoint} stayed mounted`);
  };

  try {
    await mount();
  } catch (error) {
    // fusefat may have mounted even though the wait gave up: never leave a mount behind.
    await run(tools.fusermount!, ['-u', mountPoint]).catch(() => undefined);
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  return {
    mountPoint,
    image,
    workDir,
    async remount() {
      await unmount();
      await mount();
    },
    async dispose() {
      try {
        await unmount();
      } finally {
        if (!mounted) await rm(workDir, { recursive: true, force: true });
      }
    },
  };
}

export async function isMounted(mountPoint: string): Promise<boolean> {
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  return table.split('\n').some((line) => line.split(' ')[4] === mountPoint);
}

export async function waitFor(condition: () => Promise<boolean>, failure: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(failure);
}
