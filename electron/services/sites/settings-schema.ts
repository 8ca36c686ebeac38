/**
 * The settings file's layout version and the way up to it. Files from before versioning (no
 * `schemaVersion`) are version 1; each new layout adds one step to MIGRATIONS, run in order,
 * so a file of any earlier version reaches the current one. A newer file is read as far as
 * this version understands it and is never rewritten to an older layout.
 */
import { SETTINGS_SCHEMA_VERSION } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import type { SettingsStore } from '../ports';
import { migrateSitesV1ToV2 } from './migrate-sites-v2';

export const SCHEMA_VERSION_KEY = 'schemaVersion';

/** MIGRATIONS[n] turns a version-n file into a version-(n+1) one. */
export type Migration = (settings: SettingsStore) => void;
export const MIGRATIONS: Record<number, Migration> = {
  1: migrateSitesV1ToV2,
};

export interface MigrationResult {
  from: number;
  to: number;
  warnings: AppErrorShape[];
}

export function migrateSettings(settings: SettingsStore, target = SETTINGS_SCHEMA_VERSION, migrations: Record<number, Migration> = MIGRATIONS): MigrationResult {
  const stored = settings.get<unknown>(SCHEMA_VERSION_KEY);
  const from = typeof stored === 'number' && Number.isInteger(stored) && stored >= 1 ? stored : 1;
  if (from > target) {
    return {
      from,
      to: from,
      warnings: [
        {
          code: 'SETTINGS_UNREADABLE',
          message: `The settings were written by a newer version of the assistant (layout ${from}; this one knows up to ${target}).`,
          hint: 'Sites this version cannot read are kept unchanged and not shown. Use the newer version of the assistant to see them.',
        },
      ],
    };
  }
  for (let version = from; version < target; version++) {
    const step = migrations[version];
    if (!step) throw new Error(`No settings migration from layout ${version}`);
    step(settings);
    settings.set(SCHEMA_VERSION_KEY, version + 1);
  }
  if (stored !== target) settings.set(SCHEMA_VERSION_KEY, target);
  return { from, to: target, warnings: [] };
}
