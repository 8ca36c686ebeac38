/**
 * The failover-pair actors (P3, P4) against the lab's `failover` scenario over HTTPS, with the
 * real sites service: a pair site (A and B, no current appliance) is read, synced, broken,
 * re-established, its shared IP moved, its site address followed through DNS and NAT changes,
 * each appliance asked as the site and its Jump Clients awaited. Every step run again (a resumed
 * procedure) changes nothing that is already done.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor, toPromise, type AnyActorLogic } from 'xstate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { createAdminSession, createApplianceClient, probeCertificate } from '../../electron/services/appliance';
import type { SitesService } from '../../electron/services/sites/sites-service';
import { createVault } from '../../electron/services/vault';
import type { Progress } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type * as F from '../../shared/procedures/steps/failover/actors';
import { applianceOf, frontAppliance, isFailoverPair } from '../../shared/sites';
import { labActors, labPairSite, labSitesService } from './helpers/lab-actors';
import { eventually, failure, labControl } from './helpers/lab-fixture';

interface PairState {
  network: { method: string; sharedIpHolders: string[] };
  appliances: Record<string, { failover: { role: string; syncing: boolean }; sharedIps: { ip: string; enabled: boolean }[] }>;
}

let lab: RunningLab;
let dir: string;
let sites: SitesService;
let siteId: string;
let actors: ReturnType<typeof labActors>;
const progress: Progress[] = [];

function run<T>(name: keyof typeof actors, input: Record<string, unknown> = {}): Promise<T> {
  const logic = actors[name] as unknown as AnyActorLogic;
  const actor = createActor(logic, { input: { procedureId: 'P3-test', siteId, stepId: String(name), ...input } });
  actor.start();
  return toPromise(actor) as Promise<T>;
}

const control = (method: string, path: string, body?: unknown) => labControl<PairState>(lab, method, path, body);
const admin = (role: 'A' | 'B') => createAdminSession({ baseUrl: lab.appliances[role]!.url, pinnedFingerprint256: lab.appliances[role]!.fingerprint256, ...lab.credentials });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

beforeAll(async () => {
  lab = await startLab({ scenario: 'failover', timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'failover-actors-'));
  sites = labSitesService(dir);
  siteId = await labPairSite(sites, lab);
  const vault = await createVault({ dir: join(dir, 'vault'), clock: { now: () => Date.now() } });
  actors = labActors(sites, vault, { emitProgress: (p: Progress) => progress.push(p) });
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await control('POST', '/lab/reset', { scenario: 'failover' });
  progress.length = 0;
});

describe('a pair site', () => {
  it('is stored with A and B and no current appliance; A is its front appliance', async () => {
    const site = await sites.get(siteId);
    expect(isFailoverPair(site)).toBe(true);
    expect(applianceOf(site, 'current')).toBeUndefined();
    expect(frontAppliance(site).role).toBe('A');
  });
});

describe('readPair', () => {
  it('reads both appliances: roles, sync, shared IP, key digest, certificate', async () => {
    const pair = await run<F.ReadPairOutput>('readPair');
    expect(pair.A).toMatchObject({ role: 'A', serial: 'LAB-A-1001', hostname: 'appliance-a.lab.example', ip: '10.20.0.11', failoverRole: 'primary', peer: 'appliance-b.lab.example', lastSyncStatus: 'success', sharedIps: [{ ip: '10.20.0.10', enabled: true }] });
    expect(pair.B).toMatchObject({ role: 'B', serial: 'LAB-B-1002', ip: '10.20.0.12', failoverRole: 'backup', baseVersion: '6.1.0', storedDataMb: 2048, sharedIps: [{ ip: '10.20.0.10', enabled: false }] });
    expect(pair.A.interApplianceKeyDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.A.interApplianceKeyDigest).toBe(pair.B.interApplianceKeyDigest);
    expect(pair.A.lastSyncAt).not.toBeNull();
    expect(pair.siteHostname).toBe('support.lab.example');
    expect(pair.A.fingerprint256).toBe(pair.B.fingerprint256);
    // The key is compared by digest only: the key itself is in no output.
    expect(JSON.stringify(pair)).not.toContain(await admin('A').interApplianceKey());
  });
  it('an appliance that stops answering mid-window: a clear error naming it; once it is back, read again', async () => {
    await control('POST', '/lab/power', { appliance: 'B', on: false });
    const error = await failure(run('readPair'));
    expect(['UNREACHABLE', 'APPLIANCE_OFF', 'TIMEOUT']).toContain(error.code);
    expect(error.message).toMatch(/B|appliance-b|127\.0\.0\.1/);
    expect(error.hint.length).toBeGreaterThan(10);
    await control('POST', '/lab/power', { appliance: 'B', on: true });
    const pair = await run<F.ReadPairOutput>('readPair');
    expect(pair.B.serial).toBe('LAB-B-1002');
  });
});

describe('syncNow and awaitSync', () => {
  it('syncs: a newer last sync with status success, and progress while it runs', async () => {
    const { requestedAt } = await run<F.SyncNowOutput>('syncNow', { appliance: 'A' });
    const synced = await run<F.AwaitSyncOutput>('awaitSync', { appliance: 'A', after: requestedAt, timeoutSeconds: 20 });
    expect(synced.status).toBe('success');
    expect(Date.parse(synced.syncedAt)).toBeGreaterThan(Date.parse(requestedAt));
    expect(progress.some((p) => /^Syncing… \(\d+ s\)$/.test(p.label))).toBe(true);
    // Started again while one runs: posts nothing, waits for that one.
    await run('syncNow', { appliance: 'A' });
    const again = await run<F.SyncNowOutput>('syncNow', { appliance: 'A' });
    await run('awaitSync', { appliance: 'A', after: again.requestedAt, timeoutSeconds: 20 });
  });

  it('on the backup: NOT_IN_RELATIONSHIP; a sync that fails: SYNC_FAILED with the appliance’s words', async () => {
    expect((await failure(run('syncNow', { appliance: 'B' }))).code).toBe('NOT_IN_RELATIONSHIP');
    await control('POST', '/lab/faults', { appliance: 'A', fault: 'sync-failure', value: true });
    const { requestedAt } = await run<F.SyncNowOutput>('syncNow', { appliance: 'A' });
    const failed = await failure(run('awaitSync', { appliance: 'A', after: requestedAt, timeoutSeconds: 20 }));
    expect(failed.code).toBe('SYNC_FAILED');
    expect(failed.message).toMatch(/failed: “.+”/);
  });
});

describe('breakFailover', () => {
  it('breaks the pair; run again (resumed) it finds it broken and posts nothing', async () => {
    const broken = await run<F.BreakFailoverOutput>('breakFailover', { appliance: 'A' });
    expect(broken).toMatchObject({ alreadyBroken: false, roles: { A: 'none', B: 'none' } });
    const again = await run<F.BreakFailoverOutput>('breakFailover', { appliance: 'A' });
    expect(again).toMatchObject({ alreadyBroken: true, roles: { A: 'none', B: 'none' } });
    const state = await control('GET', '/lab/state');
    expect([state.appliances.A!.failover.role, state.appliances.B!.failover.role]).toEqual(['none', 'none']);
  });
});

describe('establishFailover', () => {
  it('keys that differ: KEYS_DIFFER and nothing posted; equal keys: established with own addresses; again: alreadyDone', async () => {
    await run('breakFailover', { appliance: 'A' });
    await admin('B').setInterApplianceKey('0123456789abcdef0123456789abcdef');
    expect((await failure(run('establishFailover', { primary: 'B' }))).code).toBe('KEYS_DIFFER');
    expect((await control('GET', '/lab/state')).appliances.B!.failover.role).toBe('none');

    await admin('A').setInterApplianceKey('0123456789abcdef0123456789abcdef');
    const established = await run<F.EstablishFailoverOutput>('establishFailover', { primary: 'B' });
    expect(established).toMatchObject({ alreadyDone: false, fields: { backupHost: '10.20.0.11', backupPort: 443, primaryHost: '10.20.0.12', primaryPort: 443 } });
    expect(JSON.stringify(established.fields)).not.toContain(lab.siteHostname);
    const state = await control('GET', '/lab/state');
    expect([state.appliances.A!.failover.role, state.appliances.B!.failover.role]).toEqual(['backup', 'primary']);
    expect((await run<F.EstablishFailoverOutput>('establishFailover', { primary: 'B' })).alreadyDone).toBe(true);
  });

  it('B still the backup of a relationship: FAILOVER_REFUSED naming its role, nothing posted', async () => {
    const refused = await failure(run('establishFailover', { primary: 'B' }));
    expect(refused.code).toBe('FAILOVER_REFUSED');
    expect(refused.message).toContain('already the backup');
    expect((await control('GET', '/lab/state')).appliances.B!.failover.role).toBe('backup');
  });

  it('the client posts the four fields; a refusal carries the appliance’s own words', async () => {
    await admin('A').breakFailover();
    const refused = await failure(admin('A').establishFailover({ backupHost: lab.siteHostname, backupPort: 443, primaryHost: '10.20.0.11', primaryPort: 443 }));
    expect(refused.code).toBe('FAILOVER_REFUSED');
    expect(refused.details?.applianceMessage).toEqual(expect.any(String));
    expect(refused.message).toContain(`“${String(refused.details?.applianceMessage)}”`);
    expect((await failure(admin('A').breakFailover())).code).toBe('NOT_IN_RELATIONSHIP');
  });
});

describe('switchSharedIp', () => {
  it('moves the shared IP from A to B with the gap measured; again: alreadyDone', async () => {
    const moved = await run<F.SwitchSharedIpOutput>('switchSharedIp', { from: 'A', to: 'B' });
    expect(moved).toMatchObject({ alreadyDone: false, sharedIp: '10.20.0.10' });
    expect(moved.disabledAt).not.toBeNull();
    expect(moved.gapMs).toBeGreaterThanOrEqual(0);
    expect(moved.gapMs).toBe(Date.parse(moved.enabledAt) - Date.parse(moved.disabledAt!));
    expect((await control('GET', '/lab/state')).network.sharedIpHolders).toEqual(['B']);
    expect(await run<F.SwitchSharedIpOutput>('switchSharedIp', { from: 'A', to: 'B' })).toMatchObject({ alreadyDone: true, gapMs: 0, disabledAt: null });
  });

  it('both enabled at the start (an address conflict): disables `from` and ends it', async () => {
    await admin('B').setSharedIp('10.20.0.10', true);
    expect((await control('GET', '/lab/state')).network.sharedIpHolders.sort()).toEqual(['A', 'B']);
    const moved = await run<F.SwitchSharedIpOutput>('switchSharedIp', { from: 'A', to: 'B' });
    expect(moved.alreadyDone).toBe(false);
    expect((await control('GET', '/lab/state')).network.sharedIpHolders).toEqual(['B']);
  });
});

describe('waitForSiteServes', () => {
  it('follows the shared IP: A serves, then B once it holds the address', async () => {
    expect(await run<F.SiteServesAnswer>('waitForSiteServes', { expect: 'A', deadline: inSeconds(5) })).toMatchObject({ answeredBy: 'A', serial: 'LAB-A-1001', version: '23.1.1' });
    await run('switchSharedIp', { from: 'A', to: 'B' });
    expect(await run<F.SiteServesAnswer>('waitForSiteServes', { expect: 'B', deadline: inSeconds(5) })).toMatchObject({ answeredBy: 'B', serial: 'LAB-B-1002' });
    expect(progress.at(-1)?.label).toMatch(/^Appliance B answers the site .*\(\d+ s left\)$/);
  });

  it('a NAT change with propagation: waits until B answers; a deadline already past asks once', async () => {
    await control('POST', '/lab/network', { method: 'nat' });
    await control('POST', '/lab/nat', { target: 'B', propagationSeconds: 300 });
    const once = await run<F.SiteServesAnswer>('waitForSiteServes', { expect: 'B', deadline: new Date(Date.now() - 1000).toISOString() });
    expect(once.answeredBy).toBe('A');
    expect(progress.filter((p) => p.stepId === 'waitForSiteServes')).toHaveLength(1);
    // 300 lab s at scale 600: half a second.
    expect(await run<F.SiteServesAnswer>('waitForSiteServes', { expect: 'B', deadline: inSeconds(10) })).toMatchObject({ answeredBy: 'B' });
  });

  it('nothing serves (no appliance holds the shared IP): answered by none', async () => {
    await admin('A').setSharedIp('10.20.0.10', false);
    expect(await run<F.SiteServesAnswer>('waitForSiteServes', { expect: 'B', deadline: inSeconds(-1) })).toMatchObject({ answeredBy: 'none', serial: null });
  });
});

describe('probeApplianceAsSite', () => {
  it('asks B as if it were the site: its serial, version and the shared certificate', async () => {
    const probed = await run<F.ProbeApplianceAsSiteOutput>('probeApplianceAsSite', { appliance: 'B' });
    expect(probed).toMatchObject({ serial: 'LAB-B-1002', version: '23.1.1', fingerprint256: lab.appliances.A!.fingerprint256, coversSiteHostname: true });
  });

  it('with B’s own certificate (fault b-certificate): another fingerprint, once B’s is trusted', async () => {
    await control('POST', '/lab/faults', { appliance: 'B', fault: 'b-certificate', value: true });
    const b = applianceOf(await sites.get(siteId), 'B')!;
    // Not trusted yet: the probe says so rather than reading an unknown certificate.
    expect((await failure(run('probeApplianceAsSite', { appliance: 'B' }))).code).toBe('TLS_CHANGED');
    const own = await probeCertificate(b.applianceUrl);
    await sites.trustCertificate(siteId, own.fingerprint256, b.id);
    try {
      const probed = await run<F.ProbeApplianceAsSiteOutput>('probeApplianceAsSite', { appliance: 'B' });
      expect(probed.serial).toBe('LAB-B-1002');
      expect(probed.fingerprint256).not.toBe(lab.appliances.A!.fingerprint256);
    } finally {
      await control('POST', '/lab/faults', { appliance: 'B', fault: 'b-certificate', value: false });
      await sites.trustCertificate(siteId, lab.appliances.B!.fingerprint256, b.id);
    }
  });
});

describe('awaitJumpClients', () => {
  it('all online: resolves at once with the counts', async () => {
    const counts = await run<F.AwaitJumpClientsOutput>('awaitJumpClients', { appliance: 'A', timeoutSeconds: 5 });
    expect(counts).toMatchObject({ total: 40, online: 40, upgrading: 0, pending: 0, allOnline: true });
    expect(progress.at(-1)?.label).toBe('Jump Clients: 40 of 40 online, 0 upgrading, 0 waiting to upgrade');
  });

  it('after a site package installs: pending, then back online; a timeout resolves with the counts', async () => {
    const a = admin('A');
    for (const update of ['base-6.2.0', 'site-23.2.1']) {
      await a.checkForUpdates();
      await a.installUpdate(update);
      await eventually(async () => {
        if ((await a.statusBasics()).status !== 'running') throw new AppError('APPLIANCE_DOWN', 'installing', 'wait');
      }, 20_000);
    }
    const late = await run<F.AwaitJumpClientsOutput>('awaitJumpClients', { appliance: 'A', timeoutSeconds: 0 });
    expect(late.allOnline).toBe(false);
    expect(late.pending + late.upgrading).toBeGreaterThan(0);
    const back = await run<F.AwaitJumpClientsOutput>('awaitJumpClients', { appliance: 'A', timeoutSeconds: 30 });
    expect(back).toMatchObject({ total: 40, online: 40, allOnline: true });
    expect(progress.some((p) => /^Jump Clients: (?!40 of 40)\d+ of 40 online/.test(p.label))).toBe(true);
  });
});

describe('setFailoverRole (API)', () => {
  it('swaps the roles; on an appliance in no relationship: NOT_IN_RELATIONSHIP', async () => {
    const api = (role: 'A' | 'B') => createApplianceClient({ baseUrl: lab.appliances[role]!.url, pinnedFingerprint256: lab.appliances[role]!.fingerprint256, ...lab.credentials }).api;
    expect(await api('B').setFailoverRole({ role: 'primary', dataSyncFirst: false, force: false })).toEqual({ failoverRole: 'primary' });
    expect((await api('A').checkHealth()).failoverRole).toBe('backup');
    const health = await api('B').checkHealth();
    expect(health).toMatchObject({ failoverRole: 'primary', lastSyncStatus: 'success' });
    expect(health.lastSyncAt).toEqual(expect.any(Number));
    await admin('A').breakFailover();
    expect((await failure(api('A').setFailoverRole({ role: 'primary', dataSyncFirst: true, force: false }))).code).toBe('NOT_IN_RELATIONSHIP');
  });
});
