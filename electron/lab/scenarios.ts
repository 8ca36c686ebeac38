/**
 * Named starting points for the lab. A scenario fixes the appliances, their software, the
 * update catalogue built for each of them, and the demo credentials.
 */
export type UpdateKind = 'base' | 'site';

export interface CatalogueEntry {
  id: string;
  name: string;
  kind: UpdateKind;
  version: string;
  /** Base Software version that must be installed first; null when none. */
  requires: string | null;
  sizeBytes: number;
}

export type ApplianceKind = 'physical' | 'virtual';

export interface ApplianceSpec {
  serial: string;
  kind: ApplianceKind;
  /** Hardware model of a physical appliance ("B300"); ignored for a virtual one. */
  model: string;
  hostname: string;
  /** The appliance's (lab-fictional) IP address: shown on its pages, the target of Assign IP. */
  ip: string;
  siteVersion: string;
  baseVersion: string;
  storedDataMb: number;
  permissions: Permissions;
  maxConcurrentJumpClientUpgrades: number;
  /** Jump Clients this appliance serves at start (all online, on its site version). */
  jumpClients: number;
  /** Shared IP addresses configured on it (Networking > IP Configuration). */
  sharedIps: SharedIpSpec[];
  ntp: NtpSettings;
  catalogue: CatalogueEntry[];
  /** The appliance's own accounts; null = factory state (admin/password, no API account, no site). */
  credentials: Credentials | null;
}

export interface SharedIpSpec {
  ip: string;
  enabled: boolean;
}

/** A failover pair established at start: the primary, the backup and the address they share. */
export interface PairSpec {
  primary: string;
  backup: string;
}

/** What the site front door follows (PROTOCOL.md, "The site address follows the network"). */
export type NetworkMethod = 'shared-ip' | 'dns' | 'nat';

export interface NtpSettings {
  enabled: boolean;
  servers: string[];
}

export interface Permissions {
  perm_backup: '0' | '1';
  perm_command: 'full' | 'read_only' | 'deny';
}

export interface Credentials {
  apiClientId: string;
  apiClientSecret: string;
  adminUser: string;
  adminPassword: string;
}

export interface Scenario {
  name: ScenarioName;
  siteHostname: string;
  /** Appliance A's accounts (the demo credentials). */
  credentials: Credentials;
  appliances: Record<string, ApplianceSpec>;
  /** Scenario `failover`: A primary, B backup, established at start. */
  pair: PairSpec | null;
  network: NetworkMethod;
}

export const SCENARIO_NAMES = ['single', 'migration', 'migration-virtual', 'failover'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const SITE_HOSTNAME = 'support.lab.example';
export const SHARED_IP = '10.20.0.10';
const JUMP_CLIENTS_ON_PRIMARY = 40;
const MIB = 1024 * 1024;

const DEMO_CREDENTIALS: Credentials = {
  apiClientId: 'lab-client',
  apiClientSecret: 'lab-secret-0000',
  adminUser: 'admin',
  adminPassword: 'lab-admin-0000',
};

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIO_NAMES as readonly string[]).includes(value);
}

/** A fresh copy each time, so a running lab can mutate its state without touching the definition. */
export function buildScenario(name: ScenarioName): Scenario {
  const appliances: Record<string, ApplianceSpec> = { A: applianceA() };
  if (name === 'migration') appliances.N = applianceN('physical');
  if (name === 'migration-virtual') appliances.N = applianceN('virtual');
  const failover = name === 'failover';
  if (failover) {
    appliances.A = { ...appliances.A!, sharedIps: [{ ip: SHARED_IP, enabled: true }] };
    appliances.B = applianceB();
  }
  return {
    name,
    siteHostname: SITE_HOSTNAME,
    credentials: { ...DEMO_CREDENTIALS },
    appliances,
    pair: failover ? { primary: 'A', backup: 'B' } : null,
    network: failover ? 'shared-ip' : 'dns',
  };
}

/** The appliance in service: the same in every scenario. */
function applianceA(): ApplianceSpec {
  return {
    serial: 'LAB-A-1001',
    kind: 'physical',
    model: 'B300',
    hostname: 'appliance-a.lab.example',
    ip: '10.20.0.11',
    siteVersion: '23.1.1',
    baseVersion: '6.1.0',
    storedDataMb: 2048,
    permissions: { perm_backup: '1', perm_command: 'full' },
    maxConcurrentJumpClientUpgrades: 20,
    jumpClients: JUMP_CLIENTS_ON_PRIMARY,
    sharedIps: [],
    // Without NTP the clock can drift, which is what makes a skewed-clock download key real.
    ntp: { enabled: false, servers: [] },
    catalogue: upgradeCatalogue(),
    credentials: { ...DEMO_CREDENTIALS },
  };
}

/** The backup of the pair in scenario `failover`: A's twin with its own serial, hostname and IP. */
function applianceB(): ApplianceSpec {
  return {
    ...applianceA(),
    serial: 'LAB-B-1002',
    hostname: 'appliance-b.lab.example',
    ip: '10.20.0.12',
    // A pair syncs its Jump Client list: B knows the same clients and, once it runs a newer site
    // version, they upgrade against it as they reach it.
    jumpClients: JUMP_CLIENTS_ON_PRIMARY,
    sharedIps: [{ ip: SHARED_IP, enabled: false }],
  };
}

/** What the update server offers an appliance on 23.1.1 / 6.1.0 (built for its serial by the catalogue). */
function upgradeCatalogue(): CatalogueEntry[] {
  return [
    {
      id: 'base-6.2.0',
      name: 'Base Software 6.2.0',
      kind: 'base',
      version: '6.2.0',
      requires: null,
      sizeBytes: 6 * MIB,
    },
    {
      id: 'site-23.2.1',
      name: `Remote Support 23.2.1 (${SITE_HOSTNAME})`,
      kind: 'site',
      version: '23.2.1',
      requires: '6.2.0',
      sizeBytes: 10 * MIB,
    },
  ];
}

/** The replacement, fresh from the factory: no site software, no accounts, nothing configured. */
function applianceN(kind: ApplianceKind): ApplianceSpec {
  return {
    serial: 'LAB-N-2001',
    kind,
    model: 'B300',
    hostname: 'appliance-n.lab.example',
    ip: '10.20.0.21',
    siteVersion: '',
    baseVersion: '6.1.0',
    storedDataMb: 0,
    permissions: { perm_backup: '1', perm_command: 'full' },
    maxConcurrentJumpClientUpgrades: 20,
    jumpClients: 0,
    sharedIps: [],
    ntp: { enabled: true, servers: ['pool.ntp.example'] },
    catalogue: [
      {
        id: 'site-23.1.1',
        name: `Remote Support 23.1.1 (${SITE_HOSTNAME})`,
        kind: 'site',
        version: '23.1.1',
        requires: '6.1.0',
        sizeBytes: 10 * MIB,
      },
    ],
    credentials: null,
  };
}
