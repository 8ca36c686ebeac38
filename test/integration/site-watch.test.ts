/**
 * The site watch against the lab's failover pair over HTTPS: it records who answers at the site
 * address as the network moves the site — A holding the shared IP, nobody, then B — and the
 * downtime it measures is the gap the site really had.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { createAdminSession } from '../../electron/services/appliance';
import { createSiteWatch, type SiteWatch } from '../../electron/services/site-watch/site-watch';
import { siteWatchTarget } from '../../electron/services/site-watch/site-target';
import { labPairSite, labSitesService } from './helpers/lab-actors';

let lab: RunningLab;
let dir: string;
let watch: SiteWatch;
let siteId: string;

beforeAll(async () => {
  lab = await startLab({ scenario: 'failover', timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'site-watch-'));
  const sites = labSitesService(dir);
  siteId = await labPairSite(sites, lab);
  watch = createSiteWatch({ dataDir: dir, clock: { now: () => Date.now() }, target: siteWatchTarget(sites, 2_000), intervalMs: 50 });
});

afterAll(async () => {
  await watch?.close();
  await lab?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Retries an expectation until it holds or `withinMs` pass. */
async function soon(check: () => void, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The IP Configuration form post, as the operator (or the assistant) makes it. */
function sharedIp(role: 'A' | 'B', enabled: boolean): Promise<unknown> {
  const appliance = lab.appliances[role]!;
  return createAdminSession({ baseUrl: appliance.url, pinnedFingerprint256: appliance.fingerprint256, ...lab.credentials }).setSharedIp('10.20.0.10', enabled);
}

describe('site watch on a failover pair', () => {
  it('follows the site from A to nobody to B and measures the time nobody answered', async () => {
    watch.start('p-watch', siteId);
    await soon(() => expect(watch.view('p-watch')?.current).toMatchObject({ up: true, serial: 'LAB-A-1001' }), 10_000);
    await sharedIp('A', false);
    await soon(() => expect(watch.view('p-watch')?.current?.up).toBe(false), 10_000);
    const downFrom = watch.view('p-watch')!.current!.from;
    await new Promise((r) => setTimeout(r, 600));
    await sharedIp('B', true);
    await soon(() => expect(watch.view('p-watch')?.current).toMatchObject({ up: true, serial: 'LAB-B-1002', version: '23.1.1' }), 10_000);
    const upAgain = watch.view('p-watch')!.current!.from;
    watch.stop('p-watch');
    const view = watch.view('p-watch')!;
    expect(view.recent.map((i) => (i.up ? i.serial : 'down'))).toEqual(['LAB-A-1001', 'down', 'LAB-B-1002']);
    const measured = await watch.measure('p-watch', view.startedAt!, view.current!.to);
    const gap = (Date.parse(upAgain) - Date.parse(downFrom)) / 1000;
    expect(measured.downSeconds).toBe(Math.round(gap));
    expect(gap).toBeGreaterThanOrEqual(0.5);
    expect(measured.unwatchedSeconds).toBe(0);
  });
});
