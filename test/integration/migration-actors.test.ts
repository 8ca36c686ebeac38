/**
 * The P5 host actors against the migration lab over HTTPS, with the real sites service and
 * vault: each bad input of a hardware migration gets its clear error and changes nothing — an
 * unreachable new appliance, a refused password change, a wrong passphrase on import, a reset
 * while the old appliance still serves the site, DNS still pointing at the old one — and a
 * destructive step started again after a restart is not repeated.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor, toPromise, type AnyActorLogic } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { createProcedureSecrets } from '../../electron/services/procedures/procedure-secrets';
import { createApplianceClient } from '../../electron/services/appliance';
import type { SitesService } from '../../electron/services/sites/sites-service';
import { createVault, type Vault } from '../../electron/services/vault';
import { CERTIFICATE_PASSPHRASE_SLOT } from '../../shared/procedures/actors';
import { HARDWARE_MIGRATION_SECRET_SLOTS } from '../../shared/procedures/hardware-migration/actors';
import { applianceOf } from '../../shared/sites';
import { labActors, labSitesService } from './helpers/lab-actors';
import { failure, labControl } from './helpers/lab-fixture';

const PROCEDURE = 'P5-test';
const NEW_PASSWORD = 'Migration2026pass';

let lab: RunningLab;
let dir: string;
let vault: Vault;
let sites: SitesService;
let siteId: string;
const secrets = createProcedureSecrets();
let actors: ReturnType<typeof labActors>;

/** Runs one provided actor to its end, as the machine would. */
function run<T>(name: keyof typeof actors, input: Record<string, unknown>): Promise<T> {
  const logic = actors[name] as unknown as AnyActorLogic;
  const actor = createActor(logic, { input: { procedureId: PROCEDURE, siteId, stepId: String(name), ...input } });
  actor.start();
  return toPromise(actor) as Promise<T>;
}

const state = () => labControl<{ appliances: Record<string, { status: string; factory: boolean; fingerprint256: string; restoresStarted: number }> }>(lab, 'GET', '/lab/state');

beforeAll(async () => {
  lab = await startLab({ scenario: 'migration', timeScale: 6000 });
  dir = await mkdtemp(join(tmpdir(), 'p5-actors-'));
  vault = await createVault({ dir: join(dir, 'vault'), clock: { now: () => Date.now() } });
  sites = labSitesService(dir);
  const a = lab.appliances.A!;
  const site = await sites.upsertPracticeLab({
    applianceUrl: a.url,
    siteHostname: lab.siteHostname,
    siteAddress: lab.siteUrl,
    fingerprint256: a.fingerprint256,
    ...lab.credentials,
  });
  siteId = site.id;
  actors = labActors(sites, vault, { secrets });
});

afterAll(async () => {
  await lab?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the new appliance', () => {
  it('an address where nothing answers: UNREACHABLE, and nothing is added to the site', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    expect((await failure(run('checkNewAppliance', { url: `https://127.0.0.1:${closed}` }))).code).toBe('UNREACHABLE');
    expect(applianceOf(await sites.get(siteId), 'new')).toBeUndefined();
  });

  it('in factory state: found, added with its pinned certificate', async () => {
    const n = lab.appliances.N!;
    const check = await run<{ factory: boolean; certificate: { fingerprint256: string } }>('checkNewAppliance', { url: n.url });
    expect(check).toMatchObject({ factory: true, certificate: { fingerprint256: n.fingerprint256 } });
    await run('addNewAppliance', { url: n.url, fingerprint256: check.certificate.fingerprint256 });
    // Again (a resumed step): the same appliance, not a second one.
    await run('addNewAppliance', { url: n.url, fingerprint256: check.certificate.fingerprint256 });
    const site = await sites.get(siteId);
    expect(site.appliances.filter((a) => a.role === 'new')).toMatchObject([{ applianceUrl: n.url, pinnedFingerprint256: n.fingerprint256 }]);
  });

  it('a refused password change keeps the factory password stored, and says why', async () => {
    secrets.put(PROCEDURE, HARDWARE_MIGRATION_SECRET_SLOTS.SET_PASSWORD, NEW_PASSWORD);
    await labControl(lab, 'POST', '/lab/faults', { appliance: 'N', fault: 'password-change-refused', value: true });
    try {
      const refused = await failure(run('changeFactoryPassword', {}));
      expect(refused.code).toBe('PASSWORD_CHANGE_REFUSED');
    } finally {
      await labControl(lab, 'DELETE', '/lab/faults');
    }
    const newOne = applianceOf(await sites.get(siteId), 'new')!;
    expect((await sites.endpoint(siteId, newOne.id)).adminPassword).toBe('password');
  });

  it('the password is changed, stored, and gone from memory; the appliance tells its facts', async () => {
    const changed = await run<{ facts: { serial: string; model: string; ip: string } }>('changeFactoryPassword', {});
    expect(changed.facts).toMatchObject({ serial: 'LAB-N-2001', model: 'physical', ip: '10.20.0.21' });
    const newOne = applianceOf(await sites.get(siteId), 'new')!;
    expect((await sites.endpoint(siteId, newOne.id)).adminPassword).toBe(NEW_PASSWORD);
    expect(secrets.get(PROCEDURE, HARDWARE_MIGRATION_SECRET_SLOTS.SET_PASSWORD)).toBeUndefined();
    // Without the password in memory (an app restart), the step asks for it again.
    expect((await failure(run('changeFactoryPassword', {}))).code).toBe('PASSPHRASE_NEEDED');
  });
});

describe('the certificate', () => {
  let file: { vaultId: string; fileName: string; sha256: string; fingerprint256: string };

  it('is exported from the old appliance into the vault, checked', async () => {
    secrets.put(PROCEDURE, CERTIFICATE_PASSPHRASE_SLOT, 'Right passphrase 2026');
    const record = await run<typeof file & { findings: { ok: boolean }[]; chainComplete: boolean; keyMatches: boolean }>('exportCertificate', { source: { kind: 'export' } });
    expect(record).toMatchObject({ fingerprint256: lab.appliances.A!.fingerprint256, chainComplete: true, keyMatches: true });
    expect(record.findings.every((f) => f.ok)).toBe(true);
    file = record;
  });

  it('a wrong passphrase on import is refused by the new appliance, and nothing is imported', async () => {
    secrets.put(PROCEDURE, CERTIFICATE_PASSPHRASE_SLOT, 'not the passphrase');
    const refused = await failure(run('importCertificate', file));
    expect(refused.code).toBe('CERTIFICATE_PASSPHRASE_WRONG');
    const newOne = applianceOf(await sites.get(siteId), 'new')!;
    const listed = await createApplianceClient(await sites.endpoint(siteId, newOne.id)).admin.listCertificates();
    expect(listed.some((c) => c.fingerprint256 === file.fingerprint256)).toBe(false);
  });

  it('with the right passphrase it is imported once, assigned, and the new appliance is pinned to it without a prompt', async () => {
    secrets.put(PROCEDURE, CERTIFICATE_PASSPHRASE_SLOT, 'Right passphrase 2026');
    const imported = await run<{ certificateId: string }>('importCertificate', file);
    const again = await run<{ certificateId: string }>('importCertificate', file);
    expect(again.certificateId).toBe(imported.certificateId);
    const assigned = await run<{ presentedFingerprint256: string }>('assignCertificate', { certificateId: imported.certificateId, ip: '10.20.0.21', expectFingerprint256: file.fingerprint256 });
    expect(assigned.presentedFingerprint256).toBe(file.fingerprint256);
    expect(applianceOf(await sites.get(siteId), 'new')!.pinnedFingerprint256).toBe(file.fingerprint256);
  });
});

describe('the restore', () => {
  it('is refused while the new appliance lacks the old one’s site software, in the appliance’s words, and nothing changes', async () => {
    const backup = await run<{ vaultId: string; fileName: string; sha256: string }>('takeBackup', { purpose: 'pre-upgrade' });
    const refused = await failure(
      run('restoreBackup', { backup: { vaultId: backup.vaultId, fileName: backup.fileName, sha256: backup.sha256 }, siteHostname: lab.siteHostname, siteVersion: '23.1.1' }),
    );
    expect(refused.code).toBe('RESTORE_REFUSED');
    expect(refused.message).toContain('23.1.1');
    expect((await state()).appliances.N).toMatchObject({ factory: true, restoresStarted: 0 });
  });
});

describe('retiring the old appliance', () => {
  it('refuses a reset while the site address is answered by the old appliance, and posts nothing', async () => {
    const refused = await failure(run('resetOldAppliance', { expectSerial: 'LAB-A-1001', newSerial: 'LAB-N-2001' }));
    expect(refused.code).toBe('RULE_NOT_MET');
    expect(refused.message).toContain('old appliance (LAB-A-1001)');
    expect((await state()).appliances.A).toMatchObject({ status: 'running', factory: false });
  });

  it('waiting for DNS that still points at the old appliance ends at its deadline, saying who answers', async () => {
    const answer = await run<{ answeredBy: string; serial: string }>('waitForSiteAddress', {
      deadline: new Date(Date.now() + 300).toISOString(),
      newSerial: 'LAB-N-2001',
      oldSerial: 'LAB-A-1001',
    });
    expect(answer).toMatchObject({ answeredBy: 'current', serial: 'LAB-A-1001' });
  });

  it('a reset already posted before a restart is not posted again; the erased appliance is then shut down and stops answering', async () => {
    // The reset reached the appliance, then the app died before it recorded the step.
    await createApplianceClient(await sites.endpoint(siteId)).admin.resetToFactory();
    const resumed = await run<{ alreadyUnderWay: boolean }>('resetOldAppliance', { expectSerial: 'LAB-A-1001', newSerial: 'LAB-N-2001' });
    expect(resumed.alreadyUnderWay).toBe(true);
    await run('waitForFactoryState', { expectSerial: 'LAB-A-1001' });
    expect((await state()).appliances.A).toMatchObject({ factory: true });
    await run('shutDownOldAppliance', { expectSerial: 'LAB-A-1001' });
    expect((await state()).appliances.A!.status).toBe('off');
    expect(await run<{ gone: boolean }>('checkOldApplianceGone', {})).toMatchObject({ gone: true });
  });
});
