/**
 * Failover relationships between lab appliances: establishing and breaking them, data syncs
 * (Sync Now, the first sync after establishing, set_failover_role with data_sync_first) and
 * role changes, forced ones included. Syncs are lab-clock jobs like installs: `settle()` ends
 * whatever the lab clock says has ended, so the state is right whenever anyone looks, after a
 * jump of the clock or a change of its speed too.
 */
import type { Appliance } from './appliance-state';
import type { FailoverRole, SyncStatus } from './failover-state';
import type { LabClock } from './lab-clock';

export const FIRST_SYNC_DELAY_S = 60;
const SYNC_BASE_S = 30;
const SYNC_S_PER_MB = 0.05;
const TLS_PORT = '443';

/** A request the appliance refuses, in its own words; `status` is the HTTP status to answer with. */
export class FailoverRefusal extends Error {
  constructor(
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

export interface EstablishFields {
  backup_host: string;
  backup_port: string;
  primary_host: string;
  primary_port: string;
}

export interface RoleChange {
  role: FailoverRole;
  dataSyncFirst: boolean;
  force: boolean;
}

export interface FailoverView {
  role: FailoverRole;
  peer: string | null;
  peerHostname: string;
  /** ISO by the appliance's clock; null when never. */
  lastSyncAt: string | null;
  lastSyncStatus: SyncStatus;
  lastSyncMessage: string;
  syncing: boolean;
}

/** Can the peer be reached at all (powered on and answering connections)? */
function reachable(appliance: Appliance): boolean {
  return appliance.status !== 'off' && appliance.faults['stop-answering'] !== true;
}

/** Does it answer requests now (not installing, restoring or resetting)? */
function answering(appliance: Appliance): boolean {
  return reachable(appliance) && (appliance.status === 'running' || appliance.status === 'needs-support');
}

function opposite(role: FailoverRole): FailoverRole {
  return role === 'primary' ? 'backup' : 'primary';
}

export class LabFailover {
  constructor(
    private readonly appliances: () => Iterable<Appliance>,
    private readonly clock: LabClock,
  ) {}

  /** Scenario `failover`: the pair as it is at start, synced a moment ago, one key on both. */
  pairAtStart(primary: Appliance, backup: Appliance): void {
    this.join(primary, backup);
    backup.failover.interApplianceKey = primary.failover.interApplianceKey;
    for (const side of [primary, backup]) {
      side.failover.lastSyncAtMs = this.clock.wallNow();
      side.failover.lastSyncStatus = 'success';
    }
  }

  peerOf(appliance: Appliance): Appliance | undefined {
    const peer = appliance.failover.peer;
    return peer === null ? undefined : this.find((candidate) => candidate.id === peer);
  }

  /** Ends the syncs whose time is up and lets a forced role change reach a peer that answers again. */
  settle(): void {
    const now = this.clock.now();
    for (const appliance of this.appliances()) {
      const sync = appliance.failover.sync;
      if (sync && now >= sync.endsAtMs) this.finishSync(appliance, sync.endsAtMs, sync.swapAfter === true);
    }
    for (const appliance of this.appliances()) {
      const peer = this.peerOf(appliance);
      if (!peer || appliance.failover.forcedAtMs === null || !reachable(peer)) continue;
      // Back in touch: the appliance forced last keeps its role, the other takes the other one.
      if ((peer.failover.forcedAtMs ?? -Infinity) > appliance.failover.forcedAtMs) continue;
      if (peer.failover.role === appliance.failover.role) peer.failover.role = opposite(appliance.failover.role);
      appliance.failover.forcedAtMs = null;
      peer.failover.forcedAtMs = null;
    }
  }

  /** Why Sync Now is refused on this appliance, or null. */
  syncRefusal(appliance: Appliance): string | null {
    this.settle();
    const { role } = appliance.failover;
    if (role === 'none') return 'This appliance is not in a failover relationship, so there is nothing to sync.';
    if (role === 'backup') return 'A data sync is started on the primary appliance; this one is the backup.';
    if (this.syncRunning(appliance)) return 'A data sync is already running. Wait for it to finish.';
    return null;
  }

  /** Starts a sync from this (primary) appliance now; the caller checked syncRefusal. */
  syncNow(appliance: Appliance, swapAfter = false): void {
    const startsAtMs = this.clock.now();
    appliance.failover.sync = { startsAtMs, endsAtMs: startsAtMs + this.syncSeconds(appliance) * 1000, ...(swapAfter ? { swapAfter } : {}) };
  }

  breakRelationship(appliance: Appliance): void {
    this.peerOf(appliance)?.failover.leave();
    appliance.failover.leave();
  }

  /** Why Establish Relationship is refused, in the order the appliance checks, or null. */
  establishRefusal(appliance: Appliance, fields: EstablishFields, siteHostname: string): string | null {
    const labels: [keyof EstablishFields, string][] = [
      ['backup_host', 'Backup appliance host'],
      ['backup_port', 'Backup appliance port'],
      ['primary_host', 'Primary appliance host (as the backup reaches it)'],
      ['primary_port', 'Primary appliance port'],
    ];
    const empty = labels.find(([name]) => fields[name].trim() === '');
    if (empty) return `Fill in every field: “${empty[1]}” is empty.`;
    for (const [host, port] of [
      [fields.backup_host, fields.backup_port],
      [fields.primary_host, fields.primary_port],
    ] as const) {
      if (port.trim() !== TLS_PORT) return `TLS port ${port.trim()} on ${host.trim()} does not answer. Appliances reach each other on port 443.`;
    }
    for (const host of [fields.backup_host, fields.primary_host]) {
      if (host.trim().toLowerCase() === siteHostname.toLowerCase()) {
        return `${host.trim()} is the site hostname, which moves with the primary role. Use each appliance's own hostname or IP address.`;
      }
    }
    const peer = this.byAddress(fields.backup_host);
    if (!peer) return `The backup appliance ${fields.backup_host.trim()} could not be reached. Check its hostname or IP address.`;
    if (peer === appliance) return `${fields.backup_host.trim()} is this appliance itself. Name the other appliance as the backup.`;
    const back = this.byAddress(fields.primary_host);
    if (!back) return `The backup could not reach this appliance at ${fields.primary_host.trim()}. Check the primary host.`;
    if (back !== appliance) return `${fields.primary_host.trim()} is the backup appliance itself. Give the address the backup uses to reach this appliance.`;
    if (!answering(peer)) return `The backup appliance ${peer.hostname} does not answer. Check that it is powered on and reachable.`;
    if (peer.failover.role !== 'none') return `${peer.hostname} is already in a failover relationship. Break that relationship first.`;
    if (peer.failover.interApplianceKey !== appliance.failover.interApplianceKey) {
      return `The inter-appliance keys differ. Set the same key on both appliances (Management > Security) and try again.`;
    }
    if (peer.siteVersion !== appliance.siteVersion || peer.baseVersion !== appliance.baseVersion) {
      return `Both appliances must run the same software: this one runs site ${appliance.siteVersion} on Base ${appliance.baseVersion}, ${peer.hostname} runs site ${peer.siteVersion} on Base ${peer.baseVersion}.`;
    }
    return null;
  }

  /** This appliance becomes primary, `backupHost`'s appliance backup; the first sync starts 60 lab s later. */
  establish(appliance: Appliance, backupHost: string): void {
    const peer = this.byAddress(backupHost);
    if (!peer) return;
    this.join(appliance, peer);
    for (const side of [appliance, peer]) {
      side.failover.lastSyncAtMs = null;
      side.failover.lastSyncStatus = '';
      side.failover.lastSyncMessage = '';
    }
    const startsAtMs = this.clock.now() + FIRST_SYNC_DELAY_S * 1000;
    appliance.failover.sync = { startsAtMs, endsAtMs: startsAtMs + this.syncSeconds(appliance) * 1000 };
  }

  /** set_failover_role: returns the role this appliance has (or will have once its sync succeeds). */
  setRole(appliance: Appliance, change: RoleChange): FailoverRole {
    this.settle();
    if (change.role !== 'primary' && change.role !== 'backup') throw new FailoverRefusal('role must be primary or backup.', 400);
    const peer = this.peerOf(appliance);
    if (appliance.failover.role === 'none' || !peer) throw new FailoverRefusal('This appliance is not in a failover relationship.');
    if (appliance.failover.role === change.role) return change.role;
    if (change.force) {
      appliance.failover.role = change.role;
      if (answering(peer)) peer.failover.role = opposite(change.role);
      else appliance.failover.forcedAtMs = this.clock.now();
      return change.role;
    }
    if (!answering(peer)) {
      throw new FailoverRefusal(`The peer appliance ${peer.hostname} cannot be reached. Use force to change the role anyway.`);
    }
    if (change.dataSyncFirst) {
      const primary = appliance.failover.role === 'primary' ? appliance : peer;
      const running = primary.failover.sync;
      if (running && this.syncRunning(primary)) running.swapAfter = true;
      else this.syncNow(primary, true);
      return change.role;
    }
    appliance.failover.role = change.role;
    peer.failover.role = opposite(change.role);
    return change.role;
  }

  /** What Management > Failover, check_health and the lab state show of this appliance's side. */
  view(appliance: Appliance): FailoverView {
    this.settle();
    const { role, peer, lastSyncAtMs, lastSyncStatus, lastSyncMessage } = appliance.failover;
    const syncing = this.syncRunning(appliance);
    return {
      role,
      peer,
      peerHostname: this.peerOf(appliance)?.hostname ?? '',
      lastSyncAt: lastSyncAtMs === null ? null : new Date(appliance.applianceTimeOf(lastSyncAtMs)).toISOString(),
      lastSyncStatus: syncing ? 'running' : lastSyncStatus,
      lastSyncMessage: syncing ? 'A data sync is running.' : lastSyncMessage,
      syncing,
    };
  }

  private syncRunning(appliance: Appliance): boolean {
    const now = this.clock.now();
    const peer = this.peerOf(appliance);
    return appliance.failover.syncing(now) || (peer?.failover.syncing(now) ?? false);
  }

  private syncSeconds(primary: Appliance): number {
    return SYNC_BASE_S + primary.storedDataMb * SYNC_S_PER_MB;
  }

  private finishSync(primary: Appliance, endsAtMs: number, swapAfter: boolean): void {
    primary.failover.sync = null;
    const peer = this.peerOf(primary);
    const sides = peer ? [primary, peer] : [primary];
    let failure: string | null = null;
    if (!peer || !answering(peer)) failure = 'The data sync failed: the backup appliance could not be reached.';
    else if (sides.some((side) => side.faults['sync-failure'] === true)) {
      failure = 'The data sync failed: the backup appliance stopped receiving data part way. Try Sync Now again.';
    }
    for (const side of sides) {
      side.failover.lastSyncStatus = failure ? 'failed' : 'success';
      side.failover.lastSyncMessage = failure ?? '';
      if (!failure) side.failover.lastSyncAtMs = this.clock.wallAt(endsAtMs);
    }
    if (!failure && swapAfter && peer) {
      const role = primary.failover.role;
      primary.failover.role = peer.failover.role;
      peer.failover.role = role;
    }
  }

  private join(primary: Appliance, backup: Appliance): void {
    primary.failover.leave();
    backup.failover.leave();
    primary.failover.role = 'primary';
    primary.failover.peer = backup.id;
    backup.failover.role = 'backup';
    backup.failover.peer = primary.id;
  }

  /** The lab appliance a host field names (hostname or IP), if any. */
  private byAddress(host: string): Appliance | undefined {
    const wanted = host.trim().toLowerCase();
    return this.find((candidate) => candidate.hostname.toLowerCase() === wanted || candidate.ip === wanted);
  }

  private find(test: (appliance: Appliance) => boolean): Appliance | undefined {
    for (const appliance of this.appliances()) if (test(appliance)) return appliance;
    return undefined;
  }
}
