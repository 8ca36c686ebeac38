/**
 * The P1 machine as a graph model: for each state, the events that can happen there —
 * every operator event (with and without a note) and every outcome the invoked actor of
 * that state may report, built from the deterministic fakes.
 */
import { createActor, type AnyMachineSnapshot, type EventObject, type Snapshot, type SnapshotFrom } from 'xstate';
import type { StatePath } from 'xstate/graph';
import type { JournalParams } from '../../../../../shared/procedures/definition';
import { SINGLE_AUTOMATIC_OPERATOR_EVENTS, SINGLE_AUTOMATIC_VALUE_EVENTS } from '../../../../../shared/procedures/single-automatic/words';
import {
  singleAutomaticMachine,
  type SingleAutomaticContext,
  type SingleAutomaticEvent,
} from '../../../../../shared/procedures/single-automatic/machine';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import {
  BACKUP_AT,
  BASE,
  BASE_DONE_AT,
  BEFORE_WINDOW,
  EXPIRING_CERTIFICATE,
  INPUT,
  OWN_CERTIFICATE_PATH,
  HEALTHY_CERTIFICATE,
  LATER,
  SITE,
  SITE_DONE_AT,
  SITE_NEEDING_UNLISTED_BASE,
  SITE_ON_CURRENT_BASE,
  WINDOW_AT,
  backup,
  controlledActors,
  errors,
  installed,
  settle,
  updates,
  type ActorName,
  type Outcome,
} from './single-automatic-fakes';
import { AFTERCARE_VALUES, straightThroughAftercare } from './aftercare-fakes';
import { actorDone, actorFailed, certificateOutcomes, isActorEvent, scriptOf as scriptOfActors, serializeWithArrival as serializeStateWithArrival, sharedInstallOutcomes } from './model-events';

export const NOTE = 'Reason written on site';

/** Invoke ids equal the actor names, so done/error events name the actor. */
export const done = (actor: ActorName, output: unknown) => actorDone(actor, output);
export const failed = (actor: ActorName, error: unknown) => actorFailed(actor, error);
/** An operator event at the fixed "later" time; `value` for an event that carries a typed one (a file path). */
export const operator = (type: SingleAutomaticEvent['type'], note?: string, value?: string): SingleAutomaticEvent => ({
  type,
  at: type === 'WINDOW_STARTED' ? WINDOW_AT : LATER,
  ...(note === undefined ? {} : { note }),
  ...(value === undefined ? {} : { value }),
});

/** Every operator event bare and with a note, and those that carry a value also with one. */
export function operatorEvents(): EventObject[] {
  return SINGLE_AUTOMATIC_OPERATOR_EVENTS.flatMap((type) => {
    const at = type === 'WINDOW_STARTED' ? WINDOW_AT : LATER;
    const values = AFTERCARE_VALUES[type] ?? [OWN_CERTIFICATE_PATH];
    const valued = SINGLE_AUTOMATIC_VALUE_EVENTS.includes(type) ? values.flatMap((value) => [{ type, at, value }, { type, at, value, note: NOTE }]) : [];
    return [{ type, at }, { type, at, note: NOTE }, ...valued];
  });
}

function actorOutcomes(snapshot: AnyMachineSnapshot): EventObject[] {
  const context = snapshot.context as SingleAutomaticContext;
  const statePath = activeStatePath(snapshot.value).join('.');
  switch (statePath) {
    case 'backup.running':
      return [
        done('takeBackup', backup('pre-upgrade', BACKUP_AT)),
        done('takeBackup', backup('pre-upgrade', BEFORE_WINDOW)),
        failed('takeBackup', errors.unreachable),
      ];
    case 'export-certificate.exporting':
      return certificateOutcomes(context);
    case 'certificate-health.probing':
      return [done('probeCertificate', HEALTHY_CERTIFICATE), done('probeCertificate', EXPIRING_CERTIFICATE), failed('probeCertificate', errors.unreachable)];
    case 'check-updates.running':
      return [
        done('checkForUpdates', updates([])),
        done('checkForUpdates', updates([SITE, BASE])),
        done('checkForUpdates', updates([SITE_ON_CURRENT_BASE])),
        done('checkForUpdates', updates([BASE])),
        done('checkForUpdates', updates([SITE_NEEDING_UNLISTED_BASE])),
        failed('checkForUpdates', errors.unreachable),
      ];
    case 'install.installing': {
      const pkg = context.plan?.order[context.installIndex];
      if (!pkg) return [];
      const finishedAt = pkg.kind === 'base' ? BASE_DONE_AT : SITE_DONE_AT;
      return [
        done('installPackage', installed(pkg, finishedAt)),
        done('installPackage', installed(pkg, finishedAt, '0.0.1')),
        failed('installPackage', pkg.kind === 'base' ? errors.baseInstall : errors.siteInstall),
        failed('installPackage', errors.timeout),
      ];
    }
    default:
      return sharedInstallOutcomes(statePath, context);
  }
}

export function modelEvents(snapshot: AnyMachineSnapshot): EventObject[] {
  return [...operatorEvents(), ...actorOutcomes(snapshot)];
}

/** Turns a path's actor done/error events into the script the fake actors play back. */
export function scriptOf(events: readonly EventObject[]): Outcome[] {
  return scriptOfActors<ActorName>(events);
}

export { isActorEvent };

/** A machine whose side effects are the controlled fakes and whose journal goes to an array. */
export function liveMachine() {
  const fakes = controlledActors();
  const journal: JournalParams[] = [];
  const machine = singleAutomaticMachine.provide({
    actors: fakes.actors as unknown as Parameters<typeof singleAutomaticMachine.provide>[0]['actors'],
    actions: { journal: (_, params) => void journal.push(params) },
  });
  return { machine, fakes, journal };
}

/**
 * Plays a model path on a real actor: operator events are sent, actor outcomes finish the
 * fake call the machine made. Starts fresh, or from a (JSON round-tripped) persisted snapshot.
 */
export async function replay(events: readonly EventObject[], from?: { snapshot: Snapshot<unknown> }) {
  const live = liveMachine();
  const actor = createActor(live.machine, from ? { snapshot: from.snapshot, input: INPUT } : { input: INPUT });
  actor.start();
  await settle();
  for (const event of events) {
    const [outcome] = scriptOf([event]);
    if (outcome) live.fakes.finish(outcome);
    else actor.send(event as SingleAutomaticEvent);
    await settle();
  }
  return { actor, ...live };
}

export type MachineSnapshot = SnapshotFrom<typeof singleAutomaticMachine>;
export type ModelPath = StatePath<MachineSnapshot, SingleAutomaticEvent>;

/**
 * Traversal options for xstate/graph. Only events the state accepts are followed, and a
 * state is told apart by the event that reached it, so that "failed → RETRY → running"
 * is a path of its own rather than a revisit.
 */
export const traversal = {
  input: INPUT,
  // Actor done/error events are not operator events, but the machine accepts them as input.
  events: modelEvents as unknown as (snapshot: MachineSnapshot) => SingleAutomaticEvent[],
  filterEvents: (snapshot: MachineSnapshot, event: SingleAutomaticEvent) => snapshot.can(event) && straightThroughAftercare(snapshot, event),
};

export function serializeWithArrival(snapshot: MachineSnapshot, event: SingleAutomaticEvent | undefined): string {
  return serializeStateWithArrival(snapshot, event);
}

/**
 * xstate/graph paths list each event with the state it led to; the first step is the
 * "xstate.init" of the starting state.
 */
export function statesOf(path: ModelPath): MachineSnapshot[] {
  return path.steps.map((step) => step.state);
}

/** The events to play, without the starting "xstate.init". */
export function eventsOf(path: ModelPath): SingleAutomaticEvent[] {
  return path.steps.slice(1).map((step) => step.event);
}
