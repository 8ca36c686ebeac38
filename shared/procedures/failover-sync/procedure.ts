/** P3 as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import type { FailoverContext } from '../steps/failover/context';
import { pairReportFacts } from '../steps/failover/report-facts';
import { failoverSyncMachine } from './machine';
import { failoverSyncView } from './view';

export const failoverSyncProcedure: ProcedureDefinition = {
  kind: 'P3',
  title: 'Failover pair, synchronous',
  machine: failoverSyncMachine,
  view: failoverSyncView,
  reportFacts: (context, _input, site) => pairReportFacts(context as FailoverContext, site),
};
