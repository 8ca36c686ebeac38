/**
 * The lab's DNS record for the site hostname: which appliance the site front door forwards
 * to. A change is pending until its propagation time (lab seconds) has passed, as a real
 * record change is until caches expire. The NAT rule of the site's public address is the same
 * kind of record, with a shorter default propagation (lab-network.ts).
 */
import type { LabClock } from './lab-clock';

export const DEFAULT_PROPAGATION_S = 300;

export interface PendingRecord {
  target: string;
  effectiveAtMs: number;
}

export class LabDns {
  private targetId: string;
  private pendingRecord: PendingRecord | null = null;

  constructor(
    readonly name: string,
    target: string,
    private readonly clock: LabClock,
    readonly defaultPropagationS = DEFAULT_PROPAGATION_S,
  ) {
    this.targetId = target;
  }

  /** The appliance the record names now (a pending change counts once its time has come). */
  get target(): string {
    this.settle();
    return this.targetId;
  }

  get pending(): PendingRecord | null {
    this.settle();
    return this.pendingRecord;
  }

  /** Points the record at `target`, effective after `propagationSeconds` lab seconds. */
  set(target: string, propagationSeconds = this.defaultPropagationS): void {
    if (!Number.isFinite(propagationSeconds) || propagationSeconds < 0) {
      throw new RangeError('propagationSeconds must be a non-negative number of lab seconds.');
    }
    this.pendingRecord = { target, effectiveAtMs: this.clock.now() + propagationSeconds * 1000 };
    this.settle();
  }

  snapshot(): { name: string; target: string; pending: { target: string; effectiveAt: string } | null } {
    const pending = this.pending;
    return {
      name: this.name,
      target: this.target,
      pending: pending ? { target: pending.target, effectiveAt: new Date(pending.effectiveAtMs).toISOString() } : null,
    };
  }

  private settle(): void {
    if (this.pendingRecord && this.clock.now() >= this.pendingRecord.effectiveAtMs) {
      this.targetId = this.pendingRecord.target;
      this.pendingRecord = null;
    }
  }
}
