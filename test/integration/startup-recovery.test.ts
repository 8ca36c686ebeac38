/**
 * Start-up after a crash, through the composed services: a backup download killed mid-way
 * (a child process SIGKILLed) leaves a .part that start-up removes and journals; a file an
 * unfinished procedure names stays; a damaged vault index is rebuilt; every finding is a
 * start-up warning in app.info. And quit waits for pending writes (flush).
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { composeServices } from '../../electron/services/compose';
import { createFolderDriveLister } from '../../electron/services/media';
import type { SettingsStore } from '../../electron/services/ports';
import { parseJournal } from '../../electron/services/procedures/journal';
import { createVault } from '../../electron/services/vault';
import { createFileSecretStore } from '../harness/file-secret-store';
import { applianceEndpoint } from './helpers/lab-fixture';
import { memorySettings } from './helpers/memory-settings';
import { createDeskPorts } from '../harness/desk-ports';

let lab: RunningLab;
beforeAll(async () => {
  // Big enough that the child is still downloading when it reports being part-way.
  lab = await startLab({ timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0 }, backupBytes: 256 * 1024 * 1024 });
});
afterAll(() => lab.close());

function compose(dataDir: string, settings: SettingsStore = memorySettings()) {
  return composeServices({
    dataDir,
    appVersion: '0.0.0-test',
    operator: 'Alex Field',
    settings,
    secrets: createFileSecretStore(join(dataDir, 'secrets')),
    pages: { open: async () => undefined },
    drives: createFolderDriveLister([]),
    folders: { chooseFolder: async () => undefined },
    ...createDeskPorts({ saveDir: join(dataDir, 'saved') }),
  });
}

/** Starts a backup download in a child process and SIGKILLs it once bytes are on disk. */
async function killedBackupDownload(destPath: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'helpers', 'backup-download-child.ts'), JSON.stringify(applianceEndpoint(lab)), destPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the child never reported progress')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('PARTWAY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the child exited early (${code})`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('start-up after a crash', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'startup-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('removes the .part of a backup download killed mid-way, keeps what the index and unfinished procedures name, and says so', async () => {
    const vault = await createVault({ dir: join(dataDir, 'vault'), clock: { now: () => Date.now() } });
    const kept = await vault.reservePath('backup', 'lab', 'kept.nsb');
    await writeFile(kept, 'a finished backup');
    const keptEntry = await vault.add({ kind: 'backup', siteId: 'lab', siteName: 'Practice lab', appliance: 'a', version: '1', path: kept });
    const dest = await vault.reservePath('backup', 'lab', 'appliance-a-20261201-pre-upgrade.nsb');
    await killedBackupDownload(dest);
    expect(statSync(`${dest}.part`).size).toBeGreaterThan(0);
    expect(existsSync(dest)).toBe(false);

    // An unfinished procedure (here one whose files cannot even be read) still names its download.
    const procedureId = 'P2-fetch-20261201-204000-abcdef';
    await mkdir(join(dataDir, 'procedures', procedureId), { recursive: true });
    await writeFile(join(dataDir, 'procedures', procedureId, 'meta.json'), '{ torn');
    const resumable = join(dataDir, 'vault', 'package', 'lab', `${procedureId}-site-23.2.1.part`);
    await mkdir(join(dataDir, 'vault', 'package', 'lab'), { recursive: true });
    await writeFile(resumable, 'half a package');

    const services = await compose(dataDir);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(existsSync(resumable)).toBe(true);
    expect(await readFile(services.vault.filePath(keptEntry.id), 'utf8')).toBe('a finished backup');
    const reply = await services.router.dispatch('app.info', {});
    const warnings = reply.ok ? ((reply.value as { warnings?: { code: string; message: string }[] }).warnings ?? []) : [];
    expect(warnings).toEqual(services.warnings.map(({ code, message, hint }) => ({ code, message, hint })));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'VAULT_CLEANED', message: expect.stringContaining('appliance-a-20261201-pre-upgrade.nsb.part') }),
        expect.objectContaining({ code: 'DISK_ERROR', message: expect.stringContaining(procedureId) }),
      ]),
    );
    expect(warnings.find((w) => w.code === 'VAULT_CLEANED')?.message).toContain(`${procedureId}-site-23.2.1.part`);
    const journal = parseJournal(await readFile(join(dataDir, 'vault', 'journal.jsonl'), 'utf8'));
    expect(journal).toMatchObject([{ step: 'vault', event: 'STRAY_REMOVED', detail: expect.stringContaining('.nsb.part') }]);
    await services.close();
  });

  it('starts with a damaged vault index, rebuilt from the files, and keeps an unreadable site', async () => {
    await writeFile(join(dataDir, 'vault', 'index.json'), 'not json at all');
    const settings = memorySettings({ sites: [{ id: 'broken', name: 'Old branch' }] });
    const services = await compose(dataDir, settings);
    expect(services.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['VAULT_INDEX_REBUILT', 'SITE_UNREADABLE']));
    expect(services.warnings.find((w) => w.code === 'VAULT_INDEX_REBUILT')?.message).toMatch(/index\.corrupt-.*\.json/);
    expect(services.vault.list().map((e) => e.fileName)).toEqual([expect.stringMatching(/kept\.nsb$/)]);
    expect(settings.get('sites')).toEqual([{ id: 'broken', name: 'Old branch' }]);
    await services.close();
  });
});

describe('quit', () => {
  it('flush() waits for a vault index write still in flight', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'flush-'));
    const services = await compose(dataDir);
    const path = await services.vault.reservePath('backup', 'lab', 'b.nsb');
    await writeFile(path, 'backup');
    const entry = await services.vault.add({ kind: 'backup', siteId: 'lab', siteName: 'Lab', appliance: 'a', version: '1', path });
    const holding = services.vault.hold(entry.id, 'P1-quit');
    await services.flush();
    const index = JSON.parse(await readFile(join(dataDir, 'vault', 'index.json'), 'utf8'));
    expect(index.entries[0].heldBy).toEqual(['P1-quit']);
    await holding;
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('through the router, as the renderer sees it', () => {
  it('carries PROCEDURE_ACTIVE with the active id, the duplicate-address warning and the admin line', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'router-'));
    const services = await composeServices({
      dataDir,
      appVersion: '0.0.0-test',
      operator: 'Alex Field',
      settings: memorySettings(),
      secrets: createFileSecretStore(join(dataDir, 'secrets')),
      pages: { open: async () => undefined },
      drives: createFolderDriveLister([]),
      folders: { chooseFolder: async () => undefined },
      ...createDeskPorts({ saveDir: join(dataDir, 'saved') }),
      practiceLab: { applianceUrl: lab.appliances.A!.url, siteHostname: lab.siteHostname, fingerprint256: lab.appliances.A!.fingerprint256, ...lab.credentials },
    });
    const [labSite] = services.sites.list();
    const first = await services.router.dispatch('procedures.start', { kind: 'P1', siteId: labSite!.id });
    expect(first.ok).toBe(true);
    const second = await services.router.dispatch('procedures.start', { kind: 'P1', siteId: labSite!.id });
    expect(second).toEqual({
      ok: false,
      error: {
        code: 'PROCEDURE_ACTIVE',
        message: expect.stringContaining('still in progress'),
        hint: expect.stringContaining('Resume that procedure'),
        details: expect.objectContaining({ procedureId: first.ok ? (first.value as { id: string }).id : '' }),
      },
    });

    const twin = await services.router.dispatch('sites.save', {
      name: 'Lab again',
      siteHostname: lab.siteHostname,
      applianceUrl: lab.appliances.A!.url,
      apiClientId: lab.credentials.apiClientId,
      apiClientSecret: lab.credentials.apiClientSecret,
      adminUser: lab.credentials.adminUser,
      adminPassword: 'wrong-password',
    });
    expect(twin).toMatchObject({ ok: true, value: { name: 'Lab again', warnings: [{ code: 'DUPLICATE_APPLIANCE', message: expect.stringContaining('Practice lab') }] } });

    const report = await services.router.dispatch('sites.testConnection', { id: labSite!.id });
    expect(report).toMatchObject({ ok: true, value: { admin: { ok: true } } });
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
