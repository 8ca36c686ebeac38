/**
 * The site watch (ARCHITECTURE's `SiteWatch` port): while a procedure runs, it asks the site
 * address every few seconds which appliance answers and keeps the timeline of up and down
 * intervals on disk, one file per procedure, so the downtime users saw is measured, not
 * estimated. A restart continues the same timeline; the time the app was not running stays
 * unwatched (never counted as up or down). Each change is told to `onChange` so the procedure
 * screen shows it live.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { addSample, measureDowntime, siteWatchView, watchIntervalSchema, type DowntimeMeasure, type SiteWatchView, type WatchInterval, type WatchSample } from '../../../shared/site-watch';
import type { Clock } from '../ports';
import { makeDirDurable, writeFileAtomic } from '../fs/atomic-write';

/** Where a site is reached and one question to it: who answers now. */
export interface WatchTarget {
  siteAddress: string;
  siteHostname: string;
  ask(): Promise<Omit<WatchSample, 'at'>>;
}

export interface SiteWatchDeps {
  /** The app's data folder; timelines live in `site-watch/` under it. */
  dataDir: string;
  clock: Clock;
  /** Resolves how to ask a site; rejects (AppError) when the site has no address. */
  target(siteId: string): Promise<WatchTarget>;
  /** Milliseconds between probes. */
  intervalMs: number;
  /** Called after each probe that changed the timeline, and when a watch starts or stops. */
  onChange?(procedureId: string): void;
}

export interface SiteWatch {
  /** Starts watching for the procedure (idempotent); the first probe runs at once. */
  start(procedureId: string, siteId: string): void;
  stop(procedureId: string): void;
  /** The live view, or undefined for a procedure never watched in this run nor on disk (call load first). */
  view(procedureId: string): SiteWatchView | undefined;
  /** Reads a procedure's timeline from disk into memory (for views of procedures not watched now). */
  load(procedureId: string): Promise<void>;
  measure(procedureId: string, from: string, to: string): Promise<DowntimeMeasure>;
  /** Stops every watch and writes every timeline. */
  close(): Promise<void>;
}

const fileSchema = z.object({
  siteAddress: z.string(),
  siteHostname: z.string(),
  probes: z.number().int(),
  timeline: z.array(watchIntervalSchema),
});
type WatchFile = z.infer<typeof fileSchema>;

interface Watch {
  file: WatchFile;
  /** How to ask the site, kept while it answers; read again after a probe that found it down. */
  target: WatchTarget | null;
  timer: NodeJS.Timeout | null;
  running: boolean;
  probing: Promise<void> | null;
}

export function createSiteWatch(deps: SiteWatchDeps): SiteWatch {
  const dir = join(deps.dataDir, 'site-watch');
  const watches = new Map<string, Watch>();
  const pathOf = (procedureId: string) => join(dir, `${procedureId}.json`);
  // A probe may take a timeout's length; a gap longer than two of those plus the interval is unwatched time.
  const maxGapMs = deps.intervalMs * 3 + 30_000;

  async function readFileOf(procedureId: string): Promise<WatchFile | null> {
    try {
      return fileSchema.parse(JSON.parse(await readFile(pathOf(procedureId), 'utf8')));
    } catch {
      return null;
    }
  }

  async function persist(procedureId: string, watch: Watch): Promise<void> {
    await makeDirDurable(dir);
    await writeFileAtomic(pathOf(procedureId), JSON.stringify(watch.file), { mode: 0o600 });
  }

  async function probeOnce(procedureId: string, siteId: string, watch: Watch): Promise<void> {
    let sample: WatchSample;
    try {
      const target = (watch.target ??= await deps.target(siteId));
      watch.file.siteAddress = target.siteAddress;
      watch.file.siteHostname = target.siteHostname;
      sample = { at: new Date(deps.clock.now()).toISOString(), ...(await target.ask()) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      sample = { at: new Date(deps.clock.now()).toISOString(), up: false, serial: null, version: null, reason };
    }
    if (!sample.up) watch.target = null;
    if (!watch.running) return;
    watch.file.timeline = addSample(watch.file.timeline, sample, maxGapMs);
    watch.file.probes += 1;
    try {
      await persist(procedureId, watch);
    } catch {
      // A full or failing disk must not stop the watch; the next probe writes again.
    }
    deps.onChange?.(procedureId);
  }

  function schedule(procedureId: string, siteId: string, watch: Watch): void {
    if (!watch.running) return;
    watch.probing = probeOnce(procedureId, siteId, watch).finally(() => {
      watch.probing = null;
      if (watch.running) watch.timer = setTimeout(() => schedule(procedureId, siteId, watch), deps.intervalMs);
    });
  }

  return {
    start(procedureId, siteId) {
      const existing = watches.get(procedureId);
      if (existing?.running) return;
      const watch: Watch = existing ?? { file: { siteAddress: '', siteHostname: '', probes: 0, timeline: [] }, target: null, timer: null, running: true, probing: null };
      watch.running = true;
      watch.target = null;
      watches.set(procedureId, watch);
      const begin = existing ? Promise.resolve() : readFileOf(procedureId).then((file) => {
        if (file) watch.file = { ...file, timeline: [...file.timeline, ...watch.file.timeline] };
      });
      void begin.then(() => schedule(procedureId, siteId, watch));
      deps.onChange?.(procedureId);
    },
    stop(procedureId) {
      const watch = watches.get(procedureId);
      if (!watch?.running) return;
      watch.running = false;
      if (watch.timer) clearTimeout(watch.timer);
      watch.timer = null;
      deps.onChange?.(procedureId);
    },
    view(procedureId) {
      const watch = watches.get(procedureId);
      if (!watch) return undefined;
      return siteWatchView({ siteAddress: watch.file.siteAddress, siteHostname: watch.file.siteHostname, watching: watch.running, probes: watch.file.probes }, watch.file.timeline);
    },
    async load(procedureId) {
      if (watches.has(procedureId)) return;
      const file = await readFileOf(procedureId);
      if (file && !watches.has(procedureId)) watches.set(procedureId, { file, target: null, timer: null, running: false, probing: null });
    },
    async measure(procedureId, from, to) {
      const watch = watches.get(procedureId);
      const timeline: readonly WatchInterval[] = watch ? watch.file.timeline : ((await readFileOf(procedureId))?.timeline ?? []);
      return measureDowntime(timeline, from, to);
    },
    async close() {
      const pending: Promise<void>[] = [];
      for (const [procedureId, watch] of watches) {
        if (!watch.running) continue;
        watch.running = false;
        if (watch.timer) clearTimeout(watch.timer);
        if (watch.probing) pending.push(watch.probing);
        pending.push(persist(procedureId, watch).catch(() => undefined));
      }
      await Promise.all(pending);
    },
  };
}
