/**
 * P2 across the air gap, as two computers: the restricted one (a site, no update server)
 * and the connected one (the update server, no site), sharing a USB stick (a folder shown as
 * a removable drive). A person generates the key, fetches and bundles the updates, carries
 * the bundle back, verifies it, uploads, installs, and sees the new version verified.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import type { ManualOfflineContext } from '../../shared/procedures/manual-offline/context';
import { practiceLabSite, practiceUpdateServer } from '../harness/practice-lab-site';
import { reportPdfText } from './support/report';
import { startHarness, type RunningHarness } from '../harness/server';
import { launchBrowser } from './support/browser';
import { labControl, type LabControl } from './support/lab-control';
import { currentStep, stepStatus, waitForStep } from './flows/single-automatic';
import { actWithMedia, fetchUpdatesOntoMedia, startManualUpdateAndSaveKey, verifyBundleAndInstall } from './flows/manual-offline';

describe('P2 manual update across the air gap (browser, two computers)', () => {
  let lab: RunningLab;
  let control: LabControl;
  let restricted: RunningHarness;
  let connected: RunningHarness;
  let browser: Browser;
  let restrictedPage: Page;
  let connectedPage: Page;
  let root: string;
  let usb: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'aua-p2-'));
    usb = join(root, 'usb-stick');
    mkdirSync(usb);
    lab = await startLab({ timeScale: 300, ports: { appliance: 0, updateServer: 0, control: 0 } });
    control = labControl(lab.controlUrl, lab.certificatePem);
    const rendererDir = resolve('out/renderer');
    restricted = await startHarness({ dataDir: join(root, 'restricted'), rendererDir, practiceLab: practiceLabSite(lab), mediaDirs: [usb], timing: { pollIntervalMs: 200 } });
    connected = await startHarness({ dataDir: join(root, 'connected'), rendererDir, updateServer: practiceUpdateServer(lab), mediaDirs: [usb] });
    browser = await launchBrowser();
    restrictedPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    connectedPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await restrictedPage.goto(restricted.url);
    await connectedPage.goto(connected.url);
  });

  afterAll(async () => {
    await browser?.close();
    await restricted?.close();
    await connected?.close();
    await lab?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('gets the new version onto an appliance that never reaches the internet', async () => {
    await startManualUpdateAndSaveKey(restrictedPage, usb);
    expect(await stepStatus(restrictedPage, 'clock-check')).toBe('done');
    expect(readdirSync(usb).some((name) => name.endsWith('.aua-key.json'))).toBe(true);

    const code = await fetchUpdatesOntoMedia(connectedPage, usb);
    // R7: once downloaded, the packages are gone from the update server's list.
    const state = (await control.state()) as unknown as { updateServer: { downloads: { completed: boolean }[] } };
    expect(state.updateServer.downloads.filter((d) => d.completed)).toHaveLength(2);

    await verifyBundleAndInstall(restrictedPage, usb, code);
    // The same digest code is shown on both sides, so a person can compare them.
    await restrictedPage.locator('[data-testid="procedure-step"][data-step-id="verify-bundle"]').click();
    expect(await currentStep(restrictedPage).textContent()).toContain(code);
    const proof = currentStep(restrictedPage).getByTestId('step-item');
    expect(await proof.count()).toBeGreaterThanOrEqual(2);
    for (const status of await proof.evaluateAll((items) => items.map((i) => i.getAttribute('data-status')))) expect(status).toBe('done');

    const appliance = (await control.state()).appliances.A as unknown as { siteVersion: string; baseVersion: string; installed: { source: string }[] };
    expect(appliance).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0' });
    expect(appliance.installed.map((i) => i.source)).toEqual(['manual', 'manual']);

    // Each side's customer report: the packages with their full SHA-256, the versions on the restricted side.
    const restrictedRun = restricted.services.procedures.list().find((p) => p.kind === 'P2' && p.status === 'done');
    const connectedRun = connected.services.procedures.list().find((p) => p.kind === 'P2-fetch' && p.status === 'done');
    const report = await reportPdfText(restricted, restrictedRun?.id ?? '');
    const fetched = await reportPdfText(connected, connectedRun?.id ?? '');
    expect(report.text).toContain('Site 23.1.1 · Base 6.1.0');
    expect(report.text).toContain('Site 23.2.1 · Base 6.2.0');
    const imported = (restricted.services.procedures.reportSource(restrictedRun?.id ?? '').context as ManualOfflineContext).imported ?? [];
    expect(imported).toHaveLength(2);
    for (const pkg of imported) {
      expect(report.text).toContain(`SHA-256 ${pkg.sha256}`);
      expect(fetched.text).toContain(`SHA-256 ${pkg.sha256}`);
    }
  });

  it('refuses a tampered bundle with a precise message and installs nothing', async () => {
    await control.post('/lab/reset', { scenario: 'single' });
    await restrictedPage.goto(restricted.url);
    await connectedPage.goto(connected.url);
    rmSync(usb, { recursive: true, force: true });
    mkdirSync(usb);

    await startManualUpdateAndSaveKey(restrictedPage, usb);
    await fetchUpdatesOntoMedia(connectedPage, usb);
    // One flipped byte in a package on the stick.
    const bundleDir = join(usb, readdirSync(usb).find((name) => name.startsWith('aua-bundle-'))!);
    const packageFile = readdirSync(bundleDir).map((name) => join(bundleDir, name)).find((path) => !path.endsWith('manifest.json'))!;
    const bytes = readFileSync(packageFile);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(packageFile, bytes);

    await waitForStep(restrictedPage, 'await-bundle');
    await actWithMedia(restrictedPage, 'BUNDLE_READY', usb);
    await restrictedPage.locator('[data-testid="current-step"][data-step-id="verify-bundle"][data-status="failed"]').waitFor({ timeout: 60_000 });
    // The proof shows every file: exactly the one with the flipped byte failed, and the
    // message names it.
    const failed = currentStep(restrictedPage).locator('[data-testid="step-item"][data-status="failed"]');
    expect(await failed.count()).toBe(1);
    expect(await currentStep(restrictedPage).locator('[data-testid="step-item"][data-status="done"]').count()).toBe(1);
    expect(await restrictedPage.getByTestId('error-message').textContent()).toContain(basename(packageFile));
    expect(await currentStep(restrictedPage).locator('[data-testid="step-action"][data-event="START_INSTALL"]').count()).toBe(0);
    expect((await control.state()).appliances.A!.siteVersion).toBe('23.1.1');
  });
});
