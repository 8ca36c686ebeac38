/**
 * The shell, proven without its runtime: the real start-up (electron/platform/start-app.ts,
 * window.ts, ipc-main.ts, external-pages.ts) runs against a faked `electron` that records
 * every call, with the real services composed behind it. Each test asserts one item of the
 * Electron security checklist as the app actually sets it up.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, IPC_INVOKE } from '../../../../shared/contract';
import type { BootedServices, ShellLog, StartAppOptions } from '../../../../electron/platform/start-app';
import type { PageOpener } from '../../../../electron/services/ports';
import { memorySecrets, memorySettings } from '../../helpers/memory-stores';
import { createFakeElectron, FakeFrame, type FakeBrowserWindow, type FakeElectron } from '../../helpers/fake-electron';
import { applianceUrlsOf } from '../../../../shared/sites';
import { createDeskPorts } from '../../../harness/desk-ports';

const APPLIANCE = 'https://10.0.4.20';
const DEV_URL = 'http://localhost:5173';

let dir: string;
let electron: FakeElectron;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aua-shell-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><html><head></head><body>app</body></html>');
  // A fresh fake and fresh platform modules (imported below, after the mock) for every test.
  vi.resetModules();
  const fake = createFakeElectron();
  vi.doMock('electron', () => fake);
  electron = (await import('electron')) as unknown as FakeElectron;
  expect(electron.app).toBe(fake.app);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  window: FakeBrowserWindow | undefined;
  pages: PageOpener;
  log: { warn: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };
  dispatched: unknown[][];
}

/** Starts the real shell on the fake, with the real services (in-memory settings and secrets). */
async function start(options: { packaged?: boolean; env?: Record<string, string>; boot?: StartAppOptions['boot'] } = {}): Promise<Started> {
  electron.app.isPackaged = options.packaged ?? false;
  const { startApp } = await import('../../../../electron/platform/start-app');
  const { composeServices } = await import('../../../../electron/services/compose');
  const { createFolderDriveLister } = await import('../../../../electron/services/media');
  const log = { warn: vi.fn(), error: vi.fn() } satisfies ShellLog;
  const dispatched: unknown[][] = [];
  let pages: PageOpener | undefined;
  const running = startApp({
    env: { AUA_USER_DATA: join(dir, 'data'), ...options.env },
    rendererDir: join(dir, 'renderer'),
    preloadPath: '/app/out/preload/preload.cjs',
    log,
    boot:
      options.boot ??
      (async (platform) => {
        pages = platform.pages;
        const services = await composeServices({
          dataDir: platform.dataDir,
          appVersion: platform.appVersion,
          operator: 'tester',
          settings: memorySettings(),
          secrets: memorySecrets(),
          pages: platform.pages,
          drives: createFolderDriveLister([]),
          folders: { chooseFolder: async () => undefined },
          ...createDeskPorts({ saveDir: join(platform.dataDir, 'saved') }),
        });
        return {
          router: {
            dispatch: (channel, input) => {
              dispatched.push([channel, input]);
              return services.router.dispatch(channel, input);
            },
          },
          hub: services.hub,
          applianceUrls: () => applianceUrlsOf(services.sites.list()),
          flush: () => services.flush(),
          close: () => services.close(),
        } satisfies BootedServices;
      }),
  });
  await running.ready;
  return { window: electron.BrowserWindow.created[0], pages: pages!, log, dispatched };
}

/** An IPC invoke as Electron delivers it: from `sender`, by `senderFrame`. */
function invoke(window: FakeBrowserWindow, channel: unknown, input: unknown, from: { sender?: unknown; senderFrame?: unknown } = {}) {
  const handler = electron.ipcMain.handlers.get(IPC_INVOKE);
  if (!handler) throw new Error('no IPC handler registered');
  const event = { sender: from.sender ?? window.webContents, senderFrame: 'senderFrame' in from ? from.senderFrame : window.webContents.mainFrame };
  return Promise.resolve(handler(event, channel, input)) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; hint: string } }>;
}

const SITE = { name: 'Plant 4', siteHostname: 'support.plant4.example', applianceUrl: `${APPLIANCE}/`, apiClientId: 'client', apiClientSecret: 'secret', adminPassword: 'pw' };

describe('the window', { timeout: 20_000 }, () => {
  it('isolates the page: contextIsolation, sandbox, no node, webSecurity, our preload', async () => {
    const { window } = await start();
    expect(electron.BrowserWindow.created).toHaveLength(1);
    expect(window!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/preload.cjs',
    });
    expect(window!.loadedUrl).toBe('app://renderer/index.html');
    expect(electron.app.getPath('userData')).toBe(join(dir, 'data'));
  });

  it('serves app:// with the strict CSP and no unsafe-* source', async () => {
    await start();
    expect(electron.protocol.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const handler = electron.protocol.handlers.get('app')!;
    const page = await handler({ url: 'app://renderer/index.html' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<body>app</body>');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers malformed or escaping app:// addresses with 400/404 and keeps serving', async () => {
    await start();
    const handler = electron.protocol.handlers.get('app')!;
    for (const url of ['app://renderer/%', 'app://renderer/%E0%A4%A', 'app://renderer/a%00b']) {
      const answer = await handler({ url });
      expect(answer.status, url).toBe(400);
      expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    expect((await handler({ url: 'not a url' })).status).toBe(400);
    expect((await handler({ url: 'app://renderer/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
    expect((await handler({ url: 'app://elsewhere/index.html' })).status).toBe(404);
    expect((await handler({ url: 'app://renderer/missing.js' })).status).toBe(404);
    expect((await handler({ url: 'app://renderer/' })).status).toBe(200);
  });

  it('denies every permission, checked or requested, and every device', async () => {
    await start();
    const session = electron.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial', 'fullscreen', 'unknown']) {
      const granted = vi.fn();
      session.permissionRequestHandler!({}, permission, granted, {});
      expect(granted, permission).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler!(null, permission, 'app://renderer', {}), permission).toBe(false);
    }
    expect(session.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://renderer' })).toBe(false);
  });

  it('prevents navigation and redirects away from our pages, on every web contents', async () => {
    const { window } = await start();
    const other = electron.createWebContents();
    electron.app.emit('web-contents-created', {}, other);
    for (const contents of [window!.webContents, other]) {
      for (const url of ['https://evil.example/', `${APPLIANCE}/login`, 'file:///etc/passwd', 'app://renderer.evil/x', DEV_URL]) {
        expect(contents.fire('will-navigate', { url }).defaultPrevented, url).toBe(true);
        expect(contents.fire('will-redirect', { url }).defaultPrevented, url).toBe(true);
      }
      expect(contents.fire('will-navigate', { url: 'app://renderer/index.html#/sites' }).defaultPrevented).toBe(false);
    }
  });

  it('denies window.open for any address and opens nothing outside', async () => {
    const { window } = await start();
    for (const url of ['https://evil.example/', `${APPLIANCE}/appliance/update`, 'http://10.0.4.20/', 'file:///etc/passwd', 'app://renderer/index.html']) {
      expect(window!.webContents.windowOpenHandler!({ url, frameName: '', features: '', disposition: 'new-window' })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.opened).toEqual([]);
  });

  it('prevents attaching a webview', async () => {
    const { window } = await start();
    expect(window!.webContents.fire('will-attach-webview', {}, {}, { src: 'https://evil.example/' }).defaultPrevented).toBe(true);
  });

  it('shows the window when it is ready and stops serving IPC when it closes', async () => {
    const { window } = await start();
    window!.emit('ready-to-show');
    expect(window!.shown).toBe(true);
    window!.close();
    expect(electron.ipcMain.handlers.size).toBe(0);
    electron.app.emit('window-all-closed');
    expect(electron.app.quitCalls).toBe(1);
  });

  it('opens a new window on activate when none is left, serving IPC again', async () => {
    const { window } = await start();
    window!.close();
    electron.app.emit('activate');
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1);
    expect([...electron.ipcMain.handlers.keys()]).toEqual([IPC_INVOKE]);
  });
});

describe('the IPC sender check', { timeout: 20_000 }, () => {
  it('registers one invoke channel, through the checked wrapper only', async () => {
    await start();
    expect([...electron.ipcMain.handlers.keys()]).toEqual([IPC_INVOKE]);
  });

  it('answers our main frame on our page', async () => {
    const { window, dispatched } = await start();
    expect(await invoke(window!, 'sites.list', {})).toEqual({ ok: true, value: [] });
    expect(dispatched).toEqual([['sites.list', {}]]);
  });

  it('refuses every channel from a foreign sender, a sub-frame, a foreign page or a gone frame', async () => {
    const { window, dispatched } = await start();
    const foreignSenders: Array<[string, { sender?: unknown; senderFrame?: unknown }]> = [
      ['another web contents', { sender: electron.createWebContents() }],
      ['a sub-frame of our window', { senderFrame: new FakeFrame('app://renderer/index.html') }],
      ['a destroyed frame', { senderFrame: null }],
    ];
    const refused = { ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String), hint: expect.any(String) } };
    for (const channel of channels) {
      for (const [who, from] of foreignSenders) {
        expect(await invoke(window!, channel, {}, from), `${channel} from ${who}`).toEqual(refused);
      }
    }
    // Our own frame, navigated (somehow) to a foreign page.
    window!.webContents.mainFrame.url = 'https://evil.example/';
    for (const channel of channels) expect(await invoke(window!, channel, {}), `${channel} from a foreign page`).toEqual(refused);
    expect(dispatched).toEqual([]);
  });

  it('answers malformed calls from our own page with INVALID_INPUT, and keeps answering', async () => {
    const { window, dispatched } = await start();
    for (const [channel, input] of [[null, {}], [42, {}], [{}, {}], ['__proto__', {}], ['sites.remove', null], ['sites.remove', 'x'], ['sites.remove', { id: 7 }], ['sites.list', [1]]] as const) {
      expect(await invoke(window!, channel, input), JSON.stringify([channel, input])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(dispatched).toHaveLength(8);
    expect(await invoke(window!, 'sites.list', {})).toEqual({ ok: true, value: [] });
  });

  it('pushes contract events to our window on the one event channel', async () => {
    const { window } = await start();
    await invoke(window!, 'sites.save', SITE);
    expect(window!.webContents.sent.some(([channel, name]) => channel === 'assistant:event' && name === 'sites.updated')).toBe(true);
  });
});

describe('the dev server address', { timeout: 20_000 }, () => {
  it('is ignored when the app is packaged: own pages, no dev CSP, dev pages refused', async () => {
    const { window, log, dispatched } = await start({ packaged: true, env: { ELECTRON_RENDERER_URL: DEV_URL } });
    expect(window!.loadedUrl).toBe('app://renderer/index.html');
    expect(electron.session.defaultSession.headersListeners).toHaveLength(0);
    expect(window!.webContents.fire('will-navigate', { url: `${DEV_URL}/` }).defaultPrevented).toBe(true);
    window!.webContents.mainFrame.url = `${DEV_URL}/`;
    expect(await invoke(window!, 'sites.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(dispatched).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/ELECTRON_RENDERER_URL ignored \(packaged app\)/));
  });

  it('is used unpackaged, with our CSP added, and compared as an origin', async () => {
    const { window } = await start({ env: { ELECTRON_RENDERER_URL: `${DEV_URL}/` } });
    expect(window!.loadedUrl).toBe(DEV_URL);
    const [listener] = electron.session.defaultSession.headersListeners;
    let headers: Record<string, unknown> | undefined;
    listener!({ responseHeaders: { 'x-a': ['1'] } }, (response) => (headers = response.responseHeaders));
    expect(String((headers!['Content-Security-Policy'] as string[])[0])).toContain("connect-src 'self' ws://localhost:5173");
    expect(window!.webContents.fire('will-navigate', { url: `${DEV_URL}/index.html` }).defaultPrevented).toBe(false);
    expect(window!.webContents.fire('will-navigate', { url: 'http://localhost:5173.evil.example/' }).defaultPrevented).toBe(true);
    window!.webContents.mainFrame.url = 'http://localhost:5173.evil.example/';
    expect(await invoke(window!, 'sites.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    window!.webContents.mainFrame.url = `${DEV_URL}/`;
    expect(await invoke(window!, 'sites.list', {})).toMatchObject({ ok: true });
  });

  it('is ignored unpackaged too when it is not a local http address', async () => {
    const { window, log } = await start({ env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } });
    expect(window!.loadedUrl).toBe('app://renderer/index.html');
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/not a local http address/));
  });
});

describe('pages opened outside the app', { timeout: 20_000 }, () => {
  it('opens a page of a stored site’s appliance through the bridge, and refuses a foreign one', async () => {
    const { window } = await start();
    const saved = await invoke(window!, 'sites.save', SITE);
    const siteId = (saved.value as { id: string }).id;
    expect(await invoke(window!, 'shell.openPage', { siteId, url: `${APPLIANCE}/appliance/update` })).toEqual({ ok: true, value: { opened: true } });
    expect(await invoke(window!, 'shell.openPage', { siteId, url: 'https://evil.example/appliance/update' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(electron.shell.opened).toEqual([`${APPLIANCE}/appliance/update`]);
  });

  it('the platform opener itself allows only https origins of stored appliances', async () => {
    const { window, pages } = await start();
    await expect(pages.open(`${APPLIANCE}/login`)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await invoke(window!, 'sites.save', SITE);
    for (const url of ['https://evil.example/', 'http://10.0.4.20/login', 'https://10.0.4.20:8443/', 'https://10.0.4.20.evil.example/', 'file:///etc/passwd', 'ms-settings:', 'not a url']) {
      await expect(pages.open(url), url).rejects.toMatchObject({ code: 'INVALID_INPUT', hint: expect.stringMatching(/page link shown in the step/) });
    }
    expect(electron.shell.opened).toEqual([]);
    await pages.open('https://10.0.4.20:443/login?next=/appliance');
    expect(electron.shell.opened).toEqual(['https://10.0.4.20/login?next=/appliance']);
  });
});

describe('start-up', { timeout: 20_000 }, () => {
  it('shows a failure in a dialog and quits, with no window', async () => {
    const { log } = await start({ boot: async () => Promise.reject(new Error('vault folder unreadable')) });
    expect(electron.dialog.errorBoxes).toEqual([{ title: 'Appliance Upgrade Assistant could not start', content: 'vault folder unreadable' }]);
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.BrowserWindow.created).toHaveLength(0);
    expect(log.error).toHaveBeenCalledWith('start-up failed', expect.any(Error));
  });

  it('a second copy quits at once and sets nothing up', async () => {
    electron.app.hasSingleInstanceLock = false;
    const boot = vi.fn();
    await start({ boot });
    expect(electron.app.quitCalls).toBe(1);
    expect(boot).not.toHaveBeenCalled();
    expect(electron.protocol.privilegedSchemes).toEqual([]);
    expect(electron.BrowserWindow.created).toHaveLength(0);
  });

  function idleServices(overrides: Partial<BootedServices> = {}): BootedServices {
    return {
      router: { dispatch: async () => ({ ok: true, value: null }) },
      hub: { emit: () => undefined, subscribe: () => () => undefined },
      applianceUrls: () => [],
      flush: async () => undefined,
      close: async () => undefined,
      ...overrides,
    } as BootedServices;
  }

  it('closes the services on quit', async () => {
    const close = vi.fn(async () => undefined);
    await start({ boot: async () => idleServices({ close }) });
    electron.app.emit('will-quit');
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('holds the quit until pending writes are flushed, then quits', async () => {
    let finishFlush: () => void = () => undefined;
    const flush = vi.fn(() => new Promise<void>((resolve) => (finishFlush = resolve)));
    await start({ boot: async () => idleServices({ flush }) });
    const quitsBefore = electron.app.quitCalls;
    const first = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    electron.app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(electron.app.quitCalls).toBe(quitsBefore);
    finishFlush();
    await vi.waitFor(() => expect(electron.app.quitCalls).toBe(quitsBefore + 1));
    const second = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    electron.app.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(false);
  });
});
