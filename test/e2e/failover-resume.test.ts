/**
 * The services stop (as a crash would) in the middle of a pair upgrade and start again on the
 * same data: during the sync (P3), right after the shared-IP switch was asked for, and between the
 * windows (P4). Each time the procedure resumes at its step, reads both appliances again, and
 * nothing is done twice: one break, one switch, the pair ending with the intended primary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as F from './flows/failover';
import { act, currentStep, waitForStep } from './flows/single-automatic';
import { give } from './flows/step-inputs';
import { startWorld, type World } from './support/world';
import type { PairLabState } from './failover-pair.test';

const LONG = 300_000;

interface ResumeLabState extends PairLabState {
  appliances: PairLabState['appliances'] & Record<'A' | 'B', { failover: { syncing: boolean; lastSyncAt: string | null } }>;
}

describe('failover pair upgrades resume after the services stop (browser)', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ scenario: 'failover', timeScale: 600, name: 'pair-resume' });
  });

  afterAll(async () => {
    await world?.close();
  });

  const state = async () => (await world.control.state()) as unknown as ResumeLabState;
  const scale = (value: number) => world.control.post('/lab/time', { scale: value });

  it(
    'P3 stopped during the sync resumes the wait, then breaks the relationship once',
    async () => {
      const page = world.page;
      await F.startPairUpgrade(page, 'P3');
      await waitForStep(page, 'decision');
      await act(page, 'CONFIRM');
      await waitForStep(page, 'plan-windows');
      await give(page, 'PLAN_WINDOWS', F.windowPlan());
      await waitForStep(page, 'window-1');
      // Slow the lab so the sync lasts long enough to stop the services in the middle of it.
      await scale(30);
      await act(page, 'WINDOW_STARTED');
      await waitForStep(page, 'sync', 60_000);
      for (let i = 0; i < 200 && !(await state()).appliances.A.failover.syncing; i++) await new Promise((r) => setTimeout(r, 100));
      const before = await state();
      expect(before.appliances.A.failover.syncing).toBe(true);
      await world.restartHarness();
      await currentStep(page).waitFor({ timeout: 60_000 });
      expect(await currentStep(page).getAttribute('data-step-id')).toBe('sync');
      await scale(600);
      await waitForStep(page, 'a-plan', 60_000);
      const after = await state();
      expect(after.appliances.A.failover.role).toBe('none');
      expect(after.appliances.B.failover.role).toBe('none');
      expect(after.appliances.A.failover.lastSyncStatus).toBe('success');
      expect(Date.parse(after.appliances.A.failover.lastSyncAt!)).toBeGreaterThan(Date.parse(before.appliances.A.failover.lastSyncAt!));
      await act(page, 'START_INSTALL');
      await F.interim(page);
      await F.updateAppliance(page, 'b');
      await F.finishPair(page);
      expect((await state()).appliances.A.failover.role).toBe('primary');
    },
    LONG,
  );

  it(
    'P4 stopped right after the switch and again between the windows switches once and ends with B primary',
    async () => {
      const page = world.page;
      await world.control.post('/lab/reset', { scenario: 'failover' });
      await page.goto(world.harness.url);
      await F.startPairUpgrade(page, 'P4');
      await F.planAndOpenWindow1(page, 'METHOD_SHARED_IP');
      await F.updateAppliance(page, 'b');
      await F.testB(page);
      await waitForStep(page, 'make-primary', 60_000);
      await act(page, 'SWITCH');
      await world.restartHarness();
      // Resumed: the switch is found done (B holds the shared IP alone), not made again.
      await waitForStep(page, 'make-primary', 60_000);
      await act(page, 'CONFIRM');
      expect((await state()).network.sharedIpHolders).toEqual(['B']);
      await waitForStep(page, 'end-window-1', 60_000);
      await act(page, 'WINDOW_ENDED');
      await waitForStep(page, 'confirm-production', 60_000);
      await world.restartHarness();
      await waitForStep(page, 'confirm-production', 60_000);
      await act(page, 'CONFIRM_PRODUCTION', 'Sessions ran on B with the new build.');
      await waitForStep(page, 'window-2');
      await act(page, 'WINDOW_STARTED');
      await F.updateAppliance(page, 'a');
      await F.finishPair(page);
      const lab = await state();
      expect(lab.network.sharedIpHolders).toEqual(['B']);
      expect(lab.appliances.B.failover.role).toBe('primary');
      expect(lab.appliances.A.failover.role).toBe('backup');
      // The journal, as the app shows it: at most one switch made, whatever the restart caught.
      const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
      const reply = await page.evaluate(
        (procedureId) => (window as unknown as { assistant: { invoke(c: string, i: unknown): Promise<unknown> } }).assistant.invoke('procedures.journal', { id: procedureId }),
        id,
      );
      const entries = (reply as { ok: true; value: { event: string; detail?: string }[] }).value.filter((e) => e.event === 'SHARED_IP_SWITCHED');
      expect(entries.length).toBeGreaterThanOrEqual(1);
      expect(entries.filter((e) => /disabled on A/.test(e.detail ?? '')).length).toBeLessThanOrEqual(1);
    },
    LONG,
  );
});
