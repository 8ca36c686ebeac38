/**
 * The site watch's timeline: what answered at the site address, as intervals. Pure functions over
 * JSON, shared by the watch service (which records), procedures (which keep downtime per window)
 * and views (which show it). An interval is "up" when an appliance answered with its health; it
 * is down when nothing answered, an error page came back, or the appliance was busy installing.
 */
import { z } from 'zod';

export const watchIntervalSchema = z.object({
  from: z.string(),
  to: z.string(),
  up: z.boolean(),
  /** Serial of the appliance that answered; null when down. */
  serial: z.string().nullable(),
  version: z.string().nullable(),
  /** Why the site was down, in plain words (the last probe's answer). */
  reason: z.string().optional(),
});
export type WatchInterval = z.infer<typeof watchIntervalSchema>;

export interface WatchSample {
  at: string;
  up: boolean;
  serial: string | null;
  version: string | null;
  reason?: string;
}

/**
 * Adds a sample: it extends the last interval when nothing changed and the gap since it is at most
 * `maxGapMs` (else the time between is left unwatched), otherwise starts a new interval at the
 * sample. A change is dated at the sample that saw it; the interval before ends there.
 */
export function addSample(timeline: readonly WatchInterval[], sample: WatchSample, maxGapMs: number): WatchInterval[] {
  const last = timeline.at(-1);
  const at = Date.parse(sample.at);
  if (last && at < Date.parse(last.to)) return [...timeline];
  const contiguous = last !== undefined && at - Date.parse(last.to) <= maxGapMs;
  if (last && contiguous && sameAnswer(last, sample)) {
    return [...timeline.slice(0, -1), { ...last, to: sample.at, ...(sample.reason !== undefined ? { reason: sample.reason } : {}) }];
  }
  const closed = last && contiguous ? [...timeline.slice(0, -1), { ...last, to: sample.at }] : [...timeline];
  return [...closed, { from: sample.at, to: sample.at, up: sample.up, serial: sample.serial, version: sample.version, ...(sample.reason !== undefined ? { reason: sample.reason } : {}) }];
}

function sameAnswer(interval: WatchInterval, sample: WatchSample): boolean {
  return interval.up === sample.up && interval.serial === sample.serial && interval.version === sample.version;
}

export interface DowntimeMeasure {
  from: string;
  to: string;
  downSeconds: number;
  /** Seconds of the span no interval covers (the watch was not running). */
  unwatchedSeconds: number;
  intervals: WatchInterval[];
}

/** The timeline clipped to [from, to], with the seconds down and unwatched in it. */
export function measureDowntime(timeline: readonly WatchInterval[], from: string, to: string): DowntimeMeasure {
  const start = Date.parse(from);
  const end = Math.max(start, Date.parse(to));
  let downMs = 0;
  let coveredMs = 0;
  const intervals: WatchInterval[] = [];
  for (const interval of timeline) {
    const a = Math.max(start, Date.parse(interval.from));
    const b = Math.min(end, Date.parse(interval.to));
    if (b < a || (b === a && !(a === start && b === end))) continue;
    intervals.push({ ...interval, from: new Date(a).toISOString(), to: new Date(b).toISOString() });
    coveredMs += b - a;
    if (!interval.up) downMs += b - a;
  }
  return {
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    downSeconds: Math.round(downMs / 1000),
    unwatchedSeconds: Math.max(0, Math.round((end - start - coveredMs) / 1000)),
    intervals,
  };
}

/** What the procedure screen shows of the watch, live. */
export const siteWatchViewSchema = z.object({
  siteAddress: z.string(),
  siteHostname: z.string(),
  watching: z.boolean(),
  /** The newest interval: who answers now, since when. */
  current: watchIntervalSchema.nullable(),
  /** The last intervals, oldest first (at most 50). */
  recent: z.array(watchIntervalSchema),
  startedAt: z.string().nullable(),
  downSeconds: z.number(),
  probes: z.number().int(),
});
export type SiteWatchView = z.infer<typeof siteWatchViewSchema>;

export const RECENT_INTERVALS = 50;

export function siteWatchView(input: { siteAddress: string; siteHostname: string; watching: boolean; probes: number }, timeline: readonly WatchInterval[]): SiteWatchView {
  const first = timeline[0];
  const last = timeline.at(-1);
  const downSeconds = first && last ? measureDowntime(timeline, first.from, last.to).downSeconds : 0;
  return {
    ...input,
    current: last ?? null,
    recent: timeline.slice(-RECENT_INTERVALS),
    startedAt: first?.from ?? null,
    downSeconds,
  };
}
