/**
 * The network between a technician's computer and the lab for bulk transfers (package
 * downloads and uploads): the `slow-link` fault paces the bytes, `drop-at-byte` cuts the
 * transfer after N bytes. One mechanism for both directions, so a download and an upload
 * break the same way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { withoutFault, type Faults } from './faults';

/** Granularity of pacing: a slow link delivers a slice about every 50 ms instead of bursts. */
const SLICES_PER_SECOND = 20;

export class LinkCutError extends Error {
  constructor(readonly atByte: number) {
    super(`The connection dropped after ${atByte} bytes.`);
  }
}

export class TransferLink {
  /** Body bytes carried so far. */
  carried = 0;
  /** True once the link cut the transfer at `dropAtByte`. */
  cut = false;

  constructor(private readonly conditions: { bytesPerSecond?: number; dropAtByte?: number }) {}

  /**
   * Yields `source` as it would arrive over this link. After a cut it yields nothing more and
   * throws LinkCutError; a sleeping slow link wakes at once when `signal` aborts.
   */
  async *carry(source: AsyncIterable<Buffer>, signal?: AbortSignal): AsyncGenerator<Buffer> {
    const { bytesPerSecond, dropAtByte } = this.conditions;
    const startedAt = Date.now();
    const sliceBytes = bytesPerSecond ? Math.max(1, Math.floor(bytesPerSecond / SLICES_PER_SECOND)) : Infinity;
    for await (const chunk of source) {
      for (let offset = 0; offset < chunk.length; ) {
        let slice = chunk.subarray(offset, offset + Math.min(sliceBytes, chunk.length - offset));
        offset += slice.length;
        if (dropAtByte !== undefined && this.carried + slice.length > dropAtByte) {
          slice = slice.subarray(0, dropAtByte - this.carried);
          this.cut = true;
        }
        if (bytesPerSecond) {
          // Paced against the start, so timer lateness does not add up over a long transfer.
          const due = startedAt + (this.carried * 1000) / bytesPerSecond;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait, undefined, { signal, ref: false });
        }
        this.carried += slice.length;
        if (slice.length > 0) yield slice;
        if (this.cut) throw new LinkCutError(this.carried);
      }
    }
  }
}

/**
 * The link for the next transfer through a server whose faults are `holder.faults`; a
 * drop-at-byte fault is used up by this transfer, as PROTOCOL.md promises ("once").
 */
export function nextTransferLink(holder: { faults: Faults }): TransferLink {
  const { 'drop-at-byte': dropAtByte, 'slow-link': bytesPerSecond } = holder.faults;
  if (dropAtByte !== undefined) holder.faults = withoutFault(holder.faults, 'drop-at-byte');
  return new TransferLink({ bytesPerSecond, dropAtByte });
}
