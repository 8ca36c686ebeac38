/**
 * What the update server holds: the packages built for each appliance. A package leaves the
 * list once an appliance has downloaded it, as the vendor's server does.
 */
import type { CatalogueEntry } from './scenarios';

export class UpdateCatalogue {
  private readonly bySerial = new Map<string, { applianceId: string; entries: CatalogueEntry[] }>();

  add(applianceId: string, serial: string, entries: readonly CatalogueEntry[]): void {
    this.bySerial.set(serial, { applianceId, entries: entries.map((entry) => ({ ...entry })) });
  }

  /** Packages still waiting for this appliance; undefined for a serial the server does not know. */
  list(serial: string): CatalogueEntry[] | undefined {
    return this.bySerial.get(serial)?.entries.map((entry) => ({ ...entry }));
  }

  /** Hands the package over and removes it from the list; undefined when it is not there. */
  take(serial: string, updateId: string): CatalogueEntry | undefined {
    const holder = this.bySerial.get(serial);
    const index = holder?.entries.findIndex((entry) => entry.id === updateId) ?? -1;
    if (!holder || index < 0) return undefined;
    const [entry] = holder.entries.splice(index, 1);
    return entry;
  }

  snapshot(): Record<string, CatalogueEntry[]> {
    const result: Record<string, CatalogueEntry[]> = {};
    for (const { applianceId, entries } of this.bySerial.values()) {
      result[applianceId] = entries.map((entry) => ({ ...entry }));
    }
    return result;
  }
}
