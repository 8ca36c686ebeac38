/**
 * DriveLister implementations: the real removable drives of this computer (systeminformation),
 * and folders presented as drives (the test harness, tests, and a person who picks a folder).
 */
import { stat, statfs } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import * as si from 'systeminformation';
import type { DriveLister, RemovableDrive } from '../ports';
import { filesystemOf, isRemovableDrive, isSystemDrive } from './drive-constraints';

/** The parts of systeminformation the lister reads; tests pass recorded answers. */
export interface BlockDeviceSource {
  blockDevices(): Promise<si.Systeminformation.BlockDevicesData[]>;
  fsSize(): Promise<si.Systeminformation.FsSizeData[]>;
}

const systemSource: BlockDeviceSource = { blockDevices: () => si.blockDevices(), fsSize: () => si.fsSize() };

export function createSystemDriveLister(source: BlockDeviceSource = systemSource): DriveLister {
  return {
    async list() {
      const [devices, sizes] = await Promise.all([source.blockDevices(), source.fsSize()]);
      // systeminformation names a partition's disk in `device`; all mounts of one disk decide whether it is the system's.
      const diskOf = (d: si.Systeminformation.BlockDevicesData) => d.device || d.name;
      const mountsByDisk = new Map<string, string[]>();
      const removableDisks = new Set<string>();
      for (const d of devices) {
        const disk = diskOf(d);
        if (d.mount) mountsByDisk.set(disk, [...(mountsByDisk.get(disk) ?? []), d.mount]);
        if (isRemovableDrive({ removable: d.removable, protocol: d.protocol })) removableDisks.add(disk);
      }
      const drives: RemovableDrive[] = [];
      for (const d of devices) {
        const disk = diskOf(d);
        if (!d.mount || !removableDisks.has(disk)) continue;
        if (isSystemDrive({ mountPaths: mountsByDisk.get(disk) ?? [d.mount] })) continue;
        const size = sizes.find((s) => s.mount === d.mount);
        drives.push({
          id: d.uuid || d.identifier || d.name,
          label: d.label || d.model || basename(d.mount) || d.name,
          mountPath: d.mount,
          sizeBytes: size?.size ?? d.size,
          freeBytes: size?.available ?? 0,
          filesystem: (d.fsType || size?.type || 'unknown').toLowerCase(),
        });
      }
      return drives;
    },
  };
}

/** Each existing folder is offered as a drive; a folder that is gone (stick pulled) is not listed. */
export function createFolderDriveLister(folders: string[]): DriveLister {
  return {
    async list() {
      const drives: RemovableDrive[] = [];
      for (const folder of folders.map((f) => resolve(f))) {
        const isDir = await stat(folder).then((s) => s.isDirectory(), () => false);
        if (!isDir) continue;
        const stats = await statfs(folder);
        drives.push({
          id: `folder:${folder}`,
          label: basename(folder) || folder,
          mountPath: folder,
          sizeBytes: stats.blocks * stats.bsize,
          freeBytes: stats.bavail * stats.bsize,
          filesystem: await filesystemOf(folder),
        });
      }
      return drives;
    },
  };
}
