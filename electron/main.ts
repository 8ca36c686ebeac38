/**
 * Entry of the main process: app lifecycle, the one window, and the wiring of services to
 * the bridge. `npm start` opens on the practice lab (set AUA_PRACTICE_LAB=0 to work on real
 * appliances only).
 */
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import log from 'electron-log/main';
import { startLab, type RunningLab } from './lab';
import { createDialogFolderPicker } from './platform/folder-picker';
import { serveOverIpc } from './platform/ipc-main';
import { createSafeStorageSecretStore, createSettingsStore } from './platform/stores';
import { createMainWindow, isOwnUrl, openExternalPage, registerAppScheme, serveRenderer } from './platform/window';
import { composeServices, type Services } from './services/compose';
import { createSystemDriveLister } from './services/media';

if (process.env.AUA_USER_DATA) app.setPath('userData', process.env.AUA_USER_DATA);
if (!app.requestSingleInstanceLock()) app.quit();
registerAppScheme();

const here = dirname(fileURLToPath(import.meta.url));
let services: Services | undefined;
let lab: RunningLab | undefined;

async function startPracticeLab(dataDir: string): Promise<RunningLab | undefined> {
  if (process.env.AUA_PRACTICE_LAB === '0') return undefined;
  const certDir = join(dataDir, 'practice-lab');
  mkdirSync(certDir, { recursive: true, mode: 0o700 });
  try {
    return await startLab({ timeScale: 30, ports: { appliance: 9443, updateServer: 9450, control: 9440 }, certDir });
  } catch (error) {
    // Ports taken (another copy of the lab): fall back to free ports rather than no lab.
    log.warn('practice lab on fixed ports failed, using free ports', error);
    return startLab({ timeScale: 30, ports: { appliance: 0, updateServer: 0, control: 0 }, certDir });
  }
}

async function boot(): Promise<void> {
  const dataDir = app.getPath('userData');
  lab = await startPracticeLab(dataDir);
  const labAppliance = lab?.appliances.A;
  services = await composeServices({
    dataDir,
    appVersion: app.getVersion(),
    operator: userInfo().username,
    settings: createSettingsStore(),
    secrets: createSafeStorageSecretStore(),
    pages: { open: openExternalPage },
    drives: createSystemDriveLister(),
    folders: createDialogFolderPicker(),
    practiceLab:
      lab && labAppliance
        ? {
            applianceUrl: labAppliance.url,
            siteHostname: lab.siteHostname,
            fingerprint256: labAppliance.fingerprint256,
            ...lab.credentials,
          }
        : undefined,
    // The practice lab's update server serves the connected side of a manual update (P2).
    updateServer: lab ? { url: lab.updateServerUrl, pinnedFingerprint256: lab.fingerprint256 } : undefined,
    onUnexpectedError: (where, error) => log.error(`unexpected error in ${where}`, error),
  });

  serveRenderer(join(here, '../renderer'));
  openWindow();
}

function openWindow(): void {
  if (!services) return;
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  const window = createMainWindow({ preloadPath: join(here, '../preload/preload.cjs'), devServerUrl });
  const stopServing = serveOverIpc(services.router, services.hub, window, (url) => isOwnUrl(url, devServerUrl));
  window.on('closed', stopServing);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, process.env.ELECTRON_RENDERER_URL)) event.preventDefault();
  });
});

app.whenReady().then(boot).catch((error: unknown) => {
  log.error('start-up failed', error);
  dialog.showErrorBox('Appliance Upgrade Assistant could not start', String(error instanceof Error ? error.message : error));
  app.quit();
});

app.on('window-all-closed', () => app.quit());
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) openWindow();
});
app.on('will-quit', () => {
  void services?.close();
  void lab?.close();
});

