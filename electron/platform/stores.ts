/**
 * Settings in electron-store; secrets encrypted with the OS keychain through safeStorage
 * (DPAPI, Keychain, libsecret) and only their ciphertext written to disk.
 */
import { safeStorage } from 'electron';
import Store from 'electron-store';
import { AppError } from '../../shared/errors';
import type { SecretStore, SettingsStore } from '../services/ports';

export function createSettingsStore(): SettingsStore {
  const store = new Store<Record<string, unknown>>({ name: 'settings' });
  return {
    get: <T>(key: string) => store.get(key) as T | undefined,
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}

export function createSafeStorageSecretStore(): SecretStore {
  const store = new Store<Record<string, string>>({ name: 'secrets' });
  const requireEncryption = () => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new AppError(
        'DISK_ERROR',
        'This computer offers no protected storage for passwords, so the assistant will not save them.',
        'Sign in to a desktop session with a keyring (Linux: gnome-keyring or KWallet) and try again.',
      );
    }
  };
  return {
    async setSecret(key, value) {
      requireEncryption();
      store.set(key, safeStorage.encryptString(value).toString('base64'));
    },
    async getSecret(key) {
      const sealed = store.get(key);
      if (!sealed) return undefined;
      requireEncryption();
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    async deleteSecret(key) {
      store.delete(key);
    },
  };
}
