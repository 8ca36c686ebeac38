/**
 * The context of the failover-pair procedures (P3 synchronous, P4 asynchronous) over the shared
 * upgrade context, and the pure readings of it that their steps, guards and views share: the two
 * maintenance windows (R9), the sync and the break (R8), each appliance's archived upgrade, the
 * tests before the switch (R11), the switch (R12), the re-established relationship (R10) and the
 * downtime the site watch measured. The context holds only JSON; nothing here reads a clock.
 */
import { maintenanceWindowNotice } from '../../../rules/maintenance-window';
import type { JournalParams } from '../../definition';
import { tickedItems } from '../checklist';
import type { BackupRecord, InstallRecord, UpgradeContext } from '../context';
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
import type { ManualOfflineFields } from '../../manual-offline/context';

/** Stored data above this (MB) makes an install take longer than the usual estimate (R13). */
export const LARGE_STORED_DATA_MB = 1024;
/** How long the assistant waits for a sync to finish, for the Jump Clients, and for the site to answer with B. */
export const SYNC_TIMEOUT_SECONDS = 1800;
export const JUMP_CLIENTS_TIMEOUT_SECONDS = 1800;
export const SITE_WAIT_MINUTES: Record<SwitchMethod, number> = { 'shared-ip': 5, dns: 15, nat: 5 };

export type WindowId = 'window1' | 'window2';
export interface WindowRecord {
  plannedStart: string;
  plannedEnd: string;
  startedAt: string | null;
  endedAt: string | null;
}

/** One appliance's upgrade, archived before the unit runs again for the other appliance. */
export interface ApplianceUpgradeRecord {
  versionsBefore: { siteVersion: string; baseVersion: string } | null;
  /** The site version the appliance reported when it was verified after the unit. */
  siteVersionAfter: string;
  installed: InstallRecord[];
  backups: BackupRecord[];
  verifiedAt: string;
}

export interface FailoverFields {
  /** The last reading of both appliances. */
  pair: ReadPairOutput | null;
  /** P3 'sync'; P4 'async' with the switch method chosen up front. */
  decision: { kind: 'sync' | 'async'; method: SwitchMethod | null; at: string } | null;
  windows: Record<WindowId, WindowRecord> | null;
  syncRequest: SyncNowOutput | null;
  sync: AwaitSyncOutput | null;
  broken: BreakFailoverOutput | null;
  updated: Partial<Record<PairRole, ApplianceUpgradeRecord>>;
  jumpClients: AwaitJumpClientsOutput | null;
  jumpClientsNote: string | null;
  production: { at: string; note: string } | null;
  /** Set when the first version was confirmed (or window 2 started) after window 2's planned start. */
  interimOverrun: { at: string; plannedStart: string } | null;
  hostsTest: { at: string; items: string[] } | null;
  siteProbe: ProbeApplianceAsSiteOutput | null;
  sharedIpSwitch: SwitchSharedIpOutput | null;
  /** When the operator said they made the change themselves (guided switch, DNS or NAT swing). */
  switchedByOperatorAt: string | null;
  siteWait: { startedAt: string; deadline: string } | null;
  siteAnswer: SiteServesAnswer | null;
  integrationCheckedAt: string | null;
  established: EstablishFailoverOutput | null;
  /** The first sync after re-establishing is awaited as newer than this (the establish, or a Sync Now). */
  firstSyncAfter: string | null;
  firstSync: AwaitSyncOutput | null;
  downtime: Record<WindowId, MeasureDowntimeOutput | null>;
  /** The appliance the operator updates by hand across the air gap (P4: A, B or both); null or absent: both automatically. */
  manualUpdate?: PairRole | 'both' | null;
  /**
   * With both by hand the restricted side's fields serve one appliance at a time: the other's are
   * set aside here (with the plan and versions its import made) until its steps or its unit run
   * again. Absent in snapshots saved before both could be updated by hand.
   */
  manualParked?: Partial<Record<PairRole, ParkedManual>>;
}

/** One appliance's restricted-side fields, set aside. */
export interface ParkedManual extends ManualOfflineFields {
  plan: UpgradeContext['plan'];
  versionsBefore: UpgradeContext['versionsBefore'];
}

/** The restricted side's fields (clock, key, bundle) serve the one appliance updated by hand across the air gap. */
export interface FailoverContext extends UpgradeContext, FailoverFields, ManualOfflineFields {}

/** Where P3 and P4 differ; their machines and catalogues are built from it. */
export interface FailoverPairLayout {
  /** P3 'sync': A stays primary; P4 'async': B is updated first, tested and made primary before window 1 ends. */
  kind: 'sync' | 'async';
  /** The appliance updated in window 1; it serves the site in the interim and is primary afterwards. */
  first: PairRole;
  /** The step id of window 2's backup, of the other appliance. */
  secondBackup: string;
  /** The appliances the operator may choose to update by hand across the air gap (P4: A and B); none: automatic only. */
  manual?: readonly PairRole[];
}

/** The appliance is to be updated by hand across the air gap. */
export function updatedManually(context: Pick<FailoverFields, 'manualUpdate'>, role: PairRole): boolean {
  const mode = context.manualUpdate ?? null;
  return mode === role || mode === 'both';
}

/** The appliances updated by hand, in the order A, B. */
export function manualRoles(context: Pick<FailoverFields, 'manualUpdate'>): PairRole[] {
  return (['A', 'B'] as const).filter((role) => updatedManually(context, role));
}

/** The way of updating `role` chosen (by hand or not), the other appliance's kept. */
export function withUpdateMode(context: Pick<FailoverFields, 'manualUpdate'>, role: PairRole, manual: boolean): FailoverFields['manualUpdate'] {
  const roles = (['A', 'B'] as const).filter((each) => (each === role ? manual : updatedManually(context, each)));
  return roles.length === 2 ? 'both' : (roles[0] ?? null);
}

export type FailoverEvent = { type: string; at: string; note?: string; value?: string };

export const initialFailoverFields: FailoverFields = {
  pair: null,
  decision: null,
  windows: null,
  syncRequest: null,
  sync: null,
  broken: null,
  updated: {},
  jumpClients: null,
  jumpClientsNote: null,
  production: null,
  interimOverrun: null,
  hostsTest: null,
  siteProbe: null,
  sharedIpSwitch: null,
  switchedByOperatorAt: null,
  siteWait: null,
  siteAnswer: null,
  integrationCheckedAt: null,
  established: null,
  firstSyncAfter: null,
  firstSync: null,
  downtime: { window1: null, window2: null },
  manualUpdate: null,
};

export type Args = { context: FailoverContext };
export type EventArgs = { event: FailoverEvent };
export type DoneOf<T> = { event: { output: T } };

/** A journal action with a fixed or computed detail. */
export function journalOf<TArgs>(entry: Omit<JournalParams, 'detail'>, detail?: string | ((args: TArgs) => string)) {
  return {
    type: 'journal' as const,
    params: (args: TArgs): JournalParams => ({ ...entry, ...(detail === undefined ? {} : { detail: typeof detail === 'string' ? detail : detail(args) }) }),
  };
}

export function other(role: PairRole): PairRole {
  return role === 'A' ? 'B' : 'A';
}

export function minutesAfter(at: string, minutes: number): string {
  return new Date(Date.parse(at) + minutes * 60_000).toISOString();
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The four planned times of R9, one a line: window 1 start and end, window 2 start and end, each
 * an ISO time with its zone; in order, window 2 after window 1. Null for anything else.
 */
export function parseWindowPlan(value: string | undefined): Record<WindowId, WindowRecord> | null {
  const lines = (value ?? '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  if (lines.length !== 4 || !lines.every((line) => ISO_WITH_ZONE.test(line) && !Number.isNaN(Date.parse(line)))) return null;
  const [s1, e1, s2, e2] = lines.map((line) => Date.parse(line)) as [number, number, number, number];
  if (!(s1 < e1 && e1 <= s2 && s2 < e2)) return null;
  const iso = (ms: number) => new Date(ms).toISOString();
  const window = (start: number, end: number): WindowRecord => ({ plannedStart: iso(start), plannedEnd: iso(end), startedAt: null, endedAt: null });
  return { window1: window(s1, e1), window2: window(s2, e2) };
}

/** The site version the appliance must report after its unit: the last verified site install, else what it ran. */
export function expectedSiteVersion(context: Pick<UpgradeContext, 'installed' | 'versionsBefore'>): string | null {
  const lastSite = context.installed.filter((record) => record.pkg.kind === 'site').at(-1);
  return lastSite?.verifiedVersion ?? context.versionsBefore?.siteVersion ?? null;
}

/** The appliance reports the version its unit just installed (verified after the unit, before anything else). */
export function runsUpdate(context: FailoverContext, pair: ReadPairOutput, appliance: PairRole): boolean {
  const expected = expectedSiteVersion(context);
  return expected !== null && pair[appliance].siteVersion === expected;
}

/** The unit's outcome for `appliance`, archived, and the unit's fields cleared for the other appliance. */
export function archiveUnit(context: FailoverContext, pair: ReadPairOutput, appliance: PairRole): Partial<FailoverContext> {
  const record: ApplianceUpgradeRecord = {
    versionsBefore: context.versionsBefore,
    siteVersionAfter: pair[appliance].siteVersion,
    installed: context.installed,
    backups: context.backups,
    verifiedAt: pair.readAt,
  };
  return {
    pair,
    updated: { ...context.updated, [appliance]: record },
    versionsBefore: null,
    plan: null,
    installStartedAt: null,
    installIndex: 0,
    installed: [],
    backups: [],
    error: null,
  };
}

export function sharedIpConfigured(pair: ReadPairOutput | null): boolean {
  return pair !== null && pair.A.sharedIps.length > 0 && pair.B.sharedIps.length > 0;
}

/** R13 for one appliance of the pair, with its stored data. */
export function installNotice(pair: ReadPairOutput, appliance: PairRole) {
  return maintenanceWindowNotice(1, { largeStoredData: pair[appliance].storedDataMb > LARGE_STORED_DATA_MB });
}

/** R11 (the app's own part): B serves the site hostname with the version it just got and A's certificate. */
export function probeServesUpdate(context: FailoverContext, probe: ProbeApplianceAsSiteOutput): boolean {
  const updatedB = context.updated.B;
  const fingerprintA = context.pair?.A.fingerprint256;
  return (
    updatedB !== undefined &&
    probe.version === updatedB.siteVersionAfter &&
    probe.coversSiteHostname &&
    fingerprintA !== undefined &&
    probe.fingerprint256 === fingerprintA
  );
}

export function hostsTested(value: string | undefined, at: string) {
  return { at, items: tickedItems(value, HOSTS_CHECKS) };
}

/** R11 passed: every hosts-file test ticked and B probed as the site. */
export function r11Passed(context: FailoverContext): boolean {
  return context.hostsTest !== null && context.hostsTest.items.length === HOSTS_CHECKS.length && context.siteProbe !== null && probeServesUpdate(context, context.siteProbe);
}

/** R10: each host field holds one of the pair's own addresses (IP or hostname as read), never anything else. */
export function ownAddresses(pair: ReadPairOutput | null, fields: EstablishFailoverOutput['fields']): boolean {
  if (pair === null) return false;
  const own = new Set([pair.A.ip, pair.A.hostname, pair.B.ip, pair.B.hostname].filter((value) => value.length > 0));
  return own.has(fields.backupHost) && own.has(fields.primaryHost) && fields.backupHost !== fields.primaryHost && fields.backupPort === 443 && fields.primaryPort === 443;
}

/** R8: the sync awaited finished after it was requested. */
export function syncFinished(context: Pick<FailoverFields, 'sync' | 'syncRequest'>): boolean {
  return context.sync !== null && context.syncRequest !== null && Date.parse(context.sync.syncedAt) > Date.parse(context.syncRequest.requestedAt);
}

/** The time without failover went past window 2's planned start at `at`. */
export function overrunAt(context: FailoverContext, at: string): FailoverFields['interimOverrun'] {
  const plannedStart = context.windows?.window2.plannedStart;
  if (!plannedStart || Date.parse(at) <= Date.parse(plannedStart)) return context.interimOverrun;
  return context.interimOverrun ?? { at, plannedStart };
}

export function withWindow(context: FailoverContext, id: WindowId, change: Partial<WindowRecord>): Partial<FailoverContext> {
  const windows = context.windows;
  if (!windows) return {};
  return { windows: { ...windows, [id]: { ...windows[id], ...change } } };
}

export function describeAnswer(answer: SiteServesAnswer): string {
  switch (answer.answeredBy) {
    case 'A':
    case 'B':
      return `The site address answers with appliance ${answer.answeredBy} (serial ${answer.serial ?? 'unknown'}, version ${answer.version ?? 'unknown'}).`;
    case 'other':
      return `The site address answers with an appliance that is neither of the pair (serial ${answer.serial ?? 'unknown'}).`;
    case 'none':
      return 'Nothing answers at the site address.';
  }
}

export function to(machine: string, step: string): string {
  return `#${machine}.${step}`;
}
