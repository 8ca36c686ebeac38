/**
 * Pure rules about drives and file systems (after Etcher's drive-constraints), plus the one
 * look-up they need from the host: which file system a path lives on.
 */
import { readFile, realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

const GiB = 1024 ** 3;

/** FAT stores a file's size in 32 bits. */
export const FAT_MAX_FILE_SIZE = 4 * GiB - 1;

const FAT_NAMES = new Set(['vfat', 'msdos', 'fat', 'fat12', 'fat16', 'fat32', 'umsdos']);
const UNLIMITED_NAMES = new Set(['exfat', 'ntfs', 'ntfs3', 'apfs', 'hfs', 'hfsplus', 'btrfs', 'xfs', 'zfs', 'tmpfs', 'folder', 'overlay', 'f2fs', 'refs', '9p', 'virtiofs']);

/** Mount points whose drive holds the running system; never offered as transfer media. */
const SYSTEM_MOUNTS = new Set(['/', '/boot', '/boot/efi', '/efi', '/usr', '/var', '/home', '/System/Volumes/Data', '/private/var/vm']);

export function isFatFilesystem(filesystem: string): boolean {
  return FAT_NAMES.has(filesystem.toLowerCase());
}

/**
 * Largest single file the file system can hold. Unknown file systems get the FAT limit:
 * splitting a package needlessly costs nothing, failing at 4 GiB in a server room costs a trip.
 */
export function maxFileSize(filesystem: string): number {
  const name = filesystem.toLowerCase();
  if (isFatFilesystem(name)) return FAT_MAX_FILE_SIZE;
  if (UNLIMITED_NAMES.has(name) || name.startsWith('ext')) return Number.POSITIVE_INFINITY;
  return FAT_MAX_FILE_SIZE;
}

export interface DriveMounts {
  /** Every mount point of the drive (all partitions of one disk). */
  mountPaths: readonly string[];
}

/** A drive is a system drive when any of its partitions carries the running system. */
export function isSystemDrive(drive: DriveMounts): boolean {
  return drive.mountPaths.some((mount) => {
    const trimmed = mount.length > 1 ? mount.replace(/[\\/]+$/, '') : mount;
    if (SYSTEM_MOUNTS.has(trimmed)) return true;
    // Windows: the system volume is the one holding \Windows, practically always C:.
    return /^[cC]:$/.test(trimmed);
  });
}

export interface DriveFacts {
  removable: boolean;
  /** Bus as reported by the OS, e.g. "usb", "sata", "nvme". */
  protocol?: string;
}

/** USB sticks are not always flagged removable (USB SSDs are not); the bus counts too. */
export function isRemovableDrive(drive: DriveFacts): boolean {
  return drive.removable || (drive.protocol ?? '').toLowerCase() === 'usb';
}

export function hasRoomFor(drive: { freeBytes: number }, bytes: number): boolean {
  return bytes <= drive.freeBytes;
}

/** Space files really take: each occupies whole allocation units (FAT clusters, blocks). */
export function bytesOnMedia(fileSizes: readonly number[], blockSize: number): number {
  const unit = Math.max(1, blockSize);
  return fileSizes.reduce((sum, size) => sum + Math.max(1, Math.ceil(size / unit)) * unit, 0);
}

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** Undoes the octal escapes the kernel uses for spaces, tabs, newlines and backslashes. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses /proc/self/mountinfo (fields after the " - " separator are type, source, options). */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const mountPoint = before.split(' ')[4];
    const [fsType, source] = after.split(' ');
    if (!mountPoint || !fsType) continue;
    entries.push({ mountPoint: unescapeMountField(mountPoint), fsType, source: unescapeMountField(source ?? '') });
  }
  return entries;
}

/**
 * The file system's usual name for a mount: FUSE mounts name the driver only in the source
 * (fusefat shows as "fuse.fusefat" or "fuseblk" with source "fusefat"), so those become "vfat".
 */
export function filesystemName(entry: MountEntry): string {
  const type = entry.fsType.toLowerCase();
  const source = entry.source.toLowerCase();
  if (type === 'fuse.fusefat' || ((type === 'fuseblk' || type.startsWith('fuse')) && source === 'fusefat')) return 'vfat';
  if (type.startsWith('fuse.')) return type.slice('fuse.'.length);
  return type;
}

/** The mount that holds `path`: the longest mount point that is a prefix of it. */
export function mountFor(entries: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const entry of entries) {
    const mp = entry.mountPoint;
    const inside = path === mp || mp === '/' || path.startsWith(mp.endsWith(sep) ? mp : mp + sep);
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = entry;
  }
  return best;
}

export interface FilesystemLookupOptions {
  /** Mount table to read (tests pass a fixture). */
  mountInfoPath?: string;
}

/**
 * File system `path` lives on, from the mount table. Where there is none to read (macOS,
 * Windows) the answer is "unknown", which maxFileSize treats as FAT-limited.
 */
export async function filesystemOf(path: string, options: FilesystemLookupOptions = {}): Promise<string> {
  const real = await realpath(resolve(path)).catch(() => resolve(path));
  let text: string;
  try {
    text = await readFile(options.mountInfoPath ?? '/proc/self/mountinfo', 'utf8');
  } catch {
    return 'unknown';
  }
  const entry = mountFor(parseMountInfo(text), real);
  return entry ? filesystemName(entry) : 'unknown';
}
