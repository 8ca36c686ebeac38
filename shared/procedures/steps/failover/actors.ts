/**
 * The side effects only the failover-pair procedures (P3 synchronous, P4 asynchronous) invoke,
 * with their inputs and outputs, and the placeholders their machines declare;
 * electron/services/procedures/failover-actors.ts supplies them with `machine.provide({ actors })`.
 * `appliance` in an input is 'A' or 'B' (the site's appliances with those roles). Every actor
 * rejects with an AppError. A restored snapshot restarts whatever was in flight with the same
 * input, so each one reads the appliances first and says why running it again is safe: nothing
 * that changes a role, a shared IP or a relationship is ever repeated blindly.
 */
import { fromPromise } from 'xstate';
import type { WatchJumpClientsOutput } from '../aftercare-and-report/actors';
import type { ActorBaseInput } from '../../actors';
import { notProvided } from '../../machine-helpers';
import { siteWatchPlaceholder } from '../site-watch';

export type PairRole = 'A' | 'B';
export type FailoverRole = 'none' | 'primary' | 'backup';
/** How B becomes primary in P4 (R12), chosen up front. */
export type SwitchMethod = 'shared-ip' | 'dns' | 'nat';

/** What one appliance of the pair says of itself (API check_health + its Failover, Security and IP pages). */
export interface PairApplianceState {
  role: PairRole;
  /** The appliance's serial (check_health appliance id). */
  serial: string;
  hostname: string;
  /** Its own (unique) IP address, from IP Configuration. */
  ip: string;
  siteVersion: string;
  baseVersion: string;
  status: string;
  failoverRole: FailoverRole;
  /** Hostname of the peer the Failover page names; '' when none. */
  peer: string;
  /** ISO time of the last finished data sync; null when never. */
  lastSyncAt: string | null;
  lastSyncStatus: 'success' | 'failed' | 'running' | '';
  lastSyncMessage: string;
  /** Shared IPs configured on the appliance and whether each is Enabled here. */
  sharedIps: { ip: string; enabled: boolean }[];
  /** SHA-256 (hex) of the inter-appliance key: compared, never shown or stored in clear. */
  interApplianceKeyDigest: string;
  storedDataMb: number;
  /** SHA-256 fingerprint of the certificate the appliance presents. */
  fingerprint256: string;
}

/**
 * `readPair`: reads both appliances (every field of PairApplianceState). Rejects UNREACHABLE /
 * TIMEOUT / TLS_* naming the appliance that could not be asked. Reads only: safe to re-run.
 */
export type ReadPairInput = ActorBaseInput;
export interface ReadPairOutput {
  A: PairApplianceState;
  B: PairApplianceState;
  readAt: string;
  /** The site's hostname (the address its users reach), for the hosts-file line of R11; absent when the host does not know it. */
  siteHostname?: string;
}

/**
 * `syncNow` (R8): on the primary (`appliance`), reads the Failover page first; when a sync is
 * already running it posts nothing and resolves with that sync's start; otherwise posts Sync Now.
 * Rejects NOT_IN_RELATIONSHIP when the appliance is not primary. A second sync is harmless, so a
 * restart may post again.
 */
export interface SyncNowInput extends ActorBaseInput {
  appliance: PairRole;
}
export interface SyncNowOutput {
  /** ISO time the sync was requested (or found running); awaitSync waits for a sync ending after it. */
  requestedAt: string;
}

/**
 * `awaitSync`: polls `appliance` (and, via check_health, its peer) until `last_data_sync_time` is
 * newer than `after` with status success; progress says "syncing… (n s)". Rejects SYNC_FAILED with
 * the appliance's message when the sync ends `failed`, TIMEOUT after `timeoutSeconds`. Reads only.
 */
export interface AwaitSyncInput extends ActorBaseInput {
  appliance: PairRole;
  after: string;
  timeoutSeconds: number;
}
export interface AwaitSyncOutput {
  syncedAt: string;
  status: 'success';
  /** Seconds from `after` to `syncedAt`. */
  seconds: number;
}

/**
 * `breakFailover`: reads both roles; when both are already `none` it posts nothing; otherwise
 * posts Break Failover Relationships on `appliance`, then reads both again. Resolves only when
 * both read `none` (else rejects FAILOVER_REFUSED with what they read).
 */
export interface BreakFailoverInput extends ActorBaseInput {
  appliance: PairRole;
}
export interface BreakFailoverOutput {
  brokenAt: string;
  /** True when it found the relationship already broken (a resumed step). */
  alreadyBroken: boolean;
  roles: { A: FailoverRole; B: FailoverRole };
}

/**
 * `probeApplianceAsSite` (R11): requests `appliance`'s own address with SNI and Host = the site
 * hostname, as a machine with the hosts-file override would, and reads what it serves: serial,
 * version, certificate. Reads only.
 */
export interface ProbeApplianceAsSiteInput extends ActorBaseInput {
  appliance: PairRole;
}
export interface ProbeApplianceAsSiteOutput {
  serial: string;
  version: string;
  fingerprint256: string;
  /** The certificate covers the site hostname. */
  coversSiteHostname: boolean;
  checkedAt: string;
}

/**
 * `switchSharedIp` (R12, shared IP): reads both IP Configurations first. When `to` already holds the
 * shared IP alone it posts nothing (alreadyDone). Otherwise: disable on `from` (when enabled), then
 * enable on `to` at once; reads both back. Both enabled when it starts (an address conflict) → it
 * disables `from` first, which resolves the conflict. Rejects FAILOVER_REFUSED when the read-back
 * differs.
 */
export interface SwitchSharedIpInput extends ActorBaseInput {
  from: PairRole;
  to: PairRole;
}
export interface SwitchSharedIpOutput {
  disabledAt: string | null;
  enabledAt: string;
  /** Milliseconds between the two posts (0 when alreadyDone). */
  gapMs: number;
  alreadyDone: boolean;
  sharedIp: string;
}

/**
 * `waitForSiteServes` (R12 verified, and any "who serves the site now" check): requests the site
 * address (SNI and Host = the site hostname) until the appliance with serial of `expect` answers,
 * or `deadline` passes (a deadline already past asks once). Progress says which appliance answers
 * and the time left. Resolves with the last answer either way; rejects only when it cannot ask. Reads only.
 */
export interface WaitForSiteServesInput extends ActorBaseInput {
  expect: PairRole;
  deadline: string;
}
export interface SiteServesAnswer {
  /** Which of the pair answered; 'other' = an appliance that is neither; 'none' = nothing answered. */
  answeredBy: PairRole | 'other' | 'none';
  serial: string | null;
  version: string | null;
  checkedAt: string;
}

/**
 * `establishFailover` (R10): on `primary`, with the host fields holding each appliance's own address
 * (its unique IP, else its own hostname — never the site hostname; the host reads them from readPair)
 * and TLS port 443. Reads both first: keys compared by digest (differ → rejects KEYS_DIFFER, posting
 * nothing); already established with `primary` primary → posts nothing (alreadyDone). Refused by the
 * appliance → rejects FAILOVER_REFUSED with its words. Resolves when `primary` reads primary and the
 * other backup.
 */
export interface EstablishFailoverInput extends ActorBaseInput {
  primary: PairRole;
}
export interface EstablishFailoverOutput {
  establishedAt: string;
  alreadyDone: boolean;
  fields: { backupHost: string; backupPort: number; primaryHost: string; primaryPort: number };
}

/** Live Jump Client counts of one appliance (Jump > Jump Clients), as aftercare reads them too. */
export type JumpClientCounts = Omit<WatchJumpClientsOutput, 'allOnline'>;

/**
 * `awaitJumpClients`: polls `appliance`'s Jump Clients until every one is online (resolves) or
 * `timeoutSeconds` pass (resolves with the last counts; the machine lets the operator go on with a
 * note). Progress carries the counts in its label. Reads only.
 */
export interface AwaitJumpClientsInput extends ActorBaseInput {
  appliance: PairRole;
  timeoutSeconds: number;
}
export type AwaitJumpClientsOutput = WatchJumpClientsOutput;

export type { WatchSiteInput } from '../site-watch';

/**
 * `measureDowntime`: from the site watch's timeline, the seconds the site was down between `from`
 * and `to` (ISO), with the intervals. Reads only.
 */
export interface MeasureDowntimeInput extends ActorBaseInput {
  from: string;
  to: string;
}
export interface MeasureDowntimeOutput {
  from: string;
  to: string;
  downSeconds: number;
  intervals: { from: string; to: string; up: boolean; serial: string | null; version: string | null }[];
  /** Seconds of the span the watch did not cover (the app was not running). */
  unwatchedSeconds: number;
}

export const failoverActorPlaceholders = {
  readPair: fromPromise<ReadPairOutput, ReadPairInput>(async () => notProvided('readPair')),
  syncNow: fromPromise<SyncNowOutput, SyncNowInput>(async () => notProvided('syncNow')),
  awaitSync: fromPromise<AwaitSyncOutput, AwaitSyncInput>(async () => notProvided('awaitSync')),
  breakFailover: fromPromise<BreakFailoverOutput, BreakFailoverInput>(async () => notProvided('breakFailover')),
  probeApplianceAsSite: fromPromise<ProbeApplianceAsSiteOutput, ProbeApplianceAsSiteInput>(async () => notProvided('probeApplianceAsSite')),
  switchSharedIp: fromPromise<SwitchSharedIpOutput, SwitchSharedIpInput>(async () => notProvided('switchSharedIp')),
  waitForSiteServes: fromPromise<SiteServesAnswer, WaitForSiteServesInput>(async () => notProvided('waitForSiteServes')),
  establishFailover: fromPromise<EstablishFailoverOutput, EstablishFailoverInput>(async () => notProvided('establishFailover')),
  awaitJumpClients: fromPromise<AwaitJumpClientsOutput, AwaitJumpClientsInput>(async () => notProvided('awaitJumpClients')),
  ...siteWatchPlaceholder,
  measureDowntime: fromPromise<MeasureDowntimeOutput, MeasureDowntimeInput>(async () => notProvided('measureDowntime')),
};
