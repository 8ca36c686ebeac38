/**
 * The suite of a pair with its first appliance updated by hand across the air gap and the other
 * automatically: every shortest path keeps the pair's invariants and the manual update's own,
 * walked in three parts (the trip across the air gap up to the window plan, window 1 with the
 * manual unit up to window 2, window 2 with the other appliance automatic); the view offers
 * exactly what each state accepts; the appliance's states replay and resume from JSON.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { FilePackageRef } from '../../../../../shared/procedures/actors';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../../../../../shared/procedures/definition';
import { isImportComplete } from '../../../../../shared/procedures/manual-offline/context';
import { checkTransferProof } from '../../../../../shared/rules/transfer-proof';
import type { FailoverContext } from '../../../../../shared/procedures/steps/failover/context';
import { MANUAL_UPDATE_OPERATOR_EVENTS } from '../../../../../shared/procedures/steps/failover/words';
import { expectViewContract } from '../helpers/view-contract';
import { onePerActiveState } from '../helpers/view-reading';
import { PAIR_INPUT } from './fakes';
import { MANUAL_ACTORS, expectReplaysAndResumes, manualPairOutcomes, pairWalker } from './manual-fakes';
import { expectInvariants, pairOperatorEvents, pathOf, topKey, valueOf, type PairExtras } from './model';

type Path = ReturnType<typeof getShortestPaths>[number];
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as FailoverContext;

/** Walks `name` with `role` (its first appliance, updated in window 1) by hand and the other automatically; gives every path and window 2's. */
export function firstByHandSuite(name: string, machine: AnyStateMachine, view: (snapshot: SnapshotLike, input: ProcedureInput) => ProcedureViewPart, role: 'A' | 'B') {
  const p = role.toLowerCase();
  const otherRole = role === 'A' ? 'B' : 'A';
  // The other appliance by hand is walked elsewhere; here only this one's choice.
  const extras: PairExtras = { events: MANUAL_UPDATE_OPERATOR_EVENTS.filter((type) => !type.startsWith(`UPDATE_${otherRole}_`)), outcomes: manualPairOutcomes, actors: MANUAL_ACTORS };
  const airGap = new RegExp(`^${p}-(clock-check|download-key|save-key|reinsert-stick|await-bundle|verify-bundle|compare-code|import-bundle)$`);
  const walk = pairWalker(machine, extras);

  const byHand = (path: Path) => contextOf(path.state).manualUpdate === role;
  const trip = walk((snapshot) => pathOf(snapshot) === 'plan-windows.ask');
  const planned = trip.find((path) => pathOf(path.state) === 'plan-windows.ask' && byHand(path) && contextOf(path.state).keyCopiedByHand === null);
  if (!planned) throw new Error(`${name} with ${role} by hand: the window plan is not reached with the bundle in the vault`);
  const window1 = walk((snapshot) => pathOf(snapshot) === 'window-2', planned);
  const split = window1.find((path) => pathOf(path.state) === 'window-2');
  if (!split) throw new Error(`${name} with ${role} by hand: window 2 is not reached`);
  const window2 = walk(() => false, split);
  const all = [...trip, ...window1, ...window2];

  /** The manual update's own promises, on every state of a path. */
  function expectManualInvariants(path: Path): void {
    for (const { state } of path.steps) {
      const context = contextOf(state);
      const top = topKey(state);
      if (context.manualUpdate !== role) {
        expect(airGap.test(top) || top.startsWith(`${p}-manual-`)).toBe(false);
        continue;
      }
      // By hand, the appliance is never asked for its updates by the assistant.
      expect(top).not.toBe(`${p}-check-updates`);
      // The trip across the air gap (days, maybe) happens before any window is planned or opened.
      if (airGap.test(top)) expect(context.windows).toBeNull();
      // The windows are planned only once the bundle is verified, its code confirmed and its packages in the vault.
      if (context.windows !== null) {
        expect(checkTransferProof(context.bundle?.proof).holds).toBe(true);
        expect(context.codeConfirmedAt).not.toBeNull();
        expect(context.imported !== null && isImportComplete(context.bundle, context.imported)).toBe(true);
      }
      // Its packages are uploaded in window 1, after the break, from the vault only, each the verified bundle's.
      if (top === `${p}-manual-install`) {
        expect(context.broken).not.toBeNull();
        expect(context.windows?.window2.startedAt ?? null).toBeNull();
        for (const pkg of (context.plan?.order ?? []) as FilePackageRef[]) expect(context.imported?.some((held) => held.id === pkg.id && held.vaultId === pkg.vaultId)).toBe(true);
      }
    }
  }

  describe(`${name} with ${role} by hand: graph`, () => {
    it(`keeps the pair's and the manual update's invariants on all ${all.length} shortest paths`, () => all.forEach((path) => (expectInvariants(path as never, role), expectManualInvariants(path))), 120_000);
    it('offers in the view exactly what each state accepts', () => onePerActiveState(all).forEach((path) => expectViewContract(machine, view, path.state, PAIR_INPUT, pairOperatorEvents(MANUAL_UPDATE_OPERATOR_EVENTS), valueOf)), 60_000);
  });

  describe(`${name} with ${role} by hand: live replays and JSON resumes`, () => {
    const samples = onePerActiveState(all).filter((path) => path.state.status === 'active' && (airGap.test(topKey(path.state)) || topKey(path.state).startsWith(`${p}-manual-`)));
    it.each(samples.map((path) => [pathOf(path.state), path] as const))(
      'replays and resumes from JSON at %s',
      async (_, path) => expectReplaysAndResumes(machine, path as never, role),
      20_000,
    );
  });
  return { all, window2 };
}
