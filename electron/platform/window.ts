/**
 * The one app window with the whole Electron security checklist: isolation, sandbox, no node,
 * our own scheme with a strict CSP, no navigation, no new windows, no webviews, no permissions.
 */
import { readFile } from 'node:fs/promises';
import { BrowserWindow, protocol, type Session, type WebContents } from 'electron';
import { APP_ORIGIN, contentSecurityPolicy } from './content-security';
import { locateStaticFile, mimeTypeOf } from './static-files';

/** Must run before app `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
};

function plainAnswer(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/** The app:// answer for one request: a file of out/renderer with the CSP, or a plain 400/404. Never rejects. */
export async function answerAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return plainAnswer(400, 'Bad request: the address is not valid.');
  }
  if (url.host !== 'renderer') return plainAnswer(404, 'Not found');
  const found = locateStaticFile(rendererDir, url.pathname);
  if (found.kind === 'bad-request') return plainAnswer(400, `Bad request: ${found.reason}`);
  if (found.kind === 'outside') return plainAnswer(404, 'Not found');
  try {
    const body = await readFile(found.path);
    return new Response(body, { headers: { ...SECURITY_HEADERS, 'content-type': mimeTypeOf(found.path) } });
  } catch {
    return plainAnswer(404, 'Not found');
  }
}

/** Serves out/renderer under app://renderer with the CSP header; nothing outside that folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', (request) => answerAppRequest(rendererDir, request.url));
}

/**
 * The Vite dev server of `npm run dev`, honoured only in an unpackaged app: a packaged app
 * always shows its own pages, whatever the environment says.
 */
export function rendererDevUrl(isPackaged: boolean, envValue: string | undefined): string | undefined {
  if (isPackaged || !envValue) return undefined;
  try {
    const url = new URL(envValue);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Our own pages: app://renderer, or the dev server's origin (compared as origins, not prefixes). */
export function isOwnUrl(url: string, devServerUrl?: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  if (devServerUrl === undefined) return false;
  try {
    return new URL(url).origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Every permission is refused, checked or requested (camera, notifications, USB, …): the app
 * needs none, and a page that asks is not ours.
 */
export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}

/** The dev server sends no CSP of its own: add ours (plus its hot-reload socket). */
export function addDevServerCsp(target: Session, devServerUrl: string): void {
  const devOrigin = new URL(devServerUrl);
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy([`ws://${devOrigin.host}`])],
      },
    });
  });
}

/**
 * For every web contents the app creates: no navigation away from our pages, no new windows
 * (the renderer opens appliance pages through the bridge's shell.openPage, never window.open),
 * no webviews.
 */
export function lockDownWebContents(contents: WebContents, isOwn: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!isOwn(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isOwn(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface WindowOptions {
  preloadPath: string;
  /** Set in `npm run dev` (unpackaged only, see rendererDevUrl): the Vite dev server. */
  devServerUrl?: string;
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
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

