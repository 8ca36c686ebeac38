/**
 * A person upgrades the practice lab's failover pair by P4 with appliance B updated by hand across
 * the air gap: B's download key written onto a USB stick (a folder shown as a drive), the updates
 * fetched with it on the connected side ("Fetch updates", in the same app against the lab's update
 * server) and written back as a bundle, the bundle verified and imported, B installed from the
 * vault through Manual Installation; then the rest of P4 with A updated automatically. Both end on
 * the new version, B primary.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeP4WithBByHand } from './flows/failover';
import { fetchUpdatesOntoMedia } from './flows/manual-offline';
import { stepStatus } from './flows/single-automatic';
import { startWorld, type World } from './support/world';

interface PairLabState {
  network: { sharedIpHolders: string[] };
  appliances: Record<'A' | 'B', { siteVersion: string; baseVersion: string; failover: { role: string; lastSyncStatus: string } }>;
}

describe('P4 with B updated by hand across the air gap (browser)', () => {
  let world: World;
  let usb: string;

  beforeAll(async () => {
    world = await startWorld({ scenario: 'failover', timeScale: 600, name: 'pair-manual', usbStick: true });
    usb = world.usb!;
  });

  afterAll(async () => {
    await world?.close();
  });

  it(
    'B by hand (key out, bundle back, installed from the vault), A automatically; both on the new version, B primary',
    async () => {
      let keyOnStick = false;
      await completeP4WithBByHand(world.page, usb, async () => {
        keyOnStick = readdirSync(usb).some((name) => name.endsWith('.aua-key.json'));
        await world.page.goto(world.harness.url);
        return fetchUpdatesOntoMedia(world.page, usb);
      });
      expect(keyOnStick).toBe(true);
      expect(readdirSync(usb).some((name) => name.startsWith('aua-bundle'))).toBe(true);
      // B went the manual way: its automatic unit was skipped, its air-gap steps and manual unit done.
      expect(await stepStatus(world.page, 'b-check-updates')).toBe('skipped');
      for (const step of ['b-clock-check', 'b-download-key', 'b-verify-bundle', 'b-import-bundle', 'b-manual-install', 'a-install']) expect(await stepStatus(world.page, step)).toBe('done');
      const lab = (await world.control.state()) as unknown as PairLabState;
      expect(lab.appliances.B).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'primary', lastSyncStatus: 'success' } });
      expect(lab.appliances.A).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'backup' } });
      expect(lab.network.sharedIpHolders).toEqual(['B']);
    },
    360_000,
  );
});
