/**
 * The Jump Clients one appliance serves. After a site package installs there, every client is
 * Upgrade Pending; each upgrade takes 60 lab seconds and no more run at once than the
 * appliance's "Maximum Number of Concurrent Jump Client Upgrades". Like an install, the counts
 * are worked out from the lab clock whenever someone looks, so a jump or a new time scale
 * needs no timer: `settle` replays every upgrade start and end up to now.
 */
export const JUMP_CLIENT_UPGRADE_S = 60;

export interface JumpClientCounts {
  total: number;
  online: number;
  upgrading: number;
  pending: number;
}

export class JumpClients {
  private pending = 0;
  /** Lab ms at which each upgrade under way ends. */
  private upgrading: number[] = [];
  /** Lab ms up to which the counts are worked out. */
  private settledAtMs = 0;

  constructor(readonly total: number) {}

  /** A new site version is in place at `atMs`: every client needs to upgrade. */
  markAllPending(atMs: number, limit: number): void {
    this.settle(atMs, limit);
    this.pending = this.total - this.upgrading.length;
    this.settledAtMs = Math.max(this.settledAtMs, atMs);
    this.settle(atMs, limit);
  }

  /** Brings the counts up to `nowMs`; call it with the old limit before changing the limit. */
  settle(nowMs: number, limit: number): void {
    const slots = Math.max(1, Math.floor(limit));
    for (;;) {
      // Free slots take the next pending clients at the moment they freed up.
      while (this.pending > 0 && this.upgrading.length < slots) {
        this.pending -= 1;
        this.upgrading.push(this.settledAtMs + JUMP_CLIENT_UPGRADE_S * 1000);
      }
      const next = Math.min(...this.upgrading);
      if (this.upgrading.length === 0 || next > nowMs) break;
      this.upgrading.splice(this.upgrading.indexOf(next), 1);
      this.settledAtMs = next;
    }
    this.settledAtMs = Math.max(this.settledAtMs, nowMs);
  }

  counts(nowMs: number, limit: number): JumpClientCounts {
    this.settle(nowMs, limit);
    const upgrading = this.upgrading.length;
    return { total: this.total, online: this.total - upgrading - this.pending, upgrading, pending: this.pending };
  }
}
