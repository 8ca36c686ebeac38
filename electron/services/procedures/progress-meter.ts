/**
 * Turns raw progress samples into what the UI shows (done, total, rate, ETA) and throttles
 * them to about 10 Hz. Pure: the caller passes the time, so tests need no timers.
 */
export interface ProgressReading {
  done: number;
  total: number | null;
  /** Units per second over the recent window; null until two samples are apart in time. */
  rate: number | null;
  etaSeconds: number | null;
}

export interface ProgressMeterOptions {
  total: number | null;
  /** Minimum time between readings (default 100 ms = 10 Hz). */
  minIntervalMs?: number;
  /** How far back the rate is averaged (default 5 s), so it follows speed changes. */
  windowMs?: number;
}

interface Sample {
  at: number;
  done: number;
}

export class ProgressMeter {
  private readonly samples: Sample[] = [];
  private readonly minIntervalMs: number;
  private readonly windowMs: number;
  private lastEmittedAt: number | null = null;
  private total: number | null;

  constructor(options: ProgressMeterOptions) {
    this.total = options.total;
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.windowMs = options.windowMs ?? 5000;
  }

  /** Total can become known late (e.g. a Content-Length after the first chunk). */
  setTotal(total: number | null): void {
    this.total = total;
  }

  /**
   * Records `done` at time `at` (ms). Returns a reading when one is due, else null; a `final`
   * sample is always reported so the UI sees 100 %.
   */
  sample(at: number, done: number, final = false): ProgressReading | null {
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    if (!final && this.lastEmittedAt !== null && at - this.lastEmittedAt < this.minIntervalMs) return null;
    this.lastEmittedAt = at;
    return measure(this.samples, this.total);
  }
}

/** Rate over the samples' span and the ETA it implies. */
export function measure(samples: readonly Sample[], total: number | null): ProgressReading {
  const last = samples[samples.length - 1];
  if (!last) return { done: 0, total, rate: null, etaSeconds: null };
  const first = samples[0]!;
  const seconds = (last.at - first.at) / 1000;
  const rate = seconds > 0 ? Math.max(0, (last.done - first.done) / seconds) : null;
  let etaSeconds: number | null = null;
  if (total !== null) {
    if (last.done >= total) etaSeconds = 0;
    else if (rate !== null && rate > 0) etaSeconds = Math.ceil((total - last.done) / rate);
  }
  return { done: last.done, total, rate, etaSeconds };
}
