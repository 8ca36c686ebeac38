/**
 * The P5 machine as a graph model — every operator event (bare, with a note, with a value, a
 * secret event even carrying the secret) and every outcome the invoked actor of a state may
 * report — plus live replays on real actors with the controlled fakes.
 */
import { createActor, type AnyMachineSnapshot, type EventObject, type Snapshot, type SnapshotFrom } from 'xstate';
import type { StatePath } from 'xstate/graph';
import type { JournalParams } from '../../../../../shared/procedures/definition';
import { hardwareMigrationMachine, type HardwareMigrationContext, type HardwareMigrationEvent } from '../../../../../shared/procedures/hardware-migration/machine';
import { HARDWARE_MIGRATION_OPERATOR_EVENTS, HARDWARE_MIGRATION_SECRET_EVENTS } from '../../../../../shared/procedures/hardware-migration/words';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { controlledActorsFor } from '../helpers/air-gap-fakes';
import { NOTE, operator, type OperatorEvent } from '../helpers/air-gap-model';
import { scriptOf, serializeWithArrival } from '../helpers/model-events';

export { serializeWithArrival };
import { settle } from '../helpers/single-automatic-fakes';
import { ALL_TICKED, HALF_TICKED, NEW_URL, P5_ACTORS, P5_INPUT, SECRET, p5ActorOutcomes, type P5ActorName } from './fakes';

export { NOTE, operator };

/** A certificate file the operator exported and saved themselves. */
const SAVED_FILE = '/home/tech/Desktop/appliance-a.p12';

export type MachineSnapshot = SnapshotFrom<typeof hardwareMigrationMachine>;
export type ModelPath = StatePath<MachineSnapshot, HardwareMigrationEvent>;

/** The value an event's input asks for, as the view contract sends it. */
export function valueOf(type: string): string {
  return type === 'ADDRESS' ? NEW_URL : type === 'USE_FILE' ? SAVED_FILE : ALL_TICKED;
}

export function p5OperatorEvents(): OperatorEvent[] {
  return HARDWARE_MIGRATION_OPERATOR_EVENTS.flatMap((type) => {
    const plain = [operator(type), operator(type, { note: NOTE })];
    if (type === 'ADDRESS') return [...plain, operator(type, { value: NEW_URL }), operator(type, { value: 'http://not an address' })];
    if (type === 'USE_FILE') return [...plain, operator(type, { value: SAVED_FILE })];
    if (type === 'CONFIRM') return [...plain, operator(type, { value: ALL_TICKED }), operator(type, { value: HALF_TICKED })];
    // The host strips a secret before the machine sees it; one carrying it anyway must leave no trace either.
    if (HARDWARE_MIGRATION_SECRET_EVENTS.includes(type)) return [...plain, operator(type, { value: SECRET })];
    return plain;
  });
}

export function modelEvents(snapshot: AnyMachineSnapshot): EventObject[] {
  return [...p5OperatorEvents(), ...p5ActorOutcomes(activeStatePath(snapshot.value).join('.'), snapshot.context as HardwareMigrationContext)];
}

export const traversal = {
  input: P5_INPUT,
  events: modelEvents as unknown as (snapshot: MachineSnapshot) => HardwareMigrationEvent[],
  filterEvents: (snapshot: MachineSnapshot, event: HardwareMigrationEvent) => snapshot.can(event),
};

/**
 * The graph is walked in two halves, split where the certificate file is checked: the first half
 * stops there (CONFIRM is not taken), the second starts from that snapshot, file included.
 */
export const SPLIT_AT = 'export-certificate.checked';
export const firstHalfTraversal = {
  ...traversal,
  filterEvents: (snapshot: MachineSnapshot, event: HardwareMigrationEvent) =>
    snapshot.can(event) && !(activeStatePath(snapshot.value).join('.') === SPLIT_AT && event.type === 'CONFIRM'),
};

/** Plays events on a real actor: operator events are sent, actor outcomes finish the fake call. */
export async function replay(events: readonly EventObject[], from?: { snapshot: Snapshot<unknown> }) {
  const fakes = controlledActorsFor<P5ActorName>(P5_ACTORS);
  const journal: JournalParams[] = [];
  const machine = hardwareMigrationMachine.provide({
    actors: fakes.actors as never,
    actions: { journal: (_: unknown, params: JournalParams) => void journal.push(params) } as never,
  });
  const actor = createActor(machine, from ? { snapshot: from.snapshot, input: P5_INPUT } : { input: P5_INPUT });
  actor.start();
  await settle();
  for (const event of events) {
    const [outcome] = scriptOf<P5ActorName>([event]);
    if (outcome) fakes.finish(outcome);
    else actor.send(event as HardwareMigrationEvent);
    await settle();
  }
  return { actor, fakes, journal };
}

export function statesOf(path: ModelPath): MachineSnapshot[] {
  return path.steps.map((step) => step.state);
}

export function eventsOf(path: ModelPath): HardwareMigrationEvent[] {
  return path.steps.slice(1).map((step) => step.event);
}

export const pathOf = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value).join('.');
export const topKey = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value)[0] ?? '';
