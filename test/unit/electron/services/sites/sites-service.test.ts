import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSettings } from '../../../../../electron/services/sites/settings-schema';
import { currentAppliance } from '../../../../../shared/sites';
import { input, memorySettings, setup } from './fixtures/sites-setup';

describe('sites service', () => {
  it('keeps secrets out of the settings file and encrypted on disk', async () => {
    const { service, settings, dir } = setup();
    const site = await service.save(input);
    expect(currentAppliance(site).hasApiSecret).toBe(true);
    expect(JSON.stringify(settings.data)).not.toContain('s3cret-value');
    expect(readFileSync(join(dir, 'secrets', 'secrets.json'), 'utf8')).not.toContain('s3cret-value');
    const endpoint = await service.endpoint(site.id);
    expect(endpoint).toMatchObject({ apiClientSecret: 's3cret-value', adminPassword: 'admin-pass-value', baseUrl: 'https://10.0.0.5' });
  });

  it('requires a secret for a new site and keeps the stored one on edit', async () => {
    const { service } = setup();
    await expect(service.save({ ...input, apiClientSecret: undefined })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const site = await service.save(input);
    await service.save({ ...input, id: site.id, name: 'HQ renamed', apiClientSecret: undefined });
    expect((await service.endpoint(site.id)).apiClientSecret).toBe('s3cret-value');
    expect(service.list().map((s) => s.name)).toEqual(['HQ renamed']);
  });

  it('forgets the certificate pin when the appliance address changes', async () => {
    const { service } = setup();
    const site = await service.save(input);
    await service.trustCertificate(site.id, 'aa:bb');
    expect(currentAppliance(await service.get(site.id)).pinnedFingerprint256).toBe('AA:BB');
    const moved = await service.save({ ...input, id: site.id, applianceUrl: 'https://10.0.0.6' });
    expect(currentAppliance(moved).pinnedFingerprint256).toBeUndefined();
  });

  it('refuses to trust a fingerprint the appliance no longer presents', async () => {
    const { service, present } = setup();
    const site = await service.save(input);
    present('CC:DD');
    await expect(service.trustCertificate(site.id, 'AA:BB')).rejects.toMatchObject({ code: 'TLS_CHANGED' });
    expect(currentAppliance(await service.get(site.id)).pinnedFingerprint256).toBeUndefined();
  });

  it('reports missing permissions and the clock offset plainly', async () => {
    const { service } = setup({ permissions: { perm_backup: '0', perm_command: 'read_only' }, applianceClockSkew: -300 });
    const site = await service.save(input);
    const report = await service.testConnection(site.id);
    expect(report.missingPermissions).toEqual(['perm_backup', 'perm_command']);
    expect(report.clockOffsetSeconds).toBe(-300);
    expect(report.version).toBe('23.1.1');
    expect(currentAppliance(await service.get(site.id)).lastReport?.checkedAt).toBe(report.checkedAt);
  });

  it('creates the practice lab site once, pinned to the lab certificate', async () => {
    const { service } = setup();
    const lab = { applianceUrl: 'https://127.0.0.1:9443', siteHostname: 'support.lab.example', fingerprint256: 'EE:FF', apiClientId: 'lab-client', apiClientSecret: 'x', adminUser: 'admin', adminPassword: 'y' };
    await service.upsertPracticeLab(lab);
    await service.upsertPracticeLab({ ...lab, applianceUrl: 'https://127.0.0.1:9543', fingerprint256: '11:22' });
    const sites = service.list();
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatchObject({ isPracticeLab: true, appliances: [{ role: 'current', applianceUrl: 'https://127.0.0.1:9543', pinnedFingerprint256: '11:22' }] });
  });

  it('signs in to the admin interface too: the report carries an admin line', async () => {
    const { service } = setup();
    const site = await service.save(input);
    const report = await service.testConnection(site.id);
    expect(report.admin).toEqual({ ok: true, message: expect.stringContaining('Signed in to /appliance as admin') });
  });

  it('catches a wrong admin password in the site editor: admin line failed with the plain reason', async () => {
    const { service } = setup({ adminRefuses: true });
    const site = await service.save(input);
    const report = await service.testConnection(site.id);
    expect(report.admin).toEqual({ ok: false, code: 'ADMIN_LOGIN_FAILED', message: expect.stringContaining('refused the admin sign-in') });
    // The API part still answers: one failing line does not hide the other.
    expect(report.version).toBe('23.1.1');
    expect(currentAppliance(await service.get(site.id)).lastReport?.admin?.ok).toBe(false);
  });

  it('warns on save when another site already names the same appliance address (host:port)', async () => {
    const { service } = setup();
    const first = await service.save(input);
    expect(first.warnings).toBeUndefined();
    const second = await service.save({ ...input, name: 'HQ again', applianceUrl: 'https://10.0.0.5:443/' });
    expect(second.warnings).toEqual([{ code: 'DUPLICATE_APPLIANCE', message: expect.stringContaining('“HQ” already uses the appliance at 10.0.0.5:443'), hint: expect.any(String) }]);
    expect(service.list()).toHaveLength(2);
    // Saving a site again on its own address is no duplicate; another port is another appliance.
    expect((await service.save({ ...input, id: first.id, applianceUrl: 'https://10.0.0.5:8443' })).warnings).toBeUndefined();
  });

  it('keeps sites that fail the schema, shows them as warnings and never drops them on the next write', async () => {
    const settings = memorySettings();
    const broken = { id: 'old-1', name: 'Old branch', applianceUrl: 42 };
    settings.set('sites', [broken]);
    const { service } = setup({ settings });
    expect(service.list()).toEqual([]);
    expect(service.warnings()).toEqual([{ code: 'SITE_UNREADABLE', message: expect.stringContaining('“Old branch”'), hint: expect.stringContaining('nothing was deleted') }]);
    await service.save(input);
    expect(settings.data.sites).toEqual([expect.objectContaining({ name: 'HQ' }), broken]);
    const [saved] = service.list();
    await service.remove(saved!.id);
    expect(settings.data.sites).toEqual([broken]);
  });

});

describe('settings migration', () => {
  it('runs each migration in order from the stored version up to the target', () => {
    const settings = memorySettings();
    settings.set('sites', [{ name: 'a' }]);
    const ran: number[] = [];
    const result = migrateSettings(settings, 3, {
      1: (s) => {
        ran.push(1);
        s.set('sites', [...(s.get<unknown[]>('sites') ?? []), { name: 'b' }]);
      },
      2: () => void ran.push(2),
    });
    expect(result).toEqual({ from: 1, to: 3, warnings: [] });
    expect(ran).toEqual([1, 2]);
    expect(settings.data).toEqual({ sites: [{ name: 'a' }, { name: 'b' }], schemaVersion: 3 });
    // Already current: nothing runs again.
    migrateSettings(settings, 3, { 1: () => void ran.push(1), 2: () => void ran.push(2) });
    expect(ran).toEqual([1, 2]);
  });

  it('leaves a file of a newer layout as it is and says so', () => {
    const settings = memorySettings();
    settings.set('schemaVersion', 9);
    const result = migrateSettings(settings, 1, {});
    expect(result.warnings).toMatchObject([{ code: 'SETTINGS_UNREADABLE' }]);
    expect(settings.data.schemaVersion).toBe(9);
  });
});
