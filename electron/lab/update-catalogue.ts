/**
 * What the update server holds: the packages built for each appliance. A package leaves the
 * list once it has been downloaded (by an appliance's automatic install or with a download
 * key), as the vendor's server does; the server still knows what it built, so an uploaded
 * copy can be checked against it.
 */
import type { CatalogueEntry } from './scenarios';

interface Built {
  applianceId: string;
  entries: CatalogueEntry[];
  downloaded: Set<string>;
}

export class UpdateCatalogue {
  private readonly bySerial = new Map<string, Built>();

  add(applianceId: string, serial: string, entries: readonly CatalogueEntry[]): void {
    this.bySerial.set(serial, { applianceId, entries: entries.map((entry) => ({ ...entry })), downloaded: new Set() });
  }

  knows(serial: string): boolean {
    return this.bySerial.has(serial);
  }

  /** Packages still waiting for this appliance; undefined for a serial the server does not know. */
  list(serial: string): CatalogueEntry[] | undefined {
    const holder = this.bySerial.get(serial);
    return holder?.entries.filter((entry) => !holder.downloaded.has(entry.id)).map((entry) => ({ ...entry }));
  }

  /** A package built for this appliance, downloaded or not; undefined when none has that id. */
  built(serial: string, updateId: string): CatalogueEntry | undefined {
    const entry = this.bySerial.get(serial)?.entries.find((candidate) => candidate.id === updateId);
    return entry && { ...entry };
  }

  isDownloaded(serial: string, updateId: string): boolean {
    return this.bySerial.get(serial)?.downloaded.has(updateId) ?? false;
  }

  /** Hands the package over and removes it from the list; undefined when it is not there. */
  take(serial: string, updateId: string): CatalogueEntry | undefined {
    const entry = this.list(serial)?.find((candidate) => candidate.id === updateId);
    if (entry) this.bySerial.get(serial)?.downloaded.add(updateId);
    return entry;
  }

  snapshot(): Record<string, CatalogueEntry[]> {
    const result: Record<string, CatalogueEntry[]> = {};
    for (const [serial, { applianceId }] of this.bySerial) result[applianceId] = this.list(serial) ?? [];
    return result;
  }
}
