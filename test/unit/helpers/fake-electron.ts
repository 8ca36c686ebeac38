/**
 * A fake `electron` module (as GitHub Desktop's `__mocks__/electron`), for running the real
 * shell code (electron/platform, electron/preload.ts) in node without the Electron runtime.
 * Each piece records what the code asked of it, and emits events the way Electron does, so
 * a test can play the renderer, a hostile page or the operator:
 *
 *   vi.resetModules(); const fake = createFakeElectron(); vi.doMock('electron', () => fake);
 *   const { startApp } = await import('.../electron/platform/start-app'); // now runs on `fake`
 *
 * Only what the shell uses is faked; anything else is undefined, so new use shows up as a
 * failing test rather than a silent no-op.
 */
import { EventEmitter } from 'node:events';

/** Electron's `Event`: `preventDefault()` plus the event's own fields (e.g. `url`). */
export class FakeEvent {
  defaultPrevented = false;
  [field: string]: unknown;
  constructor(fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeFrame {
  constructor(public url: string) {}
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame = new FakeFrame('');
  windowOpenHandler: WindowOpenHandler | undefined;
  readonly sent: unknown[][] = [];
  destroyed = false;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  /** Emits `name` with a fresh FakeEvent carrying `fields` and returns it, to read `defaultPrevented`. */
  fire(name: string, fields: Record<string, unknown> = {}, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent(fields);
    this.emit(name, event, ...args);
    return event;
  }
}

/** Arguments of a permission check or request, as Electron calls the handlers. */
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type HeadersListener = (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void) => void;

export function createFakeElectron() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    hasSingleInstanceLock: true,
    quitCalls: 0,
    paths: new Map<string, string>([['userData', '/fake/user-data']]),
    version: '0.1.0-fake',
    /** Resolved by default; a test may replace it to hold start-up. */
    ready: Promise.resolve(),
    setPath(name: string, path: string) {
      app.paths.set(name, path);
    },
    getPath(name: string) {
      const path = app.paths.get(name);
      if (path === undefined) throw new Error(`fake electron: no path ${name}`);
      return path;
    },
    getVersion: () => app.version,
    requestSingleInstanceLock: () => app.hasSingleInstanceLock,
    quit() {
      app.quitCalls += 1;
    },
    whenReady: () => app.ready,
  });

  class BrowserWindow extends EventEmitter {
    static readonly created: BrowserWindow[] = [];
    static getAllWindows(): BrowserWindow[] {
      return BrowserWindow.created.filter((window) => !window.destroyed);
    }
    static getFocusedWindow(): BrowserWindow | null {
      return null;
    }
    readonly webContents = new FakeWebContents();
    loadedUrl: string | undefined;
    shown = false;
    destroyed = false;

    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      BrowserWindow.created.push(this);
      // Electron announces every new web contents on the app, the window's own included.
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    show(): void {
      this.shown = true;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    close(): void {
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
  }

  const protocol = {
    privilegedSchemes: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
    handlers: new Map<string, (request: { url: string }) => Promise<Response> | Response>(),
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) {
      protocol.privilegedSchemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: { url: string }) => Promise<Response> | Response) {
      if (protocol.handlers.has(scheme)) throw new Error(`fake electron: scheme ${scheme} handled twice`);
      protocol.handlers.set(scheme, handler);
    },
  };

  const defaultSession = {
    permissionRequestHandler: undefined as PermissionRequestHandler | null | undefined,
    permissionCheckHandler: undefined as PermissionCheckHandler | null | undefined,
    devicePermissionHandler: undefined as ((details: unknown) => boolean) | null | undefined,
    headersListeners: [] as HeadersListener[],
    setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
      defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
      defaultSession.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null) {
      defaultSession.devicePermissionHandler = handler;
    },
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        defaultSession.headersListeners.push(listener);
      },
    },
  };

  type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
  const ipcMain = {
    handlers: new Map<string, InvokeHandler>(),
    handle(channel: string, handler: InvokeHandler) {
      // As Electron: a second handler for one channel is a programming error.
      if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcMain.handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      ipcMain.handlers.delete(channel);
    },
    on() {
      throw new Error('fake electron: the shell answers only through ipcMain.handle');
    },
  };

  const shell = {
    opened: [] as string[],
    async openExternal(url: string) {
      shell.opened.push(url);
    },
  };

  const dialog = {
    errorBoxes: [] as Array<{ title: string; content: string }>,
    showErrorBox(title: string, content: string) {
      dialog.errorBoxes.push({ title, content });
    },
    async showOpenDialog() {
      return { canceled: true, filePaths: [] as string[] };
    },
  };

  // The renderer side, for preload.ts.
  const contextBridge = {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(key: string, api: unknown) {
      contextBridge.exposed.set(key, api);
    },
  };
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invocations: [] as unknown[][],
    answer: (..._args: unknown[]): unknown => ({ ok: true, value: null }),
    invoke(channel: string, ...args: unknown[]) {
      ipcRenderer.invocations.push([channel, ...args]);
      return Promise.resolve(ipcRenderer.answer(channel, ...args));
    },
  });

  return {
    app,
    BrowserWindow,
    protocol,
    session: { defaultSession },
    ipcMain,
    shell,
    dialog,
    contextBridge,
    ipcRenderer,
    /** Another page's web contents (a popup, a devtools view, a foreign window). */
    createWebContents: () => new FakeWebContents(),
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>;
