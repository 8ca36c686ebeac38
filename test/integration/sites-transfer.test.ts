/**
 * A technician's laptop replaced: the sites exported on one data folder are imported on a
 * fresh one through the contract, without secrets; once the credentials are typed again the
 * imported site connects to the lab with the certificate pin that travelled in the file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import type { RequestOutput } from '../../shared/contract';
import { frontAppliance } from '../../shared/sites';
import { practiceLabSite } from '../harness/practice-lab-site';
import { startHarness, type RunningHarness } from '../harness/server';

describe('sites export → import on a fresh data folder', () => {
  let dir: string;
  let lab: RunningLab;
  const harnesses: RunningHarness[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aua-sites-transfer-'));
    lab = await startLab({ timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0 } });
  });

  afterAll(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function harness(name: string, pickFile?: () => string | undefined) {
    const started = await startHarness({ dataDir: join(dir, name), rendererDir: resolve('out/renderer'), ...(pickFile ? { pickFile } : {}) });
    harnesses.push(started);
    return started;
  }

  async function call<T>(h: RunningHarness, channel: string, input: unknown): Promise<T> {
    const reply = await h.services.router.dispatch(channel, input);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.value as T;
  }

  it('carries sites, appliances and pins but no secret, skips what is already there, and refuses a cut file', async () => {
    const labSite = practiceLabSite(lab);
    const old = await harness('old');
    const credentials = { apiClientId: labSite.apiClientId, apiClientSecret: labSite.apiClientSecret, adminUser: labSite.adminUser, adminPassword: labSite.adminPassword };
    const site = await call<RequestOutput<'sites.save'>>(old, 'sites.save', { name: 'Lyon Clinic', siteHostname: 'support.lyon.example', applianceUrl: labSite.applianceUrl, ...credentials });
    await call(old, 'sites.trustCertificate', { id: site.id, fingerprint256: labSite.fingerprint256 });
    await call(old, 'sites.save', { name: 'Graz Plant', siteHostname: 'support.graz.example', applianceUrl: 'https://b300.graz.example', apiClientId: 'graz', apiClientSecret: 'graz-secret', adminPassword: 'graz-admin' });

    const exported = await call<RequestOutput<'sites.export'>>(old, 'sites.export', {});
    expect(exported).toMatchObject({ saved: true, sites: 2 });
    expect(exported.path).toBe(join(dir, 'old', 'saved', exported.fileName!));
    const text = readFileSync(exported.path!, 'utf8');
    for (const secret of [labSite.apiClientSecret, labSite.adminPassword, 'graz-secret', 'graz-admin']) expect(text).not.toContain(secret);

    let chosen: string | undefined = exported.path;
    const fresh = await harness('new', () => chosen);
    const imported = await call<RequestOutput<'sites.import'>>(fresh, 'sites.import', {});
    expect(imported).toMatchObject({ chosen: true, imported: [{ name: 'Lyon Clinic' }, { name: 'Graz Plant' }], skipped: [] });
    const lyon = (await call<RequestOutput<'sites.list'>>(fresh, 'sites.list', {})).find((s) => s.name === 'Lyon Clinic')!;
    expect(lyon.id).toBe(site.id);
    expect(frontAppliance(lyon)).toMatchObject({ hasApiSecret: false, hasAdminPassword: false, pinnedFingerprint256: labSite.fingerprint256 });

    // Test connection cannot sign in until the credentials are typed on this computer too.
    await expect(call(fresh, 'sites.testConnection', { id: lyon.id })).rejects.toMatchObject({ code: 'UNAUTHORISED' });
    await call(fresh, 'sites.save', { id: lyon.id, name: lyon.name, siteHostname: lyon.siteHostname, applianceUrl: frontAppliance(lyon).applianceUrl, ...credentials });
    const report = await call<RequestOutput<'sites.testConnection'>>(fresh, 'sites.testConnection', { id: lyon.id });
    expect(report.version).toMatch(/^\d+\.\d+/);

    // The same file again: both are already here, nothing changes.
    expect(await call(fresh, 'sites.import', {})).toMatchObject({ imported: [], skipped: [{ reason: 'already here' }, { reason: 'already here' }] });

    // A file cut off on the way: refused whole, the sites as they were.
    chosen = join(dir, 'cut.json');
    writeFileSync(chosen, text.slice(0, Math.floor(text.length / 2)));
    const third = await harness('third', () => chosen);
    await expect(call(third, 'sites.import', {})).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('incomplete') });
    expect(await call(third, 'sites.list', {})).toEqual([]);
  });
});
