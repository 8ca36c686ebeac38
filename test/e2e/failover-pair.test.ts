/**
 * A person upgrades the practice lab's failover pair through the real renderer and services
 * (harness): P3 (synchronous) and then, on the pair as it was, P4 (asynchronous, B first, made
 * primary by the shared IP). Each ends with both appliances on the new version and the pair
 * re-established with the intended primary; the site watch measures less downtime for P4.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { practiceLabSite, practiceUpdateServer } from '../harness/practice-lab-site';
import { startHarness, type RunningHarness } from '../harness/server';
import { launchBrowser } from './support/browser';
import { labControl, type LabControl } from './support/lab-control';
import { completeP3, completeP4 } from './flows/failover';

const LONG = 240_000;

interface PairLabState {
  network: { sharedIpHolders: string[] };
  appliances: Record<'A' | 'B', { siteVersion: string; baseVersion: string; failover: { role: string; peer: string; lastSyncStatus: string } }>;
}

describe('failover pair upgrades (browser)', () => {
  let lab: RunningLab;
  let control: LabControl;
  let harness: RunningHarness;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  const downtime: Record<string, number> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aua-pair-'));
    lab = await startLab({ scenario: 'failover', timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
    control = labControl(lab.controlUrl, lab.certificatePem);
    harness = await startHarness({
      dataDir,
      rendererDir: resolve('out/renderer'),
      practiceLab: practiceLabSite(lab),
      updateServer: practiceUpdateServer(lab),
      timing: { pollIntervalMs: 200, siteWatchIntervalMs: 200 },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(harness.url);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await lab?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const state = async () => (await control.state()) as unknown as PairLabState;
  const downSeconds = async () => Number(await page.getByTestId('site-watch').getAttribute('data-down-seconds'));

  it(
    'P3: A then B, A stays primary',
    async () => {
      await completeP3(page);
      const lab1 = await state();
      expect(lab1.appliances.A).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'primary', lastSyncStatus: 'success' } });
      expect(lab1.appliances.B).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'backup' } });
      expect(lab1.network.sharedIpHolders).toEqual(['A']);
      downtime.P3 = await downSeconds();
      expect(downtime.P3).toBeGreaterThan(0);
    },
    LONG,
  );

  it(
    'P4: B first and made primary by the shared IP, then A; B ends primary with less downtime than P3',
    async () => {
      await control.post('/lab/reset', { scenario: 'failover' });
      await page.goto(harness.url);
      await completeP4(page);
      const lab2 = await state();
      expect(lab2.appliances.B).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'primary', lastSyncStatus: 'success' } });
      expect(lab2.appliances.A).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'backup' } });
      expect(lab2.network.sharedIpHolders).toEqual(['B']);
      downtime.P4 = await downSeconds();
      console.log(`[pair e2e] site down: P3 ${downtime.P3} s, P4 ${downtime.P4} s (real seconds, lab time ×600)`);
      expect(downtime.P4).toBeLessThan(downtime.P3!);
    },
    LONG,
  );
});
