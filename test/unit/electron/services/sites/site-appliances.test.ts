import { describe, expect, it } from 'vitest';
import { currentAppliance, applianceOf, isFailoverPair } from '../../../../../shared/sites';
import { input, setup } from './fixtures/sites-setup';

const newAppliance = { role: 'new' as const, label: 'Virtual appliance', applianceUrl: 'https://10.0.0.21/', adminUser: 'admin', adminPassword: 'password' };

describe('sites with several appliances', () => {
  it('adds the new appliance with its own secrets; calls without an appliance id still act on the current one', async () => {
    const { service, secrets } = setup();
    const site = await service.save(input);
    const { site: after, appliance, warnings } = await service.addAppliance(site.id, newAppliance);
    expect(warnings).toBeUndefined();
    expect(appliance).toMatchObject({ role: 'new', label: 'Virtual appliance', applianceUrl: 'https://10.0.0.21', apiClientId: '', hasApiSecret: false, hasAdminPassword: true });
    expect(after.appliances.map((a) => a.role)).toEqual(['current', 'new']);
    expect(await secrets.getSecret(`site:${site.id}:appliance:${appliance.id}:adminPassword`)).toBe('password');
    // A factory appliance has no API account: its endpoint carries only the admin sign-in.
    expect(await service.endpoint(site.id, appliance.id)).toMatchObject({ baseUrl: 'https://10.0.0.21', apiClientId: '', apiClientSecret: '', adminPassword: 'password' });
    expect(await service.endpoint(site.id)).toMatchObject({ baseUrl: 'https://10.0.0.5', apiClientSecret: 's3cret-value', adminPassword: 'admin-pass-value' });
  });

  it('refuses a second current appliance or a role already held, and an API id without its secret', async () => {
    const { service } = setup();
    const site = await service.save(input);
    await expect(service.addAppliance(site.id, { ...newAppliance, role: 'current' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('already has its current appliance') });
    await service.addAppliance(site.id, newAppliance);
    await expect(service.addAppliance(site.id, { ...newAppliance, applianceUrl: 'https://10.0.0.22' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('role new') });
    await expect(service.addAppliance(site.id, { ...newAppliance, role: 'A', apiClientId: 'c' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('apiClientSecret') });
    await expect(service.addAppliance(site.id, { ...newAppliance, role: 'A', applianceUrl: 'http://x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(service.addAppliance('nope', newAppliance)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.get(site.id)).appliances).toHaveLength(2);
  });

  it('updates an appliance: secrets kept unless given, a new address forgets its pin and report', async () => {
    const { service, present } = setup();
    const site = await service.save(input);
    const { appliance } = await service.addAppliance(site.id, newAppliance);
    present('EE:FF');
    await service.trustCertificate(site.id, 'ee:ff', appliance.id);
    expect(applianceOf(await service.get(site.id), 'new')?.pinnedFingerprint256).toBe('EE:FF');
    // The current appliance's pin is its own.
    expect(currentAppliance(await service.get(site.id)).pinnedFingerprint256).toBeUndefined();

    const changed = await service.updateAppliance(site.id, appliance.id, { adminPassword: 'Changed-pass-1', apiClientId: 'client', apiClientSecret: 's3cret-value' });
    expect(changed.appliance).toMatchObject({ apiClientId: 'client', hasApiSecret: true, pinnedFingerprint256: 'EE:FF' });
    expect(await service.endpoint(site.id, appliance.id)).toMatchObject({ apiClientSecret: 's3cret-value', adminPassword: 'Changed-pass-1' });
    const moved = await service.updateAppliance(site.id, appliance.id, { applianceUrl: 'https://10.0.0.23', label: 'VM 2' });
    expect(moved.appliance).toMatchObject({ label: 'VM 2', applianceUrl: 'https://10.0.0.23' });
    expect(moved.appliance.pinnedFingerprint256).toBeUndefined();
    expect((await service.endpoint(site.id, appliance.id)).adminPassword).toBe('Changed-pass-1');
    await expect(service.updateAppliance(site.id, 'missing', { label: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('tests and trusts the appliance named, storing the report on it', async () => {
    const { service, probed } = setup();
    const site = await service.save(input);
    const { appliance } = await service.addAppliance(site.id, { ...newAppliance, apiClientId: 'client', apiClientSecret: 'other' });
    await service.trustCertificate(site.id, 'AA:BB', appliance.id);
    const report = await service.testConnection(site.id, appliance.id);
    const stored = await service.get(site.id);
    expect(applianceOf(stored, 'new')?.lastReport?.checkedAt).toBe(report.checkedAt);
    expect(currentAppliance(stored).lastReport).toBeUndefined();
    expect(probed).toEqual(['https://10.0.0.21', 'https://10.0.0.21']);
    expect((await service.inspectCertificate(site.id, appliance.id)).pinnedFingerprint256).toBe('AA:BB');
  });

  it('promotes the new appliance: it becomes current, the old one stays listed as retired', async () => {
    const { service, secrets } = setup();
    const site = await service.save(input);
    const { appliance } = await service.addAppliance(site.id, newAppliance);
    // Without an API account it cannot serve the site yet.
    await expect(service.promoteAppliance(site.id, appliance.id)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('no API account') });
    await service.updateAppliance(site.id, appliance.id, { apiClientId: 'client', apiClientSecret: 's3cret-value' });
    await expect(service.promoteAppliance(site.id, site.id)).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const promoted = await service.promoteAppliance(site.id, appliance.id);
    expect(currentAppliance(promoted).id).toBe(appliance.id);
    expect(applianceOf(promoted, 'new')).toBeUndefined();
    const old = promoted.appliances.find((a) => a.id === site.id)!;
    expect(old.retiredAt).toBe(new Date(1_800_000_000_000).toISOString());
    // Every existing call now reaches the new appliance, with its own secrets; nothing moved.
    expect(await service.endpoint(site.id)).toMatchObject({ baseUrl: 'https://10.0.0.21', adminPassword: 'password' });
    expect(await secrets.getSecret(`site:${site.id}:adminPassword`)).toBe('admin-pass-value');
    // Editing the site edits the new current appliance and leaves the retired one alone.
    const edited = await service.save({ ...input, id: site.id, applianceUrl: 'https://10.0.0.21', apiClientSecret: undefined, adminPassword: 'Newer-pass-2' });
    expect(edited.appliances.map((a) => [a.id, a.retiredAt !== undefined])).toEqual([
      [site.id, true],
      [appliance.id, false],
    ]);
    expect((await service.endpoint(site.id)).adminPassword).toBe('Newer-pass-2');
    expect((await service.endpoint(site.id, site.id)).adminPassword).toBe('admin-pass-value');
    // A replacement can be added again (the retired appliance holds no role).
    await expect(service.addAppliance(site.id, { ...newAppliance, applianceUrl: 'https://10.0.0.31' })).resolves.toMatchObject({ appliance: { role: 'new' } });
  });

  it('removes an appliance with its secrets, never the current one; removing the site removes every appliance’s secrets', async () => {
    const { service, secrets } = setup();
    const site = await service.save(input);
    const { appliance } = await service.addAppliance(site.id, newAppliance);
    await expect(service.removeAppliance(site.id, site.id)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('serving HQ') });
    const after = await service.removeAppliance(site.id, appliance.id);
    expect(after.appliances.map((a) => a.id)).toEqual([site.id]);
    expect(await secrets.getSecret(`site:${site.id}:appliance:${appliance.id}:adminPassword`)).toBeUndefined();

    const again = await service.addAppliance(site.id, newAppliance);
    await service.remove(site.id);
    expect(await secrets.getSecret(`site:${site.id}:appliance:${again.appliance.id}:adminPassword`)).toBeUndefined();
    expect(await secrets.getSecret(`site:${site.id}:apiClientSecret`)).toBeUndefined();
  });

  it('warns of the same appliance address across every appliance of every site', async () => {
    const { service } = setup();
    const hq = await service.save(input);
    const branch = await service.save({ ...input, name: 'Branch', applianceUrl: 'https://10.0.0.21' });
    expect(branch.warnings).toBeUndefined();
    // The new appliance of HQ at the address Branch's current appliance has.
    const added = await service.addAppliance(hq.id, newAppliance);
    expect(added.warnings).toEqual([{ code: 'DUPLICATE_APPLIANCE', message: expect.stringContaining('“Branch” already uses the appliance at 10.0.0.21:443'), hint: expect.any(String) }]);
    // And the other way: a site saved on the address of another site's new appliance.
    const third = await service.save({ ...input, name: 'Third', applianceUrl: 'https://10.0.0.21:443' });
    expect(third.warnings?.[0]?.message).toMatch(/“HQ” \(its appliance Virtual appliance\), “Branch” already use the appliance at 10\.0\.0\.21:443/);
    // Within one site too.
    const moved = await service.updateAppliance(hq.id, added.appliance.id, { applianceUrl: 'https://10.0.0.5' });
    expect(moved.warnings?.[0]?.message).toContain('“HQ” already uses the appliance at 10.0.0.5:443');
  });

  it('gives the practice lab its site address and keeps its other appliances on refresh', async () => {
    const { service } = setup();
    const lab = { applianceUrl: 'https://127.0.0.1:9443', siteHostname: 'support.lab.example', siteAddress: 'https://127.0.0.1:9600/', fingerprint256: 'EE:FF', apiClientId: 'lab-client', apiClientSecret: 'x', adminUser: 'admin', adminPassword: 'y' };
    const site = await service.upsertPracticeLab(lab);
    expect(site.siteAddress).toBe('https://127.0.0.1:9600');
    await service.addAppliance(site.id, { ...newAppliance, applianceUrl: 'https://127.0.0.1:9444' });
    const refreshed = await service.upsertPracticeLab({ ...lab, applianceUrl: 'https://127.0.0.1:9543', fingerprint256: '11:22' });
    expect(refreshed.appliances.map((a) => [a.role, a.applianceUrl, a.pinnedFingerprint256])).toEqual([
      ['current', 'https://127.0.0.1:9543', '11:22'],
      ['new', 'https://127.0.0.1:9444', undefined],
    ]);
  });

  it('makes the practice lab a failover pair when the lab runs one, and back to one appliance when it does not', async () => {
    const { service, secrets } = setup();
    const lab = { applianceUrl: 'https://127.0.0.1:9443', siteHostname: 'support.lab.example', siteAddress: 'https://127.0.0.1:9460', fingerprint256: 'AA:AA', apiClientId: 'lab-client', apiClientSecret: 'x', adminUser: 'admin', adminPassword: 'y' };
    const single = await service.upsertPracticeLab(lab);
    const pair = await service.upsertPracticeLab({ ...lab, pair: { label: 'Appliance B', applianceUrl: 'https://127.0.0.1:9444', fingerprint256: 'BB:BB' } });
    expect(pair.id).toBe(single.id);
    expect(isFailoverPair(pair)).toBe(true);
    expect(pair.appliances.map((a) => [a.role, a.applianceUrl, a.pinnedFingerprint256])).toEqual([
      ['A', 'https://127.0.0.1:9443', 'AA:AA'],
      ['B', 'https://127.0.0.1:9444', 'BB:BB'],
    ]);
    const b = applianceOf(pair, 'B')!;
    expect(await service.endpoint(pair.id, b.id)).toMatchObject({ baseUrl: 'https://127.0.0.1:9444', apiClientSecret: 'x', adminPassword: 'y' });
    // Refreshed as a pair again (the app restarted): still one B, the same one, so a resumed procedure keeps acting on it.
    const again = await service.upsertPracticeLab({ ...lab, pair: { label: 'Appliance B', applianceUrl: 'https://127.0.0.1:9444', fingerprint256: 'BB:BB' } });
    expect(again.appliances).toHaveLength(2);
    expect(applianceOf(again, 'B')).toMatchObject({ id: b.id, pinnedFingerprint256: 'BB:BB' });
    const back = await service.upsertPracticeLab(lab);
    expect(back.appliances.map((a) => a.role)).toEqual(['current']);
    expect(await secrets.getSecret(`site:${pair.id}:appliance:${b.id}:adminPassword`)).toBeUndefined();
  });
});
