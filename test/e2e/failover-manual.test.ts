/**
 * A person upgrades the practice lab's failover pair by P4 with appliance B updated by hand across
 * the air gap: B's download key written onto a USB stick (a folder shown as a drive), the updates
 * fetched with it on the connected side ("Fetch updates", in the same app against the lab's update
 * server) and written back as a bundle, the bundle verified and imported, B installed from the
 * vault through Manual Installation; then the rest of P4 with A updated automatically. Both end on
 * the new version, B primary. Then the same with both appliances by hand and one stick: both keys
 * written onto it, Fetch updates run once per key file (the operator picks which), a bundle for
 * each appliance back on the same stick, each verified against its own appliance.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeP4ByHand, completeP4WithBByHand } from './flows/failover';
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

  it(
    'both by hand with one stick: two key files, two fetch runs picking each, two bundles; both on the new version, B primary',
    async () => {
      const bothWorld = await startWorld({ scenario: 'failover', timeScale: 600, name: 'pair-both', usbStick: true });
      try {
        const stick = bothWorld.usb!;
        let keyFiles: { name: string; serial: string; generatedAt: string }[] = [];
        await completeP4ByHand(bothWorld.page, stick, ['A', 'B'], async () => {
          keyFiles = readdirSync(stick)
            .filter((name) => name.endsWith('.aua-key.json'))
            .map((name) => {
              const json = JSON.parse(readFileSync(join(stick, name), 'utf8')) as { applianceSerial: string; generatedAt: string };
              return { name, serial: json.applianceSerial, generatedAt: json.generatedAt };
            })
            .sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
          const codes: Partial<Record<'A' | 'B', string>> = {};
          // A's key was made first, B's second; each run fetches for the key file picked.
          for (const [index, role] of (['A', 'B'] as const).entries()) {
            await bothWorld.page.goto(bothWorld.harness.url);
            codes[role] = await fetchUpdatesOntoMedia(bothWorld.page, stick, keyFiles[index]!.name);
          }
          return codes;
        });
        expect(keyFiles).toHaveLength(2);
        expect(new Set(keyFiles.map((file) => file.serial)).size).toBe(2);
        expect(readdirSync(stick).filter((name) => name.startsWith('aua-bundle'))).toHaveLength(2);
        for (const step of ['b-check-updates', 'a-check-updates']) expect(await stepStatus(bothWorld.page, step)).toBe('skipped');
        for (const step of ['a-download-key', 'b-download-key', 'b-import-bundle', 'a-import-bundle', 'b-manual-install', 'a-manual-install']) expect(await stepStatus(bothWorld.page, step)).toBe('done');
        const lab = (await bothWorld.control.state()) as unknown as PairLabState;
        expect(lab.appliances.B).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'primary', lastSyncStatus: 'success' } });
        expect(lab.appliances.A).toMatchObject({ siteVersion: '23.2.1', baseVersion: '6.2.0', failover: { role: 'backup' } });
        expect(lab.network.sharedIpHolders).toEqual(['B']);
      } finally {
        await bothWorld.close();
      }
    },
    480_000,
  );
});
