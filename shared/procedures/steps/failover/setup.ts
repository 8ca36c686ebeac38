/**
 * What a failover-pair machine's setup() spreads in besides the shared upgrade phases: the guards
 * and the record actions of the failover steps. The actor placeholders are in actors.ts.
 */
import { toAppErrorShape } from '../../../errors';
import { everyItemTicked } from '../checklist';
import { assignFor } from '../setup';
import type {
  AwaitJumpClientsOutput,
  AwaitSyncOutput,
  BreakFailoverOutput,
  EstablishFailoverOutput,
  MeasureDowntimeOutput,
  PairRole,
  ProbeApplianceAsSiteOutput,
  ReadPairOutput,
  SiteServesAnswer,
  SwitchMethod,
  SwitchSharedIpOutput,
  SyncNowOutput,
} from './actors';
import { HOSTS_CHECKS } from './checks';
import {
  SITE_WAIT_MINUTES,
  archiveUnit,
  hostsTested,
  minutesAfter,
  overrunAt,
  ownAddresses,
  parseWindowPlan,
  probeServesUpdate,
  r11Passed,
  runsUpdate,
  sharedIpConfigured,
  syncFinished,
  updatedManually,
  withWindow,
  type Args,
  type EventArgs,
  type FailoverContext,
  type FailoverEvent,
  type WindowId,
} from './context';

export const failoverGuards = {
  windowsValid: ({ event }: EventArgs) => parseWindowPlan(event.value) !== null,
  sharedIpConfigured: ({ context }: Args) => sharedIpConfigured(context.pair),
  methodIsSharedIp: ({ context }: Args) => context.decision?.method === 'shared-ip',
  syncFinished: ({ context }: Args) => syncFinished(context),
  bothNone: (_: unknown, params: { result: BreakFailoverOutput }) => params.result.roles.A === 'none' && params.result.roles.B === 'none',
  runsUpdate: ({ context }: Args, params: { pair: ReadPairOutput; appliance: PairRole }) => runsUpdate(context, params.pair, params.appliance),
  allOnline: (_: unknown, params: { result: AwaitJumpClientsOutput }) => params.result.allOnline,
  productionConfirmed: ({ context }: Args) => context.production !== null,
  hostsAllTicked: ({ event }: EventArgs) => everyItemTicked(event.value, HOSTS_CHECKS),
  probeServesUpdate: ({ context }: Args, params: { result: ProbeApplianceAsSiteOutput }) => probeServesUpdate(context, params.result),
  r11Passed: ({ context }: Args) => r11Passed(context),
  servedBy: (_: unknown, params: { answer: SiteServesAnswer; expect: PairRole }) => params.answer.answeredBy === params.expect,
  isKeysDiffer: (_: unknown, params: { error: unknown }) => String(toAppErrorShape(params.error).code) === 'KEYS_DIFFER',
  ownAddresses: ({ context }: Args, params: { result: EstablishFailoverOutput }) => ownAddresses(context.pair, params.result.fields),
  updatedManually: ({ context }: Args, params: { role: PairRole }) => updatedManually(context, params.role),
  updatedAutomatically: ({ context }: Args, params: { role: PairRole }) => !updatedManually(context, params.role),
};

export function failoverActions() {
  const update = assignFor<FailoverContext, FailoverEvent>();
  return {
    recordPair: update((_, pair: ReadPairOutput) => ({ pair })),
    recordUpdateMode: update((_, params: { role: PairRole; manual: boolean }) => ({ manualUpdate: params.manual ? params.role : null })),
    recordDecision: update((_, decision: { kind: 'sync' | 'async'; method: SwitchMethod | null; at: string }) => ({ decision })),
    recordWindows: update((_, params: { value: string }) => ({ windows: parseWindowPlan(params.value) })),
    recordWindowOpened: update(({ context }, params: { id: WindowId; at: string }) => ({
      ...withWindow(context, params.id, { startedAt: params.at }),
      windowStartedAt: params.at,
      ...(params.id === 'window2' ? { interimOverrun: overrunAt(context, params.at) } : {}),
    })),
    recordWindowEnded: update(({ context }, params: { id: WindowId; at: string }) => withWindow(context, params.id, { endedAt: params.at })),
    recordDowntime: update(({ context }, params: { id: WindowId; result: MeasureDowntimeOutput }) => ({ downtime: { ...context.downtime, [params.id]: params.result } })),
    recordSyncRequest: update((_, syncRequest: SyncNowOutput) => ({ syncRequest, sync: null })),
    recordSync: update((_, sync: AwaitSyncOutput) => ({ sync })),
    recordBreak: update((_, broken: BreakFailoverOutput) => ({ broken })),
    archiveUnit: update(({ context }, params: { pair: ReadPairOutput; appliance: PairRole }) => archiveUnit(context, params.pair, params.appliance)),
    recordJumpClients: update((_, jumpClients: AwaitJumpClientsOutput) => ({ jumpClients })),
    recordJumpClientsNote: update((_, params: { note: string }) => ({ jumpClientsNote: params.note })),
    recordProduction: update(({ context }, params: { at: string; note: string }) => ({
      production: { at: params.at, note: params.note },
      interimOverrun: overrunAt(context, params.at),
    })),
    recordHostsTest: update((_, params: { at: string; value: string | undefined }) => ({ hostsTest: hostsTested(params.value, params.at) })),
    recordSiteProbe: update((_, siteProbe: ProbeApplianceAsSiteOutput) => ({ siteProbe })),
    recordSharedIpSwitch: update(({ context }, result: SwitchSharedIpOutput) => ({
      sharedIpSwitch: result,
      siteWait: { startedAt: result.enabledAt, deadline: minutesAfter(result.enabledAt, SITE_WAIT_MINUTES[context.decision?.method ?? 'shared-ip']) },
    })),
    recordSwitchedByOperator: update(({ context }, params: { at: string }) => ({
      switchedByOperatorAt: params.at,
      siteWait: { startedAt: params.at, deadline: minutesAfter(params.at, SITE_WAIT_MINUTES[context.decision?.method ?? 'shared-ip']) },
    })),
    recordSiteWait: update(({ context }, params: { at: string }) => ({
      siteWait: { startedAt: params.at, deadline: minutesAfter(params.at, SITE_WAIT_MINUTES[context.decision?.method ?? 'shared-ip']) },
    })),
    recordSiteAnswer: update((_, siteAnswer: SiteServesAnswer) => ({ siteAnswer })),
    recordIntegrationChecked: update((_, params: { at: string }) => ({ integrationCheckedAt: params.at })),
    recordEstablished: update((_, established: EstablishFailoverOutput) => ({ established, firstSyncAfter: established.establishedAt })),
    recordFirstSyncRequest: update((_, request: SyncNowOutput) => ({ firstSyncAfter: request.requestedAt })),
    recordFirstSync: update((_, firstSync: AwaitSyncOutput) => ({ firstSync })),
  };
}
