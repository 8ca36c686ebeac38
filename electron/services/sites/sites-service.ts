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
import { AppError, type AppErrorShape } from '../../../shared/errors';
import { applianceAddress } from '../appliance/address';
import { checkAdminSignIn } from '../appliance/credential-check';
import type { AdminSession, ApplianceApi, ApplianceEndpoint } from '../appliance/types';
import type { Clock, SecretStore, SettingsStore, SiteDirectory } from '../ports';
import { migrateSettings } from './settings-schema';

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
  /** The /appliance admin session test connection signs in to. */
  createAdmin: (endpoint: ApplianceEndpoint) => Pick<AdminSession, 'statusBasics'>;
  probeCertificate: (baseUrl: string) => Promise<CertificateInfo>;
  onChange?: (sites: Site[]) => void;
}

export interface SitesService extends SiteDirectory {
  list(): Site[];
  /** The saved site; warnings name other sites with the same appliance address (DUPLICATE_APPLIANCE). */
  save(input: SiteInput): Promise<Site & { warnings?: AppErrorShape[] }>;
  /** What the operator must know about the stored settings: sites kept but unreadable, a newer layout. */
  warnings(): AppErrorShape[];
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
  const migration = migrateSettings(deps.settings);
  const stored = (): { valid: Site[]; unreadable: unknown[] } => {
    const raw = deps.settings.get<unknown>(SITES_KEY);
    const valid: Site[] = [];
    const unreadable: unknown[] = [];
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = siteSchema.safeParse(item);
      if (parsed.success) valid.push(parsed.data);
      else unreadable.push(item);
    }
    return { valid, unreadable };
  };
  const read = (): Site[] => stored().valid;
  // Sites that fail the schema stay in the file exactly as they were: never dropped by a write.
  const write = (sites: Site[]) => {
    deps.settings.set(SITES_KEY, [...sites, ...stored().unreadable]);
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
    warnings() {
      return [...migration.warnings, ...stored().unreadable.map(unreadableSiteWarning)];
    },
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
      const warnings = sameApplianceWarnings(site, sites);
      return warnings.length > 0 ? { ...site, warnings } : site;
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
      const credentials = await endpoint(id);
      const api = deps.createApi(credentials);
      const certificate = await deps.probeCertificate(find(id).applianceUrl);
      const before = deps.clock.now();
      const info = await api.getApiInfo();
      const after = deps.clock.now();
      const health = await api.checkHealth();
      // The appliance stamped its clock somewhere within the round trip: compare with the middle.
      const clockOffsetSeconds = Math.round(info.timestamp - (before + after) / 2000);
      // A wrong admin password is caught here, in the site editor, not in the maintenance window.
      const signIn = await checkAdminSignIn(deps.createAdmin(credentials), credentials.adminUser);
      const admin = { ok: signIn.ok, message: signIn.message, ...(signIn.code !== undefined ? { code: signIn.code } : {}) };
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
        admin,
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

/** Two sites on one appliance would let two procedures act on it: allowed (e.g. a renamed site), but said. */
function sameApplianceWarnings(site: Site, others: Site[]): AppErrorShape[] {
  const address = applianceAddress(site.applianceUrl);
  const twins = others.filter((s) => s.id !== site.id && applianceAddress(s.applianceUrl) === address);
  if (twins.length === 0) return [];
  return [
    {
      code: 'DUPLICATE_APPLIANCE',
      message: `${twins.map((s) => `“${s.name}”`).join(', ')} already use${twins.length === 1 ? 's' : ''} the appliance at ${address}.`,
      hint: 'Check the address. If both sites really are this appliance, only one procedure at a time can run on it; remove the site you no longer need.',
    },
  ];
}

function unreadableSiteWarning(item: unknown): AppErrorShape {
  const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const name = typeof record.name === 'string' ? `“${record.name}”` : typeof record.id === 'string' ? record.id : 'without a name';
  const issues = siteSchema.safeParse(item).error?.issues.map((i) => `${i.path.join('.') || 'site'}: ${i.message}`) ?? [];
  return {
    code: 'SITE_UNREADABLE',
    message: `A saved site (${name}) could not be read${issues.length > 0 ? ` (${issues.slice(0, 3).join('; ')})` : ''}, so it is not shown.`,
    hint: 'It is kept unchanged in the settings file and nothing was deleted. Add the site again, or send the settings file to the project team.',
  };
}

export function normaliseFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toUpperCase();
}
