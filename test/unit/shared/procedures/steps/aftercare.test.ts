/**
 * Client aftercare (P6) as one phase, walked on its own: every path xstate/graph finds from the
 * phase's entry to the report, with every operator event and actor outcome, checked against the
 * phase's promises and replayed on a live actor; the old single-step snapshot resumes.
 */
import { describe, expect, it } from 'vitest';
import { createActor, setup, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { JournalParams, ProcedureInput } from '../../../../../shared/procedures/definition';
import { aftercarePhase } from '../../../../../shared/procedures/steps/aftercare-and-report/chart';
import { AFTERCARE_OFFERED_EVENTS, aftercareActions, aftercareStepDetails } from '../../../../../shared/procedures/steps/aftercare-and-report/aftercare-view';
import { AFTERCARE_CHECKS, AFTERCARE_OPERATOR_EVENTS, AFTERCARE_VALUE_EVENTS, recordOf } from '../../../../../shared/procedures/steps/aftercare-and-report/record';
import { aftercareEntry } from '../../../../../shared/procedures/steps/aftercare-and-report/words';
import { initialUpgradeContext, type UpgradeContext } from '../../../../../shared/procedures/steps/context';
import { upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../../../../../shared/procedures/steps/setup';
import { activeStatePath, offeredActions } from '../../../../../shared/procedures/view-helpers';
import { AFTERCARE_ACTORS, AFTERCARE_VALUES, JUMP_READING, aftercareOutcomes } from '../helpers/aftercare-fakes';
import { controlledActorsFor } from '../helpers/air-gap-fakes';
import { scriptOf, serializeWithArrival } from '../helpers/model-events';
import { INPUT, LATER, settle } from '../helpers/single-automatic-fakes';
import { expectViewContract } from '../helpers/view-contract';
import { singleAutomaticView } from '../../../../../shared/procedures/single-automatic/view';

type Event = { type: string; at: string; note?: string; value?: string };
const NOTE = 'Passive clients come back within a day';
const M = 'phase';

function phaseMachine() {
  return setup({
    types: { context: {} as UpgradeContext, events: {} as Event, input: {} as ProcedureInput },
    actors: upgradeActorPlaceholders,
    guards: upgradeGuards,
    actions: upgradeActions<UpgradeContext, Event>(),
  }).createMachine({
    id: M,
    initial: 'aftercare',
    context: ({ input }) => initialUpgradeContext(input),
    states: { ...aftercarePhase(M, 'report'), report: { type: 'final' } },
  });
}
const machine = phaseMachine();

const EVENTS = ['CONFIRM', 'RECHECK', 'RETRY', ...AFTERCARE_OPERATOR_EVENTS];
function operatorEvents(): Event[] {
  return EVENTS.flatMap((type) => [
    { type, at: LATER },
    { type, at: LATER, note: NOTE },
    ...((AFTERCARE_VALUE_EVENTS as readonly string[]).includes(type) ? (AFTERCARE_VALUES[type] ?? []).map((value) => ({ type, at: LATER, value })) : []),
  ]);
}
const pathOf = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value).join('.');
const traversal = {
  input: INPUT,
  events: ((snapshot: AnyMachineSnapshot) => [...operatorEvents(), ...aftercareOutcomes(pathOf(snapshot), snapshot.context as UpgradeContext)]) as never,
  filterEvents: (snapshot: AnyMachineSnapshot, event: EventObject) => snapshot.can(event),
};

const shortest = getShortestPaths(machine, traversal);
/** The shortest path to every state of the limit step, and every simple path from the first way into the watch on to the report. */
const throughLimit = shortest.filter((p) => pathOf(p.state).startsWith('aftercare.'));
const afterLimit = shortest
  .filter((p) => pathOf(p.state) === 'aftercare-watch.watching')
  .slice(0, 2)
  .flatMap((entry) =>
    getSimplePaths(machine, { ...traversal, serializeState: serializeWithArrival, fromState: entry.state, toState: (s) => s.status === 'done' }).map((segment) => ({
      ...segment,
      steps: [...entry.steps, ...segment.steps.slice(1)],
    })),
  );
const allPaths = [...throughLimit, ...afterLimit];

function expectPromises(path: (typeof allPaths)[number]) {
  path.steps.forEach((step, index) => {
    const before = path.steps[index - 1]?.state;
    const type = step.event.type;
    // Nothing is saved without the operator's confirmation of the value.
    if (pathOf(step.state) === 'aftercare.setting') expect(before && pathOf(before) === 'aftercare.confirm' ? type : 'RETRY').toMatch(/CONFIRM|RETRY/);
    // The original value is put back only where it was read and may have changed.
    if (pathOf(step.state) === 'aftercare-restore.restoring') expect(recordOf(step.state.context).reading?.limit).toBe(JUMP_READING.limit);
    // Going on by hand, ending the watch or keeping the limit always leaves a note.
    if (['BY_HAND', 'END_WATCH', 'KEEP_LIMIT'].includes(type)) expect((step.event as Event).note).toBe(NOTE);
    // Every offered event is one the state takes.
    const offered = (AFTERCARE_OFFERED_EVENTS as Record<string, readonly string[]>)[pathOf(step.state)] ?? [];
    for (const event of offered) expect(operatorEvents().some((e) => e.type === event && step.state.can(e))).toBe(true);
  });
  const end = path.steps.at(-1)!.state;
  if (end.status === 'done') {
    const record = recordOf(end.context);
    expect(record.ticked?.items).toEqual(AFTERCARE_CHECKS.map((item) => item.id));
    expect(record.set).toBeDefined();
    expect(record.watch).toBeDefined();
    if (record.set && 'limit' in record.set && record.set.limit !== JUMP_READING.limit) expect(record.restore).toBeDefined();
  }
}

async function replay(events: readonly object[]) {
  const fakes = controlledActorsFor<string>(AFTERCARE_ACTORS);
  const journal: JournalParams[] = [];
  const live = machine.provide({ actors: fakes.actors as never, actions: { journal: (_: unknown, params: JournalParams) => void journal.push(params) } as never });
  const actor = createActor(live, { input: INPUT }).start();
  await settle();
  for (const event of events) {
    const [outcome] = scriptOf<string>([event as EventObject]);
    if (outcome) fakes.finish(outcome);
    else actor.send(event as Event);
    await settle();
  }
  return { actor, journal, calls: fakes.calls };
}

describe('client aftercare, every path of the phase', () => {
  it('reaches every state of the phase and the report', () => {
    const reached = new Set(shortest.map((p) => pathOf(p.state)));
    expect([...reached].sort()).toEqual(
      [
        'aftercare.reading', 'aftercare.choose', 'aftercare.confirm', 'aftercare.setting', 'aftercare.failed', 'aftercare.save-failed',
        'aftercare-watch.watching', 'aftercare-watch.failed', 'aftercare-restore.offer', 'aftercare-restore.restoring', 'aftercare-restore.failed',
        'aftercare-checklist', 'report',
      ].sort(),
    );
  });

  it(`keeps its promises on every one of the ${allPaths.length} paths`, () => {
    expect(allPaths.length).toBeGreaterThan(50);
    allPaths.forEach(expectPromises);
  });

  it('replays the paths to the report on a live actor, with the same end and the same calls', async () => {
    const ends = allPaths.filter((p) => p.steps.at(-1)!.state.status === 'done');
    expect(ends.length).toBeGreaterThan(10);
    for (const path of ends.slice(0, 200)) {
      const { actor, calls } = await replay(path.steps.slice(1).map((s) => s.event));
      expect(actor.getSnapshot().value).toEqual(path.state.value);
      expect(actor.getSnapshot().context).toEqual(path.state.context);
      // The limit is saved with the value confirmed, and put back with the value read.
      for (const call of calls.filter((c) => c.actor === 'setJumpClientLimit')) expect([recordOf(path.state.context).chosenLimit, JUMP_READING.limit]).toContain(call.input.limit);
      actor.stop();
    }
  }, 60_000);

  it('offers in the view exactly what each state accepts, with the error of a failed read, save, watch or restore', () => {
    const byState = new Map(shortest.filter((p) => p.state.status === 'active').map((p) => [pathOf(p.state), p.state] as const));
    for (const snapshot of byState.values()) {
      const view = expectViewContract(machine, singleAutomaticView, snapshot, INPUT, operatorEvents(), (type) => AFTERCARE_VALUES[type]?.[0] ?? '');
      const current = view.steps.find((step) => step.id === view.currentStepId);
      if (/failed$/.test(pathOf(snapshot))) expect(current).toMatchObject({ status: 'failed', error: { code: expect.any(String), message: expect.any(String), hint: expect.any(String) } });
    }
    expect(byState.size).toBe(12);
  });

  it('journals every tick, the limit saved and put back, with who did it', async () => {
    const ticked = AFTERCARE_CHECKS.map((item) => item.id).join(',');
    const { actor, journal, calls } = await replay([
      { type: 'xstate.done.actor.readJumpClients', output: JUMP_READING },
      { type: 'PROPOSE', at: LATER, value: '100' },
      { type: 'SET_LIMIT', at: LATER, value: '35' },
      { type: 'CONFIRM', at: LATER },
      { type: 'xstate.done.actor.setJumpClientLimit', output: { ...JUMP_READING, limit: 35, readAt: LATER } },
      { type: 'xstate.done.actor.watchJumpClients', output: { total: 40, online: 40, upgrading: 0, pending: 0, readAt: LATER, allOnline: true } },
      { type: 'RESTORE', at: LATER },
      { type: 'xstate.done.actor.setJumpClientLimit', output: { ...JUMP_READING, limit: 20, readAt: LATER } },
      { type: 'TICKED', at: LATER, value: ticked },
    ]);
    expect(actor.getSnapshot().value).toBe('report');
    expect(calls.filter((c) => c.actor === 'setJumpClientLimit').map((c) => c.input.limit)).toEqual([35, 20]);
    expect(journal.map((j) => `${j.step}:${j.event}:${j.who}`)).toEqual([
      'aftercare:JUMP_CLIENTS_READ:assistant',
      'aftercare:PROPOSE:operator',
      'aftercare:CONFIRM:operator',
      'aftercare:LIMIT_SET:assistant',
      'aftercare-watch:JUMP_CLIENTS_ONLINE:assistant',
      'aftercare-restore:LIMIT_RESTORED:assistant',
      ...AFTERCARE_CHECKS.map(() => 'aftercare-checklist:TICKED:operator'),
    ]);
    expect(journal.filter((j) => j.event === 'TICKED').map((j) => j.detail)).toEqual(AFTERCARE_CHECKS.map((item) => item.label));
    expect(journal.find((j) => j.event === 'LIMIT_SET')?.detail).toBe('Saved 35 (was 20); the page shows 35.');
  });

  it('shows the proposal with its arithmetic, and offers it as the value to save', async () => {
    const { actor } = await replay([{ type: 'xstate.done.actor.readJumpClients', output: JUMP_READING }, { type: 'PROPOSE', at: LATER, value: '100' }]);
    const context = actor.getSnapshot().context;
    const details = aftercareStepDetails('aftercare', context);
    expect(details?.facts).toEqual(expect.arrayContaining([expect.objectContaining({ label: 'Proposed limit', value: '40' }), expect.objectContaining({ label: 'How it is worked out', value: expect.stringMatching(/our assumption/) })]));
    const actions = aftercareActions('aftercare', offeredActions(aftercareEntry.actions, AFTERCARE_OFFERED_EVENTS['aftercare.choose']), context);
    expect(actions.find((a) => a.event === 'SET_LIMIT')).toMatchObject({ tone: 'primary', input: { defaultValue: '40' } });
    expect(actions.find((a) => a.event === 'PROPOSE')).toMatchObject({ label: 'Propose again', tone: 'secondary', input: { defaultValue: '100' } });
  });

  it('resumes a snapshot saved at the old single aftercare step: Read again starts the reading', async () => {
    const old = { ...createActor(machine, { input: INPUT }).getPersistedSnapshot(), value: 'aftercare', children: {} };
    const context = { ...initialUpgradeContext(INPUT) } as Partial<UpgradeContext>;
    delete context.aftercare;
    const fakes = controlledActorsFor<string>(AFTERCARE_ACTORS);
    const live = machine.provide({ actors: fakes.actors as never });
    const actor = createActor(live, { input: INPUT, snapshot: JSON.parse(JSON.stringify({ ...old, context })) }).start();
    expect(actor.getSnapshot().value).toEqual({ aftercare: 'reading' });
    expect(aftercareStepDetails('aftercare', actor.getSnapshot().context)).toEqual({ facts: [] });
    actor.send({ type: 'RECHECK', at: LATER });
    await settle();
    expect(fakes.calls.map((c) => c.actor)).toEqual(['readJumpClients']);
  });
});
