import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Progress, Site } from '../../shared/domain';
import { currentAppliance } from '../../shared/sites';
import { siteRecord, withCurrent } from '../unit/helpers/site-record';
import type { AppError } from '../../shared/errors';
import type { ProcedureDefinition } from '../../shared/procedures/definition';
import type { ProcedureKind, ProcedureView } from '../../shared/procedures/view';
import { procedureDefinitions } from '../../shared/procedures/registry';
import { startLab } from '../../electron/lab';
import { installPackage } from '../../electron/services/procedures/install-package';
import { applianceEndpoint, labControl } from './helpers/lab-fixture';
import { createApplianceClient } from '../../electron/services/appliance';
import type { ApplianceEndpoint } from '../../electron/services/appliance/types';
import * as media from '../../electron/services/media';
import type { SiteDirectory } from '../../electron/services/ports';
import { createProcedureHost, type CertificateCheck, type ProcedureHost } from '../../electron/services/procedures';
import { createVault, type Vault } from '../../electron/services/vault';
import { FakeAppliance } from '../unit/electron/services/procedures/fixtures/fake-appliance';
import { tinyProcedure } from '../unit/electron/services/procedures/fixtures/tiny-procedure';
import { AFTERCARE_CHECKS } from '../../shared/procedures/steps/aftercare-and-report/record';

/**
 * Client aftercare (P6) as an operator goes through it, by the path the appliance allows: the limit
 * proposed from 100 Mbit/s, 40 chosen and saved (or set by hand where the appliance has no Jump
 * Client page), the watch awaited (ended with a note after a while), the original value put back,
 * the checklist ticked.
 */
async function throughAftercare(host: ProcedureHost, id: string): Promise<void> {
  const done = new Set<string>();
  const started = Date.now();
  for (;;) {
    if (Date.now() - started > 30_000) throw new Error(`Aftercare stuck at ${host.get(id).currentStepId}`);
    const view = host.get(id);
    const step = view.steps.find((s) => s.id === view.currentStepId);
    if (!step?.id.startsWith('aftercare')) return;
    const offered = new Set(step.actions.map((a) => a.event));
    const once = (event: string) => offered.has(event) && !done.has(`${step.id}:${event}`);
    const send = async (type: string, extra: { note?: string; value?: string } = {}) => {
      done.add(`${step.id}:${type}`);
      await host.send(id, { type, ...extra });
    };
    if (once('PROPOSE')) await send('PROPOSE', { value: '100' });
    else if (once('SET_LIMIT')) await send('SET_LIMIT', { value: '40' });
    else if (once('CONFIRM')) await send('CONFIRM');
    else if (offered.has('BY_HAND')) await send('BY_HAND', { note: 'Set on the Jump Clients page by the technician.' });
    else if (offered.has('RESTORE')) await send('RESTORE');
    else if (offered.has('TICKED')) await send('TICKED', { value: AFTERCARE_CHECKS.map((item) => item.id).join(',') });
    else if (offered.has('END_WATCH') && Date.now() - started > 5_000) await send('END_WATCH', { note: 'The rest come back overnight.' });
    else await new Promise((r) => setTimeout(r, 50));
  }
}

const site: Site = siteRecord({
  id: 'site-1',
  name: 'Support site',
  siteHostname: 'support.test',
  applianceUrl: 'https://appliance-a.test',
  apiClientId: 'client',
  hasApiSecret: true,
  adminUser: 'admin',
  hasAdminPassword: true,
  isPracticeLab: false,
});

/** A second site on another appliance, for tests that run two procedures at once. */
const otherSite: Site = withCurrent({ ...site, id: 'site-2', name: 'Second site' }, { applianceUrl: 'https://appliance-b.test' });

const sites: SiteDirectory = {
  get: async (id) => {
    const found = [site, otherSite].find((s) => s.id === id);
    if (!found) throw new Error(`no site ${id}`);
    return found;
  },
  endpoint: async (): Promise<ApplianceEndpoint> => ({ baseUrl: currentAppliance(site).applianceUrl, apiClientId: 'client', apiClientSecret: 'secret' }),
};

/** What the host needs for P2; these tests write no media. */
const p2Deps = { appVersion: '0.1.0-test', media, drives: media.createFolderDriveLister([]) };

const healthyCertificate: CertificateCheck = async () => ({
  ok: true,
  findings: [{ ok: true, text: 'Valid and names support.test.' }],
  fingerprint256: 'AA:BB',
  validTo: '2030-01-01T00:00:00.000Z',
});

let dataDir: string;
let vault: Vault;
let appliance: FakeAppliance;
let hosts: ProcedureHost[];
let emitted: { event: string; payload: unknown; onDisk?: unknown }[];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'host-'));
  vault = await createVault({ dir: join(dataDir, 'vault'), clock: { now: () => Date.now() } });
  appliance = new FakeAppliance({ installMs: 200 });
  hosts = [];
  emitted = [];
});

afterEach(async () => {
  await Promise.all(hosts.map((h) => h.stopAll()));
  appliance.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

function snapshotPath(id: string) {
  return join(dataDir, 'procedures', id, 'snapshot.json');
}

function newHost(definition: ProcedureDefinition = tinyProcedure, kind: ProcedureKind = 'P1'): ProcedureHost {
  const host = createProcedureHost({
    dataDir,
    definitions: { [kind]: definition },
    sites,
    vault,
    clientFactory: () => ({ api: appliance.api, admin: appliance.admin }),
    certificateCheck: healthyCertificate,
    clock: { now: () => Date.now() },
    operator: 'Alex Field',
    ...p2Deps,
    emit: (event, payload) => {
      // What was on disk at the moment the UI heard of the change.
      const onDisk = event === 'procedures.updated' ? JSON.parse(readFileSync(snapshotPath((payload as ProcedureView).id), 'utf8')) : undefined;
      emitted.push({ event, payload, onDisk });
    },
    timing: { pollIntervalMs: 20, installTimeoutMs: 10_000 },
  });
  hosts.push(host);
  return host;
}

async function waitFor<T>(read: () => T, until: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const persistedValue = async (id: string) => JSON.parse(await readFile(snapshotPath(id), 'utf8')).value;

describe('procedure host with a test machine', () => {
  it('writes meta, snapshot (0600) and journal when a procedure starts', async () => {
    const host = newHost();
    const view = await host.start('P1', 'site-1');
    expect(view).toMatchObject({ kind: 'P1', siteId: 'site-1', siteName: 'Support site', status: 'active', currentStepId: 'window' });
    const meta = JSON.parse(await readFile(join(dataDir, 'procedures', view.id, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ kind: 'P1', input: { procedureId: view.id, siteId: 'site-1', operator: 'Alex Field', applianceUrl: currentAppliance(site).applianceUrl } });
    expect(await persistedValue(view.id)).toBe('window');
    expect((await stat(snapshotPath(view.id))).mode & 0o777).toBe(0o600);
    expect(await host.journal(view.id)).toMatchObject([{ who: 'operator', step: 'procedure', event: 'START', detail: expect.stringContaining('Alex Field') }]);
    expect(host.list()).toMatchObject([{ id: view.id, currentStepId: 'window', currentStepTitle: 'Start the maintenance window' }]);
  });

  it('starts the connected side of P2 (P2-fetch) without a site; P1 and P2 still need one', async () => {
    const fetchHost = newHost({ ...tinyProcedure, kind: 'P2-fetch' }, 'P2-fetch');
    const view = await fetchHost.start('P2-fetch', '');
    expect(view).toMatchObject({ kind: 'P2-fetch', siteId: '', siteName: 'Connected side', status: 'active' });
    const meta = JSON.parse(await readFile(join(dataDir, 'procedures', view.id, 'meta.json'), 'utf8'));
    expect(meta.input).toEqual({ procedureId: view.id, siteId: '', siteName: 'Connected side', applianceUrl: '', operator: 'Alex Field' });
    expect(await fetchHost.journal(view.id)).toMatchObject([{ event: 'START', detail: expect.stringContaining('Connected side') }]);

    await expect(newHost().start('P1', '')).rejects.toMatchObject({ code: 'INVALID_INPUT', hint: expect.stringContaining('site') });
    await expect(newHost({ ...tinyProcedure, kind: 'P2' }, 'P2').start('P2', '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('writes every snapshot to disk before it emits procedures.updated', async () => {
    const host = newHost();
    const { id } = await host.start('P1', 'site-1');
    await host.send(id, { type: 'WINDOW_STARTED' });
    await waitFor(() => host.get(id).currentStepId, (s) => s === 'review');
    const updates = emitted.filter((e) => e.event === 'procedures.updated');
    expect(updates.map((u) => (u.payload as ProcedureView).currentStepId)).toEqual(['window', 'backup', 'review']);
    for (const update of updates) {
      // The snapshot on disk at emit time already shows the step the view shows.
      expect(tinyProcedure.view(update.onDisk as never, {} as never).currentStepId).toBe((update.payload as ProcedureView).currentStepId);
    }
  });

  it('runs the backup into the vault with byte progress, held for the procedure', async () => {
    const host = newHost();
    const { id } = await host.start('P1', 'site-1');
    await host.send(id, { type: 'WINDOW_STARTED' });
    await waitFor(() => host.get(id).currentStepId, (s) => s === 'review');
    const [entry] = vault.list({ heldBy: id });
    expect(entry).toMatchObject({ kind: 'backup', siteId: 'site-1', appliance: 'appliance-a.test', version: '23.1.1', size: 512 * 1024, state: 'ok' });
    const progress = emitted.filter((e) => e.event === 'progress').map((e) => e.payload as Progress);
    expect(progress.at(-1)).toMatchObject({ procedureId: id, stepId: 'backup', unit: 'bytes', done: 512 * 1024, total: 512 * 1024, etaSeconds: 0 });
    const journal = await host.journal(id);
    expect(journal.map((l) => `${l.who}:${l.event}`)).toEqual(['operator:START', 'operator:WINDOW_STARTED', 'assistant:BACKUP_TAKEN']);
    expect(journal[2]!.checksums).toEqual({ [entry!.fileName]: entry!.sha256 });
  });

  it('rejects an event the current step does not accept, naming the step, and journals nothing', async () => {
    const host = newHost();
    const { id } = await host.start('P1', 'site-1');
    await expect(host.send(id, { type: 'START_INSTALL' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Start the maintenance window'),
      hint: expect.stringContaining('Window started'),
    });
    expect(await persistedValue(id)).toBe('window');
    expect(await host.journal(id)).toHaveLength(1);
    await expect(host.send('nope', { type: 'CANCEL' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the machine’s own operator line instead of adding a second one', async () => {
    const host = newHost();
    const { id } = await host.start('P1', 'site-1');
    const view = await host.send(id, { type: 'CANCEL', note: 'customer postponed' });
    expect(view.status).toBe('cancelled');
    expect((await host.journal(id)).map((l) => `${l.who}:${l.event}:${l.detail ?? ''}`)).toEqual([
      expect.stringMatching(/^operator:START:/),
      'operator:CANCEL:customer postponed',
    ]);
    await expect(host.send(id, { type: 'WINDOW_STARTED' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('resumes after a crash at the same step with the same context and an intact journal', async () => {
    const first = newHost();
    const { id } = await first.start('P1', 'site-1');
    await first.send(id, { type: 'WINDOW_STARTED' });
    await waitFor(() => first.get(id).currentStepId, (s) => s === 'review');
    const before = JSON.parse(await readFile(snapshotPath(id), 'utf8'));
    const journalBefore = await first.journal(id);
    await first.stopAll();
    expect(JSON.parse(await readFile(snapshotPath(id), 'utf8'))).toEqual(before);

    const second = newHost();
    const { resumed, unreadable } = await second.resumeAll();
    expect(unreadable).toEqual([]);
    expect(resumed).toMatchObject([{ id, currentStepId: 'review' }]);
    const after = JSON.parse(await readFile(snapshotPath(id), 'utf8'));
    expect(after.value).toEqual(before.value);
    expect(after.context).toEqual(before.context);
    const journalAfter = await second.journal(id);
    expect(journalAfter.slice(0, journalBefore.length)).toEqual(journalBefore);
    expect(journalAfter.at(-1)).toMatchObject({ who: 'assistant', event: 'RESUMED', step: 'review' });

    appliance.baseVersion = '6.2.0';
    await second.send(id, { type: 'START_INSTALL' });
    await waitFor(() => second.get(id).status, (s) => s === 'done');
    expect(appliance.siteVersion).toBe('23.2.1');
  });

  it('restarts an actor that was in flight: a backup download', async () => {
    appliance.backupChunkDelayMs = 30;
    const first = newHost();
    const { id } = await first.start('P1', 'site-1');
    await first.send(id, { type: 'WINDOW_STARTED' });
    await waitFor(() => emitted.filter((e) => e.event === 'progress').length, (n) => n > 0);
    await first.stopAll();
    expect(await persistedValue(id)).toBe('backup');
    expect(vault.list()).toEqual([]);

    appliance.backupChunkDelayMs = 0;
    const second = newHost();
    await second.resumeAll();
    await waitFor(() => second.get(id).currentStepId, (s) => s === 'review');
    expect(appliance.calls.downloadBackup).toBe(2);
    expect(vault.list({ heldBy: id })).toHaveLength(1);
  });

  it('restarts an install that was in flight without starting it twice', async () => {
    appliance.installMs = 600;
    const first = newHost();
    const { id } = await first.start('P1', 'site-1');
    await first.send(id, { type: 'WINDOW_STARTED' });
    await waitFor(() => first.get(id).currentStepId, (s) => s === 'review');
    appliance.baseVersion = '6.2.0';
    await first.send(id, { type: 'START_INSTALL' });
    await waitFor(() => appliance.status, (s) => s === 'installing');
    await first.stopAll();
    expect(await persistedValue(id)).toBe('install');

    const second = newHost();
    await second.resumeAll();
    const done = await waitFor(() => second.get(id), (v) => v.status === 'done');
    expect(done.currentStepId).toBeNull();
    expect(appliance.calls.installUpdate).toEqual(['site-23.2.1']);
    const events = (await second.journal(id)).map((l) => l.event);
    expect(events).toEqual(['START', 'WINDOW_STARTED', 'BACKUP_TAKEN', 'START_INSTALL', 'RESUMED', 'INSTALL_VERIFIED']);
  });

  it('whenIdle resolves only once the snapshot and journal of a transition in progress are on disk (quit waits for it)', async () => {
    const host = newHost();
    const { id } = await host.start('P1', 'site-1');
    const sending = host.send(id, { type: 'CANCEL', note: 'quitting' });
    await host.whenIdle();
    expect(JSON.parse(await readFile(snapshotPath(id), 'utf8')).value).toBe('cancelled');
    const lines = (await readFile(join(dataDir, 'procedures', id, 'journal.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ event: 'CANCEL', detail: 'quitting' });
    await sending;
  });

  it('names the unfinished procedures on disk (whose vault files start-up keeps), not the finished ones', async () => {
    const first = newHost();
    const active = await first.start('P1', 'site-1');
    const finished = await first.start('P1', 'site-2');
    await first.send(finished.id, { type: 'CANCEL', note: 'not today' });
    await first.stopAll();
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(dataDir, 'procedures', 'P2-fetch-unreadable'), { recursive: true });
    await writeFile(join(dataDir, 'procedures', 'P2-fetch-unreadable', 'snapshot.json'), '{ torn');
    expect(await newHost().unfinishedOnDisk()).toEqual([active.id, 'P2-fetch-unreadable'].sort());
  });

  it('does not restart finished procedures but still shows them', async () => {
    const first = newHost();
    const { id } = await first.start('P1', 'site-1');
    await first.send(id, { type: 'CANCEL', note: 'not today' });
    await first.stopAll();
    const second = newHost();
    expect((await second.resumeAll()).resumed).toEqual([]);
    expect(second.get(id).status).toBe('cancelled');
    expect(second.list()).toHaveLength(1);
  });

  it('reports a procedure whose files cannot be read and resumes the others', async () => {
    const first = newHost();
    const good = await first.start('P1', 'site-1');
    const bad = await first.start('P1', 'site-2');
    await first.stopAll();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dataDir, 'procedures', bad.id, 'meta.json'), '{ not json');
    const second = newHost();
    const result = await second.resumeAll();
    expect(result.resumed.map((s) => s.id)).toEqual([good.id]);
    expect(result.unreadable).toMatchObject([{ id: bad.id, error: { code: 'DISK_ERROR' } }]);
  });
});

describe('one active procedure per appliance', () => {
  it('refuses a second start on the same appliance with PROCEDURE_ACTIVE naming the active one', async () => {
    const host = newHost();
    const first = await host.start('P1', 'site-1');
    const refused = await host.start('P1', 'site-1').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'PROCEDURE_ACTIVE', details: { procedureId: first.id, siteId: 'site-1', appliance: 'appliance-a.test:443' } });
    // The id crosses the bridge so the UI can offer to resume it.
    expect((refused as AppError).toJSON()).toMatchObject({ code: 'PROCEDURE_ACTIVE', details: { procedureId: first.id } });
    expect(host.list()).toHaveLength(1);
    // Another appliance is free.
    await expect(host.start('P1', 'site-2')).resolves.toMatchObject({ siteId: 'site-2' });
  });

  it('matches the appliance by host:port, whichever site names it, and frees it once the procedure ends', async () => {
    const sameAppliance: Site = withCurrent({ ...site, id: 'site-3', name: 'Same box' }, { applianceUrl: 'https://APPLIANCE-A.test:443' });
    const host = createProcedureHost({
      dataDir,
      definitions: { P1: tinyProcedure },
      sites: { get: async (id) => (id === 'site-3' ? sameAppliance : site), endpoint: sites.endpoint },
      vault,
      clientFactory: () => ({ api: appliance.api, admin: appliance.admin }),
      certificateCheck: healthyCertificate,
      clock: { now: () => Date.now() },
      operator: 'Alex Field',
      ...p2Deps,
      emit: () => undefined,
    });
    hosts.push(host);
    const first = await host.start('P1', 'site-1');
    await expect(host.start('P1', 'site-3')).rejects.toMatchObject({ code: 'PROCEDURE_ACTIVE', details: { procedureId: first.id } });
    await host.send(first.id, { type: 'CANCEL', note: 'wrong day' });
    await expect(host.start('P1', 'site-3')).resolves.toMatchObject({ siteId: 'site-3' });
  });

  it('counts a procedure resumed after a restart as active', async () => {
    const first = newHost();
    const { id } = await first.start('P1', 'site-1');
    await first.stopAll();
    const second = newHost();
    await second.resumeAll();
    await expect(second.start('P1', 'site-1')).rejects.toMatchObject({ code: 'PROCEDURE_ACTIVE', details: { procedureId: id } });
  });

  it('lets the connected side (no appliance) run more than one P2-fetch', async () => {
    const fetchHost = newHost({ ...tinyProcedure, kind: 'P2-fetch' }, 'P2-fetch');
    await fetchHost.start('P2-fetch', '');
    await expect(fetchHost.start('P2-fetch', '')).resolves.toMatchObject({ kind: 'P2-fetch' });
  });
});

describe('procedure host with the real P1 definition', () => {
  const p1 = procedureDefinitions.P1;
  const value = async (id: string) => JSON.stringify(await persistedValue(id));

  async function until(id: string, pattern: RegExp) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const current = await value(id);
      if (pattern.test(current)) return current;
      if (Date.now() > deadline) throw new Error(`P1 stuck at ${current}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('lists a procedure that has no snapshot on disk yet (crash between meta.json and the first snapshot)', async () => {
    const first = newHost(p1);
    const { id } = await first.start('P1', 'site-1');
    await first.stopAll();
    const { unlink } = await import('node:fs/promises');
    await unlink(snapshotPath(id));

    const second = newHost(p1);
    let done = false;
    const resuming = second.resumeAll().finally(() => {
      done = true;
    });
    const listedWithoutSnapshot: unknown[] = [];
    // Until the resumed procedure's first snapshot lands, list() must answer from its initial state.
    while (!done) {
      const listed = second.list();
      if (!existsSync(snapshotPath(id)) && listed.length > 0) listedWithoutSnapshot.push(listed[0]);
      await new Promise((r) => setImmediate(r));
    }
    await resuming;
    expect(listedWithoutSnapshot.length).toBeGreaterThan(0);
    // A new P1 starts by checking the sign-ins, before its maintenance window.
    expect(listedWithoutSnapshot[0]).toMatchObject({ id, kind: 'P1', status: 'active', currentStepId: 'check-credentials' });
    expect(second.list()).toMatchObject([{ id, status: 'active' }]);
  });

  it('lists a cancelled P1 as cancelled at the step it was on, not as in progress or all done', async () => {
    const host = newHost(p1);
    const { id } = await host.start('P1', 'site-1');
    await until(id, /"window"/);
    const before = host.list().find((summary) => summary.id === id)!;
    expect(before).toMatchObject({ currentStepId: 'window', statusLabel: 'In progress', attention: false });
    const stepNumber = before.progress!.done + 1;
    await host.send(id, { type: 'CANCEL', note: 'customer postponed' });
    const after = host.list().find((summary) => summary.id === id)!;
    expect(after.status).toBe('cancelled');
    expect(after.statusLabel).toBe(`Cancelled at step ${stepNumber}`);
    expect(after.progress!.done).toBeLessThan(after.progress!.total);
    await host.stopAll();
  });

  it('runs P1 end to end with a crash during the Base install, and releases the vault holds', async () => {
    const first = newHost(p1);
    const { id } = await first.start('P1', 'site-1');
    await first.send(id, { type: 'WINDOW_STARTED' });
    await until(id, /export-certificate/);
    // The fake appliance has no certificates page: the operator skips the export, saying why.
    await first.send(id, { type: 'SKIP', note: 'The customer keeps the exported certificate in their own safe.' });
    await until(id, /healthy/);
    await first.send(id, { type: 'CONFIRM' });
    await until(id, /"plan":"ready"/);
    appliance.installMs = 400;
    await first.send(id, { type: 'START_INSTALL' });
    await waitFor(() => appliance.status, (s) => s === 'installing');
    await first.stopAll();
    expect(await value(id)).toContain('installing');

    const second = newHost(p1);
    expect((await second.resumeAll()).resumed.map((s) => s.id)).toEqual([id]);
    await until(id, /aftercare/);
    expect(appliance.calls.installUpdate).toEqual(['base-6.2.0', 'site-23.2.1']);
    expect(vault.list({ heldBy: id }).map((e) => e.kind)).toEqual(['backup', 'backup']);
    await throughAftercare(second, id);
    await until(id, /done/);
    expect(vault.list({ heldBy: id })).toEqual([]);
    expect(vault.list()).toHaveLength(2);

    const journal = await second.journal(id);
    expect(journal.filter((l) => l.event === 'INSTALL_VERIFIED')).toHaveLength(2);
    expect(journal.filter((l) => l.event === 'START_INSTALL')).toMatchObject([{ who: 'operator' }]);
    expect(journal.at(-1)).toMatchObject({ event: 'COMPLETED', who: 'assistant' });
  });

  it('ends a failed Base install in support with diagnostics in the vault', async () => {
    appliance.failBaseInstall = true;
    const host = newHost(p1);
    const { id } = await host.start('P1', 'site-1');
    await host.send(id, { type: 'WINDOW_STARTED' });
    await until(id, /export-certificate/);
    await host.send(id, { type: 'SKIP', note: 'The customer keeps the exported certificate in their own safe.' });
    await until(id, /healthy/);
    await host.send(id, { type: 'CONFIRM' });
    await until(id, /"plan":"ready"/);
    await host.send(id, { type: 'START_INSTALL' });
    await until(id, /support/);
    const [diagnostics] = vault.list({ kind: 'diagnostics' });
    expect(diagnostics).toMatchObject({ heldBy: [id], state: 'ok' });
    const report = JSON.parse(await readFile(vault.filePath(diagnostics!.id), 'utf8'));
    expect(report).toMatchObject({ procedureId: id, statusBasics: { ok: true, value: { status: 'needs-support' } }, health: { ok: true, value: { success: false } } });
    expect(report.journal.length).toBeGreaterThan(3);
    const events = (await host.journal(id)).map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(['BASE_INSTALL_FAILED', 'DIAGNOSTICS_SAVED', 'SUPPORT_NEEDED']));
    expect(appliance.calls.installUpdate).toEqual(['base-6.2.0']);
  });
});

const LAB_PASSPHRASE = 'Field passphrase 42, kept apart';

describe('procedure host with the real P1 definition against the practice lab', () => {
  it('updates the lab appliance over HTTPS, surviving a restart mid-install', async () => {
    const lab = await startLab({ timeScale: 600 });
    try {
      const a = lab.appliances.A!;
      const labSite: Site = withCurrent({ ...site, siteHostname: lab.siteHostname }, { applianceUrl: a.url, pinnedFingerprint256: a.fingerprint256 });
      const endpoint: ApplianceEndpoint = {
        baseUrl: a.url,
        pinnedFingerprint256: a.fingerprint256,
        apiClientId: lab.credentials.apiClientId,
        apiClientSecret: lab.credentials.apiClientSecret,
        adminUser: lab.credentials.adminUser,
        adminPassword: lab.credentials.adminPassword,
      };
      const labHost = () => {
        // No certificateCheck: the host's default probes the lab's real certificate (R3).
        const host = createProcedureHost({
          dataDir,
          definitions: procedureDefinitions,
          sites: { get: async () => labSite, endpoint: async () => endpoint },
          vault,
          clientFactory: (e) => createApplianceClient(e),
          clock: { now: () => Date.now() },
          operator: 'Alex Field',
          ...p2Deps,
          emit: (event, payload) => emitted.push({ event, payload }),
          timing: { pollIntervalMs: 100, installTimeoutMs: 30_000 },
        });
        hosts.push(host);
        return host;
      };
      const value = async (id: string) => JSON.stringify(await persistedValue(id));
      const until = async (id: string, pattern: RegExp) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const current = await value(id);
          if (pattern.test(current)) return current;
          if (Date.now() > deadline) throw new Error(`P1 stuck at ${current}; journal ${await readFile(join(dataDir, 'procedures', id, 'journal.jsonl'), 'utf8')}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };

      const first = labHost();
      const { id } = await first.start('P1', 'site-1');
      // The sign-ins are checked against the lab first; the window opens only after they pass.
      await until(id, /"window"/);
      await first.send(id, { type: 'WINDOW_STARTED' });
      await until(id, /export-certificate/);
      const [backup] = vault.list({ heldBy: id });
      expect(backup).toMatchObject({ kind: 'backup', version: '23.1.1', size: 3 * 1024 * 1024, state: 'ok' });
      // R2 through the appliance's own Export form: the file lands in the vault, checked, still protected.
      await first.send(id, { type: 'EXPORT', value: LAB_PASSPHRASE });
      await until(id, /"export-certificate":"checked"/);
      const [certificate] = vault.list({ heldBy: id, kind: 'certificate' });
      expect(certificate).toMatchObject({ kind: 'certificate', state: 'ok', certificate: { fingerprint256: a.fingerprint256, encryption: 'modern' } });
      expect(certificate!.certificate!.subjectAltNames).toEqual(expect.arrayContaining([`DNS:${lab.siteHostname}`]));
      expect((await readFile(vault.filePath(certificate!.id))).toString('latin1')).not.toContain(LAB_PASSPHRASE);
      expect(await readFile(join(dataDir, 'procedures', id, 'snapshot.json'), 'utf8')).not.toContain(LAB_PASSPHRASE);
      await first.send(id, { type: 'CONFIRM' });
      // R3 with the file: chain, key, names, and the presented certificate is the file's.
      await until(id, /healthy/);
      await first.send(id, { type: 'CONFIRM' });
      await until(id, /"plan":"ready"/);
      await first.send(id, { type: 'START_INSTALL' });
      await waitFor(() => emitted.filter((e) => e.event === 'progress' && (e.payload as Progress).unit === 'seconds').length, (n) => n > 1);
      await first.stopAll();
      expect(await value(id)).toContain('install');

      const second = labHost();
      await second.resumeAll();
      await until(id, /aftercare/);
      await throughAftercare(second, id);
      await until(id, /done/);
      const journal = await second.journal(id);
      expect(journal.filter((l) => l.event === 'INSTALL_VERIFIED').map((l) => l.who)).toEqual(['assistant', 'assistant']);
      expect(journal.filter((l) => l.event === 'BACKUP_TAKEN')).toHaveLength(2);
      expect(vault.list({ siteId: 'site-1', kind: 'backup' }).map((e) => e.version).sort()).toEqual(['23.1.1', '23.1.1']);
      expect(vault.list({ heldBy: id })).toEqual([]);
      expect(await readFile(join(dataDir, 'procedures', id, 'journal.jsonl'), 'utf8')).not.toContain(LAB_PASSPHRASE);

      // Honest waiting (C11): each install's reports go through its phases in order, and an
      // automatic install, which no appliance measures, never claims a time left.
      const installReports = emitted
        .filter((e) => e.event === 'progress')
        .map((e) => e.payload as Progress)
        .filter((p) => p.procedureId === id && p.stepId === 'install' && p.unit === 'seconds');
      expect(installReports.length).toBeGreaterThan(2);
      expect(installReports.every((p) => p.etaSeconds === null)).toBe(true);
      const runs = phaseRuns(installReports);
      // Base then site, each installing (503) before its version is verified; a resume after the
      // crash may start the Base wait again at installing. The lab does not reboot, so no restart.
      expect(runs.join(' ')).toMatch(/^installing (?:verifying installing )?verifying installing verifying$/);
      const verifying = [...new Set(installReports.filter((p) => p.phase === 'verifying').map((p) => p.label))];
      expect(verifying).toEqual([expect.stringMatching(/^Verifying that the appliance runs .*6\.2\.0\b/), expect.stringMatching(/^Verifying that the appliance runs .*23\.2\.1\b/)]);
    } finally {
      await Promise.all(hosts.map((h) => h.stopAll()));
      await lab.close();
    }
  });
});

/** The phases a run of reports went through, each run of one phase counted once. */
function phaseRuns(reports: readonly Progress[]): (Progress['phase'] | undefined)[] {
  return reports.map((p) => p.phase).filter((phase, i, all) => i === 0 || phase !== all[i - 1]);
}

describe('an install against the practice lab reports its phases (C11)', () => {
  it('installing (503) → restarting (no answer) → verifying (answering again), with no time left invented', async () => {
    const lab = await startLab({ timeScale: 600 });
    try {
      const control = (method: string, path: string, body?: unknown) =>
        labControl<{ appliances: Record<string, { baseVersion: string; status: string }> }>(lab, method, path, body);
      // Real time, so the install is still running when the appliance "goes away".
      await control('POST', '/lab/time', { scale: 1 });
      // A short timeout, so a silent appliance reads as silent within the test.
      const client = createApplianceClient(applianceEndpoint(lab), { timeoutMs: 300 });
      const [basePkg] = (await client.admin.checkForUpdates()).filter((u) => u.kind === 'base');
      expect(basePkg).toMatchObject({ id: 'base-6.2.0', version: '6.2.0' });
      const progress: Progress[] = [];
      const installing = installPackage({
        ...client,
        clock: { now: () => Date.now() },
        timing: { pollIntervalMs: 50, installTimeoutMs: 60_000 },
        signal: new AbortController().signal,
        input: { procedureId: 'P1-lab', siteId: 'site-1', stepId: 'install', pkg: basePkg! },
        emitProgress: (p) => progress.push(p),
      });
      await waitFor(() => progress.some((p) => p.phase === 'installing'), Boolean);
      // The appliance stops answering (a reboot); meanwhile the install ends.
      await control('POST', '/lab/faults', { appliance: 'A', fault: 'stop-answering', value: true });
      await waitFor(() => progress.some((p) => p.phase === 'restarting'), Boolean);
      await control('POST', '/lab/time', { advanceSeconds: 400 });
      await control('DELETE', '/lab/faults');
      const result = await installing;
      expect(result.verifiedVersion).toBe('6.2.0');
      expect(phaseRuns(progress)).toEqual(['installing', 'restarting', 'verifying']);
      expect(progress.every((p) => p.unit === 'seconds' && p.etaSeconds === null)).toBe(true);
      expect(progress.find((p) => p.phase === 'restarting')!.label).toBe(`Waiting for the appliance to restart (installing ${basePkg!.name})`);
      const state = (await control('GET', '/lab/state')).appliances.A!;
      expect(state).toMatchObject({ baseVersion: '6.2.0', status: 'running' });
    } finally {
      await lab.close();
    }
  });
});
