/** P5 as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import type { HardwareMigrationContext } from './context';
import { migrationReportFacts } from './report-facts';
import { hardwareMigrationMachine } from './machine';
import { hardwareMigrationView } from './view';

export const hardwareMigrationProcedure: ProcedureDefinition = {
  kind: 'P5',
  title: 'Hardware migration',
  machine: hardwareMigrationMachine,
  view: hardwareMigrationView,
  reportFacts: (context, input, site) => migrationReportFacts(context as HardwareMigrationContext, input, site),
};
