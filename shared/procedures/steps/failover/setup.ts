/**
 * What a failover-pair machine's setup() spreads in besides the shared upgrade phases: the guards
 * and the record actions of the failover steps. The actor placeholders are in actors.ts.
 */
import { toAppErrorShape } from '../../../errors';
import { everyItemTicked } from '../checklist';
import { assignFor } from '../setup';
import type * as F from './actors';
import { HOSTS_CHECKS } from './checks';
import { handOver, isParked, resumeManual } from './manual-fields';
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
  withUpdateMode,
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
  bothNone: (_: unknown, params: { result: F.BreakFailoverOutput }) => params.result.roles.A === 'none' && params.result.roles.B === 'none',
  runsUpdate: ({ context }: Args, params: { pair: F.ReadPairOutput; appliance: F.PairRole }) => runsUpdate(context, params.pair, params.appliance),
  allOnline: (_: unknown, params: { result: F.AwaitJumpClientsOutput }) => params.result.allOnline,
  productionConfirmed: ({ context }: Args) => context.production !== null,
  hostsAllTicked: ({ event }: EventArgs) => everyItemTicked(event.value, HOSTS_CHECKS),
  probeServesUpdate: ({ context }: Args, params: { result: F.ProbeApplianceAsSiteOutput }) => probeServesUpdate(context, params.result),
  r11Passed: ({ context }: Args) => r11Passed(context),
  servedBy: (_: unknown, params: { answer: F.SiteServesAnswer; expect: F.PairRole }) => params.answer.answeredBy === params.expect,
  isKeysDiffer: (_: unknown, params: { error: unknown }) => String(toAppErrorShape(params.error).code) === 'KEYS_DIFFER',
  ownAddresses: ({ context }: Args, params: { result: F.EstablishFailoverOutput }) => ownAddresses(context.pair, params.result.fields),
  updatedManually: ({ context }: Args, params: { role: F.PairRole }) => updatedManually(context, params.role),
  updatedAutomatically: ({ context }: Args, params: { role: F.PairRole }) => !updatedManually(context, params.role),
  /** The appliance is updated by hand and its key is yet to be made (none set aside). */
  keyToMake: ({ context }: Args, params: { role: F.PairRole }) => updatedManually(context, params.role) && !isParked(context, params.role),
  manualParked: ({ context }: Args, params: { role: F.PairRole }) => isParked(context, params.role),
};

export function failoverActions() {
  const update = assignFor<FailoverContext, FailoverEvent>();
  return {
    recordPair: update((_, pair: F.ReadPairOutput) => ({ pair })),
    recordUpdateMode: update(({ context }, params: { role: F.PairRole; manual: boolean }) => ({ manualUpdate: withUpdateMode(context, params.role, params.manual) })),
    handOverManual: update(({ context }, params: { from: F.PairRole; to: F.PairRole }) => handOver(context, params.from, params.to)),
    resumeManual: update(({ context }, params: { from: F.PairRole; to: F.PairRole }) => resumeManual(context, params.from, params.to)),
    recordDecision: update((_, decision: { kind: 'sync' | 'async'; method: F.SwitchMethod | null; at: string }) => ({ decision })),
    recordWindows: update((_, params: { value: string }) => ({ windows: parseWindowPlan(params.value) })),
    recordWindowOpened: update(({ context }, params: { id: WindowId; at: string }) => ({
      ...withWindow(context, params.id, { startedAt: params.at }),
      windowStartedAt: params.at,
      ...(params.id === 'window2' ? { interimOverrun: overrunAt(context, params.at) } : {}),
    })),
    recordWindowEnded: update(({ context }, params: { id: WindowId; at: string }) => withWindow(context, params.id, { endedAt: params.at })),
    recordDowntime: update(({ context }, params: { id: WindowId; result: F.MeasureDowntimeOutput }) => ({ downtime: { ...context.downtime, [params.id]: params.result } })),
    recordSyncRequest: update((_, syncRequest: F.SyncNowOutput) => ({ syncRequest, sync: null })),
    recordSync: update((_, sync: F.AwaitSyncOutput) => ({ sync })),
    recordBreak: update((_, broken: F.BreakFailoverOutput) => ({ broken })),
    archiveUnit: update(({ context }, params: { pair: F.ReadPairOutput; appliance: F.PairRole }) => archiveUnit(context, params.pair, params.appliance)),
    recordJumpClients: update((_, jumpClients: F.AwaitJumpClientsOutput) => ({ jumpClients })),
    recordJumpClientsNote: update((_, params: { note: string }) => ({ jumpClientsNote: params.note })),
    recordProduction: update(({ context }, params: { at: string; note: string }) => ({
      production: { at: params.at, note: params.note },
      interimOverrun: overrunAt(context, params.at),
    })),
    recordHostsTest: update((_, params: { at: string; value: string | undefined }) => ({ hostsTest: hostsTested(params.value, params.at) })),
    recordSiteProbe: update((_, siteProbe: F.ProbeApplianceAsSiteOutput) => ({ siteProbe })),
    recordSharedIpSwitch: update(({ context }, result: F.SwitchSharedIpOutput) => ({
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
    recordSiteAnswer: update((_, siteAnswer: F.SiteServesAnswer) => ({ siteAnswer })),
    recordIntegrationChecked: update((_, params: { at: string }) => ({ integrationCheckedAt: params.at })),
    recordEstablished: update((_, established: F.EstablishFailoverOutput) => ({ established, firstSyncAfter: established.establishedAt })),
    recordFirstSyncRequest: update((_, request: F.SyncNowOutput) => ({ firstSyncAfter: request.requestedAt })),
    recordFirstSync: update((_, firstSync: F.AwaitSyncOutput) => ({ firstSync })),
  };
}
