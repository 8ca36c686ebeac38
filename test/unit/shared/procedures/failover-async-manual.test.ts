/**
 * P4 with appliance B updated by hand across the air gap: every shortest path keeps the pair's
 * invariants and the manual update's own, walked in three parts (the trip across the air gap up
 * to the window plan, window 1 with B's manual unit up to window 2, window 2 with A automatic);
 * the view offers exactly what each state accepts; B's states replay and resume from JSON.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { failoverAsyncMachine } from '../../../../shared/procedures/failover-async/machine';
import { failoverAsyncView } from '../../../../shared/procedures/failover-async/view';
import type { FilePackageRef } from '../../../../shared/procedures/actors';
import { isImportComplete } from '../../../../shared/procedures/manual-offline/context';
import { checkTransferProof } from '../../../../shared/rules/transfer-proof';
import type { FailoverContext } from '../../../../shared/procedures/steps/failover/context';
import { MANUAL_UPDATE_OPERATOR_EVENTS } from '../../../../shared/procedures/steps/failover/words';
import { expectViewContract } from './helpers/view-contract';
import { onePerActiveState } from './helpers/view-reading';
import { PAIR_INPUT } from './failover/fakes';
import { FILE_BASE_B, FILE_SITE_B, MANUAL_ACTORS, expectReplaysAndResumes, manualPairOutcomes, pairWalker } from './failover/manual-fakes';
import { expectInvariants, pairOperatorEvents, pathOf, topKey, valueOf, type PairExtras } from './failover/model';

const machine = failoverAsyncMachine;
// B alone by hand here; A by hand (alone or with B) is walked in failover-async-both.test.ts.
const extras: PairExtras = { events: MANUAL_UPDATE_OPERATOR_EVENTS.filter((type) => !type.startsWith('UPDATE_A_')), outcomes: manualPairOutcomes, actors: MANUAL_ACTORS };
const AIR_GAP = /^b-(clock-check|download-key|save-key|reinsert-stick|await-bundle|verify-bundle|compare-code|import-bundle)$/;
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as FailoverContext;
type Path = ReturnType<typeof getShortestPaths>[number];

const walk = pairWalker(machine, extras);

const byHand = (path: Path) => contextOf(path.state).manualUpdate === 'B';
const trip = walk((snapshot) => pathOf(snapshot) === 'plan-windows.ask');
const planned = trip.find((path) => pathOf(path.state) === 'plan-windows.ask' && byHand(path) && contextOf(path.state).keyCopiedByHand === null);
if (!planned) throw new Error('P4 by hand: the window plan is not reached with the bundle in the vault');
const window1 = walk((snapshot) => pathOf(snapshot) === 'window-2', planned);
const split = window1.find((path) => pathOf(path.state) === 'window-2');
if (!split) throw new Error('P4 by hand: window 2 is not reached');
const window2 = walk(() => false, split);
const all = [...trip, ...window1, ...window2];

/** The manual update's own promises, on every state of a path. */
function expectManualInvariants(path: Path): void {
  for (const { state } of path.steps) {
    const context = contextOf(state);
    const top = topKey(state);
    if (context.manualUpdate !== 'B') {
      expect(AIR_GAP.test(top) || top.startsWith('b-manual-')).toBe(false);
      continue;
    }
    // By hand, B is never asked for its updates by the assistant.
    expect(top).not.toBe('b-check-updates');
    // The trip across the air gap (days, maybe) happens before any window is planned or opened.
    if (AIR_GAP.test(top)) expect(context.windows).toBeNull();
    // The windows are planned only once the bundle is verified, its code confirmed and its packages in the vault.
    if (context.windows !== null) {
      expect(checkTransferProof(context.bundle?.proof).holds).toBe(true);
      expect(context.codeConfirmedAt).not.toBeNull();
      expect(context.imported !== null && isImportComplete(context.bundle, context.imported)).toBe(true);
    }
    // B's packages are uploaded from the vault only, each the verified bundle's.
    if (top === 'b-manual-install') {
      expect(context.broken).not.toBeNull();
      for (const pkg of (context.plan?.order ?? []) as FilePackageRef[]) expect(context.imported?.some((held) => held.id === pkg.id && held.vaultId === pkg.vaultId)).toBe(true);
    }
  }
}

describe('P4 with B by hand: graph', () => {
  it('reaches every air-gap step of B, its manual unit and the end', () => {
    const reached = new Set(all.map((path) => pathOf(path.state)));
    for (const state of ['b-clock-check.blocked', 'b-reinsert-stick.waiting', 'b-reinsert-stick.failed', 'b-await-bundle', 'b-verify-bundle.failed', 'b-compare-code.mismatch', 'b-import-bundle.failed', 'b-manual-plan.blocked', 'b-manual-plan.ready', 'b-manual-install.uploading', 'b-manual-install.backup-between', 'verify-b.reading', 'make-primary.choose', 'a-install.installing'])
      expect(reached).toContain(state);
    const ends = new Set(all.filter((path) => path.state.status === 'done').map((path) => String(path.state.value)));
    expect([...ends].sort()).toEqual(['a-support', 'b-manual-support', 'cancelled', 'done']);
    const done = window2.find((path) => path.state.value === 'done');
    expect(contextOf(done!.state).updated.B?.installed.map((record) => record.pkg.id)).toEqual([FILE_BASE_B.id, FILE_SITE_B.id]);
    expect(contextOf(done!.state).established?.fields.primaryHost).toBe('10.20.0.12');
  });
  it(`keeps the pair's and the manual update's invariants on all ${all.length} shortest paths`, () => all.forEach((path) => (expectInvariants(path as never, 'B'), expectManualInvariants(path))), 120_000);
  it('offers in the view exactly what each state accepts', () => onePerActiveState(all).forEach((path) => expectViewContract(machine, failoverAsyncView, path.state, PAIR_INPUT, pairOperatorEvents(MANUAL_UPDATE_OPERATOR_EVENTS), valueOf)), 60_000);
});

describe('P4 with B by hand: live replays and JSON resumes', () => {
  const samples = onePerActiveState(all).filter((path) => path.state.status === 'active' && (AIR_GAP.test(topKey(path.state)) || topKey(path.state).startsWith('b-manual-')));
  it.each(samples.map((path) => [pathOf(path.state), path] as const))(
    'replays and resumes from JSON at %s',
    async (_, path) => expectReplaysAndResumes(machine, path as never, 'B'),
    20_000,
  );
});
