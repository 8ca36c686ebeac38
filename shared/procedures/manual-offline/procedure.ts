/** P2 (restricted side) as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import { manualOfflineMachine } from './machine';
import { manualOfflineView } from './view';

export const manualOfflineProcedure: ProcedureDefinition = {
  kind: 'P2',
  title: 'Single appliance, manual update (air gap)',
  machine: manualOfflineMachine,
  view: manualOfflineView,
};
