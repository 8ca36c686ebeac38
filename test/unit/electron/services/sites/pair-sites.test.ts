/** Sites served by a failover pair: A and B, no current appliance; A is what "the site's appliance" means. */
import { describe, expect, it } from 'vitest';
import { siteSchema, type Site } from '../../../../../shared/domain';
import { applianceOf, frontAppliance, isFailoverPair } from '../../../../../shared/sites';
import { input, setup } from './fixtures/sites-setup';

const appliance = (id: string, role: Site['appliances'][number]['role'], extra: Record<string, unknown> = {}) => ({
  id,
  role,
  label: id,
  applianceUrl: `https://${id}.example`,
  apiClientId: 'client',
  hasApiSecret: true,
  adminUser: 'admin',
  hasAdminPassword: true,
  ...extra,
});
const site = (appliances: unknown[]) => ({ id: 's', name: 'Pair', siteHostname: 'support.example.com', appliances });
const issues = (raw: unknown) => siteSchema.safeParse(raw).error?.issues.map((i) => i.message) ?? [];

describe('the site schema', () => {
  it('takes a pair site (A and B, no current), and A alone while its B is being added', () => {
    expect(issues(site([appliance('a', 'A'), appliance('b', 'B')]))).toEqual([]);
    expect(issues(site([appliance('a', 'A')]))).toEqual([]);
  });

  it('refuses two current appliances, a site with none and no A, and B twice', () => {
    expect(issues(site([appliance('a', 'current'), appliance('b', 'current')]))).toEqual([expect.stringContaining('exactly one current appliance')]);
    expect(issues(site([appliance('b', 'B')]))).toEqual([expect.stringContaining('exactly one current appliance')]);
    expect(issues(site([appliance('a', 'A'), appliance('b', 'B'), appliance('c', 'B')]))).toEqual(['Only one appliance can have the role B.']);
  });

  it('keeps single-appliance sites as they were: one current, retired ones not counted', () => {
    expect(issues(site([appliance('old', 'current', { retiredAt: '2026-01-01T00:00:00Z' }), appliance('a', 'current')]))).toEqual([]);
    expect(issues(site([]))).toEqual([expect.stringContaining('exactly one current appliance')]);
  });
});

describe('frontAppliance and isFailoverPair', () => {
  it('the current appliance when there is one, else A', () => {
    const single = siteSchema.parse(site([appliance('a', 'current'), appliance('n', 'new')]));
    const pair = siteSchema.parse(site([appliance('a', 'A'), appliance('b', 'B')]));
    expect(frontAppliance(single).id).toBe('a');
    expect(frontAppliance(pair).id).toBe('a');
    expect(isFailoverPair(single)).toBe(false);
    expect(isFailoverPair(pair)).toBe(true);
    expect(isFailoverPair(siteSchema.parse(site([appliance('a', 'A')])))).toBe(false);
  });
});

describe('the sites service with a pair site', () => {
  it('creates the site with A, adds B, and names A where no appliance is named', async () => {
    const { service } = setup();
    const saved = await service.save({ ...input, applianceRole: 'A' });
    expect(saved.appliances.map((a) => a.role)).toEqual(['A']);
    const { site: after } = await service.addAppliance(saved.id, { role: 'B', label: 'B', applianceUrl: 'https://10.0.0.6', adminUser: 'admin', adminPassword: 'pw', apiClientId: 'client', apiClientSecret: 'b-secret' });
    expect(isFailoverPair(after)).toBe(true);
    expect(await service.endpoint(saved.id)).toMatchObject({ baseUrl: 'https://10.0.0.5', apiClientSecret: 's3cret-value' });
    expect(await service.endpoint(saved.id, applianceOf(after, 'B')!.id)).toMatchObject({ baseUrl: 'https://10.0.0.6', apiClientSecret: 'b-secret' });
    // An edit keeps A's role; the pair has no current appliance to add or to promote into.
    const edited = await service.save({ ...input, id: saved.id, name: 'Pair HQ', apiClientSecret: undefined });
    expect(edited.appliances.map((a) => a.role)).toEqual(['A', 'B']);
    await expect(service.addAppliance(saved.id, { role: 'current', label: 'C', applianceUrl: 'https://10.0.0.7', adminPassword: 'pw' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('failover pair') });
    const { appliance: extra } = await service.addAppliance(saved.id, { role: 'new', label: 'N', applianceUrl: 'https://10.0.0.8', adminPassword: 'pw' });
    await expect(service.promoteAppliance(saved.id, extra.id)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('A, the front appliance, cannot be removed; B can', async () => {
    const { service } = setup();
    const saved = await service.save({ ...input, applianceRole: 'A' });
    const { appliance: b } = await service.addAppliance(saved.id, { role: 'B', label: 'B', applianceUrl: 'https://10.0.0.6', adminPassword: 'pw' });
    await expect(service.removeAppliance(saved.id, saved.appliances[0]!.id)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await service.removeAppliance(saved.id, b.id)).appliances.map((a) => a.role)).toEqual(['A']);
  });
});
