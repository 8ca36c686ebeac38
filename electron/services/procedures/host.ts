/**
 * Runs procedure machines in the main process (ARCHITECTURE rule 1). Every snapshot change is
 * written atomically to disk before anyone hears of it, so a crash, reload or reboot resumes
 * at the same step. Persistence is procedure-record.ts, the actor start procedure-launch.ts,
 * the views procedure-views.ts; this file starts, resumes, drives and lists procedures.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { EventPayload } from '../../../shared/contract';
import type { JournalEntry, Site } from '../../../shared/domain';
import { frontAppliance } from '../../../shared/sites';
import { AppError, toAppErrorShape, type AppErrorShape } from '../../../shared/errors';
import type { ProcedureDefinition, ProcedureInput, TimedOperatorEvent } from '../../../shared/procedures/definition';
import type { OperatorEvent, ProcedureKind, ProcedureSummary, ProcedureView } from '../../../shared/procedures/view';
import type { Clock, DriveLister, SiteAppliances, SiteDirectory } from '../ports';
import type { UpdateServerClient } from '../update-server';
import type { Vault } from '../vault';
import { makeDirDurable, toDiskError, writeFileAtomic } from '../fs/atomic-write';
import { defaultTiming, type CertificateCheck, type ClientFactory, type MediaService, type ProcedureTiming } from './actors';
import { CONNECTED_SIDE_NAME } from './actor-support';
import { applianceAddress } from '../appliance/address';
import { openJournal } from './journal';
import { createProcedureSecrets, type ProcedureSecrets } from './procedure-secrets';
import { provideActors } from './host-actors';
import { launchProcedure } from './procedure-launch';
import { appendJournal, createStartupReader, flushRecord, newRecord, persistSnapshot, procedureIdsOnDisk, type Meta, type Running } from './procedure-record';
import { currentStepOf, listSummaryOf, viewOf as baseViewOf, warmSummaries } from './procedure-views';
import { createSiteWatch, type SiteWatch } from '../site-watch/site-watch';
import { siteWatchTarget } from '../site-watch/site-target';
import { settledAccess, settledNotifier, type SettledAccess } from './settled-records';
import { compactTime } from '../fs/compact-time';

/** What a procedure needs of its site at start: names and the address of the appliance it acts on. */
type ProcedureSite = Pick<Site, 'id' | 'name'> & { applianceUrl: string };

/** Between two probes of the site address, unless timing says otherwise. */
const SITE_WATCH_INTERVAL_MS = 5_000;

/** Kinds that run on the connected computer, away from any appliance. */
const SITELESS_KINDS: ReadonlySet<ProcedureKind> = new Set(['P2-fetch']);

export type HostEvent = 'procedures.updated' | 'progress';

export interface ProcedureHostDeps {
  dataDir: string;
  definitions: Partial<Record<ProcedureKind, ProcedureDefinition>>;
  sites: SiteDirectory;
  vault: Vault;
  clientFactory: ClientFactory;
  /** R3 probe; defaults to the appliance module's probe and assessment. */
  certificateCheck?: CertificateCheck;
  clock: Clock;
  /** Recorded in every operator journal line and in each procedure's input. */
  operator: string;
  /** Recorded in transfer bundles (P2). */
  appVersion: string;
  /** Key files and transfer bundles (P2). */
  media: MediaService;
  drives: DriveLister;
  /** The update server the connected side (P2-fetch) talks to; none configured = none offered. */
  updateServer?: UpdateServerClient;
  emit<E extends HostEvent>(event: E, payload: EventPayload<E>): void;
  timing?: Partial<ProcedureTiming>;
  /** Changes to sites' appliances (P5); the sites service in the app. */
  siteAppliances?: SiteAppliances;
  /** Secrets typed into steps, in memory only; default a fresh store. */
  secrets?: ProcedureSecrets;
  /** Probes the site address while a procedure watches it; default one on `dataDir` asking through `sites`. */
  siteWatch?: SiteWatch;
  /** Told once a procedure is done, cancelled or at its support end, after that snapshot is on disk (the customer report). */
  onSettled?(procedureId: string): unknown;
}

/** The memory slot of the secret an offered action carries, when it carries one. */
function secretSlotOf(view: ProcedureView, eventType: string): string | undefined {
  const step = view.steps.find((s) => s.id === view.currentStepId);
  const input = step?.actions.find((a) => a.event === eventType)?.input;
  if (input?.kind !== 'secret') return undefined;
  return input.secretSlot ?? `${step?.id ?? 'step'}:${eventType}`;
}

export interface ResumeResult {
  resumed: ProcedureSummary[];
  /** Procedures whose files could not be read; they are left untouched on disk. */
  unreadable: { id: string; error: AppErrorShape }[];
}

export interface ProcedureHost extends SettledAccess {
  /** Rejects with PROCEDURE_ACTIVE (details.procedureId) when the site's appliance already has an active procedure. */
  start(kind: ProcedureKind, siteId: string): Promise<ProcedureView>;
  send(id: string, event: OperatorEvent): Promise<ProcedureView>;
  get(id: string): ProcedureView;
  list(): ProcedureSummary[];
  journal(id: string): Promise<JournalEntry[]>;
  /** Ids of the procedures on disk that may still need their files (unfinished, or unreadable). */
  unfinishedOnDisk(): Promise<string[]>;
  /** On start-up: loads every procedure on disk and restarts the unfinished ones at their step. */
  resumeAll(): Promise<ResumeResult>;
  /** Resolves once every snapshot and journal line handed to disk so far is written. */
  whenIdle(): Promise<void>;
  /** Stops every actor without recording the stop, as a shutdown or crash would; waits for pending writes. */
  stopAll(): Promise<void>;
}

export function createProcedureHost(deps: ProcedureHostDeps): ProcedureHost {
  const root = join(deps.dataDir, 'procedures');
  const timing: ProcedureTiming = { ...defaultTiming, ...deps.timing };
  const records = new Map<string, Running>();
  const isoNow = () => new Date(deps.clock.now()).toISOString();
  const dirOf = (id: string) => join(root, id);
  const secrets = deps.secrets ?? createProcedureSecrets();
  const disk = createStartupReader(root);
  const siteWatch =
    deps.siteWatch ??
    createSiteWatch({
      dataDir: deps.dataDir,
      clock: deps.clock,
      target: siteWatchTarget(deps.sites),
      intervalMs: timing.siteWatchIntervalMs ?? SITE_WATCH_INTERVAL_MS,
      onChange: (procedureId) => {
        const record = records.get(procedureId);
        if (record && !record.detached) safeEmit('procedures.updated', viewOf(record));
      },
    });
  const viewOf = (record: Running): ProcedureView => {
    const watch = siteWatch.view(record.meta.id);
    return { ...baseViewOf(record), ...(watch ? { siteWatch: watch } : {}) };
  };

  const actors = provideActors({ ...deps, secrets, siteWatch }, timing, {
    isLive: (procedureId) => {
      const record = records.get(procedureId);
      return record !== undefined && !record.detached;
    },
    journalOf: (procedureId) => records.get(procedureId)?.journal ?? openJournal(join(dirOf(procedureId), 'journal.jsonl')),
    emitProgress: (progress) => safeEmit('progress', progress),
  });

  function safeEmit<E extends HostEvent>(event: E, payload: EventPayload<E>): void {
    try {
      deps.emit(event, payload);
    } catch {
      // A failing listener must not stop persistence of the next transition.
    }
  }

  const settled = settledNotifier(deps.onSettled);
  const onSnapshot = (record: Running) =>
    persistSnapshot(record, isoNow, () => {
      safeEmit('procedures.updated', viewOf(record));
      settled(record);
    });
  const launch = (record: Running, snapshot: Parameters<typeof launchProcedure>[1]) => launchProcedure(record, snapshot, { actors, isoNow, onSnapshot });

  function track(meta: Meta, definition: ProcedureDefinition): Running {
    const record = newRecord(dirOf(meta.id), meta, definition);
    records.set(meta.id, record);
    return record;
  }

  function find(id: string): Running {
    const record = records.get(id);
    if (!record) throw new AppError('NOT_FOUND', 'That procedure does not exist.', 'Open the procedure list and pick it from there.', { id });
    return record;
  }

  const isActive = (record: Running) => !record.detached && record.actor?.getSnapshot().status === 'active';

  async function load(id: string): Promise<Running | undefined> {
    const meta = await disk.meta(id);
    const definition = deps.definitions[meta.kind];
    if (!definition) {
      throw new AppError('NOT_FOUND', `Procedure ${id} is of kind ${meta.kind}, which this version cannot run.`, 'Open it with the version of the assistant that started it.');
    }
    const onDisk = await disk.snapshot(id);
    const record = track(meta, definition);
    if (onDisk) {
      record.persisted = onDisk.snapshot;
      record.queuedJson = onDisk.json;
      record.updatedAt = onDisk.writtenAt;
    }
    if (onDisk && onDisk.snapshot.status !== 'active') return undefined;
    appendJournal(record, {
      at: isoNow(),
      who: 'assistant',
      step: currentStepOf(record) ?? 'procedure',
      event: 'RESUMED',
      outcome: 'info',
      detail: 'The assistant restarted and resumed this procedure at the same step; a step that was running starts again.',
    });
    launch(record, onDisk?.snapshot);
    return record;
  }

  /** The site a procedure works on; the connected side of P2 (P2-fetch) may have none. */
  async function siteFor(kind: ProcedureKind, siteId: string): Promise<ProcedureSite> {
    if (siteId !== '') {
      // A procedure starts on the appliance serving the site now.
      const site = await deps.sites.get(siteId);
      return { id: site.id, name: site.name, applianceUrl: frontAppliance(site).applianceUrl };
    }
    if (SITELESS_KINDS.has(kind)) return { id: '', name: CONNECTED_SIDE_NAME, applianceUrl: '' };
    throw new AppError('INVALID_INPUT', 'This procedure works on a site, and none was given.', 'Start it from the site’s card.', { kind });
  }

  /** One active procedure per appliance: two would fight over its installs and backups. */
  function refuseSecondOnAppliance(site: ProcedureSite): void {
    const address = applianceAddress(site.applianceUrl);
    if (address === undefined) return;
    const running = [...records.values()].find((r) => isActive(r) && applianceAddress(r.meta.input.applianceUrl) === address);
    if (!running) return;
    throw new AppError(
      'PROCEDURE_ACTIVE',
      `${running.definition.title} (${running.meta.id}) is still in progress on the appliance at ${address}, started ${running.meta.startedAt} for ${running.meta.input.siteName}.`,
      'Resume that procedure, or cancel it first, before starting another one on this appliance.',
      { procedureId: running.meta.id, kind: running.meta.kind, siteId: running.meta.input.siteId, appliance: address },
    );
  }

  return {
    ...settledAccess({ find, viewOf, siteWatch }),

    async start(kind, siteId) {
      const definition = deps.definitions[kind];
      if (!definition) {
        throw new AppError('NOT_FOUND', `Procedure ${kind} is not available in this version.`, 'Pick one of the procedures offered on the start page.');
      }
      const site = await siteFor(kind, siteId);
      refuseSecondOnAppliance(site);
      const startedMs = deps.clock.now();
      const id = `${kind}-${compactTime(startedMs)}-${randomBytes(3).toString('hex')}`;
      const input: ProcedureInput = { procedureId: id, siteId: site.id, siteName: site.name, applianceUrl: site.applianceUrl, operator: deps.operator };
      const meta: Meta = { version: 1, id, kind, startedAt: new Date(startedMs).toISOString(), input };
      try {
        await makeDirDurable(dirOf(id));
        await writeFileAtomic(join(dirOf(id), 'meta.json'), JSON.stringify(meta, null, 2));
      } catch (error) {
        throw toDiskError(error, dirOf(id));
      }
      const record = track(meta, definition);
      appendJournal(record, { at: meta.startedAt, who: 'operator', step: 'procedure', event: 'START', outcome: 'info', detail: `${deps.operator} started ${definition.title} for ${site.name}.` });
      launch(record, undefined);
      await flushRecord(record);
      return viewOf(record);
    },

    async send(id, event) {
      const record = find(id);
      // Let pending writes land first, so the step named in the journal is the one on disk.
      await record.queue;
      const actor = record.actor;
      if (!actor || record.detached || actor.getSnapshot().status !== 'active') {
        throw new AppError('INVALID_INPUT', 'This procedure is not running, so it takes no more actions.', 'Open the procedure list to see its outcome or start a new one.', { id });
      }
      const view = viewOf(record);
      // A secret (passphrase, password) goes to memory only: the machine, its snapshot and the journal never see it.
      const secretSlot = secretSlotOf(view, event.type);
      if (secretSlot !== undefined) {
        if (event.value === undefined || event.value === '') {
          throw new AppError('INVALID_INPUT', 'This action needs the secret typed into its field.', 'Type it and try again.', { id, event: event.type });
        }
        secrets.put(id, secretSlot, event.value);
      }
      const timed: TimedOperatorEvent = {
        type: event.type,
        at: isoNow(),
        ...(event.note !== undefined ? { note: event.note } : {}),
        ...(event.value !== undefined && secretSlot === undefined ? { value: event.value } : {}),
      };
      if (!actor.getSnapshot().can(timed)) {
        const step = view.steps.find((s) => s.id === view.currentStepId);
        const offered = step?.actions.map((a) => `“${a.label}”`) ?? [];
        throw new AppError(
          'INVALID_INPUT',
          `The step “${step?.title ?? view.currentStepId ?? 'current'}” does not accept ${event.type} now.`,
          offered.length > 0 ? `Use one of the actions this step offers: ${offered.join(', ')}.` : 'Wait for this step to finish; it offers no actions right now.',
          { id, step: view.currentStepId, event: event.type },
        );
      }
      // Transitions run synchronously inside send(), so their journal lines can be gathered
      // first: the operator's line goes before them, unless the machine already wrote one.
      const lines: JournalEntry[] = [];
      record.collecting = lines;
      try {
        actor.send(timed);
      } finally {
        record.collecting = undefined;
      }
      if (!lines.some((l) => l.who === 'operator' && l.event === event.type)) {
        appendJournal(record, {
          at: timed.at,
          who: 'operator',
          step: view.currentStepId ?? 'procedure',
          event: event.type,
          outcome: 'info',
          ...(event.note !== undefined ? { detail: event.note } : {}),
        });
      }
      for (const line of lines) appendJournal(record, line);
      onSnapshot(record);
      await flushRecord(record);
      return viewOf(record);
    },

    get(id) {
      return viewOf(find(id));
    },

    list() {
      return [...records.values()].map(listSummaryOf).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },

    async journal(id) {
      return find(id).journal.read();
    },

    async unfinishedOnDisk() {
      const ids = await procedureIdsOnDisk(root);
      disk.clear();
      await disk.prefetch(ids);
      const unfinished: string[] = [];
      for (const id of ids) {
        // Anything that cannot be read counts as unfinished: its files are never swept away.
        const onDisk = await disk.snapshot(id).catch(() => undefined);
        const finished = onDisk !== undefined && onDisk.snapshot.status !== 'active';
        if (!finished) unfinished.push(id);
      }
      return unfinished;
    },

    async resumeAll() {
      const ids = await procedureIdsOnDisk(root);
      const resumed: Running[] = [];
      const unreadable: ResumeResult['unreadable'] = [];
      const watchLoads: Promise<void>[] = [];
      await disk.prefetch(ids.filter((id) => !records.has(id)));
      for (const id of ids) {
        if (records.has(id)) continue;
        try {
          const record = await load(id);
          // Timelines are read side by side (most procedures have none); load never rejects.
          watchLoads.push(siteWatch.load(id));
          if (record) resumed.push(record);
        } catch (error) {
          records.delete(id);
          const why =
            error instanceof AppError
              ? error
              : new AppError('DISK_ERROR', `The saved state of procedure ${id} could not be read.`, `Keep the folder ${dirOf(id)} and contact the project team; other procedures are unaffected.`);
          unreadable.push({ id, error: toAppErrorShape(why) });
        }
      }
      disk.clear();
      await Promise.all([...resumed.map(flushRecord), ...watchLoads]);
      void warmSummaries(records.values());
      return { resumed: resumed.map(listSummaryOf), unreadable };
    },

    async whenIdle() {
      // A write queued while waiting (a transition landing meanwhile) is waited for too.
      for (;;) {
        const queues = [...records.values()].map((r) => r.queue);
        await Promise.all(queues);
        if ([...records.values()].every((r, i) => r.queue === queues[i])) return;
      }
    },

    async stopAll() {
      for (const record of records.values()) {
        record.detached = true;
        record.actor?.stop();
        record.actor = undefined;
      }
      await siteWatch.close();
      await Promise.all([...records.values()].map((r) => r.queue));
    },
  };
}
