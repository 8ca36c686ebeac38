/**
 * Client aftercare (P6) against the lab over HTTPS: the Jump Clients page read, the concurrent
 * upgrade limit saved through the page's form and read back, a value the page refuses, the
 * clients watched back online after a site install without more upgrading at once than the
 * limit, and the original value put back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor, toPromise, type AnyActorLogic } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { createAdminSession } from '../../electron/services/appliance';
import type { SitesService } from '../../electron/services/sites/sites-service';
import { createVault } from '../../electron/services/vault';
import type { Progress } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { JumpClientReading, WatchJumpClientsOutput } from '../../shared/procedures/steps/aftercare-and-report/actors';
import { labActors, labSitesService } from './helpers/lab-actors';
import { eventually, failure } from './helpers/lab-fixture';

let lab: RunningLab;
let dir: string;
let sites: SitesService;
let siteId: string;
let actors: ReturnType<typeof labActors>;
const progress: Progress[] = [];

function run<T>(name: 'readJumpClients' | 'setJumpClientLimit' | 'watchJumpClients', input: Record<string, unknown> = {}): Promise<T> {
  const actor = createActor(actors[name] as unknown as AnyActorLogic, { input: { procedureId: 'P1-aftercare', siteId, stepId: 'aftercare', ...input } });
  actor.start();
  return toPromise(actor) as Promise<T>;
}

beforeAll(async () => {
  lab = await startLab({ scenario: 'single', timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'aftercare-actors-'));
  sites = labSitesService(dir);
  const a = lab.appliances.A!;
  const saved = await sites.save({ name: 'Support site', siteHostname: lab.siteHostname, siteAddress: lab.siteUrl, applianceUrl: a.url, ...lab.credentials });
  await sites.trustCertificate(saved.id, a.fingerprint256);
  siteId = saved.id;
  const vault = await createVault({ dir: join(dir, 'vault'), clock: { now: () => Date.now() } });
  actors = labActors(sites, vault, { emitProgress: (p: Progress) => progress.push(p) });
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Jump Client limit against the lab', () => {
  it('reads the limit and the counts, saves a new limit read back, refuses a value the page refuses, and puts the original back', async () => {
    const before = await run<JumpClientReading>('readJumpClients');
    expect(before).toMatchObject({ total: 40, online: 40, upgrading: 0, pending: 0, limit: 20 });

    const saved = await run<JumpClientReading>('setJumpClientLimit', { limit: 7 });
    expect(saved.limit).toBe(7);
    expect((await run<JumpClientReading>('readJumpClients')).limit).toBe(7);

    const refused = await failure(run('setJumpClientLimit', { limit: 5000 }));
    expect(refused).toMatchObject({ code: 'JUMP_CLIENT_LIMIT_REFUSED', message: expect.stringMatching(/refused 5000 .*“Maximum Number of Concurrent Jump Client Upgrades must be a whole number from 1 to 1000\.”/) });
    expect((await run<JumpClientReading>('readJumpClients')).limit).toBe(7);

    expect((await run<JumpClientReading>('setJumpClientLimit', { limit: before.limit })).limit).toBe(20);
  });

  it('after a site install: the clients go Upgrade Pending and come back within the limit set', async () => {
    // Upgrades already under way keep running when the limit is lowered, so it is set first here.
    await run<JumpClientReading>('setJumpClientLimit', { limit: 4 });
    const a = createAdminSession({ baseUrl: lab.appliances.A!.url, pinnedFingerprint256: lab.appliances.A!.fingerprint256, ...lab.credentials });
    for (const update of ['base-6.2.0', 'site-23.2.1']) {
      await a.checkForUpdates();
      await a.installUpdate(update);
      await eventually(async () => {
        if ((await a.statusBasics()).status !== 'running') throw new AppError('APPLIANCE_DOWN', 'installing', 'wait');
      }, 20_000);
    }
    const pending = await run<JumpClientReading>('readJumpClients');
    expect(pending.pending + pending.upgrading).toBeGreaterThan(0);
    expect(pending.upgrading).toBeLessThanOrEqual(4);

    progress.length = 0;
    const back = await run<WatchJumpClientsOutput>('watchJumpClients', { stepId: 'aftercare-watch' });
    expect(back).toMatchObject({ total: 40, online: 40, upgrading: 0, pending: 0, allOnline: true });
    const seen = progress.map((p) => /(\d+) of 40 online, (\d+) upgrading, (\d+) waiting/.exec(p.label)).filter((m) => m !== null);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((m) => Number(m[2]) <= 4)).toBe(true);
    expect(progress.every((p) => p.stepId === 'aftercare-watch')).toBe(true);
  });
});
