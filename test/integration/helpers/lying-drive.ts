/**
 * Mounts lying-drive.py: a FUSE folder that keeps the written bytes in the page cache and
 * flips one byte of what it stores (see the script); or, honest, one that refuses direct reads. Tests skip only when FUSE itself is
 * missing; a machine with FUSE but without python3-fusepy fails, as .ci/run installs it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findTool, isMounted, waitFor } from './fat-image';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./lying-drive.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const fusermount = findTool('fusermount') ?? findTool('fusermount3');

/** Why the lying drive cannot be mounted here, or undefined when it can. */
export function lyingDriveUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `lying-drive tests need Linux FUSE; this is ${process.platform}`;
  if (!existsSync('/dev/fuse')) return 'lying-drive tests skipped: /dev/fuse does not exist (FUSE unavailable)';
  if (!fusermount) return 'lying-drive tests skipped: fusermount not found (FUSE unavailable)';
  return undefined;
}

export interface LyingDrive {
  /** Where the drive is mounted: write here. */
  mountPoint: string;
  /** The folder holding what the drive "stored" (with the flipped bytes). */
  backingDir: string;
  /** Scratch folder off the drive, for sources. */
  workDir: string;
  /** Kills the daemon, as a stick pulled mid-use: the mount stays and answers ENOTCONN. */
  crash(): Promise<void>;
  dispose(): Promise<void>;
}

export interface LyingDriveOptions {
  /** Store the bytes as written (default false: flip one). */
  honest?: boolean;
  /** Refuse O_DIRECT opens with EINVAL, as some file systems do. */
  refuseDirect?: boolean;
}

export async function mountLyingDrive(options: LyingDriveOptions = {}): Promise<LyingDrive> {
  const reason = lyingDriveUnavailableReason();
  if (reason) throw new Error(reason);
  const workDir = await mkdtemp(join(tmpdir(), 'lying-drive-'));
  const backingDir = join(workDir, 'stored');
  const mountPoint = join(workDir, 'STICK');
  await mkdir(backingDir);
  await mkdir(mountPoint);
  const flags = [...(options.honest ? ['--honest'] : []), ...(options.refuseDirect ? ['--refuse-direct'] : [])];
  const daemon: ChildProcess = spawn(PYTHON, [SCRIPT, ...flags, backingDir, mountPoint], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const dispose = async () => {
    if (await isMounted(mountPoint)) await run(fusermount!, ['-u', mountPoint]).catch(() => run(fusermount!, ['-uz', mountPoint]));
    if (daemon.exitCode === null) daemon.kill();
    await exited;
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => daemon.exitCode !== null || (await isMounted(mountPoint)), 'lying-drive.py did not mount');
    if (!(await isMounted(mountPoint))) throw new Error(`lying-drive.py did not mount: ${stderr.trim()}`);
  } catch (error) {
    await dispose();
    throw error;
  }
  const crash = async () => {
    daemon.kill('SIGKILL');
    await exited;
  };
  return { mountPoint, backingDir, workDir, crash, dispose };
}
