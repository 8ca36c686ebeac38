/**
 * The site watch as procedure actors: `watchSite` runs the watch for as long as the machine keeps
 * it invoked (a restored snapshot invokes it again and the timeline continues), `measureDowntime`
 * reads the seconds down in a span from it.
 */
import { fromCallback, fromPromise } from 'xstate';
import type { MeasureDowntimeInput, MeasureDowntimeOutput, WatchSiteInput } from '../../../shared/procedures/steps/failover/actors';
import type { SiteWatch } from '../site-watch/site-watch';

export function createSiteWatchActors(siteWatch: SiteWatch) {
  return {
    watchSite: fromCallback<{ type: string }, WatchSiteInput>(({ input }) => {
      siteWatch.start(input.procedureId, input.siteId);
      return () => siteWatch.stop(input.procedureId);
    }),
    measureDowntime: fromPromise<MeasureDowntimeOutput, MeasureDowntimeInput>(async ({ input }) => siteWatch.measure(input.procedureId, input.from, input.to)),
  };
}
