/**
 * Reading a procedure view in tests: the view of an actor's persisted (JSON round-tripped)
 * snapshot, one step of a view by id, and one shortest path per active state.
 */
import type { AnyActorRef } from 'xstate';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../../../../../shared/procedures/definition';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import type { StepView } from '../../../../../shared/procedures/view';

/** The view of the actor's persisted snapshot after a JSON round trip; stops the actor. */
export function persistedViewOf(
  actor: AnyActorRef,
  view: (snapshot: SnapshotLike, input: ProcedureInput) => ProcedureViewPart,
  input: ProcedureInput,
): ProcedureViewPart {
  const shown = view(JSON.parse(JSON.stringify(actor.getPersistedSnapshot())), input);
  actor.stop();
  return shown;
}

/** The step with this id; throws when the view has none. */
export function step(view: ProcedureViewPart, id: string): StepView {
  const found = view.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

/** The last path found for each active state path (e.g. `running.download`), in first-seen order. */
export function onePerActiveState<P extends { state: { value: unknown } }>(paths: readonly P[]): P[] {
  return [...new Map(paths.map((path) => [activeStatePath(path.state.value).join('.'), path])).values()];
}
