import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Conf from 'conf';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SettingsStore } from '../../../../../electron/services/ports';
import { migrateSitesV1ToV2 } from '../../../../../electron/services/sites/migrate-sites-v2';
import { applianceSecretKey } from '../../../../../electron/services/sites/sites-service';
import { SETTINGS_SCHEMA_VERSION } from '../../../../../shared/domain';
import { currentAppliance } from '../../../../../shared/sites';
import { memorySettings, setup } from './fixtures/sites-setup';

const LAB = '4f1c2b1e-7a55-4a63-9d39-3c8f2f8b6a01';
const HQ = 'a7d0e6c2-19b4-4a0f-8f53-2b1d9e4c7f10';

/** Today's settings file (layout 1, unversioned) in a conf store on disk, as the app opens it. */
function v1File(): { cwd: string; settings: SettingsStore; onDisk: () => Record<string, unknown> } {
  const cwd = mkdtempSync(join(tmpdir(), 'settings-v1-'));
  copyFileSync(join(__dirname, 'fixtures', 'settings-v1.json'), join(cwd, 'settings.json'));
  const conf = new Conf<Record<string, unknown>>({ cwd, configName: 'settings', projectName: 'appliance-upgrade-assistant' });
  return {
    cwd,
    settings: { get: <T>(key: string) => conf.get(key) as T | undefined, set: (key, value) => conf.set(key, value), delete: (key) => conf.delete(key) },
    onDisk: () => JSON.parse(readFileSync(join(cwd, 'settings.json'), 'utf8')) as Record<string, unknown>,
  };
}

describe('settings layout 1 → 2', () => {
  it('turns each layout-1 site into a site with one current appliance keeping address, flags, pin and report', async () => {
    const file = v1File();
    const { service } = setup({ settings: file.settings });
    expect(service.warnings()).toEqual([]);
    const sites = service.list();
    expect(sites.map((s) => [s.name, s.appliances.length, currentAppliance(s).applianceUrl, currentAppliance(s).pinnedFingerprint256?.slice(0, 5)])).toEqual([
      ['Practice lab', 1, 'https://127.0.0.1:9443', '3A:9C'],
      ['HQ', 1, 'https://10.0.0.5', 'AA:BB'],
    ]);
    const hq = currentAppliance(await service.get(HQ));
    expect(hq).toMatchObject({ id: HQ, role: 'current', label: 'a.example', apiClientId: 'client', adminUser: 'admin', hasApiSecret: true, hasAdminPassword: false });
    expect(hq.lastReport?.version).toBe('23.1.1');
    expect(hq.retiredAt).toBeUndefined();
    expect((await service.get(LAB)).isPracticeLab).toBe(true);
    const onDisk = file.onDisk();
    expect(onDisk.schemaVersion).toBe(SETTINGS_SCHEMA_VERSION);
    expect(onDisk.sites).toEqual([
      expect.objectContaining({ id: LAB, appliances: [expect.objectContaining({ id: LAB, role: 'current', label: '127.0.0.1:9443' })] }),
      expect.objectContaining({ id: HQ, appliances: [expect.objectContaining({ id: HQ, role: 'current' })] }),
    ]);
    expect(JSON.stringify(onDisk)).not.toMatch(/"applianceUrl":"https:\/\/10\.0\.0\.5","apiClientId":"client","adminUser"/);
  });

  it('still finds the secrets stored under the layout-1 keys: endpoint and test connection work end to end', async () => {
    const file = v1File();
    const first = setup({ settings: file.settings });
    // What the layout-1 app wrote to the SecretStore for HQ: `site:<siteId>:<name>`.
    await first.secrets.setSecret(`site:${HQ}:apiClientSecret`, 'hq-secret');
    await first.secrets.setSecret(`site:${HQ}:adminPassword`, 'hq-admin');
    expect(applianceSecretKey(HQ, HQ, 'apiClientSecret')).toBe(`site:${HQ}:apiClientSecret`);
    const endpoint = await first.service.endpoint(HQ);
    expect(endpoint).toEqual({ baseUrl: 'https://10.0.0.5', pinnedFingerprint256: 'AA:BB', apiClientId: 'client', apiClientSecret: 'hq-secret', adminUser: 'admin', adminPassword: 'hq-admin' });
    const report = await first.service.testConnection(HQ);
    expect(report).toMatchObject({ version: '23.1.1', admin: { ok: true }, certificate: { fingerprint256: 'AA:BB' } });
    expect(first.endpoints).toContainEqual(expect.objectContaining({ apiClientSecret: 'hq-secret', adminPassword: 'hq-admin' }));
    expect(first.probed).toEqual(['https://10.0.0.5']);
    expect(currentAppliance(await first.service.get(HQ)).lastReport?.checkedAt).toBe(report.checkedAt);
    // Editing the migrated site keeps using (and overwriting) the same keys.
    await first.service.save({ id: HQ, name: 'HQ', siteHostname: 'support.example.com', applianceUrl: 'https://10.0.0.5', apiClientId: 'client', apiClientSecret: 'rotated' });
    expect(await first.secrets.getSecret(`site:${HQ}:apiClientSecret`)).toBe('rotated');
  });

  it('is idempotent: a second run (or a second start) changes nothing', () => {
    const file = v1File();
    setup({ settings: file.settings });
    const once = file.onDisk();
    migrateSitesV1ToV2(file.settings);
    expect(file.onDisk()).toEqual(once);
    setup({ settings: file.settings });
    expect(file.onDisk()).toEqual(once);
  });

  it('keeps a layout-1 site it cannot read exactly as it was, and says so', async () => {
    const settings = memorySettings();
    const broken = { id: 'old-1', name: 'Old branch', applianceUrl: 42 };
    const good = { id: 'g', name: 'Good', siteHostname: 'h', applianceUrl: 'https://10.0.0.7', apiClientId: 'c', adminUser: 'admin', hasApiSecret: true, hasAdminPassword: true };
    settings.set('sites', [broken, good]);
    const { service } = setup({ settings });
    expect(service.list().map((s) => s.name)).toEqual(['Good']);
    expect(service.warnings()).toMatchObject([{ code: 'SITE_UNREADABLE', message: expect.stringContaining('“Old branch”') }]);
    // The migration rewrites the list in place: the unreadable site keeps its place and its bytes.
    expect(settings.data.sites).toEqual([broken, expect.objectContaining({ id: 'g', appliances: [expect.objectContaining({ id: 'g', role: 'current' })] })]);
  });

  it('leaves a file of a newer layout untouched and shows none of its sites', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'settings-v9-'));
    const newer = { schemaVersion: 9, sites: [{ id: 'x', name: 'Future', siteHostname: 'h', appliances: [], somethingNew: true }] };
    writeFileSync(join(cwd, 'settings.json'), JSON.stringify(newer));
    const conf = new Conf<Record<string, unknown>>({ cwd, configName: 'settings', projectName: 'appliance-upgrade-assistant' });
    const settings: SettingsStore = { get: <T>(key: string) => conf.get(key) as T | undefined, set: (key, value) => conf.set(key, value), delete: (key) => conf.delete(key) };
    const { service } = setup({ settings });
    expect(service.list()).toEqual([]);
    expect(service.warnings().map((w) => w.code)).toEqual(['SETTINGS_UNREADABLE', 'SITE_UNREADABLE']);
    expect(JSON.parse(readFileSync(join(cwd, 'settings.json'), 'utf8'))).toEqual(newer);
  });
});
