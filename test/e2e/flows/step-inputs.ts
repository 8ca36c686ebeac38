/** Steps that ask for a value: a typed field, or a checklist ticked item by item. */
import type { Page } from '@playwright/test';
import { currentStep, waitForAction } from './single-automatic';

/** Types into the current step's field for `event` and sends it. */
export async function give(page: Page, event: string, value: string): Promise<void> {
  await waitForAction(page, event);
  const form = currentStep(page).locator(`[data-testid="action-form"][data-event="${event}"]`);
  await form.locator('[data-testid="action-input"]').fill(value);
  await form.locator(`[data-testid="step-action"][data-event="${event}"]`).click();
}

/** Ticks every item of the current step's checklist for `event` and sends it. */
export async function tickAll(page: Page, event: string): Promise<void> {
  await waitForAction(page, event);
  const form = currentStep(page).locator(`[data-testid="action-form"][data-event="${event}"]`);
  for (const box of await form.locator('[data-testid="checklist-item"]').all()) await box.check();
  await form.locator(`[data-testid="step-action"][data-event="${event}"]`).click();
}
