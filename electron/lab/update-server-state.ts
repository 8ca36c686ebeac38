/**
 * What the update server remembers besides its catalogue: the download keys it accepted, the
 * package downloads it served (one record per key and package, one range per response) and
 * its own faults (the link to it can be slow or drop).
 */
import type { Faults } from './faults';

export interface DownloadRecord {
  keyId: string;
  packageId: string;
  /** Body bytes sent over every response for this key and package. */
  bytesSent: number;
  /** One per response: the byte range served (inclusive) and how much of it went out. */
  ranges: { start: number; end: number; sent: number }[];
  /** True once a response delivered the last byte of the package. */
  completed: boolean;
}

export class UpdateServerState {
  faults: Faults = {};
  private readonly keys = new Map<string, string>();
  private readonly downloads: DownloadRecord[] = [];

  acceptKey(keyId: string, serial: string): void {
    this.keys.set(keyId, serial);
  }

  /** The serial an accepted key was generated for; undefined for a key never posted here. */
  serialOfKey(keyId: string): string | undefined {
    return this.keys.get(keyId);
  }

  /** The record for this key and package, created on first download. */
  download(keyId: string, packageId: string): DownloadRecord {
    let record = this.downloads.find((candidate) => candidate.keyId === keyId && candidate.packageId === packageId);
    if (!record) {
      record = { keyId, packageId, bytesSent: 0, ranges: [], completed: false };
      this.downloads.push(record);
    }
    return record;
  }

  snapshot() {
    return {
      downloads: this.downloads.map((record) => ({ ...record, ranges: record.ranges.map((range) => ({ ...range })) })),
      faults: { ...this.faults },
    };
  }
}
