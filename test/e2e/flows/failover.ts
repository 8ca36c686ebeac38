/**
 * What a person does to upgrade a failover pair through the UI: P3 (synchronous, A keeps its
 * role) and P4 (asynchronous, B first and made primary), with automatic updates. Each wait names
 * the step, so a failure says where the procedure stopped.
 */
import { lookAfterClients } from './aftercare';
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { act, waitForStep } from './single-automatic';
import { bringBundleBack, saveKeyOnto } from './manual-offline';
import { give, tickAll } from './step-inputs';

const INSTALL_TIMEOUT_MS = 150_000;

/** Window 1 now for an hour, window 2 two hours later: four ISO times, one per line. */
export function windowPlan(now = Date.now()): string {
  const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
  return [at(0), at(1), at(2), at(3)].join('\n');
}

/** From the home screen: starts the pair upgrade of that kind on the practice lab's pair. */
export async function startPairUpgrade(page: Page, kind: 'P3' | 'P4'): Promise<string> {
  const card = page.getByTestId('site-card').filter({ hasText: 'Practice lab' });
  await card.waitFor();
  await card.getByTestId(`start-${kind.toLowerCase()}`).click();
  await page.getByTestId('procedure-screen').waitFor();
  return decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
}

/** The decision (P4: the switch method), the plan of both windows, window 1 opened. */
export async function planAndOpenWindow1(page: Page, decision: 'CONFIRM' | 'METHOD_SHARED_IP' | 'METHOD_DNS' | 'METHOD_NAT'): Promise<void> {
  await waitForStep(page, 'decision');
  await act(page, decision);
  await planAndOpenWindows(page);
}

/** The plan of both windows, window 1 opened. */
export async function planAndOpenWindows(page: Page): Promise<void> {
  await waitForStep(page, 'plan-windows', 120_000);
  await give(page, 'PLAN_WINDOWS', windowPlan());
  await waitForStep(page, 'window-1');
  await act(page, 'WINDOW_STARTED');
}

/** Backup (and for the first appliance sync and break) run by themselves; then the plan and the install (`b-manual`: from the bundle in the vault). */
export async function updateAppliance(page: Page, prefix: 'a' | 'b' | 'a-manual' | 'b-manual'): Promise<void> {
  await waitForStep(page, `${prefix}-plan`, 60_000);
  await act(page, 'START_INSTALL');
}

/** Window 1 closed, Jump Clients back, the first version confirmed in production, window 2 opened. */
export async function interim(page: Page): Promise<void> {
  await waitForStep(page, 'end-window-1', INSTALL_TIMEOUT_MS);
  await act(page, 'WINDOW_ENDED');
  await waitForStep(page, 'confirm-production', 60_000);
  await act(page, 'CONFIRM_PRODUCTION', 'Two sessions run on the new version; the console shows the new build.');
  await waitForStep(page, 'window-2');
  await act(page, 'WINDOW_STARTED');
}

/** R11 against B: the checklist ticked, the app's own probe of B passed. */
export async function testB(page: Page): Promise<void> {
  await waitForStep(page, 'test-b', INSTALL_TIMEOUT_MS);
  await tickAll(page, 'HOSTS_TESTED');
}

/** R12 by the shared IP, automated; then the Integration Client reminder. */
export async function makeBPrimary(page: Page): Promise<void> {
  await waitForStep(page, 'make-primary', 60_000);
  await act(page, 'SWITCH');
  await act(page, 'CONFIRM');
}

/** Re-established, first sync, window 2 closed, aftercare, done. */
export async function finishPair(page: Page): Promise<void> {
  await waitForStep(page, 'end-window-2', INSTALL_TIMEOUT_MS);
  await act(page, 'WINDOW_ENDED');
  await lookAfterClients(page, { timeout: 60_000 });
  await page.locator('[data-testid="procedure-screen"][data-status="done"]').waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'pair procedure done');
}

export async function completeP3(page: Page): Promise<string> {
  const id = await startPairUpgrade(page, 'P3');
  await planAndOpenWindow1(page, 'CONFIRM');
  await updateAppliance(page, 'a');
  await interim(page);
  await updateAppliance(page, 'b');
  await finishPair(page);
  return id;
}

/**
 * R12 by a change only the customer's own equipment can make (DNS record or NAT rule): `change`
 * makes it, as their admin would; the operator says it is done and the assistant waits for B to answer.
 */
export async function makeBPrimaryByNetwork(page: Page, change: () => Promise<unknown>): Promise<void> {
  await waitForStep(page, 'make-primary', 60_000);
  await change();
  await act(page, 'SWITCHED');
  await act(page, 'CONFIRM');
}

/**
 * P4 with B updated by hand across the air gap: B chosen at the decision, its key onto the stick;
 * `fetch` carries it to the connected side and back (returns the bundle code noted there); the
 * bundle verified and imported, the windows planned, B installed from the vault; the rest as P4.
 */
export async function completeP4WithBByHand(page: Page, usb: string, fetch: () => Promise<string>): Promise<string> {
  return completeP4ByHand(page, usb, ['B'], async () => ({ B: await fetch() }));
}

/**
 * P4 with `byHand` updated across the air gap: chosen at the decision, their keys onto the same
 * stick (A's first, then B's); `fetch` carries the stick to the connected side and back (returns
 * the bundle code noted there for each appliance); B's bundle then A's verified and imported,
 * the windows planned, each installed in its window (from the vault when by hand).
 */
export async function completeP4ByHand(page: Page, usb: string, byHand: readonly ('A' | 'B')[], fetch: () => Promise<Partial<Record<'A' | 'B', string>>>): Promise<string> {
  const id = await startPairUpgrade(page, 'P4');
  const procedureUrl = page.url();
  await waitForStep(page, 'decision');
  for (const role of byHand) await act(page, `UPDATE_${role}_MANUALLY`);
  await act(page, 'METHOD_SHARED_IP');
  if (byHand.includes('A')) await saveKeyOnto(page, usb, 'a-', byHand.includes('B') ? 'b-save-key' : 'a-await-bundle');
  if (byHand.includes('B')) await saveKeyOnto(page, usb, 'b-');
  const codes = await fetch();
  await page.goto(procedureUrl);
  for (const role of (['B', 'A'] as const).filter((each) => byHand.includes(each))) await bringBundleBack(page, usb, codes[role], `${role.toLowerCase()}-`);
  await planAndOpenWindows(page);
  await updateAppliance(page, byHand.includes('B') ? 'b-manual' : 'b');
  await testB(page);
  await makeBPrimary(page);
  await interim(page);
  await updateAppliance(page, byHand.includes('A') ? 'a-manual' : 'a');
  await finishPair(page);
  return id;
}

export async function completeP4(page: Page, switchBy: 'shared-ip' | { method: 'METHOD_DNS' | 'METHOD_NAT'; change: () => Promise<unknown> } = 'shared-ip'): Promise<string> {
  const id = await startPairUpgrade(page, 'P4');
  await planAndOpenWindow1(page, switchBy === 'shared-ip' ? 'METHOD_SHARED_IP' : switchBy.method);
  await updateAppliance(page, 'b');
  await testB(page);
  if (switchBy === 'shared-ip') await makeBPrimary(page);
  else await makeBPrimaryByNetwork(page, switchBy.change);
  await interim(page);
  await updateAppliance(page, 'a');
  await finishPair(page);
  return id;
}
