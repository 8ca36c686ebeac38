/**
 * Entry of the main process: composes the services (and the practice lab) and hands them to
 * the shell (electron/platform/start-app.ts), which owns the lifecycle and the window.
 * `npm start` opens on the practice lab (set AUA_PRACTICE_LAB=0 to work on real appliances only).
 */
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import log from 'electron-log/main';
import { startLab, type RunningLab } from './lab';
import { practiceLabSite, practiceUpdateServer } from './lab/practice-site';
import { isScenarioName } from './lab/scenarios';
import { createDialogFolderPicker } from './platform/folder-picker';
import { createFileChooser, createFileRevealer, createSaveDialog } from './platform/file-dialogs';
import { createPdfPrinter } from './platform/pdf-printer';
import { startApp } from './platform/start-app';
import { createSafeStorageSecretStore, createSettingsStore } from './platform/stores';
import { composeServices } from './services/compose';
import { createSystemDriveLister } from './services/media';
import { applianceUrlsOf } from '../shared/sites';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The practice lab holds appliance A for the updates (P1, P2) and a new virtual appliance N in
 * factory state to practise a hardware migration on (P5); AUA_LAB_SCENARIO picks another.
 */
async function startPracticeLab(dataDir: string): Promise<RunningLab | undefined> {
  if (process.env.AUA_PRACTICE_LAB === '0') return undefined;
  const wanted = process.env.AUA_LAB_SCENARIO;
  const scenario = isScenarioName(wanted) ? wanted : 'migration-virtual';
  const certDir = join(dataDir, 'practice-lab');
  mkdirSync(certDir, { recursive: true, mode: 0o700 });
  try {
    return await startLab({ scenario, timeScale: 30, ports: { appliance: 9443, updateServer: 9450, control: 9440, site: 9460 }, certDir });
  } catch (error) {
    // Ports taken (another copy of the lab): fall back to free ports rather than no lab.
    log.warn('practice lab on fixed ports failed, using free ports', error);
    return startLab({ scenario, timeScale: 30, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 }, certDir });
  }
}

startApp({
  env: process.env,
  rendererDir: join(here, '../renderer'),
  preloadPath: join(here, '../preload/preload.cjs'),
  log,
  async boot({ dataDir, appVersion, pages }) {
    const lab = await startPracticeLab(dataDir);
    const labAppliance = lab?.appliances.A;
    const services = await composeServices({
      dataDir,
      appVersion,
      operator: userInfo().username,
      settings: createSettingsStore(),
      secrets: createSafeStorageSecretStore(),
      pages,
      drives: createSystemDriveLister(),
      folders: createDialogFolderPicker(),
      saveDialog: createSaveDialog(),
      fileChooser: createFileChooser(),
      revealer: createFileRevealer(),
      pdf: createPdfPrinter(),
      practiceLab: lab && labAppliance ? practiceLabSite(lab) : undefined,
      // The practice lab's update server serves the connected side of a manual update (P2).
      updateServer: lab ? practiceUpdateServer(lab) : undefined,
      onUnexpectedError: (where, error) => log.error(`unexpected error in ${where}`, error),
    });
    return {
      router: services.router,
      hub: services.hub,
      applianceUrls: () => applianceUrlsOf(services.sites.list()),
      flush: () => services.flush(),
      async close() {
        await services.close();
        await lab?.close();
      },
    };
  },
});
