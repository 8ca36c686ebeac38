/**
 * A person migrates the practice lab's physical appliance A to a new virtual appliance N through
 * the real renderer and services (harness): factory password, backup, certificate export and
 * import, Assign IP, licence, software install, restore (with the services stopped mid-restore
 * and started again on the same data), DNS, tests, reset and shut down of A. At the end A is off
 * and N serves the site with A's certificate, settings and API credentials.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { probeCertificate, probeSiteAddress } from '../../electron/services/appliance';
import type { HardwareMigrationContext } from '../../shared/procedures/hardware-migration/context';
import { practiceLabSite } from '../harness/practice-lab-site';
import { reportPdfText } from './support/report';
import { startHarness, type RunningHarness } from '../harness/server';
import { expectAccessible } from './support/axe';
import { launchBrowser } from './support/browser';
import { labControl, type LabControl } from './support/lab-control';
import { give as giveValue, tickAll as tickEvery } from './flows/step-inputs';
import { act, CERTIFICATE_PASSPHRASE, currentStep, exportCertificate, waitForAction, waitForStep } from './flows/single-automatic';

const LONG = 120_000;

interface MigrationLabState {
  appliances: Record<string, { status: string; factory: boolean; fingerprint256: string; restoredFrom: { serial: string } | null; restoresStarted: number }>;
  dns: { target: string; pending: unknown };
}

describe('P5 hardware migration, physical to virtual (browser)', () => {
  let lab: RunningLab;
  let control: LabControl;
  let harness: RunningHarness;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  const services = () =>
    startHarness({ dataDir, rendererDir: resolve('out/renderer'), practiceLab: practiceLabSite(lab), timing: { pollIntervalMs: 200 } });
  const state = async () => (await control.state()) as unknown as MigrationLabState;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aua-p5-'));
    lab = await startLab({ scenario: 'migration-virtual', timeScale: 600 });
    control = labControl(lab.controlUrl, lab.certificatePem);
    harness = await services();
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

  const give = (event: string, value: string) => giveValue(page, event, value);
  const tickAll = (event: string) => tickEvery(page, event);

  it('moves the site to the new appliance and retires the old one', async () => {
    const card = page.getByTestId('site-card').filter({ hasText: 'Practice lab' });
    await card.waitFor();
    await card.getByTestId('start-p5').click();
    await page.getByTestId('procedure-screen').waitFor();
    const procedureId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);

    // The new appliance: its address, then its factory certificate compared and trusted.
    await waitForStep(page, 'new-appliance');
    await give('ADDRESS', lab.appliances.N!.url);
    await waitForAction(page, 'TRUST');
    await expect.poll(() => currentStep(page).textContent()).toContain(lab.appliances.N!.fingerprint256.slice(0, 11));
    await act(page, 'TRUST');

    // The factory password, generated and shown once.
    await waitForStep(page, 'factory-password');
    await waitForAction(page, 'SET_PASSWORD');
    const passwordForm = currentStep(page).locator('[data-testid="action-form"][data-event="SET_PASSWORD"]');
    await passwordForm.getByTestId('generate-secret').click();
    const password = (await passwordForm.getByTestId('generated-secret').locator('output').textContent()) ?? '';
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    await passwordForm.locator('[data-testid="step-action"][data-event="SET_PASSWORD"]').click();

    // The old appliance: window, backup, certificate export (required) into the vault.
    await waitForStep(page, 'window', LONG);
    await act(page, 'WINDOW_STARTED');
    await waitForStep(page, 'export-certificate', LONG);
    await exportCertificate(page);

    // Import, warnings, Assign IP, licence: the new appliance takes A's certificate.
    await waitForStep(page, 'accept-eula', LONG);
    await expect.poll(() => page.getByTestId('step-document').textContent()).toMatch(/licen[cs]e/i);
    await act(page, 'ACCEPT_EULA');
    await waitForStep(page, 'new-plan', LONG);
    await act(page, 'START_INSTALL');

    // The restore starts; the services stop mid-restore (as a crash would) and start again.
    await expect.poll(async () => (await state()).appliances.N!.status, { timeout: LONG, interval: 50 }).toBe('restoring');
    await harness.close();
    harness = await services();
    await page.goto(`${harness.url}#/procedures/${encodeURIComponent(procedureId)}`);
    await page.getByTestId('procedure-screen').waitFor();

    // DNS: the operator points the record at N on the lab's DNS controller; the app sees N answer.
    await waitForStep(page, 'point-dns', LONG);
    await control.post('/lab/dns', { target: 'N', propagationSeconds: 600 });
    await act(page, 'DNS_CHANGED');
    await waitForStep(page, 'test-sessions', LONG);
    await tickAll('CONFIRM');

    // Retire A: reset (confirm names it), shut down, ship.
    await waitForStep(page, 'reset-old', LONG);
    await waitForAction(page, 'RESET_OLD');
    await currentStep(page).locator('[data-testid="step-action"][data-event="RESET_OLD"]').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect.poll(() => dialog.textContent()).toMatch(/LAB-A-1001|appliance-a/);
    await expectAccessible(page, 'dialog RESET_OLD');
    const note = dialog.locator('textarea');
    if (await note.count()) await note.fill('Migrated to the new virtual appliance.');
    await dialog.locator('button[type="submit"]').click();
    await waitForStep(page, 'ship-old', LONG);
    await tickAll('CONFIRM');
    await page.locator('[data-testid="procedure-screen"][data-status="done"]').waitFor({ timeout: LONG });
    await expectAccessible(page, 'migration done');

    // The outcome, checked on the lab itself.
    const after = await state();
    expect(after.appliances.A!.status).toBe('off');
    expect(after.appliances.N!.restoredFrom).toMatchObject({ serial: 'LAB-A-1001' });
    expect(after.dns.target).toBe('N');
    const presented = await probeCertificate(lab.appliances.N!.url);
    expect(presented.fingerprint256).toBe(lab.appliances.A!.fingerprint256);
    const answer = await probeSiteAddress({
      siteAddress: lab.siteUrl,
      siteHostname: lab.siteHostname,
      pinnedFingerprint256: lab.appliances.A!.fingerprint256,
      apiClientId: lab.credentials.apiClientId,
      apiClientSecret: lab.credentials.apiClientSecret,
    });
    expect(answer).toMatchObject({ applianceId: 'LAB-N-2001', version: '23.1.1' });

    // Nothing secret reached the procedure's files.
    const procedureDir = join(dataDir, 'procedures', procedureId);
    for (const file of ['snapshot.json', 'journal.jsonl']) {
      const text = readFileSync(join(procedureDir, file), 'utf8');
      expect(text).not.toContain(password);
      expect(text).not.toContain(CERTIFICATE_PASSPHRASE);
    }
    const events = readFileSync(join(procedureDir, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toContain('ACCEPT_EULA');
    // The restart mid-restore did not send the backup a second time: checked first, then verified.
    expect(after.appliances.N!.restoresStarted).toBe(1);
    expect(events.filter((e) => e === 'RESTORE_VERIFIED')).toHaveLength(1);
    expect(events.indexOf('SITE_SERVED_BY_NEW')).toBeGreaterThan(events.indexOf('RESTORE_VERIFIED'));

    // The customer report: both appliances, the new one's version, the backup and certificate with full SHA-256, no secret.
    const report = await reportPdfText(harness, procedureId);
    const context = harness.services.procedures.reportSource(procedureId).context as HardwareMigrationContext;
    expect(report.text).toContain('Old appliance, replaced');
    expect(report.text).toContain('New appliance');
    expect(report.text).toMatch(/Site 23\.1\.1 · Base 6\.1\.0 +Site 23\.1\.1 · Base 6\.1\.0/);
    for (const backup of context.backups) expect(report.text).toContain(`SHA-256 ${backup.sha256}`);
    expect(report.text).toContain(`SHA-256 ${context.certificateFile?.sha256}`);
    expect(report.text).not.toContain(password);
    expect(report.text).not.toContain(CERTIFICATE_PASSPHRASE);
  });
});
