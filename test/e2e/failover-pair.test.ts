/**
 * A person upgrades the practice lab's failover pair through the real renderer and services
 * (harness): P3 (synchronous) and then, on the pair as it was, P4 (asynchronous, B first, made
 * primary by the shared IP). Each ends with both appliances on the new version and the pair
 * re-established with the intended primary; the site watch measures less downtime for P4.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../shared/durations';
import type { FailoverContext } from '../../shared/procedures/steps/failover/context';
import type { ProcedureKind } from '../../shared/procedures/view';
import { completeP3, completeP4 } from './flows/failover';
import { reportPdfText } from './support/report';
import { startWorld, type World } from './support/world';

const LONG = 240_000;

export interface PairLabState {
  network: { sharedIpHolders: string[] };
  appliances: Record<'A' | 'B', { siteVersion: string; baseVersion: string; failover: { role: string; peer: string; lastSyncStatus: string } }>;
}

describe('failover pair upgrades (browser)', () => {
  let world: World;
  const downtime: Record<string, number> = {};

  beforeAll(async () => {
    world = await startWorld({ scenario: 'failover', timeScale: 600, name: 'pair' });
  });

  afterAll(async () => {
    await world?.close();
  });

  const state = async () => (await world.control.state()) as unknown as PairLabState;
  /**
   * The procedure's customer report in the vault holds both appliances' versions before and after,
   * every backup's full SHA-256 and the downtime the site watch measured in the two windows.
   */
  const expectReport = async (kind: ProcedureKind) => {
    const procedure = world.harness.services.procedures.list().find((p) => p.kind === kind && p.status === 'done');
    const { text } = await reportPdfText(world.harness, procedure?.id ?? '');
    const context = world.harness.services.procedures.reportSource(procedure?.id ?? '').context as FailoverContext;
    expect(text.match(/Site 23\.1\.1 · Base 6\.1\.0 +Site 23\.2\.1 · Base 6\.2\.0/g)).toHaveLength(2);
    const backups = [...(context.updated.A?.backups ?? []), ...(context.updated.B?.backups ?? [])];
    expect(backups.length).toBeGreaterThanOrEqual(2);
    for (const backup of backups) expect(text).toContain(`SHA-256 ${backup.sha256}`);
    const measured = (context.downtime.window1?.downSeconds ?? 0) + (context.downtime.window2?.downSeconds ?? 0);
    expect(text).toContain(`Downtime measured by the site watch: ${formatDuration(measured)} over 2 maintenance windows.`);
    return { text, measured };
  };
  const downSeconds = async () => Number(await world.page.getByTestId('site-watch').getAttribute('data-down-seconds'));

  it(
    'P3: A then B, A stays primary',
    async () => {
      await completeP3(world.page);
      const lab = await state();
      expect(lab.appliances.A).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'primary', lastSyncStatus: 'success' } });
      expect(lab.appliances.B).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'backup' } });
      expect(lab.network.sharedIpHolders).toEqual(['A']);
      downtime.P3 = await downSeconds();
      expect(downtime.P3).toBeGreaterThan(0);
      const report = await expectReport('P3');
      expect(report.measured).toBeGreaterThan(0);
    },
    LONG,
  );

  it(
    'P4: B first and made primary by the shared IP, then A; B ends primary with less downtime than P3',
    async () => {
      await world.control.post('/lab/reset', { scenario: 'failover' });
      await world.page.goto(world.harness.url);
      await completeP4(world.page);
      const lab = await state();
      expect(lab.appliances.B).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'primary', lastSyncStatus: 'success' } });
      expect(lab.appliances.A).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'backup' } });
      expect(lab.network.sharedIpHolders).toEqual(['B']);
      downtime.P4 = await downSeconds();
      console.log(`[pair e2e] site down: P3 ${downtime.P3} s, P4 ${downtime.P4} s (real seconds, lab time ×600)`);
      expect(downtime.P4).toBeLessThan(downtime.P3!);
      await expectReport('P4');
    },
    LONG,
  );

  it(
    'P4 by a DNS swing: the customer changes the record, the assistant waits until B answers at the site address',
    async () => {
      await world.control.post('/lab/reset', { scenario: 'failover' });
      await world.control.post('/lab/network', { method: 'dns' });
      await world.page.goto(world.harness.url);
      await completeP4(world.page, { method: 'METHOD_DNS', change: () => world.control.post('/lab/dns', { target: 'B', propagationSeconds: 300 }) });
      const lab = (await world.control.state()) as unknown as PairLabState & { dns: { target: string } };
      expect(lab.dns.target).toBe('B');
      expect(lab.appliances.B).toMatchObject({ siteVersion: '23.2.1', failover: { role: 'primary' } });
      expect(lab.appliances.A).toMatchObject({ siteVersion: '23.2.1', failover: { role: 'backup' } });
      // The site watch saw B take over at the site address.
      expect(await world.page.getByTestId('site-watch-now').textContent()).toContain('LAB-B-1002');
    },
    LONG,
  );
});
