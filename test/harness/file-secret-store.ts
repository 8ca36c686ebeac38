/**
 * A SecretStore for the harness and tests, where Electron's safeStorage does not exist:
 * AES-256-GCM with a random key kept in a 0600 file beside the sealed values.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../../electron/services/ports';

export function createFileSecretStore(dir: string): SecretStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, 'secrets.key');
  const sealedPath = join(dir, 'secrets.json');
  if (!existsSync(keyPath)) writeFileSync(keyPath, randomBytes(32), { mode: 0o600 });
  const key = readFileSync(keyPath);
  const load = (): Record<string, string> => (existsSync(sealedPath) ? JSON.parse(readFileSync(sealedPath, 'utf8')) : {});
  const save = (all: Record<string, string>) => writeFileSync(sealedPath, JSON.stringify(all), { mode: 0o600 });

  return {
    async setSecret(name, value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      save({ ...load(), [name]: Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64') });
    },
    async getSecret(name) {
      const stored = load()[name];
      if (!stored) return undefined;
      const raw = Buffer.from(stored, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    async deleteSecret(name) {
      const all = load();
      delete all[name];
      save(all);
    },
  };
}
