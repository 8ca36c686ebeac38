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

const stepText = async (page: Page, id: string) => (await page.locator(`[data-testid="procedure-step"][data-step-id="${id}"]`).textContent()) ?? '';

export async function lookAfterClients(page: Page, options: { bandwidth?: string; timeout?: number; shots?: (name: string) => Promise<void> } = {}): Promise<AftercareSeen> {
  const shot = options.shots ?? (async () => undefined);
  await waitForStep(page, 'aftercare', options.timeout ?? 150_000);
  await page.locator('[data-testid="step-action"][data-event="PROPOSE"]').waitFor();
  await expectAccessible(page, 'step aftercare');
  await give(page, 'PROPOSE', options.bandwidth ?? '100');
  await currentStep(page).getByText('Proposed limit').waitFor();
  const proposal = (await currentStep(page).textContent()) ?? '';
  await shot('1-proposal');
  // The field holds the proposal; the person takes it and confirms.
  await currentStep(page).locator('[data-testid="step-action"][data-event="SET_LIMIT"]').click();
  await expectAccessible(page, 'step aftercare confirm');
  await act(page, 'CONFIRM');
  await waitForStep(page, 'aftercare-watch', 60_000);
  await expectAccessible(page, 'step aftercare-watch');
  await shot('2-watch');
  await waitForStep(page, 'aftercare-restore', 120_000);
  await expectAccessible(page, 'step aftercare-restore');
  await shot('3-restore');
  await page.locator('[data-testid="procedure-step"][data-step-id="aftercare-watch"]').click();
  const watched = await stepText(page, 'aftercare-watch');
  await act(page, 'RESTORE');
  await waitForStep(page, 'aftercare-checklist', 60_000);
  await expectAccessible(page, 'step aftercare-checklist');
  await shot('4-checklist');
  await page.locator('[data-testid="procedure-step"][data-step-id="aftercare-restore"]').click();
  const restored = await stepText(page, 'aftercare-restore');
  await tickAll(page, 'TICKED');
  return { proposal, watched, restored };
}
