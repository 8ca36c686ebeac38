/**
 * main.ts itself on a faked `electron`: the entry composes the real services (no practice
 * lab, in-memory stores in place of electron-store and safeStorage) and hands them to the
 * shell, so the window opens, the bridge answers, and pages of a stored site open outside.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '../../../shared/contract';
import { createFakeElectron, type FakeElectron } from '../helpers/fake-electron';
import { memorySecrets, memorySettings } from '../helpers/memory-stores';

let dir: string;
let electron: FakeElectron;
const savedEnv = { ...process.env };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aua-main-'));
  process.env.AUA_USER_DATA = join(dir, 'data');
  process.env.AUA_PRACTICE_LAB = '0';
  delete process.env.ELECTRON_RENDERER_URL;
  vi.resetModules();
  electron = createFakeElectron();
  vi.doMock('electron', () => electron);
  vi.doMock('electron-log/main', () => ({ default: { warn: vi.fn(), error: vi.fn(), info: vi.fn() } }));
  vi.doMock('../../../electron/platform/stores', () => ({ createSettingsStore: memorySettings, createSafeStorageSecretStore: memorySecrets }));
});

afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(dir, { recursive: true, force: true });
});

describe('main.ts', { timeout: 20_000 }, () => {
  it('opens the window on the composed services and opens only stored appliances’ pages', async () => {
    await import('../../../electron/main');
    await vi.waitFor(() => expect(electron.BrowserWindow.created).toHaveLength(1), { timeout: 10_000 });
    const window = electron.BrowserWindow.created[0]!;
    expect(window.loadedUrl).toBe('app://renderer/index.html');
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(window.options.webPreferences?.preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(electron.app.getPath('userData')).toBe(join(dir, 'data'));

    const handler = electron.ipcMain.handlers.get(IPC_INVOKE)!;
    const call = (channel: string, input: unknown) =>
      Promise.resolve(handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, channel, input)) as Promise<{ ok: boolean; value?: { id: string } & Record<string, unknown>; error?: { code: string } }>;
    expect(await call('app.info', {})).toMatchObject({ ok: true, value: { dataDir: join(dir, 'data'), practiceLab: false, version: '0.1.0-fake' } });
    const site = await call('sites.save', { name: 'Plant', siteHostname: 'support.plant.example', applianceUrl: 'https://10.0.4.20', apiClientId: 'c', apiClientSecret: 's' });
    expect(site.ok).toBe(true);
    expect(await call('shell.openPage', { siteId: site.value!.id, url: 'https://10.0.4.20/appliance' })).toEqual({ ok: true, value: { opened: true } });
    expect(await call('shell.openPage', { siteId: site.value!.id, url: 'https://10.0.4.21/appliance' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Once the site's new appliance is added (a migration), its pages open too.
    const added = await call('sites.addAppliance', { siteId: site.value!.id, appliance: { role: 'new', label: 'New B300', applianceUrl: 'https://10.0.4.21', adminPassword: 'password' } });
    expect(added).toMatchObject({ ok: true, value: { appliance: { role: 'new', applianceUrl: 'https://10.0.4.21' } } });
    expect(await call('shell.openPage', { siteId: site.value!.id, url: 'https://10.0.4.21/appliance' })).toEqual({ ok: true, value: { opened: true } });
    expect(electron.shell.opened).toEqual(['https://10.0.4.20/appliance', 'https://10.0.4.21/appliance']);
    electron.app.emit('will-quit');
  });
});
