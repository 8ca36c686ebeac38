/**
 * What a person does to finish P1 through the UI, step by step, shared by the browser
 * (harness) suite and the Electron suite. Every wait names the step it waits for, so a
 * failure says where the procedure stopped.
 */
import { lookAfterClients, type AftercareSeen } from './aftercare';
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';

const INSTALL_TIMEOUT_MS = 150_000;

export function currentStep(page: Page) {
  return page.locator('[data-testid="current-step"]');
}

/** Waits until the step is the one shown, then checks that screen with axe. */
export async function waitForStep(page: Page, stepId: string, timeout = 60_000): Promise<void> {
  try {
    await page.locator(`[data-testid="current-step"][data-step-id="${stepId}"]`).waitFor({ timeout });
  } catch (error) {
    throw new Error(`Waited ${timeout / 1000} s for step ${stepId}; the screen shows ${await whereItStopped(page)}`, { cause: error });
  }
  await expectAccessible(page, `step ${stepId}`);
}

/** The step on screen and what it says (its error, its facts), for a failure message. */
async function whereItStopped(page: Page): Promise<string> {
  const step = currentStep(page);
  const id = await step.getAttribute('data-step-id', { timeout: 1_000 }).catch(() => null);
  if (id === null) return `no current step (status ${await page.getByTestId('procedure-screen').getAttribute('data-status', { timeout: 1_000 }).catch(() => 'unknown')})`;
  const text = (await step.innerText({ timeout: 1_000 }).catch(() => '')).replace(/\s+/g, ' ').slice(0, 600);
  return `step ${id}: ${text}`;
}

export async function waitForAction(page: Page, event: string, timeout = 60_000): Promise<void> {
  await currentStep(page).locator(`[data-testid="step-action"][data-event="${event}"]:not([disabled])`).waitFor({ timeout });
}

/** Clicks an offered action; answers its confirm dialog (with a note when one is required). */
export async function act(page: Page, event: string, note = 'Checked on site by the technician.'): Promise<void> {
  await waitForAction(page, event);
  await currentStep(page).locator(`[data-testid="step-action"][data-event="${event}"]`).click();
  const dialog = page.getByTestId('confirm-dialog');
  if (await dialog.isVisible().catch(() => false)) {
    await expectAccessible(page, `dialog ${event}`);
    const textarea = dialog.locator('textarea');
    if (await textarea.count()) await textarea.fill(note);
    await dialog.locator('button[type="submit"]').click();
  }
}

/** The passphrase a person types for the certificate file in the flows; the assistant keeps it in memory only. */
export const CERTIFICATE_PASSPHRASE = 'Lab certificate passphrase 42';

/**
 * At the certificate step: types the passphrase for the file twice (the field and "Type it
 * again") and lets the assistant export and check the file, then goes on once it is checked.
 */
export async function exportCertificate(page: Page, passphrase = CERTIFICATE_PASSPHRASE): Promise<void> {
  await waitForAction(page, 'EXPORT');
  const form = currentStep(page).locator('[data-testid="action-form"][data-event="EXPORT"]');
  await form.getByLabel('Passphrase for the file', { exact: true }).fill(passphrase);
  await form.getByLabel('Type it again', { exact: true }).fill(passphrase);
  await form.locator('[data-testid="step-action"][data-event="EXPORT"]').click();
  // Checked: the file is in the vault and passed; CONFIRM goes on.
  await act(page, 'CONFIRM');
}

export async function stepStatus(page: Page, stepId: string): Promise<string | null> {
  return page.locator(`[data-testid="procedure-step"][data-step-id="${stepId}"]`).getAttribute('data-status');
}

/** From the home screen: test the practice lab connection and start P1. */
export async function startSingleAutomaticUpdate(page: Page): Promise<void> {
  const card = page.getByTestId('site-card').filter({ hasText: 'Practice lab' });
  await card.waitFor();
  await expectAccessible(page, 'home');
  await card.getByRole('button', { name: 'Test connection' }).click();
  await card.getByTestId('connection-ok').waitFor();
  await card.getByTestId('site-summary').waitFor();
  await card.getByRole('button', { name: /Start single appliance/ }).click();
  await page.getByTestId('procedure-screen').waitFor();
}

/** Through the maintenance window, backup, certificate steps and the install plan. */
export async function prepareAndStartInstall(page: Page): Promise<void> {
  await waitForStep(page, 'window');
  await act(page, 'WINDOW_STARTED');
  await waitForStep(page, 'export-certificate');
  await exportCertificate(page);
  await waitForStep(page, 'certificate-health');
  await act(page, 'CONFIRM');
  await waitForStep(page, 'plan');
  await act(page, 'START_INSTALL');
  await waitForStep(page, 'install');
}

export async function finishAfterInstall(page: Page): Promise<AftercareSeen> {
  const seen = await lookAfterClients(page, { timeout: INSTALL_TIMEOUT_MS });
  await page.locator('[data-testid="procedure-screen"][data-status="done"]').waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'procedure done');
  return seen;
}

export async function completeSingleAutomaticUpdate(page: Page): Promise<void> {
  await startSingleAutomaticUpdate(page);
  await prepareAndStartInstall(page);
  await finishAfterInstall(page);
}
