/**
 * Sites and their appliances: stored in settings without secrets; the API client secret
 * and admin password go to the SecretStore (safeStorage in the app). The certificate pin is
 * set only by an explicit operator decision (trustCertificate).
 */
import { randomUUID } from 'node:crypto';
import {
  siteInputSchema,
  siteSchema,
  type CertificateInfo,
  type ConnectionReport,
  type Site,
  type SiteInput,
} from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { ApplianceApi, ApplianceEndpoint } from '../appliance/types';
import type { Clock, SecretStore, SettingsStore, SiteDirectory } from '../ports';

const SITES_KEY = 'sites';

/** Permissions the assistant needs, with the value that grants them. */
const REQUIRED_PERMISSIONS: Record<string, (value: string | undefined) => boolean> = {
  perm_backup: (v) => v === '1' || v === 'true',
  perm_command: (v) => v === 'full',
};

export interface SitesServiceDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  clock: Clock;
  createApi: (endpoint: ApplianceEndpoint) => ApplianceApi;
  probeCertificate: (baseUrl: string) => Promise<CertificateInfo>;
  onChange?: (sites: Site[]) => void;
}

export interface SitesService extends SiteDirectory {
  list(): Site[];
  save(input: SiteInput): Promise<Site>;
  remove(id: string): Promise<boolean>;
  testConnection(id: string): Promise<ConnectionReport>;
  inspectCertificate(id: string): Promise<{ presented: CertificateInfo; pinnedFingerprint256?: string }>;
  trustCertificate(id: string, fingerprint256: string): Promise<Site>;
  /** Creates or refreshes the practice lab's site (its address and certificate are known to us). */
  upsertPracticeLab(lab: PracticeLabSite): Promise<Site>;
}

export interface PracticeLabSite {
  applianceUrl: string;
  siteHostname: string;
  fingerprint256: string;
  apiClientId: string;
  apiClientSecret: string;
  adminUser: string;
  adminPassword: string;
}

const secretKey = (siteId: string, name: 'apiClientSecret' | 'adminPassword') => `site:${siteId}:${name}`;

export function createSitesService(deps: SitesServiceDeps): SitesService {
  const read = (): Site[] => {
    const raw = deps.settings.get<unknown[]>(SITES_KEY) ?? [];
    return raw.flatMap((item) => {
      const parsed = siteSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  };
  const write = (sites: Site[]) => {
    deps.settings.set(SITES_KEY, sites);
    deps.onChange?.(sites);
  };
  const find = (id: string): Site => {
    const site = read().find((s) => s.id === id);
    if (!site) throw new AppError('NOT_FOUND', 'That site is no longer configured.', 'Go back to the home screen and choose the site again.');
    return site;
  };
  const update = (id: string, change: (site: Site) => Site): Site => {
    const sites = read();
    const index = sites.findIndex((s) => s.id === id);
    if (index < 0) find(id);
    const next = change(sites[index]!);
    sites[index] = next;
    write(sites);
    return next;
  };

  const endpoint = async (id: string): Promise<ApplianceEndpoint> => {
    const site = find(id);
    const apiClientSecret = await deps.secrets.getSecret(secretKey(id, 'apiClientSecret'));
    if (!apiClientSecret) {
      throw new AppError('UNAUTHORISED', `No API client secret is stored for ${site.name}.`, 'Edit the site and enter the API client secret.');
    }
    return {
      baseUrl: site.applianceUrl.replace(/\/$/, ''),
      pinnedFingerprint256: site.pinnedFingerprint256,
      apiClientId: site.apiClientId,
      apiClientSecret,
      adminUser: site.adminUser,
      adminPassword: await deps.secrets.getSecret(secretKey(id, 'adminPassword')),
    };
  };

  const service: SitesService = {
    list: read,
    async get(id) {
      return find(id);
    },
    endpoint,

    async save(rawInput) {
      const input = siteInputSchema.parse(rawInput);
      const sites = read();
      const existing = input.id ? sites.find((s) => s.id === input.id) : undefined;
      if (input.id && !existing) find(input.id);
      if (!existing && !input.apiClientSecret) {
        throw new AppError('INVALID_INPUT', 'apiClientSecret: Enter the API client secret.', 'A new site needs the secret of its API account.');
      }
      const id = existing?.id ?? randomUUID();
      const applianceUrl = input.applianceUrl.replace(/\/$/, '');
      if (input.apiClientSecret) await deps.secrets.setSecret(secretKey(id, 'apiClientSecret'), input.apiClientSecret);
      if (input.adminPassword) await deps.secrets.setSecret(secretKey(id, 'adminPassword'), input.adminPassword);
      const addressChanged = existing !== undefined && existing.applianceUrl !== applianceUrl;
      const site: Site = {
        id,
        name: input.name,
        siteHostname: input.siteHostname,
        applianceUrl,
        apiClientId: input.apiClientId,
        adminUser: input.adminUser,
        hasApiSecret: true,
        hasAdminPassword: Boolean(input.adminPassword) || (existing?.hasAdminPassword ?? false),
        isPracticeLab: existing?.isPracticeLab ?? false,
        // A new address is a new machine: its certificate must be trusted again.
        pinnedFingerprint256: addressChanged ? undefined : existing?.pinnedFingerprint256,
        lastReport: addressChanged ? undefined : existing?.lastReport,
      };
      write(existing ? sites.map((s) => (s.id === id ? site : s)) : [...sites, site]);
      return site;
    },

    async remove(id) {
      const sites = read();
      if (!sites.some((s) => s.id === id)) return false;
      await deps.secrets.deleteSecret(secretKey(id, 'apiClientSecret'));
      await deps.secrets.deleteSecret(secretKey(id, 'adminPassword'));
      write(sites.filter((s) => s.id !== id));
      return true;
    },

    async testConnection(id) {
      const api = deps.createApi(await endpoint(id));
      const certificate = await deps.probeCertificate(find(id).applianceUrl);
      const before = deps.clock.now();
      const info = await api.getApiInfo();
      const after = deps.clock.now();
      const health = await api.checkHealth();
      // The appliance stamped its clock somewhere within the round trip: compare with the middle.
      const clockOffsetSeconds = Math.round(info.timestamp - (before + after) / 2000);
      const missingPermissions = Object.entries(REQUIRED_PERMISSIONS)
        .filter(([name, grants]) => !grants(info.permissions[name]))
        .map(([name]) => name);
      const report: ConnectionReport = {
        checkedAt: new Date(after).toISOString(),
        apiVersion: info.apiVersion,
        permissions: info.permissions,
        missingPermissions,
        applianceId: health.applianceId,
        hostname: health.hostname,
        version: health.version,
        failoverRole: health.failoverRole,
        healthy: health.success,
        healthMessage: health.errorMessage || undefined,
        clockOffsetSeconds,
        certificate,
      };
      update(id, (site) => ({ ...site, lastReport: report }));
      return report;
    },

    async inspectCertificate(id) {
      const site = find(id);
      const presented = await deps.probeCertificate(site.applianceUrl);
      return { presented, pinnedFingerprint256: site.pinnedFingerprint256 };
    },

    async trustCertificate(id, fingerprint256) {
      const site = find(id);
      const presented = await deps.probeCertificate(site.applianceUrl);
      if (normaliseFingerprint(presented.fingerprint256) !== normaliseFingerprint(fingerprint256)) {
        throw new AppError(
          'TLS_CHANGED',
          'The appliance now presents a different certificate from the one you compared.',
          'Nothing was trusted. Inspect the certificate again and compare the new fingerprint with the appliance administrator.',
        );
      }
      return update(id, (s) => ({ ...s, pinnedFingerprint256: presented.fingerprint256 }));
    },

    async upsertPracticeLab(lab) {
      const existing = read().find((s) => s.isPracticeLab);
      const saved = await service.save({
        id: existing?.id,
        name: existing?.name ?? 'Practice lab',
        siteHostname: lab.siteHostname,
        applianceUrl: lab.applianceUrl,
        apiClientId: lab.apiClientId,
        apiClientSecret: lab.apiClientSecret,
        adminUser: lab.adminUser,
        adminPassword: lab.adminPassword,
      });
      // The lab runs inside this app, so its certificate is known first-hand: pin it directly.
      return update(saved.id, (s) => ({ ...s, isPracticeLab: true, pinnedFingerprint256: lab.fingerprint256 }));
    },
  };
  return service;
}

export function normaliseFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toUpperCase();
}
