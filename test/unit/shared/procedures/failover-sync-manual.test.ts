/**
 * P3 with appliance A updated by hand across the air gap (B automatically): the shared suite of
 * failover/manual-suite.ts — A's trip before the windows, its manual unit in window 1 —, A's
 * air-gap steps, manual unit and the end all reached; B by hand (alone or with A) leads from the
 * decision to B's key first, as in P4, and P3's automatic decision is journalled as before.
 */
import { describe, expect, it } from 'vitest';
import { failoverSyncMachine } from '../../../../shared/procedures/failover-sync/machine';
import { failoverSyncView } from '../../../../shared/procedures/failover-sync/view';
import type { FailoverContext } from '../../../../shared/procedures/steps/failover/context';
import { actorDone } from './helpers/model-events';
import { operator } from './helpers/air-gap-model';
import { pair } from './failover/fakes';
import { FILE_BASE_A, FILE_SITE_A, MANUAL_ACTORS } from './failover/manual-fakes';
import { firstByHandSuite } from './failover/manual-suite';
import { pathOf, replay } from './failover/model';

const { all, window2 } = firstByHandSuite('P3', failoverSyncMachine, failoverSyncView, 'A');

describe('P3 with A by hand: reach', () => {
  it('reaches every air-gap step of A, its manual unit in window 1 and the end with A primary', () => {
    const reached = new Set(all.map((path) => pathOf(path.state)));
    for (const state of ['a-clock-check.blocked', 'a-reinsert-stick.waiting', 'a-reinsert-stick.failed', 'a-await-bundle', 'a-verify-bundle.failed', 'a-compare-code.mismatch', 'a-import-bundle.failed', 'a-manual-plan.blocked', 'a-manual-plan.ready', 'a-manual-install.uploading', 'a-manual-install.backup-between', 'verify-a.reading', 'b-install.installing'])
      expect(reached).toContain(state);
    expect(reached).not.toContain('make-primary.choose');
    const ends = new Set(all.filter((path) => path.state.status === 'done').map((path) => String(path.state.value)));
    expect([...ends].sort()).toEqual(['a-manual-support', 'b-support', 'cancelled', 'done']);
    const context = window2.find((path) => path.state.value === 'done')!.state.context as FailoverContext;
    expect(context.manualUpdate).toBe('A');
    expect(context.updated.A?.installed.map((record) => record.pkg.id)).toEqual([FILE_BASE_A.id, FILE_SITE_A.id]);
    expect(context.established?.fields.primaryHost).toBe('10.20.0.11');
  });
});

describe('P3 decision: the way each appliance is updated', () => {
  const decide = async (...choices: string[]) => replay(failoverSyncMachine, [actorDone('readPair', pair('23.1.1', '23.1.1')), ...choices.map((type) => operator(type)), operator('CONFIRM')], undefined, MANUAL_ACTORS);
  it.each([
    [['UPDATE_B_MANUALLY'], 'B'],
    [['UPDATE_A_MANUALLY', 'UPDATE_B_MANUALLY'], 'both'],
  ] as const)('with %j by hand starts with B’s key (one trip, one stick)', async (choices, mode) => {
    const { actor, fakes, journal } = await decide(...choices);
    expect(actor.getSnapshot().value).toEqual({ 'b-clock-check': 'checking' });
    expect((actor.getSnapshot().context as FailoverContext).manualUpdate).toBe(mode);
    expect(fakes.pending.map((call) => [call.actor, (call.input as { appliance?: string }).appliance])).toEqual([['checkApplianceClock', 'B']]);
    expect(journal.filter((entry) => entry.step === 'decision').map((entry) => entry.event)).toEqual(['PAIR_READ', ...choices, 'CONFIRM']);
    actor.stop();
  });
  it('automatically goes straight on to the window plan', async () => {
    const { actor, fakes, journal } = await decide();
    expect(actor.getSnapshot().value).toEqual({ 'plan-windows': 'ask' });
    expect(fakes.pending).toEqual([]);
    expect(journal.filter((entry) => entry.step === 'decision').map((entry) => entry.event)).toEqual(['PAIR_READ', 'CONFIRM']);
    actor.stop();
  });
});
