/**
 * Client aftercare (P6) as a person goes through it: states the bandwidth, takes the proposed
 * limit and confirms it, watches the Jump Clients come back, puts the original limit back and
 * ticks off the other clients. Each screen is checked with axe; what the steps show is returned.
 */
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { act, currentStep, waitForStep } from './single-automatic';
import { give, tickAll } from './step-inputs';

export interface AftercareSeen {
  proposal: string;
  watched: string;
  restored: string;
}

/** Opens a finished step from the list, reads what it shows, and goes back to the step under way. */
async function readStep(page: Page, id: string, back: string): Promise<string> {
  await page.locator(`[data-testid="procedure-step"][data-step-id="${id}"]`).click();
  const text = (await page.locator(`[data-testid="current-step"][data-step-id="${id}"]`).textContent()) ?? '';
  await page.locator(`[data-testid="procedure-step"][data-step-id="${back}"]`).click();
  await page.locator(`[data-testid="current-step"][data-step-id="${back}"]`).waitFor();
  return text;
}

export async function lookAfterClients(page: Page, options: { bandwidth?: string; timeout?: number } = {}): Promise<AftercareSeen> {
  await waitForStep(page, 'aftercare', options.timeout ?? 150_000);
  await page.locator('[data-testid="step-action"][data-event="PROPOSE"]').waitFor();
  await expectAccessible(page, 'step aftercare');
  await give(page, 'PROPOSE', options.bandwidth ?? '100');
  await currentStep(page).getByText('Proposed limit').waitFor();
  const proposal = (await currentStep(page).textContent()) ?? '';
  // The field holds the proposal; the person takes it and confirms.
  await currentStep(page).locator('[data-testid="step-action"][data-event="SET_LIMIT"]').click();
  await expectAccessible(page, 'step aftercare confirm');
  await act(page, 'CONFIRM');
  // At lab speed the clients may be back before the watch is drawn.
  const at = (id: string) => page.locator(`[data-testid="current-step"][data-step-id="${id}"]`);
  await at('aftercare-watch').or(at('aftercare-restore')).first().waitFor({ timeout: 60_000 });
  if (await at('aftercare-watch').isVisible().catch(() => false)) await expectAccessible(page, 'step aftercare-watch');
  await waitForStep(page, 'aftercare-restore', 120_000);
  await expectAccessible(page, 'step aftercare-restore');
  const watched = await readStep(page, 'aftercare-watch', 'aftercare-restore');
  await act(page, 'RESTORE');
  await waitForStep(page, 'aftercare-checklist', 60_000);
  await expectAccessible(page, 'step aftercare-checklist');
  const restored = await readStep(page, 'aftercare-restore', 'aftercare-checklist');
  await tickAll(page, 'TICKED');
  return { proposal, watched, restored };
}
