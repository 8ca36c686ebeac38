/**
 * The test suite both failover procedures run: every shortest path keeps the invariants (walked in
 * two halves, split at window 2), the view offers exactly what each state accepts, and one path
 * per state is replayed on a real actor and resumed from JSON with the same actor in flight.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../../../../../shared/procedures/definition';
import { procedureDefinitions } from '../../../../../shared/procedures/registry';
import type { ProcedureKind } from '../../../../../shared/procedures/view';
import { expectViewContract } from '../helpers/view-contract';
import { onePerActiveState } from '../helpers/view-reading';
import { MANUAL_UPDATE_OPERATOR_EVENTS } from '../../../../../shared/procedures/steps/failover/words';
import { PAIR_INPUT } from './fakes';
import { eventsOf, expectInvariants, pairOperatorEvents, pathOf, replay, traversalOf, valueOf } from './model';

export const SPLIT_AT = 'window-2';

/** Walks `name`'s machine; gives every path, the one that ends done, and the top-level states along it. */
export function failoverSuite(name: ProcedureKind, machine: AnyStateMachine, view: (snapshot: SnapshotLike, input: ProcedureInput) => ProcedureViewPart, primary: 'A' | 'B') {
  const atSplit = (snapshot: AnyMachineSnapshot) => pathOf(snapshot) === SPLIT_AT;
  const firstHalf = getShortestPaths(machine, traversalOf(PAIR_INPUT, atSplit) as never);
  const split = firstHalf.find((path) => pathOf(path.state) === SPLIT_AT);
  if (!split) throw new Error(`${name}: window 2 is not reached`);
  const secondHalf = getShortestPaths(machine, { ...(traversalOf() as object), fromState: split.state } as never).map((path) => ({ ...path, steps: [...split.steps, ...path.steps.slice(1)] }));
  const all = [...firstHalf, ...secondHalf];

  const done = all.find((path) => path.state.value === 'done');
  const tops = (done?.steps ?? []).map((step) => Object.keys(typeof step.state.value === 'object' ? step.state.value : { [String(step.state.value)]: 1 })[0]);

  describe(`${name} graph`, () => {
    it(`is registered as kind ${name}`, () => expect(procedureDefinitions[name]?.machine).toBe(machine));
    it('reaches every end and the failover states', () => {
      const ends = new Set(all.filter((path) => path.state.status === 'done').map((path) => String(path.state.value)));
      expect([...ends].sort()).toEqual(['a-support', 'b-support', 'cancelled', 'done']);
      const reached = new Set(all.map((path) => pathOf(path.state)));
      for (const state of ['sync.waiting', 'break.failed', 'jump-clients.timed-out', 'establish.keys-differ', 'establish.wrong-fields', 'first-sync.requesting', 'end-window-2.measuring', 'plan-windows.invalid']) expect(reached).toContain(state);
      expect(reached).not.toContain('break.not-synced');
      const cancelled = firstHalf.some((path) => path.state.value === 'cancelled');
      expect(cancelled).toBe(true);
    });
    it(`keeps the invariants on all ${all.length} shortest paths`, () => all.forEach((path) => expectInvariants(path as never, primary)), 60_000);
  });

  describe(`${name}: the view offers exactly what each state accepts`, () => {
    it('in every state', () => onePerActiveState(all).forEach((path) => expectViewContract(machine, view, path.state, PAIR_INPUT, pairOperatorEvents(MANUAL_UPDATE_OPERATOR_EVENTS), valueOf)), 60_000);
  });

  describe(`${name}: live replays and JSON resumes`, () => {
    const samples = onePerActiveState(all).filter((path) => path.state.status === 'active');
    it.each(samples.map((path) => [pathOf(path.state), path] as const))(
      'replays and resumes from JSON at %s',
      async (_, path) => {
        const { actor, fakes, watches } = await replay(machine, eventsOf(path as never));
        expect(actor.getSnapshot().value).toEqual(path.state.value);
        expect(actor.getSnapshot().context).toEqual(path.state.context);
        expect(watches.length).toBe(1);
        const inFlight = fakes.pending.map((call) => ({ actor: call.actor, input: call.input }));
        for (const call of inFlight.filter((c) => c.actor === 'establishFailover')) expect(Object.keys(call.input).sort()).toEqual(['primary', 'procedureId', 'siteId', 'stepId']);
        const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
        actor.stop();
        const resumed = await replay(machine, [], { snapshot: persisted });
        expect(resumed.actor.getSnapshot().value).toEqual(path.state.value);
        expect(resumed.actor.getSnapshot().context).toEqual(path.state.context);
        expect(resumed.fakes.calls).toEqual(inFlight);
        expect(resumed.watches.length).toBe(1);
        resumed.actor.stop();
      },
      20_000,
    );
  });
  return { all, done, tops };
}
