import type { SettingsStore } from '../../../electron/services/ports';

/** Settings in memory, JSON round-tripped as a file would be; `data` shows what was stored. */
export function memorySettings(initial: Record<string, unknown> = {}): SettingsStore & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = JSON.parse(JSON.stringify(initial));
  return {
    data,
    get: <T>(key: string) => data[key] as T | undefined,
    set: (key, value) => void (data[key] = JSON.parse(JSON.stringify(value))),
    delete: (key) => void delete data[key],
  };
}
