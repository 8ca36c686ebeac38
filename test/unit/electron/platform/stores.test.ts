/**
 * The platform stores with a faked `electron` (safeStorage, app) and electron-store backed by
 * conf in a temporary folder, so what reaches the disk can be read back.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  userData: '',
  backend: 'gnome_libsecret' as string,
  available: true,
}));

vi.mock('electron', () => ({
  app: { getPath: (name: string) => (name === 'userData' ? fake.userData : '/nonexistent') },
  safeStorage: {
    isEncryptionAvailable: () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    // A reversible stand-in for the keychain: what it writes must not contain the plain text.
    encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text, 'utf8').reverse().toString('hex')}`),
    decryptString: (sealed: Buffer) => Buffer.from(sealed.toString().slice('sealed:'.length), 'hex').reverse().toString('utf8'),
  },
}));

vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class FakeElectronStore extends Conf<Record<string, unknown>> {
      constructor(options: { name?: string } = {}) {
        super({ cwd: fake.userData, configName: options.name ?? 'config', projectName: 'appliance-upgrade-assistant' });
      }
    },
  };
});

const { createSafeStorageSecretStore, createSettingsStore } = await import('../../../../electron/platform/stores');

const SECRET = 'hunter2-admin-password';

function everythingOnDisk(): string {
  return readdirSync(fake.userData)
    .map((name) => readFileSync(join(fake.userData, name), 'utf8'))
    .join('\n');
}

beforeEach(() => {
  fake.userData = mkdtempSync(join(tmpdir(), 'stores-'));
  fake.backend = 'gnome_libsecret';
  fake.available = true;
});
afterEach(() => {
  rmSync(fake.userData, { recursive: true, force: true });
});

describe('secret store', () => {
  it('writes only ciphertext when the keychain protects secrets', async () => {
    const store = createSafeStorageSecretStore();
    await store.setSecret('site:1:adminPassword', SECRET);
    expect(store.startupWarnings).toEqual([]);
    expect(await store.getSecret('site:1:adminPassword')).toBe(SECRET);
    expect(everythingOnDisk()).toContain('site:1:adminPassword');
    expect(everythingOnDisk()).not.toContain(SECRET);
  });

  it.runIf(process.platform === 'linux')('refuses the basic_text backend: secrets stay in memory for the session, nothing is written to disk', async () => {
    fake.backend = 'basic_text';
    const store = createSafeStorageSecretStore();
    expect(store.startupWarnings).toEqual([
      { code: 'SECRETS_NOT_PROTECTED', message: expect.stringContaining('secrets are kept only for this session; you will be asked again next start'), hint: expect.any(String) },
    ]);
    await store.setSecret('site:1:adminPassword', SECRET);
    expect(await store.getSecret('site:1:adminPassword')).toBe(SECRET);
    expect(existsSync(join(fake.userData, 'secrets.json'))).toBe(false);
    expect(everythingOnDisk()).not.toContain(SECRET);
    // Next start: asked again.
    expect(await createSafeStorageSecretStore().getSecret('site:1:adminPassword')).toBeUndefined();
    await store.deleteSecret('site:1:adminPassword');
    expect(await store.getSecret('site:1:adminPassword')).toBeUndefined();
  });

  it('keeps secrets in memory when no protected storage exists at all', async () => {
    fake.available = false;
    const store = createSafeStorageSecretStore();
    await store.setSecret('k', SECRET);
    expect(await store.getSecret('k')).toBe(SECRET);
    expect(store.startupWarnings).toMatchObject([{ code: 'SECRETS_NOT_PROTECTED' }]);
    expect(readdirSync(fake.userData)).toEqual([]);
  });
});

describe('settings store', () => {
  it('keeps a damaged settings.json aside under a dated name and starts with empty settings and a warning naming it', () => {
    writeFileSync(join(fake.userData, 'settings.json'), '{"sites": [ {"id": "a", "na');
    const settings = createSettingsStore();
    expect(settings.get('sites')).toBeUndefined();
    const [warning] = settings.startupWarnings ?? [];
    expect(warning).toMatchObject({ code: 'SETTINGS_UNREADABLE', message: expect.stringMatching(/kept as settings\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json/) });
    const aside = readdirSync(fake.userData).find((n) => n.startsWith('settings.corrupt-'));
    expect(aside && readFileSync(join(fake.userData, aside), 'utf8')).toBe('{"sites": [ {"id": "a", "na');
    settings.set('sites', []);
    expect(JSON.parse(readFileSync(join(fake.userData, 'settings.json'), 'utf8'))).toEqual({ sites: [] });
  });

  it('opens a good settings file as it is, with no warning', () => {
    writeFileSync(join(fake.userData, 'settings.json'), JSON.stringify({ sites: [{ id: 'a' }] }));
    const settings = createSettingsStore();
    expect(settings.get('sites')).toEqual([{ id: 'a' }]);
    expect(settings.startupWarnings).toEqual([]);
  });
});
