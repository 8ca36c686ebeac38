/**
 * Secrets an operator types into a step (a certificate passphrase, a new admin password), kept
 * in this process's memory only: never in a procedure's snapshot, journal or view, never on
 * disk. The host takes the value off the operator's event before the machine sees it; the
 * actor that needs it reads it here. After a restart the value is gone, so that actor rejects
 * with PASSPHRASE_NEEDED and the step asks again.
 */
import { AppError } from '../../../shared/errors';

export interface ProcedureSecrets {
  put(procedureId: string, slot: string, value: string): void;
  get(procedureId: string, slot: string): string | undefined;
  /** The value, or PASSPHRASE_NEEDED naming what to type again. */
  require(procedureId: string, slot: string, what: string): string;
  /** Forgets one slot, or every slot of the procedure. */
  drop(procedureId: string, slot?: string): void;
}

export function createProcedureSecrets(): ProcedureSecrets {
  const held = new Map<string, Map<string, string>>();
  return {
    put(procedureId, slot, value) {
      const slots = held.get(procedureId) ?? new Map<string, string>();
      slots.set(slot, value);
      held.set(procedureId, slots);
    },
    get(procedureId, slot) {
      return held.get(procedureId)?.get(slot);
    },
    require(procedureId, slot, what) {
      const value = held.get(procedureId)?.get(slot);
      if (value === undefined) {
        throw new AppError(
          'PASSPHRASE_NEEDED',
          `The assistant no longer holds ${what}: it is kept in memory only, and the app was restarted or the step moved on since it was typed.`,
          `Type ${what} again in this step.`,
          { slot },
        );
      }
      return value;
    },
    drop(procedureId, slot) {
      if (slot === undefined) held.delete(procedureId);
      else held.get(procedureId)?.delete(slot);
    },
  };
}
