/**
 * Runs procedure machines in the main process (ARCHITECTURE rule 1). Every snapshot change is
 * written atomically to disk before anyone hears of it, so a crash, reload or reboot resumes
 * at the same step. Layout per procedure: <dataDir>/procedures/<id>/{meta.json,snapshot.json,journal.jsonl}.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createActor, type AnyActorRef } from 'xstate';
import { z } from 'zod';
import type { EventPayload } from '../../../shared/contract';
import type { JournalEntry, Site } from '../../../shared/domain';
import { AppError, toAppErrorShape, type AppErrorShape } from '../../../shared/errors';
import type { JournalParams, ProcedureDefinition, ProcedureInput, SnapshotLike, TimedOperatorEvent } from '../../../shared/procedures/definition';
import { procedureKindSchema, type OperatorEvent, type ProcedureKind, type ProcedureSummary, type ProcedureView } from '../../../shared/procedures/view';
import type { Clock, DriveLister, SiteDirectory } from '../ports';
import type { UpdateServerClient } from '../update-server';
import type { Vault } from '../vault';
import { toDiskError, writeFileAtomic } from '../fs/atomic-write';
import { createProcedureActors, defaultTiming, type CertificateCheck, type ClientFactory, type MediaService, type ProcedureTiming } from './actors';
import { CONNECTED_SIDE_NAME } from './actor-support';
import { createCertificateCheck } from './certificate-check';
import { openJournal, type Journal } from './journal';

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
}

export interface ResumeResult {
  resumed: ProcedureSummary[];
  /** Procedures whose files could not be read; they are left untouched on disk. */
  unreadable: { id: string; error: AppErrorShape }[];
}

export interface ProcedureHost {
  start(kind: ProcedureKind, siteId: string): Promise<ProcedureView>;
  send(id: string, event: OperatorEvent): Promise<ProcedureView>;
  get(id: string): ProcedureView;
  list(): ProcedureSummary[];
  journal(id: string): Promise<JournalEntry[]>;
  /** On start-up: loads every procedure on disk and restarts the unfinished ones at their step. */
  resumeAll(): Promise<ResumeResult>;
  /** Stops every actor without recording the stop, as a shutdown or crash would; waits for pending writes. */
  stopAll(): Promise<void>;
}

const metaSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  kind: procedureKindSchema,
  startedAt: z.string(),
  input: z.object({
    procedureId: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    applianceUrl: z.string(),
    operator: z.string(),
  }),
});
type Meta = z.infer<typeof metaSchema>;

interface Running {
  meta: Meta;
  definition: ProcedureDefinition;
  journal: Journal;
  /** Last snapshot known to be on disk; views are computed from it, never from memory ahead of disk. */
  persisted: SnapshotLike | undefined;
  updatedAt: string;
  /** JSON of the newest snapshot handed to the queue, to skip identical rewrites. */
  queuedJson: string | undefined;
  actor: AnyActorRef | undefined;
  /** Stopped by stopAll: later snapshots (e.g. the "stopped" one) must not reach disk. */
  detached: boolean;
  /** While an operator event is being sent: the journal lines its transition produced. */
  collecting: JournalEntry[] | undefined;
  /** Disk writes and journal appends of this procedure, strictly in order. */
  queue: Promise<void>;
  writeFailure: AppError | undefined;
}

export function createProcedureHost(deps: ProcedureHostDeps): ProcedureHost {
  const root = join(deps.dataDir, 'procedures');
  const timing: ProcedureTiming = { ...defaultTiming, ...deps.timing };
  const records = new Map<string, Running>();
  const isoNow = () => new Date(deps.clock.now()).toISOString();
  const dirOf = (id: string) => join(root, id);

  const actors = createProcedureActors({
    sites: deps.sites,
    vault: deps.vault,
    clientFactory: deps.clientFactory,
    certificateCheck: deps.certificateCheck ?? createCertificateCheck(deps.clock),
    clock: deps.clock,
    timing,
    operator: deps.operator,
    appVersion: deps.appVersion,
    media: deps.media,
    drives: deps.drives,
    updateServer: deps.updateServer,
    emitProgress: (progress) => {
      const record = records.get(progress.procedureId);
      if (record && !record.detached) safeEmit('progress', progress);
    },
    readJournal: (procedureId) => (records.get(procedureId)?.journal ?? openJournal(join(dirOf(procedureId), 'journal.jsonl'))).read(),
  });

  function safeEmit<E extends HostEvent>(event: E, payload: EventPayload<E>): void {
    try {
      deps.emit(event, payload);
    } catch {
      // A failing listener must not stop persistence of the next transition.
    }
  }

  function enqueue(record: Running, op: () => Promise<void>): void {
    record.queue = record.queue.then(op).catch((error: unknown) => {
      record.writeFailure = toDiskError(error, dirOf(record.meta.id));
    });
  }

  async function flush(record: Running): Promise<void> {
    await record.queue;
    if (record.writeFailure) throw record.writeFailure;
  }

  function appendJournal(record: Running, entry: JournalEntry): void {
    if (record.collecting) record.collecting.push(entry);
    else enqueue(record, () => record.journal.append(entry));
  }

  function onSnapshot(record: Running): void {
    const actor = record.actor;
    // While send() gathers journal lines the snapshot waits, so the journal is never behind the disk state.
    if (!actor || record.detached || record.collecting) return;
    const json = JSON.stringify(actor.getPersistedSnapshot());
    if (json === record.queuedJson) return;
    record.queuedJson = json;
    enqueue(record, async () => {
      await writeFileAtomic(join(dirOf(record.meta.id), 'snapshot.json'), json);
      record.persisted = JSON.parse(json) as SnapshotLike;
      record.updatedAt = isoNow();
      record.writeFailure = undefined;
      safeEmit('procedures.updated', viewOf(record));
    });
  }

  function launch(record: Running, snapshot: SnapshotLike | undefined): void {
    const machine = record.definition.machine.provide({
      actors,
      actions: {
        journal: (_args: unknown, params: JournalParams | undefined) => {
          if (!params) return;
          appendJournal(record, {
            at: isoNow(),
            who: params.who ?? 'assistant',
            step: params.step,
            event: params.event,
            outcome: params.outcome,
            ...(params.detail !== undefined ? { detail: params.detail } : {}),
            ...(params.checksums !== undefined ? { checksums: params.checksums } : {}),
          });
        },
      },
    });
    const actor = createActor(machine, snapshot ? { snapshot: snapshot as never, input: record.meta.input } : { input: record.meta.input });
    record.actor = actor;
    actor.subscribe({
      next: () => onSnapshot(record),
      error: (error: unknown) => {
        onSnapshot(record);
        const shape = toAppErrorShape(error);
        appendJournal(record, { at: isoNow(), who: 'assistant', step: currentStep(record) ?? 'procedure', event: 'MACHINE_ERROR', outcome: 'failed', detail: `${shape.code}: ${shape.message}` });
      },
    });
    actor.start();
    onSnapshot(record);
  }

  function newRecord(meta: Meta, definition: ProcedureDefinition): Running {
    const record: Running = {
      meta,
      definition,
      journal: openJournal(join(dirOf(meta.id), 'journal.jsonl')),
      persisted: undefined,
      updatedAt: meta.startedAt,
      queuedJson: undefined,
      actor: undefined,
      detached: false,
      collecting: undefined,
      queue: Promise.resolve(),
      writeFailure: undefined,
    };
    records.set(meta.id, record);
    return record;
  }

  function find(id: string): Running {
    const record = records.get(id);
    if (!record) throw new AppError('NOT_FOUND', 'That procedure does not exist.', 'Open the procedure list and pick it from there.', { id });
    return record;
  }

  function viewOf(record: Running): ProcedureView {
    const { meta, definition } = record;
    const snapshot = record.persisted ?? { status: 'active', value: null, context: {} };
    return {
      id: meta.id,
      kind: meta.kind,
      title: definition.title,
      siteId: meta.input.siteId,
      siteName: meta.input.siteName,
      startedAt: meta.startedAt,
      updatedAt: record.updatedAt,
      ...definition.view(snapshot, meta.input),
    };
  }

  function currentStep(record: Running): string | null {
    return record.persisted ? viewOf(record).currentStepId : null;
  }

  function summaryOf(record: Running): ProcedureSummary {
    const view = viewOf(record);
    return {
      id: view.id,
      kind: view.kind,
      title: view.title,
      siteId: view.siteId,
      siteName: view.siteName,
      status: view.status,
      startedAt: view.startedAt,
      updatedAt: view.updatedAt,
      currentStepId: view.currentStepId,
      currentStepTitle: view.steps.find((s) => s.id === view.currentStepId)?.title ?? null,
    };
  }

  async function load(id: string): Promise<Running | undefined> {
    const dir = dirOf(id);
    const meta = metaSchema.parse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
    const definition = deps.definitions[meta.kind];
    if (!definition) {
      throw new AppError('NOT_FOUND', `Procedure ${id} is of kind ${meta.kind}, which this version cannot run.`, 'Open it with the version of the assistant that started it.');
    }
    const record = newRecord(meta, definition);
    let snapshot: SnapshotLike | undefined;
    try {
      const path = join(dir, 'snapshot.json');
      const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
      snapshot = JSON.parse(text) as SnapshotLike;
      record.persisted = snapshot;
      record.queuedJson = text;
      record.updatedAt = info.mtime.toISOString();
    } catch (error) {
      // No snapshot yet: the crash came between meta.json and the first snapshot, so start from the input.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        records.delete(id);
        throw error;
      }
    }
    if (snapshot && snapshot.status !== 'active') return undefined;
    appendJournal(record, {
      at: isoNow(),
      who: 'assistant',
      step: currentStep(record) ?? 'procedure',
      event: 'RESUMED',
      outcome: 'info',
      detail: 'The assistant restarted and resumed this procedure at the same step; a step that was running starts again.',
    });
    launch(record, snapshot);
    return record;
  }

  /** The site a procedure works on; the connected side of P2 (P2-fetch) may have none. */
  async function siteFor(kind: ProcedureKind, siteId: string): Promise<Pick<Site, 'id' | 'name' | 'applianceUrl'>> {
    if (siteId !== '') return deps.sites.get(siteId);
    if (SITELESS_KINDS.has(kind)) return { id: '', name: CONNECTED_SIDE_NAME, applianceUrl: '' };
    throw new AppError('INVALID_INPUT', 'This procedure works on a site, and none was given.', 'Start it from the site’s card.', { kind });
  }

  return {
    async start(kind, siteId) {
      const definition = deps.definitions[kind];
      if (!definition) {
        throw new AppError('NOT_FOUND', `Procedure ${kind} is not available in this version.`, 'Pick one of the procedures offered on the start page.');
      }
      const site = await siteFor(kind, siteId);
      const startedMs = deps.clock.now();
      const id = `${kind}-${new Date(startedMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
      const input: ProcedureInput = { procedureId: id, siteId: site.id, siteName: site.name, applianceUrl: site.applianceUrl, operator: deps.operator };
      const meta: Meta = { version: 1, id, kind, startedAt: new Date(startedMs).toISOString(), input };
      try {
        await mkdir(dirOf(id), { recursive: true, mode: 0o700 });
        await writeFileAtomic(join(dirOf(id), 'meta.json'), JSON.stringify(meta, null, 2));
      } catch (error) {
        throw toDiskError(error, dirOf(id));
      }
      const record = newRecord(meta, definition);
      appendJournal(record, { at: meta.startedAt, who: 'operator', step: 'procedure', event: 'START', outcome: 'info', detail: `${deps.operator} started ${definition.title} for ${site.name}.` });
      launch(record, undefined);
      await flush(record);
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
      const timed: TimedOperatorEvent = {
        type: event.type,
        at: isoNow(),
        ...(event.note !== undefined ? { note: event.note } : {}),
        ...(event.value !== undefined ? { value: event.value } : {}),
      };
      const view = viewOf(record);
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
      await flush(record);
      return viewOf(record);
    },

    get(id) {
      return viewOf(find(id));
    },

    list() {
      return [...records.values()].map(summaryOf).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },

    async journal(id) {
      return find(id).journal.read();
    },

    async resumeAll() {
      let ids: string[];
      try {
        ids = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { resumed: [], unreadable: [] };
        throw toDiskError(error, root);
      }
      const resumed: Running[] = [];
      const unreadable: ResumeResult['unreadable'] = [];
      for (const id of ids.sort()) {
        if (records.has(id)) continue;
        try {
          const record = await load(id);
          if (record) resumed.push(record);
        } catch (error) {
          const why =
            error instanceof AppError
              ? error
              : new AppError('DISK_ERROR', `The saved state of procedure ${id} could not be read.`, `Keep the folder ${dirOf(id)} and contact the project team; other procedures are unaffected.`);
          unreadable.push({ id, error: toAppErrorShape(why) });
        }
      }
      await Promise.all(resumed.map(flush));
      return { resumed: resumed.map(summaryOf), unreadable };
    },

    async stopAll() {
      for (const record of records.values()) {
        record.detached = true;
        record.actor?.stop();
        record.actor = undefined;
      }
      await Promise.all([...records.values()].map((r) => r.queue));
    },
  };
}
