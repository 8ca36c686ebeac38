/** P4 as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import type { FailoverContext } from '../steps/failover/context';
import { pairReportFacts } from '../steps/failover/report-facts';
import { failoverAsyncMachine } from './machine';
import { failoverAsyncView } from './view';

export const failoverAsyncProcedure: ProcedureDefinition = {
  kind: 'P4',
  title: 'Failover pair, asynchronous',
  machine: failoverAsyncMachine,
  view: failoverAsyncView,
  reportFacts: (context, _input, site) => pairReportFacts(context as FailoverContext, site),
};
