/** P2-fetch (connected side) as the host runs it: the machine and the view, joined here so neither imports the other. */
import type { ProcedureDefinition } from '../definition';
import type { FetchUpdatesContext } from './context';
import { fetchReportFacts } from './report-facts';
import { fetchUpdatesMachine } from './machine';
import { fetchUpdatesView } from './view';

export const fetchUpdatesProcedure: ProcedureDefinition = {
  kind: 'P2-fetch',
  title: 'Fetch updates (connected side)',
  machine: fetchUpdatesMachine,
  view: fetchUpdatesView,
  reportFacts: (context) => fetchReportFacts(context as FetchUpdatesContext),
};
