/**
 * The setup() both failover-pair machines share: the shared upgrade phases' actors, guards and
 * actions, the failover actors and guards, the root site watch, and the initial context.
 */
import { setup } from 'xstate';
import type { ProcedureInput } from '../../definition';
import { actorInput } from '../../machine-helpers';
import { initialUpgradeContext } from '../context';
import { checkForUpdatesPlaceholder, upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../setup';
import { failoverActorPlaceholders } from './actors';
import { initialFailoverFields, type FailoverContext, type FailoverEvent } from './context';
import { failoverActions, failoverGuards } from './setup';

export const failoverSetup = setup({
  types: {
    context: {} as FailoverContext,
    events: {} as FailoverEvent,
    input: {} as ProcedureInput,
  },
  actors: { ...upgradeActorPlaceholders, ...checkForUpdatesPlaceholder, ...failoverActorPlaceholders },
  guards: { ...upgradeGuards, ...failoverGuards },
  actions: { ...upgradeActions<FailoverContext, FailoverEvent>(), ...failoverActions() },
});

export function initialFailoverContext(input: ProcedureInput): FailoverContext {
  return { ...initialUpgradeContext(input), ...initialFailoverFields };
}

/** The site watch runs for the whole procedure (a restored snapshot starts it again). */
export function siteWatch() {
  return { id: 'watchSite', src: 'watchSite', input: ({ context }: { context: FailoverContext }) => actorInput(context, 'site-watch') } as const;
}
