/** Every procedure the assistant can run, by kind; the host looks definitions up here. */
import type { ProcedureDefinition } from './definition';
import { failoverAsyncProcedure } from './failover-async/procedure';
import { failoverSyncProcedure } from './failover-sync/procedure';
import { fetchUpdatesProcedure } from './fetch-updates/procedure';
import { hardwareMigrationProcedure } from './hardware-migration/procedure';
import { manualOfflineProcedure } from './manual-offline/procedure';
import { singleAutomaticProcedure } from './single-automatic/procedure';
import type { ProcedureKind } from './view';

export const procedureDefinitions: Partial<Record<ProcedureKind, ProcedureDefinition>> = {
  P1: singleAutomaticProcedure,
  P2: manualOfflineProcedure,
  'P2-fetch': fetchUpdatesProcedure,
  P3: failoverSyncProcedure,
  P4: failoverAsyncProcedure,
  P5: hardwareMigrationProcedure,
};
