/**
 * The P2 actors against the practice lab in-process, across a simulated air gap: the
 * restricted side (the lab appliance, its own vault) and the connected side (the lab's update
 * server, another vault) share nothing but a folder standing in for the USB stick.
 * Key → key file → listing → resumable download → bundle → verify → import → upload (stopped
 * once over a slow link, then again) → install.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, toPromise, type AnyActorLogic, type InputFrom, type OutputFrom } from 'xstate';
import type { Progress, Site } from '../../shared/domain';
import { siteRecord } from '../unit/helpers/site-record';
import { AppError } from '../../shared/errors';
import type { FilePackageRef } from '../../shared/procedures/actors';
import type { RunningLab } from '../../electron/lab';
import { createApplianceClient, type ApplianceEndpoint } from '../../electron/services/appliance';
import * as media from '../../electron/services/media';
import { createProcedureActors, type ProcedureActorDeps } from '../../electron/services/procedures/actors';
import { uploadPackageFile } from '../../electron/services/procedures/install-package';
import { vaultUpload } from '../../electron/services/procedures/vault-upload';
import { createVault } from '../../electron/services/vault';
import { labControl, labUpdateServer, startTestLab } from './helpers/lab-fixture';
import { checkTransferProof } from '../../shared/rules/transfer-proof';
import { createProcedureSecrets } from '../../electron/services/procedures/procedure-secrets';

const SERIAL = 'LAB-A-1001';

interface LabState {
  appliances: Record<
    string,
    {
      baseVersion: string;
      siteVersion: string;
      installed: { updateId: string; source?: string }[];
      uploads: { filename: string | null; bytes: number; result: string }[];
    }
  >;
  updateServer: { downloads: { packageId: string; bytesSent: number; completed: boolean }[] };
}

let lab: RunningLab;
let dir: string;
let stick: string;
const progress: Progress[] = [];

/** The lab's control port, trusting only the lab's own certificate. */
function control(method: string, path: string, body?: unknown): Promise<LabState> {
  return labControl<LabState>(lab, method, path, body);
}

function run<L extends AnyActorLogic>(logic: L, input: InputFrom<L>): Promise<OutputFrom<L>> {
  const actor = createActor(logic, { input });
  const done = toPromise(actor);
  actor.start();
  return done as Promise<OutputFrom<L>>;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

async function side(name: string, labSite: Site, endpoint: ApplianceEndpoint): Promise<ReturnType<typeof createProcedureActors>> {
  const deps: ProcedureActorDeps = {
    secrets: createProcedureSecrets(),
    sites: { get: async () => labSite, endpoint: async () => endpoint },
    vault: await createVault({ dir: join(dir, `${name}-vault`), clock: { now: () => Date.now() } }),
    clientFactory: (e) => createApplianceClient(e),
    certificateCheck: async () => ({ ok: true, findings: [], fingerprint256: lab.fingerprint256, validTo: '2030-01-01T00:00:00.000Z' }),
    clock: { now: () => Date.now() },
    timing: { pollIntervalMs: 100, installTimeoutMs: 30_000 },
    operator: `${name} operator`,
    appVersion: '0.1.0-test',
    media,
    drives: media.createFolderDriveLister([stick]),
    updateServer: labUpdateServer(lab, { retryDelaysMs: [100, 200, 400] }),
    emitProgress: (p) => progress.push(p),
    readJournal: async () => [],
  };
  depsOf.set(name, deps);
  return createProcedureActors(deps);
}

/** Each side's dependencies, for driving an actor's function with a signal the test aborts. */
const depsOf = new Map<string, ProcedureActorDeps>();

let restricted: ReturnType<typeof createProcedureActors>;
let connected: ReturnType<typeof createProcedureActors>;

beforeAll(async () => {
  lab = await startTestLab();
  dir = await mkdtemp(join(tmpdir(), 'p2-actors-'));
  stick = join(dir, 'stick');
  await mkdir(stick);
  const a = lab.appliances.A!;
  const labSite: Site = siteRecord({
    id: 'lab',
    name: 'Practice lab',
    siteHostname: lab.siteHostname,
    applianceUrl: a.url,
    apiClientId: lab.credentials.apiClientId,
    hasApiSecret: true,
    adminUser: lab.credentials.adminUser,
    hasAdminPassword: true,
    isPracticeLab: true,
    pinnedFingerprint256: a.fingerprint256,
  });
  const endpoint: ApplianceEndpoint = { baseUrl: a.url, pinnedFingerprint256: a.fingerprint256, ...lab.credentials };
  restricted = await side('restricted', labSite, endpoint);
  connected = await side('connected', labSite, endpoint);
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('P2 actors across the air gap, against the practice lab', () => {
  it('key → key file → download (cut at 50%, resumed) → bundle → verify → import → upload installs, versions verified', async () => {
    const r = { procedureId: 'P2-lab-1', siteId: 'lab', stepId: 'step' };
    const c = { procedureId: 'P2-fetch-lab-1', siteId: '', stepId: 'step' };

    // Restricted side: the clock, the key, the key file on the stick.
    const clock = await run(restricted.checkApplianceClock, r);
    expect(Math.abs(clock.offsetSeconds)).toBeLessThanOrEqual(5);
    expect(clock).toMatchObject({ ntpEnabled: false, ntpServers: [] });
    const key = await run(restricted.generateDownloadKey, r);
    expect(key).toMatchObject({ applianceSerial: SERIAL, siteVersion: '23.1.1', baseVersion: '6.1.0' });
    await run(restricted.saveKeyFile, { ...r, mediaPath: stick, key });

    // Connected side: the key file, the listing, the downloads.
    const keyFile = await run(connected.readKeyFile, { ...c, mediaPath: stick });
    expect(keyFile).toMatchObject({ key: key.key, applianceSerial: SERIAL, siteName: 'Practice lab', ignored: [] });
    const listing = await run(connected.submitDownloadKey, { ...c, key: keyFile.key });
    expect(listing.serial).toBe(SERIAL);
    expect(listing.packages.map((p) => p.id)).toEqual(['base-6.2.0', 'site-23.2.1']);

    const [basePkg, sitePkg] = listing.packages as [(typeof listing.packages)[number], (typeof listing.packages)[number]];
    await control('POST', '/lab/faults', { appliance: 'update-server', fault: 'drop-at-byte', value: Math.floor(sitePkg.size / 2) });
    // The cut is retried by itself, from the .part, and the wait is shown in the step's progress.
    const siteDownload = await run(connected.downloadUpdate, { ...c, pkg: sitePkg, serial: SERIAL });
    expect(siteDownload).toMatchObject({ size: sitePkg.size, sha256: sitePkg.sha256 });
    // Journaled by the procedure as "Resumed from byte N".
    expect(siteDownload.resumedFrom).toBeGreaterThan(0);
    expect(progress.filter((p) => p.label.startsWith(`Downloading ${sitePkg.name}: `)).map((p) => p.label)).toEqual([
      `Downloading ${sitePkg.name}: Connection dropped — retrying (1 of 3) in 1 s`,
    ]);
    const sent = (await control('GET', '/lab/state')).updateServer.downloads.filter((d) => d.packageId === sitePkg.id).reduce((sum, d) => sum + d.bytesSent, 0);
    expect(sent).toBeLessThanOrEqual(1.6 * sitePkg.size);
    const baseDownload = await run(connected.downloadUpdate, { ...c, pkg: basePkg, serial: SERIAL });
    expect(progress.filter((p) => p.label === `Downloading ${sitePkg.name}`).at(-1)).toMatchObject({ done: sitePkg.size, total: sitePkg.size });

    const carried: FilePackageRef[] = [
      { ...withoutUrl(basePkg), vaultId: baseDownload.vaultId },
      { ...withoutUrl(sitePkg), vaultId: siteDownload.vaultId },
    ];
    const written = await run(connected.writeTransferBundle, {
      ...c,
      mediaPath: stick,
      keyId: listing.keyId,
      serial: SERIAL,
      applianceHostname: keyFile.applianceHostname,
      siteName: keyFile.siteName,
      packages: carried,
    });
    expect(written.proof.every((l) => l.ok)).toBe(true);

    // Restricted side again: the same code on both sides, every file proven, then imported.
    const verified = await run(restricted.verifyTransferBundle, { ...r, mediaPath: stick, expectSerial: SERIAL });
    expect(verified).toMatchObject({ bundleDir: written.bundleDir, digestCode: written.digestCode, keyId: listing.keyId, createdBy: 'connected operator' });
    expect(verified.packages).toEqual(carried.map(({ vaultId: _vaultId, ...p }) => p));

    const wrong = await failure(run(restricted.verifyTransferBundle, { ...r, mediaPath: stick, expectSerial: 'LAB-B-2002' }));
    expect(wrong.code).toBe('BUNDLE_WRONG_APPLIANCE');

    const damagedStick = join(dir, 'damaged-stick');
    await cp(stick, damagedStick, { recursive: true });
    const [bundleFolder] = (await readdir(damagedStick)).filter((n) => n.startsWith('aua-bundle-'));
    const damagedFile = join(damagedStick, bundleFolder!, (await readdir(join(damagedStick, bundleFolder!))).find((n) => n !== 'manifest.json')!);
    const bytes = await readFile(damagedFile);
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0x01;
    await writeFile(damagedFile, bytes);
    const damaged = await run(restricted.verifyTransferBundle, { ...r, mediaPath: damagedStick, expectSerial: SERIAL });
    expect(damaged.proof.filter((line) => !line.ok).map((line) => line.file)).toEqual([basename(damagedFile)]);
    expect(checkTransferProof(damaged.proof).holds).toBe(false);

    const imported = await run(restricted.importBundle, { ...r, bundleDir: verified.bundleDir, packages: verified.packages });
    expect(imported.packages.every((p) => p.vaultId !== undefined)).toBe(true);

    // The operator stops the first upload over a slow link: CANCELLED, and the appliance installs nothing.
    const [baseFile, siteFile] = imported.packages as [FilePackageRef, FilePackageRef];
    const deps = depsOf.get('restricted')!;
    await control('POST', '/lab/faults', { appliance: 'A', fault: 'slow-link', value: Math.ceil(baseFile.size / 20) });
    const stop = new AbortController();
    const stopped = failure(
      uploadPackageFile({
        ...deps.clientFactory(await deps.sites.endpoint('lab')),
        clock: deps.clock,
        signal: stop.signal,
        input: { ...r, stepId: 'install', pkg: baseFile },
        emitProgress: deps.emitProgress,
        upload: vaultUpload(deps.vault, baseFile),
      }),
    );
    const uploadLabel = `Uploading ${baseFile.name}`;
    while (!progress.some((p) => p.label === uploadLabel && p.done > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    expect((await stopped).code).toBe('CANCELLED');
    expect(progress.filter((p) => p.label === uploadLabel).at(-1)!.done).toBeLessThan(baseFile.size);
    await control('DELETE', '/lab/faults');
    const afterStop = (await control('GET', '/lab/state')).appliances.A!;
    expect(afterStop).toMatchObject({ baseVersion: '6.1.0', siteVersion: '23.1.1', installed: [] });
    expect(afterStop.uploads.map((u) => u.result)).toEqual(['dropped']);
    expect(afterStop.uploads[0]!.bytes).toBeLessThan(baseFile.size);

    // Upload, then install: Base first (R4), each verified on the appliance.
    expect(await run(restricted.uploadPackage, { ...r, pkg: baseFile })).toEqual({ uploadedAt: expect.any(String), bytes: baseFile.size });
    const baseInstall = await run(restricted.installPackage, { ...r, pkg: baseFile });
    expect(baseInstall.verifiedVersion).toBe('6.2.0');
    const siteReportsFrom = progress.length;
    await run(restricted.uploadPackage, { ...r, pkg: siteFile });
    const siteInstall = await run(restricted.installPackage, { ...r, pkg: siteFile });
    expect(siteInstall.verifiedVersion).toBe('23.2.1');
    expect(progress.filter((p) => p.label === `Uploading ${sitePkg.name}`).at(-1)).toMatchObject({ unit: 'bytes', done: sitePkg.size, total: sitePkg.size });
    // Honest waiting (C11): the upload, then the lab installing (503), then the version read back;
    // only the upload, whose bytes have a known total, gives a time left.
    const siteReports = progress.slice(siteReportsFrom);
    expect(siteReports.map((p) => p.phase).filter((phase, i, all) => i === 0 || phase !== all[i - 1])).toEqual(['uploading', 'installing', 'verifying']);
    expect(siteReports.filter((p) => p.phase === 'uploading').at(-1)).toMatchObject({ unit: 'bytes', etaSeconds: 0 });
    expect(siteReports.filter((p) => p.unit === 'seconds').every((p) => p.etaSeconds === null)).toBe(true);

    const state = (await control('GET', '/lab/state')).appliances.A!;
    expect(state).toMatchObject({ baseVersion: '6.2.0', siteVersion: '23.2.1' });
    expect(state.uploads.map((u) => u.result)).toEqual(['dropped', 'installing', 'installing']);
    expect(state.installed.map((i) => [i.updateId, i.source])).toEqual([
      ['base-6.2.0', 'manual'],
      ['site-23.2.1', 'manual'],
    ]);

    // A retried upload and install at an appliance already at the version send nothing again.
    expect((await run(restricted.uploadPackage, { ...r, pkg: siteFile })).bytes).toBe(0);
    expect((await run(restricted.installPackage, { ...r, pkg: siteFile })).verifiedVersion).toBe('23.2.1');
    expect((await control('GET', '/lab/state')).appliances.A!.uploads).toHaveLength(3);
  });
});

function withoutUrl<T extends { url: string }>(pkg: T): Omit<T, 'url'> {
  const { url: _url, ...rest } = pkg;
  return rest;
}
