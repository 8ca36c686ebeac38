/**
 * The world a browser e2e test runs in: the lab in-process, the harness (real services and
 * renderer) on its own data folder, and Chromium on the app. `restartHarness` stops the services
 * as a crash would and starts them again on the same data, the lab untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startLab, type RunningLab } from '../../../electron/lab';
import type { ScenarioName } from '../../../electron/lab/scenarios';
import { practiceLabSite, practiceUpdateServer } from '../../harness/practice-lab-site';
import { startHarness, type RunningHarness } from '../../harness/server';
import { launchBrowser } from './browser';
import { labControl, type LabControl } from './lab-control';

export interface World {
  lab: RunningLab;
  control: LabControl;
  harness: RunningHarness;
  page: Page;
  dataDir: string;
  /** The folder the harness shows as a removable drive (a USB stick), when asked for one. */
  usb: string | null;
  /** Closes the services (as a crash would) and starts them on the same data; reloads the page. */
  restartHarness(): Promise<void>;
  close(): Promise<void>;
}

/** `usbStick`: a folder the harness shows as a removable drive (none by default). */
export async function startWorld(options: { scenario: ScenarioName; timeScale: number; name: string; usbStick?: boolean }): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), `aua-${options.name}-`));
  const usb = options.usbStick ? mkdtempSync(join(tmpdir(), `aua-${options.name}-usb-`)) : null;
  const lab = await startLab({ scenario: options.scenario, timeScale: options.timeScale, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
  const services = () =>
    startHarness({
      dataDir,
      rendererDir: resolve('out/renderer'),
      practiceLab: practiceLabSite(lab),
      updateServer: practiceUpdateServer(lab),
      timing: { pollIntervalMs: 200, siteWatchIntervalMs: 200 },
      ...(usb ? { mediaDirs: [usb] } : {}),
    });
  const browser: Browser = await launchBrowser();
  const world: World = {
    lab,
    control: labControl(lab.controlUrl, lab.certificatePem),
    harness: await services(),
    page: await browser.newPage({ viewport: { width: 1280, height: 900 } }),
    dataDir,
    usb,
    async restartHarness() {
      const at = world.page.url().replace(world.harness.url, '');
      await world.harness.close();
      world.harness = await services();
      await world.page.goto(`${world.harness.url}${at}`);
    },
    async close() {
      await browser.close();
      await world.harness.close();
      await lab.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (usb) rmSync(usb, { recursive: true, force: true });
    },
  };
  await world.page.goto(world.harness.url);
  return world;
}
