/** Every procedure the assistant can run, by kind; the host looks definitions up here. */
import type { ProcedureDefinition } from './definition';
import { singleAutomaticProcedure } from './single-automatic';
import type { ProcedureKind } from './view';

export const procedureDefinitions: Partial<Record<ProcedureKind, ProcedureDefinition>> = {
  P1: singleAutomaticProcedure,
};
