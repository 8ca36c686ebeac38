/**
 * The setup() both failover-pair machines share: the shared upgrade phases' actors, guards and
 * actions, the restricted side's (for an appliance updated by hand), the failover actors and guards, the root site watch, and the initial context.
 */
import { setup } from 'xstate';
import type { ProcedureInput } from '../../definition';
import { initialUpgradeContext } from '../context';
import { checkForUpdatesPlaceholder, upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../setup';
import { initialManualOfflineFields } from '../../manual-offline/context';
import { manualOfflineActions, manualOfflineActorPlaceholders, manualOfflineGuards } from '../../manual-offline/setup';
import { failoverActorPlaceholders } from './actors';
import { initialFailoverFields, type FailoverContext, type FailoverEvent } from './context';
import { failoverActions, failoverGuards } from './setup';

export const failoverSetup = setup({
  types: {
    context: {} as FailoverContext,
    events: {} as FailoverEvent,
    input: {} as ProcedureInput,
  },
  actors: { ...upgradeActorPlaceholders, ...checkForUpdatesPlaceholder, ...failoverActorPlaceholders, ...manualOfflineActorPlaceholders },
  guards: { ...upgradeGuards, ...manualOfflineGuards, ...failoverGuards },
  actions: { ...upgradeActions<FailoverContext, FailoverEvent>(), ...manualOfflineActions<FailoverContext, FailoverEvent>(), ...failoverActions() },
});

export function initialFailoverContext(input: ProcedureInput): FailoverContext {
  return { ...initialUpgradeContext(input), ...initialFailoverFields, ...initialManualOfflineFields };
}

/** The site watch runs for the whole procedure (a restored snapshot starts it again). */
export { siteWatch } from '../site-watch';
