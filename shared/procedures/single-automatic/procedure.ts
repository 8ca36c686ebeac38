/** P1 as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import type { UpgradeContext } from '../steps/context';
import { singleApplianceFacts } from '../steps/report-facts';
import { singleAutomaticMachine } from './machine';
import { singleAutomaticView } from './view';

export const singleAutomaticProcedure: ProcedureDefinition = {
  kind: 'P1',
  title: 'Single appliance, automatic update',
  machine: singleAutomaticMachine,
  view: singleAutomaticView,
  reportFacts: (context, input, site) => singleApplianceFacts(context as UpgradeContext, input, site),
};
