/**
 * Starting a procedure's actor: the machine provided with the host's actors and a journal
 * action that writes through the procedure's queue; every snapshot goes to disk first.
 */
import { createActor } from 'xstate';
import { toAppErrorShape } from '../../../shared/errors';
import type { JournalParams, SnapshotLike } from '../../../shared/procedures/definition';
import type { createProcedureActors } from './actors';
import { appendJournal, type Running } from './procedure-record';
import { currentStepOf } from './procedure-views';

export interface LaunchHooks {
  actors: ReturnType<typeof createProcedureActors>;
  isoNow(): string;
  /** Called on every snapshot change (persists it). */
  onSnapshot(record: Running): void;
}

export function launchProcedure(record: Running, snapshot: SnapshotLike | undefined, hooks: LaunchHooks): void {
  const { isoNow } = hooks;
  const machine = record.definition.machine.provide({
    actors: hooks.actors,
    actions: {
      journal: (_args: unknown, params: JournalParams | undefined) => {
        if (!params) return;
        appendJournal(record, {
          at: isoNow(),
          who: params.who ?? 'assistant',
          step: params.step,
          event: params.event,
          outcome: params.outcome,
          ...(params.detail !== undefined ? { detail: params.detail } : {}),
          ...(params.checksums !== undefined ? { checksums: params.checksums } : {}),
        });
      },
    },
  });
  const actor = createActor(machine, snapshot ? { snapshot: snapshot as never, input: record.meta.input } : { input: record.meta.input });
  record.actor = actor;
  actor.subscribe({
    next: () => hooks.onSnapshot(record),
    error: (error: unknown) => {
      hooks.onSnapshot(record);
      const shape = toAppErrorShape(error);
      appendJournal(record, { at: isoNow(), who: 'assistant', step: currentStepOf(record) ?? 'procedure', event: 'MACHINE_ERROR', outcome: 'failed', detail: `${shape.code}: ${shape.message}` });
    },
  });
  actor.start();
  hooks.onSnapshot(record);
}
