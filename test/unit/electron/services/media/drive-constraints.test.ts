import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bytesOnMedia,
  FAT_MAX_FILE_SIZE,
  filesystemName,
  filesystemOf,
  hasRoomFor,
  isFatFilesystem,
  isRemovableDrive,
  isSystemDrive,
  maxFileSize,
  mountFor,
  parseMountInfo,
} from '../../../../../electron/services/media/drive-constraints';

const MOUNTINFO = [
  '22 27 0:21 / /proc rw,relatime - proc proc rw',
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
  '40 27 8:17 / /media/tech/STICK rw,nosuid - vfat /dev/sdb1 rw,fmask=0022',
  '41 27 0:39 / /mnt/fat rw,nosuid,nodev,relatime - fuse.fusefat fusefat rw,user_id=0,group_id=0',
  '42 27 0:40 / /mnt/fuseblk\\040stick rw - fuseblk fusefat rw,user_id=0',
  '43 27 8:33 / /media/tech/BIG rw - exfat /dev/sdc1 rw',
  '44 27 8:49 / /media/tech/WIN rw - fuseblk /dev/sdd1 rw,user_id=0',
  '45 40 8:18 / /media/tech/STICK/inner rw - ext4 /dev/sdb2 rw',
].join('\n');

describe('maxFileSize', () => {
  it('limits FAT file systems to 4 GiB - 1', () => {
    for (const fs of ['vfat', 'msdos', 'fat32', 'VFAT']) expect(maxFileSize(fs)).toBe(4 * 1024 ** 3 - 1);
    expect(FAT_MAX_FILE_SIZE).toBe(4294967295);
  });

  it('does not limit exFAT, NTFS, ext*, APFS and chosen folders', () => {
    for (const fs of ['exfat', 'ntfs', 'ext4', 'ext3', 'apfs', 'folder']) expect(maxFileSize(fs)).toBe(Number.POSITIVE_INFINITY);
  });

  it('treats an unknown file system as FAT, because splitting costs less than failing at 4 GiB', () => {
    expect(maxFileSize('unknown')).toBe(FAT_MAX_FILE_SIZE);
    expect(maxFileSize('fuseblk')).toBe(FAT_MAX_FILE_SIZE);
  });

  it('knows the FAT family by name', () => {
    expect(isFatFilesystem('msdos')).toBe(true);
    expect(isFatFilesystem('exfat')).toBe(false);
  });
});

describe('drive predicates', () => {
  it('recognises system drives by what they mount', () => {
    expect(isSystemDrive({ mountPaths: ['/'] })).toBe(true);
    expect(isSystemDrive({ mountPaths: ['/media/tech/STICK', '/boot/efi'] })).toBe(true);
    expect(isSystemDrive({ mountPaths: ['C:\\'] })).toBe(true);
    expect(isSystemDrive({ mountPaths: ['/media/tech/STICK'] })).toBe(false);
    expect(isSystemDrive({ mountPaths: ['E:\\'] })).toBe(false);
    expect(isSystemDrive({ mountPaths: [] })).toBe(false);
  });

  it('counts USB drives as removable even when not flagged so (USB SSDs)', () => {
    expect(isRemovableDrive({ removable: true })).toBe(true);
    expect(isRemovableDrive({ removable: false, protocol: 'usb' })).toBe(true);
    expect(isRemovableDrive({ removable: false, protocol: 'nvme' })).toBe(false);
  });

  it('checks room including the bytes themselves', () => {
    expect(hasRoomFor({ freeBytes: 100 }, 100)).toBe(true);
    expect(hasRoomFor({ freeBytes: 100 }, 101)).toBe(false);
  });

  it('rounds every file up to whole allocation units', () => {
    expect(bytesOnMedia([1, 4096, 4097, 0], 4096)).toBe(4096 + 4096 + 8192 + 4096);
  });
});

describe('mount table', () => {
  const entries = parseMountInfo(MOUNTINFO);

  it('parses mount points, types and sources, undoing escapes', () => {
    expect(entries).toHaveLength(8);
    expect(entries[4]).toEqual({ mountPoint: '/mnt/fuseblk stick', fsType: 'fuseblk', source: 'fusefat' });
  });

  it('names FUSE-mounted FAT as vfat and leaves other FUSE block mounts unknown', () => {
    expect(filesystemName(entries[3]!)).toBe('vfat');
    expect(filesystemName(entries[4]!)).toBe('vfat');
    expect(filesystemName(entries[6]!)).toBe('fuseblk');
    expect(filesystemName(entries[5]!)).toBe('exfat');
  });

  it('finds the deepest mount holding a path', () => {
    expect(mountFor(entries, '/media/tech/STICK/bundle')?.fsType).toBe('vfat');
    expect(mountFor(entries, '/media/tech/STICK/inner/x')?.fsType).toBe('ext4');
    expect(mountFor(entries, '/media/tech/STICKER')?.mountPoint).toBe('/');
    expect(mountFor(entries, '/mnt/fat')?.source).toBe('fusefat');
  });

  describe('filesystemOf', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mounts-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads the given mount table', async () => {
      const table = join(dir, 'mountinfo');
      await writeFile(table, MOUNTINFO);
      expect(await filesystemOf('/mnt/fat/bundles', { mountInfoPath: table })).toBe('vfat');
      expect(await filesystemOf('/media/tech/BIG', { mountInfoPath: table })).toBe('exfat');
    });

    it('says unknown when there is no mount table to read', async () => {
      expect(await filesystemOf(dir, { mountInfoPath: join(dir, 'none') })).toBe('unknown');
    });

    it.runIf(process.platform === 'linux')('names the file system of a real folder', async () => {
      expect(await filesystemOf(dir)).toMatch(/^[a-z0-9.]+$/);
    });
  });
});
