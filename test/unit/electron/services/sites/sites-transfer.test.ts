import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SITES_EXPORT_FORMAT,
  buildSitesExport,
  createSitesTransfer,
  parseSitesExport,
  planImport,
  readSitesExport,
} from '../../../../../electron/services/sites/sites-transfer';
import type { SavedFiles } from '../../../../../electron/services/files/saved-files';
import { frontAppliance } from '../../../../../shared/sites';
import { input, setup } from './fixtures/sites-setup';

const AT = '2026-12-02T10:00:00.000Z';

/** An old laptop with a plain site, a migration in progress (a new appliance) and a failover pair. */
async function oldLaptop() {
  const old = setup();
  const hq = await old.service.save(input);
  await old.service.trustCertificate(hq.id, 'AA:BB');
  await old.service.addAppliance(hq.id, { role: 'new', label: 'Virtual B300', applianceUrl: 'https://10.0.0.9', adminUser: 'admin', adminPassword: 'factory-pass-value' });
  const pair = await old.service.save({ ...input, name: 'Pair site', applianceUrl: 'https://10.0.1.1', applianceRole: 'A', apiClientSecret: 'pair-secret-value', adminPassword: 'pair-admin-value' });
  await old.service.addAppliance(pair.id, { role: 'B', label: 'B appliance', applianceUrl: 'https://10.0.1.2', adminPassword: 'b-admin-value', apiClientId: 'b-client', apiClientSecret: 'b-secret-value' });
  return old;
}

const SECRETS = ['s3cret-value', 'admin-pass-value', 'factory-pass-value', 'pair-secret-value', 'pair-admin-value', 'b-admin-value', 'b-secret-value'];

describe('sites export and import', () => {
  it('round-trips sites, appliances, roles and pins, and never writes a secret', async () => {
    const old = await oldLaptop();
    const text = JSON.stringify(buildSitesExport(old.service.list(), AT, '0.1.0'));
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/secret"|password"|hasApiSecret|hasAdminPassword/i);

    const file = parseSitesExport(text, 'sites.json');
    expect(file).toMatchObject({ format: SITES_EXPORT_FORMAT, formatVersion: 1, exportedAt: AT, exportedBy: '0.1.0' });
    const fresh = setup();
    const plan = planImport(fresh.service.list(), file);
    expect(plan.skipped).toEqual([]);
    fresh.service.importSites(plan.add);
    const strip = (sites: ReturnType<typeof old.service.list>) =>
      sites.map((s) => ({ ...s, appliances: s.appliances.map(({ id, role, label, applianceUrl, apiClientId, adminUser, pinnedFingerprint256 }) => ({ id, role, label, applianceUrl, apiClientId, adminUser, pinnedFingerprint256 })) }));
    expect(strip(fresh.service.list())).toEqual(strip(old.service.list()));
    // Nothing is claimed that this computer does not hold: the credentials are asked for.
    for (const site of fresh.service.list()) for (const a of site.appliances) expect([a.hasApiSecret, a.hasAdminPassword]).toEqual([false, false]);
    const hq = fresh.service.list().find((s) => s.name === 'HQ')!;
    expect(frontAppliance(hq).pinnedFingerprint256).toBe('AA:BB');
    await expect(fresh.service.endpoint(hq.id)).rejects.toMatchObject({ code: 'UNAUTHORISED', message: expect.stringContaining('No API client secret') });
    await expect(fresh.service.save({ ...input, id: hq.id, apiClientSecret: undefined })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await fresh.service.save({ ...input, id: hq.id });
    expect((await fresh.service.endpoint(hq.id)).apiClientSecret).toBe('s3cret-value');
  });

  it('leaves the practice lab’s site out of the file', async () => {
    const old = await oldLaptop();
    const lab = { ...old.service.list()[0]!, id: 'lab', name: 'Practice lab', isPracticeLab: true };
    expect(buildSitesExport([lab, ...old.service.list()], AT, '0.1.0').sites.map((s) => s.name)).toEqual(['HQ', 'Pair site']);
  });

  it('skips a site already here by id or by an appliance address, and says why', async () => {
    const old = await oldLaptop();
    const file = buildSitesExport(old.service.list(), AT, '0.1.0');
    const here = setup();
    here.service.importSites(planImport([], { ...file, sites: file.sites.filter((s) => s.name === 'HQ') }).add);
    await here.service.save({ ...input, name: 'Pair site, typed again', applianceUrl: 'https://10.0.1.2/' });
    const plan = planImport(here.service.list(), file);
    expect(plan.add).toEqual([]);
    expect(plan.skipped).toEqual([
      { id: file.sites[0]!.id, name: 'HQ', reason: 'already here' },
      { id: file.sites[1]!.id, name: 'Pair site', reason: 'its appliance at 10.0.1.2:443 is already here in “Pair site, typed again”' },
    ]);
  });

  it('refuses a truncated, a foreign, a newer and a hand-edited file, each with its reason', () => {
    const text = JSON.stringify(buildSitesExport([], AT, '0.1.0'), null, 2);
    const good = JSON.parse(text) as Record<string, unknown>;
    expect(() => parseSitesExport(text.slice(0, text.length - 20), 'cut.json')).toThrow(/cut\.json is incomplete/);
    expect(() => parseSitesExport('%PDF-1.7 …', 'report.pdf')).toThrow(/report\.pdf is not a sites export.*not JSON/);
    expect(() => parseSitesExport(JSON.stringify({ version: 1, entries: [] }), 'vault.json')).toThrow(/does not say it holds sites/);
    expect(() => parseSitesExport(JSON.stringify({ ...good, formatVersion: 2 }), 'new.json')).toThrow(/newer version of the assistant \(format 2; this one reads format 1\)/);
    const withPassword = { ...good, sites: [{ id: 's', name: 'S', siteHostname: 'h', appliances: [{ id: 's', role: 'current', label: 'l', applianceUrl: 'https://h', apiClientId: 'c', adminUser: 'admin', adminPassword: 'x' }] }] };
    expect(() => parseSitesExport(JSON.stringify(withPassword), 'edited.json')).toThrow(/edited\.json cannot be imported:.*sites\.0\.appliances\.0/);
    const twoCurrents = { ...good, sites: [{ id: 's', name: 'S', siteHostname: 'h', appliances: ['a', 'b'].map((id) => ({ id, role: 'current', label: id, applianceUrl: `https://${id}`, apiClientId: 'c', adminUser: 'admin' })) }] };
    expect(() => planImport([], parseSitesExport(JSON.stringify(twoCurrents), 'odd.json'))).toThrow(/“S” in the file cannot be used/);
  });

  it('imports nothing when any site of the file is unusable', async () => {
    const old = await oldLaptop();
    const file = buildSitesExport(old.service.list(), AT, '0.1.0');
    const broken = { ...file, sites: [...file.sites, { ...file.sites[0]!, id: 'other', name: 'Broken', appliances: [{ ...file.sites[0]!.appliances[1]!, applianceUrl: 'https://10.9.9.9' }] }] };
    const fresh = setup();
    const dir = mkdtempSync(join(tmpdir(), 'sites-import-'));
    writeFileSync(join(dir, 'sites.json'), JSON.stringify(broken));
    const transfer = createSitesTransfer({
      sites: fresh.service,
      savedFiles: { saveAs: async () => undefined } as Pick<SavedFiles, 'saveAs'>,
      fileChooser: { chooseFile: async () => join(dir, 'sites.json') },
      clock: { now: () => Date.parse(AT) },
      appVersion: '0.1.0',
    });
    await expect(transfer.importSites()).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Broken') });
    expect(fresh.service.list()).toEqual([]);
    await expect(readSitesExport(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'DISK_ERROR' });
  });

  it('writes the file through Save as…, reports a cancelled dialog, and imports what the operator chose', async () => {
    const old = await oldLaptop();
    const dir = mkdtempSync(join(tmpdir(), 'sites-export-'));
    let written = '';
    const saveAs: SavedFiles['saveAs'] = async ({ suggestedName, content }) => {
      written = String(content);
      writeFileSync(join(dir, suggestedName), written);
      return { path: join(dir, suggestedName), fileName: suggestedName, size: written.length, sha256: 'ab' };
    };
    const deps = { savedFiles: { saveAs }, clock: { now: () => Date.parse(AT) }, appVersion: '0.1.0' };
    const exported = await createSitesTransfer({ ...deps, sites: old.service, fileChooser: { chooseFile: async () => undefined } }).exportSites();
    expect(exported).toMatchObject({ saved: true, sites: 2, fileName: 'sites-2026-12-02.json' });
    const fresh = setup();
    const transfer = createSitesTransfer({ ...deps, sites: fresh.service, fileChooser: { chooseFile: async () => exported.path } });
    expect(await transfer.importSites()).toMatchObject({ chosen: true, fileName: 'sites-2026-12-02.json', imported: [{ name: 'HQ' }, { name: 'Pair site' }], skipped: [] });
    expect(await transfer.importSites()).toMatchObject({ imported: [], skipped: [{ name: 'HQ', reason: 'already here' }, { name: 'Pair site', reason: 'already here' }] });
    const cancelled = createSitesTransfer({ ...deps, savedFiles: { saveAs: async () => undefined }, sites: old.service, fileChooser: { chooseFile: async () => undefined } });
    expect(await cancelled.exportSites()).toEqual({ saved: false, sites: 2 });
    expect(await cancelled.importSites()).toEqual({ chosen: false, imported: [], skipped: [] });
  });
});
