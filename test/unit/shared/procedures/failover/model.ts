/**
 * P3 and P4 as graph models — every operator event (bare, with a note, with a value) and every
 * outcome of the fakes — the invariants every path keeps, and live replays on real actors.
 */
import { createActor, fromCallback, type AnyMachineSnapshot, type AnyStateMachine, type EventObject, type Snapshot } from 'xstate';
import { expect } from 'vitest';
import type { JournalParams } from '../../../../../shared/procedures/definition';
import { ownAddresses, r11Passed, syncFinished, type FailoverContext } from '../../../../../shared/procedures/steps/failover/context';
import { FAILOVER_OPERATOR_EVENTS, FAILOVER_VALUE_EVENTS, MANUAL_UPDATE_OPERATOR_EVENTS, type FailoverOperatorEvent } from '../../../../../shared/procedures/steps/failover/words';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { KEY_MEDIA, controlledActorsFor } from '../helpers/air-gap-fakes';
import { NOTE, operator, type OperatorEvent } from '../helpers/air-gap-model';
import { scriptOf } from '../helpers/model-events';
import { settle } from '../helpers/single-automatic-fakes';
import { AFTERCARE_VALUES, straightThroughAftercare } from '../helpers/aftercare-fakes';
import { ALL_HOSTS_TICKED, PAIR_ACTORS, PAIR_INPUT, SITE_HOSTNAME, WINDOW_PLAN, pairActorOutcomes, type PairActorName } from './fakes';

export function valueOf(type: string): string {
  const aftercare = AFTERCARE_VALUES[type]?.[0];
  if (aftercare !== undefined) return aftercare;
  if (type === 'SAVE_KEY' || type === 'BUNDLE_READY') return KEY_MEDIA;
  return type === 'PLAN_WINDOWS' ? WINDOW_PLAN : ALL_HOSTS_TICKED;
}

/** What a walk tries besides the pair's own: further operator events, outcomes and actors (an appliance updated by hand). */
export interface PairExtras {
  events: readonly string[];
  outcomes: (statePath: string, context: FailoverContext) => EventObject[];
  actors: readonly string[];
}

export function pairOperatorEvents(extra: readonly string[] = []): OperatorEvent[] {
  return [...FAILOVER_OPERATOR_EVENTS, ...extra].flatMap((type) => [
    operator(type),
    operator(type, { note: NOTE }),
    ...(FAILOVER_VALUE_EVENTS.includes(type as FailoverOperatorEvent)
      ? [...(AFTERCARE_VALUES[type] ?? [valueOf(type)]).flatMap((value) => [operator(type, { value }), operator(type, { value, note: NOTE })]), operator(type, { value: 'machine-1' })]
      : []),
  ]);
}

export const pathOf = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value).join('.');
export const topKey = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value)[0] ?? '';
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as FailoverContext;

export function traversalOf(input = PAIR_INPUT, stopAt?: (snapshot: AnyMachineSnapshot) => boolean, extras?: PairExtras) {
  return {
    input,
    events: ((snapshot: AnyMachineSnapshot) => [
      ...pairOperatorEvents(extras?.events),
      ...pairActorOutcomes(pathOf(snapshot), contextOf(snapshot)),
      ...(extras?.outcomes(pathOf(snapshot), contextOf(snapshot)) ?? []),
    ]) as never,
    filterEvents: (snapshot: AnyMachineSnapshot, event: EventObject) => !(stopAt?.(snapshot) ?? false) && snapshot.can(event) && straightThroughAftercare(snapshot, event),
  };
}

interface Path {
  state: AnyMachineSnapshot;
  steps: { state: AnyMachineSnapshot; event: EventObject }[];
}

const FAILOVER_STEPS = ['sync', 'break', 'test-b', 'make-primary', 'establish', 'first-sync'];

/** The procedure's promises, checked on every state of a path. */
export function expectInvariants(path: Path, primary: 'A' | 'B'): void {
  const events = path.steps.map((step) => step.event);
  path.steps.forEach(({ state }, index) => {
    const context = contextOf(state);
    const at = pathOf(state);
    const top = topKey(state);
    // R8: no break before the sync finished, and the sync awaited only after it was requested.
    if (at === 'break.breaking' || context.broken !== null) expect(syncFinished(context)).toBe(true);
    if (context.broken !== null) {
      const types = events.slice(0, index + 1).map((event) => event.type);
      expect(types.indexOf('xstate.done.actor.awaitSync')).toBeGreaterThan(types.indexOf('xstate.done.actor.syncNow'));
    }
    // R9: no window 2 before the first version is confirmed in production.
    if (context.windows?.window2.startedAt) expect(context.production).not.toBeNull();
    // R4: between a Base install and its site install nothing but the unit (no failover step, no other appliance).
    const last = context.installed.at(-1);
    if (last?.pkg.kind === 'base' && context.plan !== null && context.installIndex < context.plan.order.length) {
      expect(top).toMatch(/^[ab]-(manual-)?(install|support)$/);
      expect(FAILOVER_STEPS).not.toContain(top);
    }
    // R10: re-established only with the pair's own addresses, never the site hostname.
    if (context.established !== null) {
      expect(ownAddresses(context.pair, context.established.fields)).toBe(true);
      expect([context.established.fields.backupHost, context.established.fields.primaryHost]).not.toContain(SITE_HOSTNAME);
      expect(context.updated.A).toBeDefined();
      expect(context.updated.B).toBeDefined();
    }
    // R12 (P4): B made primary only after R11 passed.
    if ((top === 'make-primary' && at !== 'make-primary.gate') || context.sharedIpSwitch !== null || context.switchedByOperatorAt !== null) expect(r11Passed(context)).toBe(true);
    if (state.status === 'done' && state.value === 'done') {
      expect(context.firstSync).not.toBeNull();
      expect(context.downtime.window1).not.toBeNull();
      expect(context.downtime.window2).not.toBeNull();
      expect(context.decision?.kind).toBe(primary === 'A' ? 'sync' : 'async');
    }
    // R5: a unit's support end is terminal.
    if (/^[ab]-(manual-)?support$/.test(String(state.value))) expect(pairOperatorEvents(MANUAL_UPDATE_OPERATOR_EVENTS).filter((event) => state.can(event as never))).toEqual([]);
  });
}

/** Plays events on a real actor: operator events are sent, actor outcomes finish the fake call. */
export async function replay(machine: AnyStateMachine, events: readonly EventObject[], from?: { snapshot: Snapshot<unknown> }, actors: readonly string[] = []) {
  const fakes = controlledActorsFor<PairActorName>([...PAIR_ACTORS, ...(actors as PairActorName[])]);
  const watches: unknown[] = [];
  const journal: JournalParams[] = [];
  const provided = machine.provide({
    actors: { ...fakes.actors, watchSite: fromCallback(({ input }) => void watches.push(input)) } as never,
    actions: { journal: (_: unknown, params: JournalParams) => void journal.push(params) } as never,
  });
  const actor = createActor(provided, from ? { snapshot: from.snapshot, input: PAIR_INPUT } : { input: PAIR_INPUT });
  actor.start();
  await settle();
  for (const event of events) {
    const [outcome] = scriptOf<PairActorName>([event]);
    if (outcome) fakes.finish(outcome);
    else actor.send(event);
    await settle();
  }
  return { actor, fakes, journal, watches };
}

export const eventsOf = (path: Path) => path.steps.slice(1).map((step) => step.event);
