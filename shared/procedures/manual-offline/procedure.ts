/** P2 (restricted side) as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import { manualFiles, singleApplianceFacts } from '../steps/report-facts';
import type { ManualOfflineContext } from './context';
import { manualOfflineMachine } from './machine';
import { manualOfflineView } from './view';

export const manualOfflineProcedure: ProcedureDefinition = {
  kind: 'P2',
  title: 'Single appliance, manual update (air gap)',
  machine: manualOfflineMachine,
  view: manualOfflineView,
  reportFacts: (context, input, site) => singleApplianceFacts(context as ManualOfflineContext, input, site, manualFiles(context as ManualOfflineContext)),
};
