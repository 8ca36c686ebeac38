/**
 * What a person does for a manual update across the air gap (P2), through the UI: the
 * restricted side and the connected side ("Fetch updates"), with a USB stick between them.
 */
import { lookAfterClients } from './aftercare';
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { act, currentStep, exportCertificate, waitForAction, waitForStep } from './single-automatic';
import { give } from './step-inputs';

/** Picks the drive (by its mount path) in the step's media chooser and sends the event. */
export async function actWithMedia(page: Page, event: string, mountPath: string): Promise<void> {
  await waitForAction(page, event);
  const form = currentStep(page).locator(`[data-testid="action-form"][data-event="${event}"]`);
  await form.locator(`[data-testid="media-drive"][data-mount-path="${mountPath}"]`).click();
  await form.locator(`[data-testid="step-action"][data-event="${event}"]`).click();
  const dialog = page.getByTestId('confirm-dialog');
  if (await dialog.isVisible().catch(() => false)) {
    await expectAccessible(page, `dialog ${event}`);
    await dialog.locator('button[type="submit"]').click();
  }
}

/**
 * After a write to the stick, the next step, or first the re-insert check where this
 * filesystem could only read the file back through the computer's cache (tmpfs, macOS).
 * `prefix` is the steps' prefix where a pair places them for one appliance ('b-').
 */
async function pastReadBack(page: Page, next: string, timeout = 120_000, prefix = ''): Promise<void> {
  const step = (id: string) => page.locator(`[data-testid="current-step"][data-step-id="${id}"]`);
  const reinsert = `${prefix}reinsert-stick`;
  await step(next).or(step(reinsert)).first().waitFor({ timeout });
  if (await step(reinsert).isVisible().catch(() => false)) {
    await expectAccessible(page, `step ${reinsert}`);
    await act(page, 'REINSERTED');
  }
  await waitForStep(page, next, timeout);
}

/** The key file written onto the stick (and read back), on to the wait for the bundle (or `next`: the other appliance's key). */
export async function saveKeyOnto(page: Page, usb: string, prefix = '', next = `${prefix}await-bundle`): Promise<void> {
  await waitForStep(page, `${prefix}save-key`);
  await actWithMedia(page, 'SAVE_KEY', usb);
  await pastReadBack(page, next, 120_000, prefix);
}

/** The stick is back: the bundle found and verified file by file, its code held against the noted one, imported. */
export async function bringBundleBack(page: Page, usb: string, notedCode?: string, prefix = ''): Promise<void> {
  await waitForStep(page, `${prefix}await-bundle`);
  await actWithMedia(page, 'BUNDLE_READY', usb);
  // The code read from the stick, shown large, is compared with the one noted on the other side.
  await waitForStep(page, `${prefix}compare-code`, 120_000);
  const onStick = ((await page.getByTestId('step-code').locator('output').textContent()) ?? '').trim();
  if (notedCode !== undefined && onStick !== notedCode) throw new Error(`the stick's code ${onStick} is not the noted ${notedCode}`);
  await act(page, 'CODE_MATCHES');
}

/** Restricted side, from the site card to the key saved on the stick; no window yet, the site keeps running. */
export async function startManualUpdateAndSaveKey(page: Page, usb: string): Promise<void> {
  const card = page.getByTestId('site-card').filter({ hasText: 'Practice lab' });
  await card.waitFor();
  await expectAccessible(page, 'home (restricted side)');
  await card.getByTestId('start-p2').click();
  await page.getByTestId('procedure-screen').waitFor();
  await waitForStep(page, 'export-certificate');
  await exportCertificate(page);
  await waitForStep(page, 'certificate-health');
  await act(page, 'CONFIRM');
  await saveKeyOnto(page, usb);
}

/**
 * Connected side: read the key from the stick (`keyFileName`: the one picked where the stick
 * holds keys for several appliances), download, write the bundle back. Returns the digest code shown.
 */
export async function fetchUpdatesOntoMedia(page: Page, usb: string, keyFileName?: string): Promise<string> {
  await page.getByTestId('start-fetch').waitFor();
  await expectAccessible(page, 'home (connected side, no site)');
  await page.getByTestId('start-fetch').click();
  await page.getByTestId('procedure-screen').waitFor();
  await waitForStep(page, 'read-key');
  await actWithMedia(page, 'KEY_FROM_MEDIA', usb);
  if (keyFileName) {
    await expectAccessible(page, 'read-key: keys for several appliances');
    await give(page, 'KEY_FILE_CHOSEN', keyFileName);
  }
  await waitForStep(page, 'review');
  await act(page, 'START_DOWNLOAD');
  await waitForStep(page, 'choose-media', 120_000);
  await actWithMedia(page, 'WRITE_BUNDLE', usb);
  // The bundle's code is shown large to be noted down before the stick travels.
  await pastReadBack(page, 'note-code');
  const noted = ((await page.getByTestId('step-code').locator('output').textContent()) ?? '').trim();
  await act(page, 'CODE_NOTED');
  await page.locator('[data-testid="procedure-screen"][data-status="done"]').waitFor({ timeout: 120_000 });
  await expectAccessible(page, 'fetch done (bundle code)');
  const banner = (await page.getByTestId('banner').textContent()) ?? '';
  const code = /[0-9A-F]{4}-[0-9A-F]{4}/.exec(banner)?.[0];
  if (!code) throw new Error(`no digest code in the closing banner: ${banner}`);
  if (code !== noted) throw new Error(`the code to note (${noted}) is not the one in the closing banner (${code})`);
  return code;
}

/** Restricted side again: the stick is back; verify, import, then the window and the backup, install. */
export async function verifyBundleAndInstall(page: Page, usb: string, notedCode?: string): Promise<void> {
  await bringBundleBack(page, usb, notedCode);
  await waitForStep(page, 'window', 120_000);
  await act(page, 'WINDOW_STARTED');
  await waitForStep(page, 'plan', 120_000);
  await act(page, 'START_INSTALL');
  await lookAfterClients(page, { timeout: 150_000 });
  await page.locator('[data-testid="procedure-screen"][data-status="done"]').waitFor({ timeout: 60_000 });
}
