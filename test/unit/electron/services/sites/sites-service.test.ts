import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApplianceApi } from '../../../../../electron/services/appliance/types';
import type { SettingsStore } from '../../../../../electron/services/ports';
import { createSitesService } from '../../../../../electron/services/sites/sites-service';
import type { CertificateInfo } from '../../../../../shared/domain';
import { createFileSecretStore } from '../../../../harness/file-secret-store';

function memorySettings(): SettingsStore & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: <T>(key: string) => data[key] as T | undefined,
    set: (key, value) => void (data[key] = JSON.parse(JSON.stringify(value))),
    delete: (key) => void delete data[key],
  };
}

const certificate = (fingerprint256: string): CertificateInfo => ({
  fingerprint256,
  subject: 'CN=appliance',
  issuer: 'CN=appliance',
  validFrom: '2026-01-01T00:00:00Z',
  validTo: '2027-01-01T00:00:00Z',
  subjectAltNames: ['DNS:appliance'],
  selfSigned: true,
});

function setup(options: { permissions?: Record<string, string>; applianceClockSkew?: number; presented?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sites-'));
  const settings = memorySettings();
  const secrets = createFileSecretStore(join(dir, 'secrets'));
  let presented = options.presented ?? 'AA:BB';
  const now = 1_800_000_000_000;
  const api: ApplianceApi = {
    getApiInfo: async () => ({
      apiVersion: '1.24.2',
      timestamp: now / 1000 + (options.applianceClockSkew ?? 0),
      permissions: options.permissions ?? { perm_backup: '1', perm_command: 'full' },
    }),
    checkHealth: async () => ({ applianceId: 'S1', hostname: 'a.example', version: '23.1.1', success: true, failoverRole: 'none', sharedIps: [] }),
    downloadBackup: async () => ({ size: 0, sha256: '' }),
  };
  const endpoints: unknown[] = [];
  const service = createSitesService({
    settings,
    secrets,
    clock: { now: () => now },
    createApi: (endpoint) => {
      endpoints.push(endpoint);
      return api;
    },
    probeCertificate: async () => certificate(presented),
  });
  return { service, settings, dir, endpoints, present: (fp: string) => (presented = fp) };
}

const input = {
  name: 'HQ',
  siteHostname: 'support.example.com',
  applianceUrl: 'https://10.0.0.5',
  apiClientId: 'client',
  apiClientSecret: 's3cret-value',
  adminUser: 'admin',
  adminPassword: 'admin-pass-value',
};

describe('sites service', () => {
  it('keeps secrets out of the settings file and encrypted on disk', async () => {
    const { service, settings, dir } = setup();
    const site = await service.save(input);
    expect(site.hasApiSecret).toBe(true);
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
    expect((await service.get(site.id)).pinnedFingerprint256).toBe('AA:BB');
    const moved = await service.save({ ...input, id: site.id, applianceUrl: 'https://10.0.0.6' });
    expect(moved.pinnedFingerprint256).toBeUndefined();
  });

  it('refuses to trust a fingerprint the appliance no longer presents', async () => {
    const { service, present } = setup();
    const site = await service.save(input);
    present('CC:DD');
    await expect(service.trustCertificate(site.id, 'AA:BB')).rejects.toMatchObject({ code: 'TLS_CHANGED' });
    expect((await service.get(site.id)).pinnedFingerprint256).toBeUndefined();
  });

  it('reports missing permissions and the clock offset plainly', async () => {
    const { service } = setup({ permissions: { perm_backup: '0', perm_command: 'read_only' }, applianceClockSkew: -300 });
    const site = await service.save(input);
    const report = await service.testConnection(site.id);
    expect(report.missingPermissions).toEqual(['perm_backup', 'perm_command']);
    expect(report.clockOffsetSeconds).toBe(-300);
    expect(report.version).toBe('23.1.1');
    expect((await service.get(site.id)).lastReport?.checkedAt).toBe(report.checkedAt);
  });

  it('creates the practice lab site once, pinned to the lab certificate', async () => {
    const { service } = setup();
    const lab = { applianceUrl: 'https://127.0.0.1:9443', siteHostname: 'support.lab.example', fingerprint256: 'EE:FF', apiClientId: 'lab-client', apiClientSecret: 'x', adminUser: 'admin', adminPassword: 'y' };
    await service.upsertPracticeLab(lab);
    await service.upsertPracticeLab({ ...lab, applianceUrl: 'https://127.0.0.1:9543', fingerprint256: '11:22' });
    const sites = service.list();
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatchObject({ isPracticeLab: true, applianceUrl: 'https://127.0.0.1:9543', pinnedFingerprint256: '11:22' });
  });
});
