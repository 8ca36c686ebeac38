/**
 * Settings in electron-store; secrets encrypted with the OS keychain through safeStorage
 * (DPAPI, Keychain, libsecret/KWallet) and only their ciphertext written to disk. Where the OS
 * offers no keychain (Linux's `basic_text` backend obfuscates with a fixed key, which is plain
 * text in effect) secrets are kept in memory for this session only and asked again next start.
 */
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import Store from 'electron-store';
import type { AppErrorShape } from '../../shared/errors';
import { setAsideUnreadableJsonSync } from '../services/fs/set-aside';
import type { SecretStore, SettingsStore } from '../services/ports';

export function createSettingsStore(): SettingsStore {
  // electron-store refuses to open a damaged file: keep it aside and start with empty settings.
  const unreadable = setAsideUnreadableJsonSync(join(app.getPath('userData'), 'settings.json'), Date.now());
  const store = new Store<Record<string, unknown>>({ name: 'settings' });
  return {
    get: <T>(key: string) => store.get(key) as T | undefined,
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
    startupWarnings: unreadable ? [unreadable] : [],
  };
}

/** Why secrets cannot be protected on this computer, or undefined when the keychain is usable. */
function unprotectedReason(): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) return 'offers no protected storage for passwords';
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'has no keyring for passwords (Linux backend “basic_text”, which does not encrypt)';
  }
  return undefined;
}

export function createSafeStorageSecretStore(): SecretStore {
  const reason = unprotectedReason();
  if (reason !== undefined) return createSessionSecretStore(reason);
  const store = new Store<Record<string, string>>({ name: 'secrets' });
  return {
    async setSecret(key, value) {
      store.set(key, safeStorage.encryptString(value).toString('base64'));
    },
    async getSecret(key) {
      const sealed = store.get(key);
      if (!sealed) return undefined;
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    async deleteSecret(key) {
      store.delete(key);
    },
    startupWarnings: [],
  };
}

/** Secrets in this process's memory only: nothing reaches the disk, and they are gone at quit. */
function createSessionSecretStore(reason: string): SecretStore {
  const secrets = new Map<string, string>();
  const warning: AppErrorShape = {
    code: 'SECRETS_NOT_PROTECTED',
    message: `This computer ${reason}, so secrets are kept only for this session; you will be asked again next start.`,
    hint: 'To keep them between starts, sign in to a desktop session with a keyring (gnome-keyring or KWallet) and start the assistant again.',
  };
  return {
    async setSecret(key, value) {
      secrets.set(key, value);
    },
    async getSecret(key) {
      return secrets.get(key);
    },
    async deleteSecret(key) {
      secrets.delete(key);
    },
    startupWarnings: [warning],
  };
}
