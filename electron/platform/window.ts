/**
 * The one app window with the whole Electron security checklist: isolation, sandbox, no node,
 * our own scheme with a strict CSP, no navigation, no new windows, no permission prompts.
 */
import { readFile } from 'node:fs/promises';
import { BrowserWindow, protocol, session, shell } from 'electron';
import { APP_ORIGIN, contentSecurityPolicy } from './content-security';
import { mimeTypeOf, resolveStaticPath } from './static-files';


/** Must run before app `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves out/renderer under app://renderer with the CSP header; nothing outside that folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const path = url.host === 'renderer' ? resolveStaticPath(rendererDir, url.pathname) : undefined;
    if (!path) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: {
          'content-type': mimeTypeOf(path),
          'content-security-policy': contentSecurityPolicy(),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

export interface WindowOptions {
  preloadPath: string;
  /** Set in `npm run dev`: the Vite dev server. */
  devServerUrl?: string;
}

export function isOwnUrl(url: string, devServerUrl?: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || (devServerUrl !== undefined && url.startsWith(devServerUrl));
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Appliance Upgrade Assistant',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });

  if (options.devServerUrl) {
    // The dev server sends no CSP of its own: add ours (plus its hot-reload socket).
    const devOrigin = new URL(options.devServerUrl);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [contentSecurityPolicy([`ws://${devOrigin.host}`])],
        },
      });
    });
  }

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Appliance pages open in the system browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, options.devServerUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  void window.loadURL(options.devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

export async function openExternalPage(url: string): Promise<void> {
  await shell.openExternal(url);
}
