/**
 * Sites and their appliances: stored in settings without secrets; each appliance's API client
 * secret and admin password go to the SecretStore (safeStorage in the app). A certificate pin
 * is set only by an explicit decision (trustCertificate). Calls that name no appliance act on
 * the site's front one (its `current` one, or A of a failover pair: shared/sites.ts
 * frontAppliance), so code written for one appliance per site keeps working.
 */
import { randomUUID } from 'node:crypto';
import {
  applianceInputSchema,
  applianceUpdateSchema,
  siteInputSchema,
  siteSchema,
  type ApplianceInput,
  type ApplianceSaveResult,
  type ApplianceUpdate,
  type CertificateInfo,
  type ConnectionReport,
  type Site,
  type SiteAppliance,
  type SiteInput,
} from '../../../shared/domain';
import { AppError, type AppErrorShape } from '../../../shared/errors';
import { applianceById, applianceOf, frontAppliance, hostOf } from '../../../shared/sites';
import type { AdminSession, ApplianceApi, ApplianceEndpoint } from '../appliance/types';
import type { Clock, SecretStore, SettingsStore, SiteDirectory } from '../ports';
import { runConnectionTest } from './connection-test';
import { upsertPracticeLab, type PracticeLabSite } from './practice-lab';
import { migrateSettings } from './settings-schema';
import { nameOf, parseInput, withoutSlash } from './site-input';
import { sameApplianceWarnings, unreadableSiteWarning } from './site-warnings';

const SITES_KEY = 'sites';

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
  /** Saves the site and its current appliance; warnings name other appliances at the same address (DUPLICATE_APPLIANCE). */
  save(input: SiteInput): Promise<Site & { warnings?: AppErrorShape[] }>;
  /** What the operator must know about the stored settings: sites kept but unreadable, a newer layout. */
  warnings(): AppErrorShape[];
  /** Removes the site and the secrets of all its appliances. */
  remove(siteId: string): Promise<boolean>;
  /** A further appliance (role new, A or B; never a second current). */
  addAppliance(siteId: string, input: ApplianceInput): Promise<ApplianceSaveResult>;
  /** Changes an appliance's label, address, accounts or secrets; a new address forgets its pin and report. */
  updateAppliance(siteId: string, applianceId: string, changes: ApplianceUpdate): Promise<ApplianceSaveResult>;
  /** The `new` appliance becomes `current`; the old current one is kept, retired (retiredAt). */
  promoteAppliance(siteId: string, applianceId: string): Promise<Site>;
  /** Removes a non-current appliance (a retired one included) and its secrets. */
  removeAppliance(siteId: string, applianceId: string): Promise<Site>;
  /** Tests the appliance (default: current) and stores the report on it. */
  testConnection(siteId: string, applianceId?: string): Promise<ConnectionReport>;
  inspectCertificate(siteId: string, applianceId?: string): Promise<{ presented: CertificateInfo; pinnedFingerprint256?: string }>;
  /** Pins the certificate the appliance (default: current) presents, if it is still the one with this fingerprint. */
  trustCertificate(siteId: string, fingerprint256: string, applianceId?: string): Promise<Site>;
  /** Adds sites read from a sites export (no secrets stored for them), all in one write; returns them as stored. */
  importSites(sites: Site[]): Site[];
  /** Creates or refreshes the practice lab's site (its address and certificate are known to us). */
  upsertPracticeLab(lab: PracticeLabSite): Promise<Site>;
}

export type { PracticeLabSite } from './practice-lab';

type SecretName = 'apiClientSecret' | 'adminPassword';

/**
 * Where an appliance's secrets live. The appliance whose id is the site's id (every layout-1
 * site's migrated appliance, and the first appliance of any site saved since) keeps the
 * layout-1 keys `site:<siteId>:<name>`, so migrated sites find their secrets untouched; every
 * other appliance uses `site:<siteId>:appliance:<applianceId>:<name>`. Ids never change, so a
 * promotion moves no secret.
 */
export function applianceSecretKey(siteId: string, applianceId: string, name: SecretName): string {
  return applianceId === siteId ? `site:${siteId}:${name}` : `site:${siteId}:appliance:${applianceId}:${name}`;
}

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
    for (const site of sites) siteSchema.parse(site);
    deps.settings.set(SITES_KEY, [...sites, ...stored().unreadable]);
    deps.onChange?.(sites);
  };
  const find = (id: string): Site => {
    const site = read().find((s) => s.id === id);
    if (!site) throw new AppError('NOT_FOUND', 'That site is no longer configured.', 'Go back to the home screen and choose the site again.');
    return site;
  };
  /** The appliance named, or the site's front one. */
  const locate = (siteId: string, applianceId?: string): { site: Site; appliance: SiteAppliance } => {
    const site = find(siteId);
    const appliance = applianceId === undefined ? frontAppliance(site) : applianceById(site, applianceId);
    if (!appliance) {
      throw new AppError('NOT_FOUND', `That appliance is no longer part of ${site.name}.`, 'Go back to the site and choose the appliance again.');
    }
    return { site, appliance };
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
  const updateAppliance = (siteId: string, applianceId: string, change: (a: SiteAppliance) => SiteAppliance): Site =>
    update(siteId, (site) => ({ ...site, appliances: site.appliances.map((a) => (a.id === applianceId ? change(a) : a)) }));
  const secret = (siteId: string, applianceId: string, name: SecretName) => deps.secrets.getSecret(applianceSecretKey(siteId, applianceId, name));
  const putSecret = (siteId: string, applianceId: string, name: SecretName, value: string | undefined) =>
    value ? deps.secrets.setSecret(applianceSecretKey(siteId, applianceId, name), value) : Promise.resolve();
  const dropSecrets = async (siteId: string, applianceId: string) => {
    await deps.secrets.deleteSecret(applianceSecretKey(siteId, applianceId, 'apiClientSecret'));
    await deps.secrets.deleteSecret(applianceSecretKey(siteId, applianceId, 'adminPassword'));
  };

  const endpoint = async (siteId: string, applianceId?: string): Promise<ApplianceEndpoint> => {
    const { site, appliance } = locate(siteId, applianceId);
    // An appliance with no API account yet (a factory-new one) has only its admin interface:
    // its endpoint carries empty API credentials, which the appliance answers with UNAUTHORISED.
    const apiClientSecret = appliance.apiClientId === '' ? '' : await secret(siteId, appliance.id, 'apiClientSecret');
    if (apiClientSecret === undefined || (appliance.apiClientId !== '' && apiClientSecret === '')) {
      throw new AppError(
        'UNAUTHORISED',
        `No API client secret is stored for ${nameOf(site, appliance)}.`,
        appliance.id === frontAppliance(site).id ? 'Edit the site and enter the API client secret.' : 'Edit the appliance and enter the API client secret.',
      );
    }
    return {
      baseUrl: withoutSlash(appliance.applianceUrl),
      pinnedFingerprint256: appliance.pinnedFingerprint256,
      apiClientId: appliance.apiClientId,
      apiClientSecret,
      adminUser: appliance.adminUser,
      adminPassword: await secret(siteId, appliance.id, 'adminPassword'),
    };
  };

  const saveResult = (siteId: string, appliance: SiteAppliance): ApplianceSaveResult => {
    const sites = read();
    const site = sites.find((s) => s.id === siteId)!;
    const warnings = sameApplianceWarnings({ siteId, applianceId: appliance.id, applianceUrl: appliance.applianceUrl }, sites);
    return { site, appliance: applianceById(site, appliance.id)!, ...(warnings.length > 0 ? { warnings } : {}) };
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
      const input = parseInput(siteInputSchema, rawInput);
      const sites = read();
      const existing = input.id ? sites.find((s) => s.id === input.id) : undefined;
      if (input.id && !existing) find(input.id);
      const before = existing ? frontAppliance(existing) : undefined;
      if (!before?.hasApiSecret && !input.apiClientSecret) {
        throw new AppError('INVALID_INPUT', 'apiClientSecret: Enter the API client secret.', 'A new site needs the secret of its API account.');
      }
      const id = existing?.id ?? randomUUID();
      // A new site's first appliance takes the site's id: its secrets use the site's own keys.
      const applianceId = before?.id ?? id;
      const applianceUrl = withoutSlash(input.applianceUrl);
      await putSecret(id, applianceId, 'apiClientSecret', input.apiClientSecret);
      await putSecret(id, applianceId, 'adminPassword', input.adminPassword);
      const addressChanged = before !== undefined && before.applianceUrl !== applianceUrl;
      // A label nobody typed follows the address; one the operator chose stays.
      const typedLabel = before !== undefined && before.label !== hostOf(before.applianceUrl) ? before.label : undefined;
      const current: SiteAppliance = {
        id: applianceId,
        // A new site's first appliance is its current one, or A of a failover pair; an edit keeps the role.
        role: before?.role ?? input.applianceRole ?? 'current',
        label: input.applianceLabel ?? typedLabel ?? hostOf(applianceUrl),
        applianceUrl,
        apiClientId: input.apiClientId,
        hasApiSecret: true,
        adminUser: input.adminUser,
        hasAdminPassword: Boolean(input.adminPassword) || (before?.hasAdminPassword ?? false),
        // A new address is a new machine: its certificate must be trusted again.
        pinnedFingerprint256: addressChanged ? undefined : before?.pinnedFingerprint256,
        lastReport: addressChanged ? undefined : before?.lastReport,
      };
      const siteAddress = input.siteAddress === undefined ? existing?.siteAddress : input.siteAddress === '' ? undefined : withoutSlash(input.siteAddress);
      const site: Site = {
        id,
        name: input.name,
        siteHostname: input.siteHostname,
        ...(siteAddress !== undefined ? { siteAddress } : {}),
        isPracticeLab: existing?.isPracticeLab ?? false,
        appliances: existing ? existing.appliances.map((a) => (a.id === applianceId ? current : a)) : [current],
      };
      write(existing ? sites.map((s) => (s.id === id ? site : s)) : [...sites, site]);
      const warnings = sameApplianceWarnings({ siteId: id, applianceId, applianceUrl }, sites);
      return warnings.length > 0 ? { ...site, warnings } : site;
    },

    async remove(id) {
      const sites = read();
      const site = sites.find((s) => s.id === id);
      if (!site) return false;
      for (const appliance of site.appliances) await dropSecrets(id, appliance.id);
      write(sites.filter((s) => s.id !== id));
      return true;
    },

    async addAppliance(siteId, rawInput) {
      const input = parseInput(applianceInputSchema, rawInput);
      const site = find(siteId);
      if (input.role === 'current') {
        const pair = applianceOf(site, 'current') === undefined;
        throw new AppError(
          'INVALID_INPUT',
          pair ? `role: ${site.name} is served by a failover pair, so it has no current appliance.` : `role: ${site.name} already has its current appliance.`,
          pair ? 'Add the second appliance of the pair with the role “Failover B”.' : 'Add the replacement with the role “new”; it becomes the current one when the migration is done.',
        );
      }
      const holder = applianceOf(site, input.role);
      if (holder) {
        throw new AppError('INVALID_INPUT', `role: ${site.name} already has an appliance with the role ${input.role} (${holder.label}).`, 'Edit or remove that appliance first.');
      }
      const appliance: SiteAppliance = {
        id: randomUUID(),
        role: input.role,
        label: input.label,
        applianceUrl: withoutSlash(input.applianceUrl),
        apiClientId: input.apiClientId,
        hasApiSecret: Boolean(input.apiClientSecret),
        adminUser: input.adminUser,
        hasAdminPassword: true,
      };
      await putSecret(siteId, appliance.id, 'apiClientSecret', input.apiClientSecret);
      await putSecret(siteId, appliance.id, 'adminPassword', input.adminPassword);
      update(siteId, (s) => ({ ...s, appliances: [...s.appliances, appliance] }));
      return saveResult(siteId, appliance);
    },

    async updateAppliance(siteId, applianceId, rawChanges) {
      const changes = parseInput(applianceUpdateSchema, rawChanges);
      const { appliance } = locate(siteId, applianceId);
      const apiClientId = changes.apiClientId ?? appliance.apiClientId;
      if (apiClientId !== '' && !appliance.hasApiSecret && !changes.apiClientSecret) {
        throw new AppError('INVALID_INPUT', 'apiClientSecret: Enter the API client secret.', 'An API account needs its secret as well as its id.');
      }
      if (apiClientId === '' && changes.apiClientSecret) {
        throw new AppError('INVALID_INPUT', 'apiClientId: Enter the API client id.', 'An API secret belongs to an API account: enter its id too.');
      }
      await putSecret(siteId, applianceId, 'apiClientSecret', changes.apiClientSecret);
      await putSecret(siteId, applianceId, 'adminPassword', changes.adminPassword);
      const applianceUrl = changes.applianceUrl !== undefined ? withoutSlash(changes.applianceUrl) : appliance.applianceUrl;
      const addressChanged = applianceUrl !== appliance.applianceUrl;
      const next = updateAppliance(siteId, applianceId, (a) => ({
        ...a,
        label: changes.label ?? a.label,
        applianceUrl,
        apiClientId,
        hasApiSecret: a.hasApiSecret || Boolean(changes.apiClientSecret),
        adminUser: changes.adminUser ?? a.adminUser,
        hasAdminPassword: a.hasAdminPassword || Boolean(changes.adminPassword),
        pinnedFingerprint256: addressChanged ? undefined : a.pinnedFingerprint256,
        lastReport: addressChanged ? undefined : a.lastReport,
      }));
      return saveResult(siteId, applianceById(next, applianceId)!);
    },

    async promoteAppliance(siteId, applianceId) {
      const { site, appliance } = locate(siteId, applianceId);
      if (appliance.role !== 'new' || appliance.retiredAt !== undefined) {
        throw new AppError(
          'INVALID_INPUT',
          `${appliance.label} is not the new appliance of ${site.name}, so it cannot take over as the current one.`,
          'Only the appliance added with the role “new” is promoted, once the migration to it is verified.',
        );
      }
      if (!appliance.hasApiSecret) {
        throw new AppError(
          'INVALID_INPUT',
          `${appliance.label} has no API account stored yet, and the current appliance of a site needs one.`,
          'Enter its API client id and secret (after a restore: those of the old appliance), then promote it.',
        );
      }
      const old = applianceOf(site, 'current');
      if (!old) {
        throw new AppError('INVALID_INPUT', `${site.name} is served by a failover pair: there is no current appliance for ${appliance.label} to replace.`, 'Remove the new appliance, or run the failover pair’s own procedures.');
      }
      const retiredAt = new Date(deps.clock.now()).toISOString();
      return update(siteId, (s) => ({
        ...s,
        appliances: s.appliances.map((a) => (a.id === appliance.id ? { ...a, role: 'current' } : a.id === old.id ? { ...a, retiredAt } : a)),
      }));
    },

    async removeAppliance(siteId, applianceId) {
      const { site, appliance } = locate(siteId, applianceId);
      if (appliance.id === frontAppliance(site).id) {
        throw new AppError('INVALID_INPUT', `${appliance.label} is the appliance serving ${site.name}, so it cannot be removed.`, 'Remove the whole site instead, or promote its replacement first.');
      }
      await dropSecrets(siteId, appliance.id);
      return update(siteId, (s) => ({ ...s, appliances: s.appliances.filter((a) => a.id !== appliance.id) }));
    },

    async testConnection(siteId, applianceId) {
      const target = await endpoint(siteId, applianceId);
      const { appliance } = locate(siteId, applianceId);
      const report = await runConnectionTest(deps, target);
      updateAppliance(siteId, appliance.id, (a) => ({ ...a, lastReport: report }));
      return report;
    },

    async inspectCertificate(siteId, applianceId) {
      const { appliance } = locate(siteId, applianceId);
      const presented = await deps.probeCertificate(appliance.applianceUrl);
      return { presented, pinnedFingerprint256: appliance.pinnedFingerprint256 };
    },

    async trustCertificate(siteId, fingerprint256, applianceId) {
      const { appliance } = locate(siteId, applianceId);
      const presented = await deps.probeCertificate(appliance.applianceUrl);
      if (normaliseFingerprint(presented.fingerprint256) !== normaliseFingerprint(fingerprint256)) {
        throw new AppError(
          'TLS_CHANGED',
          'The appliance now presents a different certificate from the one you compared.',
          'Nothing was trusted. Inspect the certificate again and compare the new fingerprint with the appliance administrator.',
        );
      }
      return updateAppliance(siteId, appliance.id, (a) => ({ ...a, pinnedFingerprint256: presented.fingerprint256 }));
    },

    importSites(imported) {
      const known = new Set(read().map((s) => s.id));
      const added = imported.filter((s) => !known.has(s.id));
      write([...read(), ...added]);
      return added;
    },

    upsertPracticeLab: (lab) => upsertPracticeLab(lab, { service, read, update, dropSecrets }),
  };
  return service;
}

export function normaliseFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toUpperCase();
}
