/**
 * The app's lifecycle and the shell around the services, as one function main.ts calls: the
 * app:// scheme, the locked-down session and web contents, the one window, the bridge over
 * IPC, start-up failure and quit. main.ts supplies what is not Electron (services, the lab,
 * the log), so this file runs unchanged against a faked `electron` in unit tests.
 */
import { app, BrowserWindow, dialog, session, type BrowserWindow as Window } from 'electron';
import type { EventHub } from '../bridge/event-hub';
import type { Router } from '../bridge/router';
import type { PageOpener } from '../services/ports';
import { holdQuitUntilFlushed } from '../services/quit';
import { createExternalPageOpener } from './external-pages';
import { serveOverIpc } from './ipc-main';
import { addDevServerCsp, createMainWindow, denyAllPermissions, isOwnUrl, lockDownWebContents, registerAppScheme, rendererDevUrl, serveRenderer } from './window';

/** What the shell needs from the booted services. */
export interface BootedServices {
  router: Router;
  hub: EventHub;
  /** The addresses of every appliance of the stored sites: their https origins may be opened externally. */
  applianceUrls(): readonly string[];
  /** Settles when every pending write (snapshots, journals, vault index) is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface ShellLog {
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export interface StartAppOptions {
  env: Record<string, string | undefined>;
  rendererDir: string;
  preloadPath: string;
  log: ShellLog;
  /** Builds the services once the app is ready, with the platform's page opener. */
  boot(platform: { dataDir: string; appVersion: string; pages: PageOpener }): Promise<BootedServices>;
}

export interface RunningApp {
  /** Settles when start-up finished: the window is open, or the failure was shown and the app quits. */
  ready: Promise<void>;
}

export function startApp(options: StartAppOptions): RunningApp {
  const { env, log } = options;
  if (env.AUA_USER_DATA) app.setPath('userData', env.AUA_USER_DATA);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }
  registerAppScheme();

  const devServerUrl = rendererDevUrl(app.isPackaged, env.ELECTRON_RENDERER_URL);
  if (env.ELECTRON_RENDERER_URL && !devServerUrl) {
    log.warn(`ELECTRON_RENDERER_URL ignored (${app.isPackaged ? 'packaged app' : 'not a local http address'}): showing the built-in pages`);
  }
  const isOwn = (url: string) => isOwnUrl(url, devServerUrl);
  let services: BootedServices | undefined;

  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, isOwn));

  function openWindow(): Window | undefined {
    if (!services) return undefined;
    const window = createMainWindow({ preloadPath: options.preloadPath, devServerUrl });
    const stopServing = serveOverIpc(services.router, services.hub, window, isOwn);
    window.on('closed', stopServing);
    return window;
  }

  const ready = app
    .whenReady()
    .then(async () => {
      denyAllPermissions(session.defaultSession);
      if (devServerUrl) addDevServerCsp(session.defaultSession, devServerUrl);
      services = await options.boot({
        dataDir: app.getPath('userData'),
        appVersion: app.getVersion(),
        pages: createExternalPageOpener(() => services?.applianceUrls() ?? []),
      });
      serveRenderer(options.rendererDir);
      openWindow();
    })
    .catch((error: unknown) => {
      log.error('start-up failed', error);
      dialog.showErrorBox('Appliance Upgrade Assistant could not start', String(error instanceof Error ? error.message : error));
      app.quit();
    });

  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  // Quit waits for pending writes, so a procedure's last step is on disk before the process ends.
  app.on('before-quit', holdQuitUntilFlushed(() => services, () => app.quit()));
  app.on('will-quit', () => {
    void services?.close();
  });
  return { ready };
}
