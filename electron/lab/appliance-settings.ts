/**
 * What a settings backup carries and a restore brings back: the site hostname, the admin
 * users, the API accounts with their permissions and the Jump Client limit. A factory
 * appliance has only the `admin` / `password` user, which must be changed at first login.
 */
import type { ApplianceSpec, Credentials, Permissions } from './scenarios';

export interface AdminUser {
  user: string;
  password: string;
}

export interface ApiAccount {
  clientId: string;
  clientSecret: string;
}

export interface ApplianceSettings {
  /** Empty in factory state: no site is configured yet. */
  siteHostname: string;
  adminUsers: AdminUser[];
  apiAccounts: ApiAccount[];
  permissions: Permissions;
  maxConcurrentJumpClientUpgrades: number;
}

export const FACTORY_ADMIN: Readonly<AdminUser> = { user: 'admin', password: 'password' };

/** The settings a scenario gives the appliance; factory defaults when it has no accounts. */
export function settingsFromSpec(spec: ApplianceSpec, siteHostname: string): ApplianceSettings {
  if (!spec.credentials) return factorySettings();
  return {
    siteHostname,
    adminUsers: [{ user: spec.credentials.adminUser, password: spec.credentials.adminPassword }],
    apiAccounts: [{ clientId: spec.credentials.apiClientId, clientSecret: spec.credentials.apiClientSecret }],
    permissions: { ...spec.permissions },
    maxConcurrentJumpClientUpgrades: spec.maxConcurrentJumpClientUpgrades,
  };
}

const FACTORY_JUMP_CLIENT_UPGRADES = 20;

export function factorySettings(): ApplianceSettings {
  return {
    siteHostname: '',
    adminUsers: [{ ...FACTORY_ADMIN }],
    apiAccounts: [],
    permissions: { perm_backup: '1', perm_command: 'full' },
    maxConcurrentJumpClientUpgrades: FACTORY_JUMP_CLIENT_UPGRADES,
  };
}

/** A deep copy: a backup keeps the settings as they were when it was made. */
export function copySettings(settings: ApplianceSettings): ApplianceSettings {
  return {
    siteHostname: settings.siteHostname,
    adminUsers: settings.adminUsers.map((admin) => ({ ...admin })),
    apiAccounts: settings.apiAccounts.map((account) => ({ ...account })),
    permissions: { ...settings.permissions },
    maxConcurrentJumpClientUpgrades: settings.maxConcurrentJumpClientUpgrades,
  };
}

/** The accounts as the lab hands them to tests and prints them (API fields null when none). */
export function credentialsOf(settings: ApplianceSettings): Credentials | FactoryCredentials {
  const admin = settings.adminUsers[0] ?? FACTORY_ADMIN;
  const api = settings.apiAccounts[0];
  if (!api) return { adminUser: admin.user, adminPassword: admin.password, apiClientId: null, apiClientSecret: null };
  return { adminUser: admin.user, adminPassword: admin.password, apiClientId: api.clientId, apiClientSecret: api.clientSecret };
}

export interface FactoryCredentials {
  adminUser: string;
  adminPassword: string;
  apiClientId: null;
  apiClientSecret: null;
}
