/** In-memory SettingsStore and SecretStore: real implementations of the ports for unit tests. */
import type { SecretStore, SettingsStore } from '../../../electron/services/ports';

export function memorySettings(): SettingsStore {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => values.get(key) as T | undefined, set: (key, value) => void values.set(key, value), delete: (key) => void values.delete(key) };
}

export function memorySecrets(): SecretStore {
  const values = new Map<string, string>();
  return {
    setSecret: async (key, value) => void values.set(key, value),
    getSecret: async (key) => values.get(key),
    deleteSecret: async (key) => void values.delete(key),
  };
}
