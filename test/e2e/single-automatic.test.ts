/**
 * A person finishes P1 on the practice lab through the real renderer and the real services
 * (harness), and a failed Base install ends in the support state with nothing to retry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { practiceLabSite } from '../harness/practice-lab-site';
import { startHarness, type RunningHarness } from '../harness/server';
import { expectAccessible } from './support/axe';
import { launchBrowser } from './support/browser';
import { labControl, type LabControl } from './support/lab-control';
import {
  CERTIFICATE_PASSPHRASE,
  exportCertificate,
  act,
  currentStep,
  finishAfterInstall,
  prepareAndStartInstall,
  startSingleAutomaticUpdate,
  stepStatus,
  waitForStep,
} from './flows/single-automatic';

describe('P1 single appliance, automatic update (browser)', () => {
  let lab: RunningLab;
  let control: LabControl;
  let harness: RunningHarness;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aua-e2e-'));
    lab = await startLab({ timeScale: 300, ports: { appliance: 0, updateServer: 0, control: 0 } });
    control = labControl(lab.controlUrl, lab.certificatePem);
    harness = await startHarness({
      dataDir,
      rendererDir: resolve('out/renderer'),
      practiceLab: practiceLabSite(lab),
      timing: { pollIntervalMs: 200 },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(harness.url);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await lab?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a person from the home screen to a verified new version', async () => {
    const card = page.getByTestId('site-card').filter({ hasText: 'Practice lab' });
    // The site editor, as a person opens it before the first upgrade.
    await card.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: /Edit Practice lab/ }).waitFor();
    await expectAccessible(page, 'site editor');
    await page.getByRole('button', { name: '← All sites and procedures' }).click();
    await card.waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByTestId('connection-ok').waitFor();
    expect(await card.getByTestId('site-summary').textContent()).toMatch(/23\.1\.1/);
    await startSingleAutomaticUpdate(page);

    await waitForStep(page, 'window');
    expect(await currentStep(page).textContent()).toMatch(/session ends/i);
    await act(page, 'WINDOW_STARTED');

    // R1: the backup is taken by the assistant and shown with its checksum before anything else.
    await waitForStep(page, 'export-certificate');
    expect(await stepStatus(page, 'backup')).toBe('done');
    await page.locator('[data-testid="procedure-step"][data-step-id="backup"]').click();
    const backupFacts = await currentStep(page).getByTestId('facts').textContent();
    expect(backupFacts).toMatch(/[0-9a-f]{12}/);

    // A guided step opens the appliance page it names.
    await page.locator('[data-testid="procedure-step"][data-step-id="export-certificate"]').click();
    await currentStep(page).getByRole('button', { name: 'Open page' }).click();
    await expect.poll(() => harness.openedPages.length).toBeGreaterThan(0);
    expect(harness.openedPages[0]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/appliance\//);

    // The cancel dialog, checked and left with "Keep working".
    await currentStep(page).locator('[data-testid="step-action"][data-event="CANCEL"]').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await expectAccessible(page, 'dialog CANCEL');
    await page.getByTestId('dialog-dismiss').click();
    // R2: the assistant exports with the passphrase typed here and keeps the checked file in the vault.
    await exportCertificate(page);
    await waitForStep(page, 'certificate-health');
    await page.locator('[data-testid="procedure-step"][data-step-id="export-certificate"]').click();
    const certificateFacts = await currentStep(page).getByTestId('facts').textContent();
    expect(certificateFacts).toMatch(/\.p12/);
    expect(certificateFacts).not.toContain(CERTIFICATE_PASSPHRASE);
    await page.locator('[data-testid="procedure-step"][data-step-id="certificate-health"]').click();
    await act(page, 'CONFIRM');
    await waitForStep(page, 'plan');
    const plan = await currentStep(page).textContent();
    expect(plan!.indexOf('6.2.0')).toBeLessThan(plan!.indexOf('23.2.1')); // R4: Base first
    await act(page, 'START_INSTALL');
    await waitForStep(page, 'install');
    // An install shows its phase and the time against the usual range, not a bar towards an invented end.
    const phases = page.getByTestId('install-phases');
    await phases.waitFor({ timeout: 30_000 });
    expect(await phases.getAttribute('data-phase')).toMatch(/^(installing|restarting|verifying)$/);
    expect(await phases.textContent()).toMatch(/usually 15–60 min/);
    expect(await phases.textContent()).not.toMatch(/Uploading/);

    // P6: the limit proposed from 100 Mbit/s for 40 clients, saved, the clients back, the original put back.
    const seen = await finishAfterInstall(page);
    expect(seen.proposal).toMatch(/Limit before\s*20/);
    expect(seen.proposal).toMatch(/Proposed limit\s*40/);
    expect(seen.proposal).toMatch(/our assumption/);
    expect(seen.watched).toMatch(/All 40 Jump Clients are back online\./);
    expect(seen.restored).toMatch(/Limit set for the upgrade\s*40/);
    expect(seen.restored).toMatch(/The Jump Clients page shows 20 again\./);
    expect(await page.getByTestId('banner').textContent()).toMatch(/23\.2\.1/);
    for (const step of ['backup', 'install', 'backup-between', 'aftercare', 'aftercare-watch', 'aftercare-restore', 'aftercare-checklist', 'report']) {
      expect(await stepStatus(page, step)).toBe('done');
    }

    const state = await control.state();
    expect(state.appliances.A).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', status: 'running', maxConcurrentJumpClientUpgrades: 20 });
    expect(state.appliances.A!.jumpClients).toEqual({ total: 40, online: 40, upgrading: 0, pending: 0 });
    // R4: a fresh backup between Base and site, so two backups in all.
    expect(state.appliances.A!.backups).toHaveLength(2);

    // The journal names who did what.
    await page.getByRole('tab', { name: /Journal/ }).click();
    const entries = page.getByTestId('journal-entry');
    await expect.poll(() => entries.count()).toBeGreaterThan(8);
    const journal = await page.getByRole('tabpanel').textContent();
    expect(journal).toMatch(/operator/i);
    expect(journal).toMatch(/assistant/i);
    await expectAccessible(page, 'journal');

    // The vault on home, with the two backups and a verification proof.
    await page.getByRole('button', { name: '← All sites and procedures' }).click();
    await page.getByTestId('vault-entry').first().waitFor();
    await page.getByTestId('vault-verify').first().click();
    await page.getByTestId('vault-verify-result').first().waitFor();
    await expectAccessible(page, 'home with vault');
    const backups = harness.services.vault.list({ kind: 'backup' });
    expect(backups).toHaveLength(2);
    expect(backups.map((b) => b.sha256).sort()).toEqual(state.appliances.A!.backups.map((b) => b.sha256).sort());
  });

  it('stops in the support state, with nothing to retry, when the Base install fails', async () => {
    await control.post('/lab/reset', { scenario: 'single' });
    await control.fault('base-install-failure', true);
    await page.goto(harness.url);
    await startSingleAutomaticUpdate(page);
    await prepareAndStartInstall(page);

    await page.locator('[data-testid="procedure-screen"][data-status="support"]').waitFor({ timeout: 120_000 });
    await expectAccessible(page, 'procedure support end');
    const banner = await page.getByTestId('banner').textContent();
    expect(banner).toMatch(/do not restart/i);
    expect(await page.locator('[data-testid="step-action"]').count()).toBe(0);
    expect(harness.services.vault.list({ kind: 'diagnostics' }).length).toBeGreaterThan(0);
    expect((await control.state()).appliances.A!.status).toBe('needs-support');
  });
});
