/**
 * P1 ends in the support state (R5) on real files: the journal verifies with its head record,
 * exports (JSONL sealed, CSV) through "Save as…", and the support bundle in the vault reads
 * back as a zip whose manifest digests match every file in it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { verifyJournal } from '../../shared/journal-chain';
import { procedureDefinitions } from '../../shared/procedures/registry';
import { createSavedFiles } from '../../electron/services/files/saved-files';
import { createJournalService } from '../../electron/services/journal/journal-service';
import { createSupportBundles } from '../../electron/services/journal/support-bundle';
import * as media from '../../electron/services/media';
import { createProcedureHost, type CertificateCheck, type ProcedureHost } from '../../electron/services/procedures';
import { createVault, type Vault } from '../../electron/services/vault';
import { createDeskPorts } from '../harness/desk-ports';
import { zipEntries } from '../unit/helpers/zip-entries';
import { site as supportSite } from '../unit/electron/services/procedures/fixtures/actor-deps';
import { FakeAppliance } from '../unit/electron/services/procedures/fixtures/fake-appliance';

const API_SECRET = 'api-secret-never-in-a-bundle-7f3a';

/** The usual support site, with a name that needs care in a file name and in CSV. */
const site: Site = { ...supportSite, name: 'Zürich, Büro "Nord"' };

const healthy: CertificateCheck = async () => ({ ok: true, findings: [{ ok: true, text: 'Valid.' }], fingerprint256: 'AA:BB', validTo: '2030-01-01T00:00:00.000Z' });

let dataDir: string;
let vault: Vault;
let appliance: FakeAppliance;
let host: ProcedureHost;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bundle-'));
  vault = await createVault({ dir: join(dataDir, 'vault'), clock: { now: () => Date.now() } });
  appliance = new FakeAppliance({ installMs: 100 });
  host = createProcedureHost({
    dataDir,
    definitions: { P1: procedureDefinitions.P1 },
    sites: { get: async () => site, endpoint: async () => ({ baseUrl: 'https://appliance-a.test', apiClientId: 'client', apiClientSecret: API_SECRET }) },
    vault,
    clientFactory: () => ({ api: appliance.api, admin: appliance.admin }),
    certificateCheck: healthy,
    clock: { now: () => Date.now() },
    operator: 'Alex Field',
    appVersion: '0.1.0-test',
    media,
    drives: media.createFolderDriveLister([]),
    emit: () => undefined,
    timing: { pollIntervalMs: 20, installTimeoutMs: 10_000 },
  });
});

afterEach(async () => {
  await host.stopAll();
  appliance.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

async function until(id: string, status: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (host.get(id).status !== status) {
    if (Date.now() > deadline) throw new Error(`still ${host.get(id).status} at ${host.get(id).currentStepId}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function supportEnd(): Promise<string> {
  appliance.failBaseInstall = true;
  const { id } = await host.start('P1', 'site-1');
  const at = async (step: string) => {
    const deadline = Date.now() + 15_000;
    while (host.get(id).currentStepId !== step || !host.get(id).steps.find((s) => s.id === step)?.actions.length) {
      if (Date.now() > deadline) throw new Error(`not at ${step}: ${host.get(id).currentStepId}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await at('window');
  await host.send(id, { type: 'WINDOW_STARTED' });
  await at('export-certificate');
  await host.send(id, { type: 'SKIP', note: 'Certificate kept by the customer, "in the safe", since 2019.' });
  await at('certificate-health');
  await host.send(id, { type: 'CONFIRM' });
  await at('plan');
  await host.send(id, { type: 'START_INSTALL' });
  await until(id, 'support');
  return id;
}

describe('journal proof and support bundle', () => {
  it('verifies, exports and bundles the journal of a procedure that ended in support', async () => {
    const id = await supportEnd();
    const desk = createDeskPorts({ saveDir: join(dataDir, 'saved') });
    const savedFiles = createSavedFiles({ saveDialog: desk.saveDialog, revealer: desk.revealer, vaultDir: vault.dir });
    const clock = { now: () => Date.now() };
    const journals = createJournalService({ dataDir, procedures: host, savedFiles, clock });

    const verified = await journals.verify(id);
    expect(verified).toMatchObject({ ok: true, chainedFrom: 1, problems: [], notes: [] });
    expect(verified.lines).toBe((await host.journal(id)).length);

    const jsonl = await journals.export(id, 'jsonl');
    expect(jsonl).toMatchObject({ format: 'jsonl', lines: verified.lines, head: verified.head, fileName: expect.stringMatching(new RegExp(`^zurich-buro-nord-P1-\\d{4}-\\d\\d-\\d\\d-journal\\.jsonl$`)) });
    expect(jsonl!.path).toBe(join(dataDir, 'saved', jsonl!.fileName));
    const exported = await readFile(jsonl!.path);
    expect(createHash('sha256').update(exported).digest('hex')).toBe(jsonl!.sha256);
    expect(verifyJournal(exported)).toMatchObject({ ok: true, sealed: true, lines: verified.lines, head: verified.head });

    const csv = await journals.export(id, 'csv');
    const csvText = await readFile(csv!.path, 'utf8');
    expect(csvText.startsWith('\uFEFFline,at,who,step,event,outcome,detail,checksums,prev_sha256,line_sha256\r\n')).toBe(true);
    expect(csvText).toContain(',"The certificate export was skipped: Certificate kept by the customer, ""in the safe"", since 2019.",');
    expect(csv!.lines).toBe(verified.lines);

    const bundles = createSupportBundles({ dataDir, appVersion: '0.1.0-test', clock, vault, sites: { get: async () => site }, procedures: host, journals, savedFiles });
    const bundle = await bundles.create(id);
    expect(vault.get(bundle.vaultId)).toMatchObject({ kind: 'support-bundle', sha256: bundle.sha256, state: 'ok' });
    expect(bundle.path).toBe(vault.filePath(bundle.vaultId));

    const files = await zipEntries(bundle.path);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    const diagnostics = vault.list({ kind: 'diagnostics' });
    expect(diagnostics).toHaveLength(1);
    expect([...files.keys()].sort()).toEqual(
      ['README.txt', 'journal.jsonl', `diagnostics/${diagnostics[0]!.fileName}`, 'versions.json', 'procedure-view.json', 'procedure-snapshot.json', 'manifest.json'].sort(),
    );
    // The manifest lists every other file, and every digest and size in it matches the file.
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual([...files.keys()].filter((n) => n !== 'manifest.json').sort());
    for (const listed of manifest.files as { name: string; size: number; sha256: string }[]) {
      const content = files.get(listed.name)!;
      expect({ name: listed.name, size: content.length, sha256: createHash('sha256').update(content).digest('hex') }).toEqual(listed);
    }
    expect(files.get(`diagnostics/${diagnostics[0]!.fileName}`)!.equals(await readFile(vault.filePath(diagnostics[0]!.id)))).toBe(true);
    expect(manifest).toMatchObject({ procedureId: id, kind: 'P1', journal: { chainIntact: true, lines: verified.lines } });
    expect(verifyJournal(files.get('journal.jsonl')!)).toMatchObject({ ok: true, sealed: true });
    const versions = JSON.parse(files.get('versions.json')!.toString('utf8'));
    expect(versions).toMatchObject({ app: { version: '0.1.0-test' }, procedure: { id, kind: 'P1', status: 'support' }, site: { name: site.name }, upgrade: { versionsBefore: { siteVersion: expect.any(String) } } });
    expect(versions.appliances).toEqual([expect.objectContaining({ role: 'current', applianceUrl: 'https://appliance-a.test' })]);
    expect(JSON.parse(files.get('procedure-view.json')!.toString('utf8'))).toMatchObject({ id, status: 'support' });
    // Nothing secret: the API client secret the appliance client used is in no file.
    for (const [name, content] of files) expect(content.includes(API_SECRET), name).toBe(false);

    const saved = await bundles.saveAs(id, bundle.vaultId);
    expect(saved).toMatchObject({ sha256: bundle.sha256, size: bundle.size, fileName: expect.stringMatching(/-P1-.*-support\.zip$/) });
    await savedFiles.showInFolder(bundle.path);
    await savedFiles.showInFolder(saved!.path);
    expect(desk.revealed).toEqual([bundle.path, saved!.path]);
  });

  it('names the damaged line when the journal on disk was changed, and the removed end when cut', async () => {
    const id = await supportEnd();
    const desk = createDeskPorts({ saveDir: join(dataDir, 'saved') });
    const savedFiles = createSavedFiles({ saveDialog: desk.saveDialog, revealer: desk.revealer, vaultDir: vault.dir });
    const journals = createJournalService({ dataDir, procedures: host, savedFiles, clock: { now: () => Date.now() } });
    await host.whenIdle();
    const path = join(dataDir, 'procedures', id, 'journal.jsonl');
    const original = await readFile(path, 'utf8');
    const lines = original.split('\n');
    await writeFile(path, [...lines.slice(0, 2), lines[2]!.replace('"event":"', '"event":"X'), ...lines.slice(3)].join('\n'));
    expect(lines[2]).toContain('"event":"');
    expect((await journals.verify(id)).problems[0]).toMatchObject({ line: 3, what: expect.stringMatching(/^Line 3 was changed/) });
    await writeFile(path, lines.slice(0, 4).join('\n') + '\n');
    const cut = await journals.verify(id);
    expect(cut).toMatchObject({ ok: false, lines: 4, problems: [{ line: 4, what: expect.stringMatching(/head record counts \d+ lines/) }] });
  });

  it('puts a damaged diagnostics file in the bundle as missing, never as good', async () => {
    const id = await supportEnd();
    const [diagnostics] = vault.list({ kind: 'diagnostics' });
    await writeFile(vault.filePath(diagnostics!.id), '{"changed":true}');
    const desk = createDeskPorts({ saveDir: join(dataDir, 'saved') });
    const savedFiles = createSavedFiles({ saveDialog: desk.saveDialog, revealer: desk.revealer, vaultDir: vault.dir });
    const clock = { now: () => Date.now() };
    const journals = createJournalService({ dataDir, procedures: host, savedFiles, clock });
    const bundle = await createSupportBundles({ dataDir, appVersion: 't', clock, vault, sites: { get: async () => site }, procedures: host, journals, savedFiles }).create(id);
    expect(bundle.missing).toEqual([expect.stringMatching(/damaged/)]);
    const files = await zipEntries(bundle.path);
    expect([...files.keys()].some((n) => n.startsWith('diagnostics/'))).toBe(false);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8')).missingDiagnostics).toHaveLength(1);
  });
});
