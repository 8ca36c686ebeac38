/**
 * The credential re-check every procedure runs before its maintenance window (actor
 * `checkCredentials`) and Test connection's admin line, against the practice lab over HTTPS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor, toPromise } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplianceClient, probeCertificate, type ApplianceEndpoint } from '../../electron/services/appliance';
import type { SiteDirectory } from '../../electron/services/ports';
import { createCheckCredentials } from '../../electron/services/procedures/check-credentials';
import { createSitesService } from '../../electron/services/sites/sites-service';
import type { Site } from '../../shared/domain';
import { currentAppliance } from '../../shared/sites';
import { siteRecord } from '../unit/helpers/site-record';
import { createFileSecretStore } from '../harness/file-secret-store';
import { createLabFixture } from './helpers/lab-fixture';
import { memorySettings } from './helpers/memory-settings';

const fixture = createLabFixture();
beforeAll(() => fixture.start());
afterAll(() => fixture.close());

function siteDirectory(overrides: Partial<ApplianceEndpoint>): SiteDirectory {
  const site: Site = siteRecord({
    id: 'lab',
    name: 'Practice lab',
    siteHostname: fixture.lab.siteHostname,
    applianceUrl: fixture.lab.appliances.A!.url,
    apiClientId: fixture.lab.credentials.apiClientId,
    hasApiSecret: true,
    adminUser: fixture.lab.credentials.adminUser,
    hasAdminPassword: true,
    isPracticeLab: true,
  });
  return { get: async () => site, endpoint: async () => fixture.endpoint(overrides) };
}

async function check(overrides: Partial<ApplianceEndpoint> = {}) {
  const logic = createCheckCredentials({ sites: siteDirectory(overrides), clientFactory: (endpoint) => createApplianceClient(endpoint), clock: { now: () => Date.now() } });
  const actor = createActor(logic, { input: { procedureId: 'P1-test', siteId: 'lab', stepId: 'check-credentials' } });
  actor.start();
  return toPromise(actor);
}

describe('checkCredentials against the lab', () => {
  it('signs in to the API and to /appliance with the right credentials', async () => {
    const result = await check();
    expect(result).toEqual({
      api: { ok: true, message: expect.stringContaining('Signed in to the API') },
      admin: { ok: true, message: expect.stringContaining('Signed in to /appliance as admin') },
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('reports a wrong admin password on the admin line, in plain words, with the API still ok', async () => {
    const result = await check({ adminPassword: 'not-the-password' });
    expect(result.api.ok).toBe(true);
    expect(result.admin).toEqual({ ok: false, message: expect.stringMatching(/refused the admin sign-in.*Check the \/appliance administrator/) });
    expect(Object.keys(result.admin)).toEqual(['ok', 'message']);
  });

  it('reports a wrong API secret on the API line', async () => {
    const result = await check({ apiClientSecret: 'wrong-secret' });
    expect(result.api.ok).toBe(false);
    expect(result.api.message.length).toBeGreaterThan(20);
    expect(result.admin.ok).toBe(true);
  });
});

describe('Test connection against the lab', () => {
  function sitesService() {
    const dir = mkdtempSync(join(tmpdir(), 'check-sites-'));
    const service = createSitesService({
      settings: memorySettings(),
      secrets: createFileSecretStore(join(dir, 'secrets')),
      clock: { now: () => Date.now() },
      createApi: (endpoint) => createApplianceClient(endpoint).api,
      createAdmin: (endpoint) => createApplianceClient(endpoint).admin,
      probeCertificate: (url) => probeCertificate(url, 10_000),
    });
    return { service, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }

  it('catches a wrong admin password in the site editor: the report’s admin line failed', async () => {
    const { service, cleanup } = sitesService();
    const lab = fixture.lab;
    const site = await service.upsertPracticeLab({
      applianceUrl: lab.appliances.A!.url,
      siteHostname: lab.siteHostname,
      fingerprint256: lab.appliances.A!.fingerprint256,
      ...lab.credentials,
    });
    expect((await service.testConnection(site.id)).admin).toMatchObject({ ok: true });
    const current = currentAppliance(site);
    await service.save({ id: site.id, name: site.name, siteHostname: site.siteHostname, applianceUrl: current.applianceUrl, apiClientId: current.apiClientId, adminUser: current.adminUser, adminPassword: 'typo-password' });
    const report = await service.testConnection(site.id);
    expect(report.healthy).toBe(true);
    expect(report.admin).toEqual({ ok: false, code: 'ADMIN_LOGIN_FAILED', message: expect.stringContaining('refused the admin sign-in') });
    cleanup();
  });
});
