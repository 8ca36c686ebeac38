/**
 * One appliance's side of a failover relationship (Management > Failover and Security) and
 * its shared IP addresses (Networking > IP Configuration). What happens between the two
 * appliances of a pair — syncs, role swaps — is in failover-pair.ts.
 */
import { randomBytes } from 'node:crypto';
import type { SharedIpSpec } from './scenarios';

export type FailoverRole = 'none' | 'primary' | 'backup';
export type SyncStatus = 'success' | 'failed' | 'running' | '';

/** A data sync run by the primary: scheduled (startsAtMs ahead) or under way, in lab ms. */
export interface SyncRun {
  startsAtMs: number;
  endsAtMs: number;
  /** set_failover_role with data_sync_first: the two swap roles when the sync succeeds. */
  swapAfter?: boolean;
}

export class FailoverState {
  role: FailoverRole = 'none';
  /** The peer's appliance id; null when not in a relationship. */
  peer: string | null = null;
  /** Wall ms (real time plus lab jumps) the last sync ended successfully; null when never. */
  lastSyncAtMs: number | null = null;
  lastSyncStatus: Exclude<SyncStatus, 'running'> = '';
  lastSyncMessage = '';
  /** Only on the primary. */
  sync: SyncRun | null = null;
  /** Lab ms of a forced role change made while the peer could not be reached (the later one wins). */
  forcedAtMs: number | null = null;
  interApplianceKey: string;
  sharedIps: SharedIpSpec[];

  constructor(sharedIps: SharedIpSpec[], interApplianceKey = newInterApplianceKey()) {
    this.sharedIps = sharedIps.map((entry) => ({ ...entry }));
    this.interApplianceKey = interApplianceKey;
  }

  /** True while a sync of this appliance's pair runs (at `nowMs`, lab ms). */
  syncing(nowMs: number): boolean {
    return this.sync !== null && this.sync.startsAtMs <= nowMs && nowMs < this.sync.endsAtMs;
  }

  enabledSharedIps(): string[] {
    return this.sharedIps.filter((entry) => entry.enabled).map((entry) => entry.ip);
  }

  /** Enables or disables a configured shared IP; false when it is not configured here. */
  setSharedIp(ip: string, enabled: boolean): boolean {
    const entry = this.sharedIps.find((candidate) => candidate.ip === ip);
    if (!entry) return false;
    entry.enabled = enabled;
    return true;
  }

  /** Why `key` cannot be the inter-appliance key, or null when it can. */
  static keyRefusal(key: string): string | null {
    return /^[0-9a-fA-F]{16,64}$/.test(key)
      ? null
      : 'The inter-appliance key must be 16 to 64 hexadecimal characters (0-9, a-f).';
  }

  leave(): void {
    this.role = 'none';
    this.peer = null;
    this.sync = null;
    this.forcedAtMs = null;
  }
}

/** A random 32-hex-digit key, as each appliance has until one is set for a pair. */
export function newInterApplianceKey(): string {
  return randomBytes(16).toString('hex');
}
