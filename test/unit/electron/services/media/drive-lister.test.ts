import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Systeminformation } from 'systeminformation';
import { createFolderDriveLister, createSystemDriveLister } from '../../../../../electron/services/media/drive-lister';

function device(partial: Partial<Systeminformation.BlockDevicesData>): Systeminformation.BlockDevicesData {
  return {
    name: '', identifier: '', type: 'part', fsType: '', mount: '', size: 0, physical: '', uuid: '', label: '', model: '', serial: '', removable: false, protocol: '', group: '', device: '',
    ...partial,
  };
}

function fsSize(mount: string, size: number, available: number, type: string): Systeminformation.FsSizeData {
  return { fs: mount, type, size, used: size - available, available, use: 0, mount, rw: true };
}

describe('createSystemDriveLister', () => {
  const devices = [
    device({ name: 'sda', type: 'disk', device: '/dev/sda', size: 500e9 }),
    device({ name: 'sda1', mount: '/', fsType: 'ext4', device: '/dev/sda' }),
    // A USB stick with a FAT partition: offered.
    device({ name: 'sdb', type: 'disk', device: '/dev/sdb', removable: true, protocol: 'usb', model: 'Cruzer' }),
    device({ name: 'sdb1', mount: '/media/tech/STICK', fsType: 'vfat', label: 'STICK', uuid: 'AB12-CD34', device: '/dev/sdb', removable: true, size: 16e9 }),
    // Removable but not mounted: nowhere to write.
    device({ name: 'sdc1', fsType: 'vfat', device: '/dev/sdc', removable: true }),
    // A USB SSD the OS does not flag removable; the bus on its disk decides.
    device({ name: 'sde', type: 'disk', device: '/dev/sde', protocol: 'usb' }),
    device({ name: 'sde1', mount: '/media/tech/SSD', fsType: 'exfat', label: 'SSD', uuid: 'ssd-1', device: '/dev/sde', size: 1e12 }),
    // A removable disk that boots this machine: never offered, not even its data partition.
    device({ name: 'sdf', type: 'disk', device: '/dev/sdf', removable: true }),
    device({ name: 'sdf1', mount: '/boot/efi', fsType: 'vfat', device: '/dev/sdf', removable: true }),
    device({ name: 'sdf2', mount: '/media/tech/DATA', fsType: 'ext4', device: '/dev/sdf', removable: true }),
  ];
  const sizes = [fsSize('/', 500e9, 100e9, 'ext4'), fsSize('/media/tech/STICK', 16e9, 12e9, 'vfat'), fsSize('/media/tech/SSD', 1e12, 9e11, 'exfat')];
  const lister = createSystemDriveLister({ blockDevices: async () => devices, fsSize: async () => sizes });

  it('lists mounted removable and USB drives with their sizes, and no system drive', async () => {
    const drives = await lister.list();
    expect(drives).toEqual([
      { id: 'AB12-CD34', label: 'STICK', mountPath: '/media/tech/STICK', sizeBytes: 16e9, freeBytes: 12e9, filesystem: 'vfat' },
      { id: 'ssd-1', label: 'SSD', mountPath: '/media/tech/SSD', sizeBytes: 1e12, freeBytes: 9e11, filesystem: 'exfat' },
    ]);
  });

  it('works against this machine without throwing, never listing the root file system', async () => {
    const drives = await createSystemDriveLister().list();
    expect(drives.some((d) => d.mountPath === '/')).toBe(false);
  });
});

describe('createFolderDriveLister', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'folders-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('presents existing folders as drives and leaves out one that is gone', async () => {
    const stick = join(dir, 'STICK');
    await mkdir(stick);
    const drives = await createFolderDriveLister([stick, join(dir, 'PULLED')]).list();
    expect(drives).toHaveLength(1);
    const [drive] = drives;
    expect(drive).toMatchObject({ id: `folder:${stick}`, label: 'STICK', mountPath: stick });
    expect(drive!.sizeBytes).toBeGreaterThan(0);
    expect(drive!.freeBytes).toBeGreaterThan(0);
    expect(drive!.freeBytes).toBeLessThanOrEqual(drive!.sizeBytes);
    expect(drive!.filesystem).not.toBe('');
  });
});
