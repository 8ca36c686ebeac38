/**
 * The site watch every upgrade on a site runs (P1, P2, P3, P4, P5): invoked at the machine's
 * root, so it lasts as long as the procedure, and a restored snapshot starts it again (the
 * timeline continues). The host probes the site address every few seconds — which appliance
 * answers, with which version — and keeps the up and down intervals on disk for the downtime
 * the report states.
 */
import { fromCallback } from 'xstate';
import type { ActorBaseInput } from '../actors';
import { actorInput, notProvided } from '../machine-helpers';

/** `watchSite` (fromCallback): runs the watch while invoked; stopping the actor stops the probes. */
export type WatchSiteInput = ActorBaseInput;

export const siteWatchPlaceholder = {
  watchSite: fromCallback<{ type: string }, WatchSiteInput>(() => {
    notProvided('watchSite');
  }),
};

/** The root invoke of a procedure that watches its site. */
export function siteWatch() {
  return { id: 'watchSite', src: 'watchSite', input: ({ context }: { context: { procedureId: string; siteId: string } }) => actorInput(context, 'site-watch') } as const;
}
