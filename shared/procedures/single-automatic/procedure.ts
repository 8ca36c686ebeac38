/** P1 as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import { singleAutomaticMachine } from './machine';
import { singleAutomaticView } from './view';

export const singleAutomaticProcedure: ProcedureDefinition = {
  kind: 'P1',
  title: 'Single appliance, automatic update',
  machine: singleAutomaticMachine,
  view: singleAutomaticView,
};
