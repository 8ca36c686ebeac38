/**
 * One simulated appliance: its software, status, clock, API tokens, faults, installs, the
 * backups it served, the download keys it generated and the packages uploaded to it. Time-dependent state (installs, token expiry) is read from the lab
 * clock, so `settle()` brings it up to date whenever anyone looks, and an unref'd timer
 * finishes an install even when nobody does.
 */
import { randomBytes } from 'node:crypto';
import { AdminSessions } from './admin-sessions';
import type { CertificateStore } from './certificate-store';
import { finishJob, type LifecycleJob } from './appliance-lifecycle';
import { settingsFromSpec, type ApplianceSettings } from './appliance-settings';
import { issueDownloadKey, keyIdOf } from './download-keys';
import { FailoverState } from './failover-state';
import { JumpClients } from './jump-clients';
import type { LabClock } from './lab-clock';
import { withoutFault, type Faults } from './faults';
import type { ApplianceKind, ApplianceSpec, CatalogueEntry, NtpSettings, Permissions, UpdateKind } from './scenarios';

/** `off` after Shut Down (its listener is closed); restoring and resetting answer 503 like installing. */
export type ApplianceStatus = 'running' | 'installing' | 'restoring' | 'resetting' | 'needs-support' | 'off';

/** How the package reached the appliance: fetched by itself, or uploaded to Manual Installation. */
export type InstallSource = 'automatic' | 'manual';

export interface InstallInProgress {
  updateId: string;
  kind: UpdateKind;
  version: string;
  source: InstallSource;
  startedAtMs: number;
  endsAtMs: number;
}

export interface InstallRecord {
  updateId: string;
  kind: UpdateKind;
  version: string;
  source: InstallSource;
  startedAt: string;
  endedAt: string;
  result: 'installed' | 'failed';
}

export interface DownloadKeyRecord {
  /** ISO 8601 by the appliance clock, as stamped in the key. */
  issuedAt: string;
  /** ISO 8601 of the true (lab wall) time the key was made: what the vendor's records would say. */
  generatedAt: string;
  keyId: string;
}

export type UploadResult =
  | 'installing'
  | 'too-large'
  | 'bad-request'
  | 'forbidden'
  | 'not-a-package'
  | 'wrong-appliance'
  | 'damaged'
  | 'refused'
  | 'dropped';

export interface UploadRecord {
  /** As sent by the browser or client; null when the upload never got that far. */
  filename: string | null;
  /** Bytes of the file part received. */
  bytes: number;
  /** SHA-256 of the whole file; null when it did not arrive complete. */
  sha256: string | null;
  result: UploadResult;
}

export interface BackupRecord {
  at: string;
  filename: string;
  sha256: string;
  size: number;
  /** Site software version the backup was made on: a restore needs the same. */
  siteVersion: string;
  /** The settings as they were when the backup was made (lab only; not in the state). */
  settings: ApplianceSettings;
}

export interface RestoredFrom {
  serial: string;
  sha256: string;
  at: string;
}

const DEFAULT_TOKEN_LIFETIME_S = 3600;
const BASE_INSTALL_S = 300;
const SITE_INSTALL_BASE_S = 600;
const SITE_INSTALL_S_PER_MB = 0.5;

const BASE_FAILURE_MESSAGE =
  'Base software update failed during installation. Contact BeyondTrust Technical Support and do not restart the appliance.';

export class Appliance {
  readonly id: string;
  readonly serial: string;
  readonly hostname: string;
  readonly ip: string;
  readonly kind: ApplianceKind;
  readonly model: string;
  readonly storedDataMb: number;
  siteVersion: string;
  baseVersion: string;
  status: ApplianceStatus = 'running';
  healthError = '';
  faults: Faults = {};
  installing: InstallInProgress | null = null;
  readonly installed: InstallRecord[] = [];
  readonly backups: BackupRecord[] = [];
  readonly downloadKeys: DownloadKeyRecord[] = [];
  readonly uploads: UploadRecord[] = [];
  ntp: NtpSettings;
  sessions = new AdminSessions();
  /** Result of the last "Check for updates"; null before any check. */
  available: CatalogueEntry[] | null = null;
  settings: ApplianceSettings;
  /** Factory defaults: nothing restored or configured since manufacture or the last reset. */
  factory: boolean;
  passwordChangeRequired: boolean;
  eulaAccepted: boolean;
  restoredFrom: RestoredFrom | null = null;
  /** Restores this appliance accepted and started: a client that repeats one blindly shows here. */
  restoresStarted = 0;
  /** A restore or factory reset under way (appliance-lifecycle.ts). */
  job: LifecycleJob | null = null;
  /** Management > Failover and Security, and the shared IPs of Networking (failover-pair.ts drives pairs). */
  readonly failover: FailoverState;
  readonly jumpClients: JumpClients;

  readonly tokens = new Map<string, number>();
  private installTimer: NodeJS.Timeout | null = null;

  constructor(
    id: string,
    spec: ApplianceSpec,
    readonly clock: LabClock,
    /** Security > Certificates: what it holds and presents on its IP. */
    readonly certificates: CertificateStore,
    siteHostname = '',
  ) {
    this.id = id;
    this.serial = spec.serial;
    this.hostname = spec.hostname;
    this.ip = spec.ip;
    this.kind = spec.kind;
    this.model = spec.model;
    this.storedDataMb = spec.storedDataMb;
    this.siteVersion = spec.siteVersion;
    this.baseVersion = spec.baseVersion;
    this.ntp = { enabled: spec.ntp.enabled, servers: [...spec.ntp.servers] };
    this.settings = settingsFromSpec(spec, siteHostname);
    this.factory = spec.credentials === null;
    this.passwordChangeRequired = this.factory;
    this.eulaAccepted = !this.factory;
    this.failover = new FailoverState(spec.sharedIps);
    this.jumpClients = new JumpClients(spec.jumpClients);
  }

  get maxConcurrentJumpClientUpgrades(): number {
    return this.settings.maxConcurrentJumpClientUpgrades;
  }

  /** The appliance's own clock (wall time plus injected skew), Unix ms. */
  nowMs(): number {
    return this.clock.wallNow() + (this.faults['clock-skew'] ?? 0) * 1000;
  }

  /** Unix ms by this appliance's clock of the wall-time moment `wallMs`. */
  applianceTimeOf(wallMs: number): number {
    return wallMs + this.clockOffsetSeconds * 1000;
  }

  get clockOffsetSeconds(): number {
    return this.faults['clock-skew'] ?? 0;
  }

  permissions(): Permissions {
    return { ...this.settings.permissions, ...this.faults.permission };
  }

  issueToken(): { accessToken: string; expiresIn: number } {
    const expiresIn = this.faults['token-lifetime'] ?? DEFAULT_TOKEN_LIFETIME_S;
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, this.clock.wallNow() + expiresIn * 1000);
    return { accessToken, expiresIn };
  }

  isTokenValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.clock.wallNow()) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }

  /** Generates an Appliance Download Key stamped by this appliance's clock, and records it. */
  generateDownloadKey(secret: Buffer): { key: string; issuedAt: string } {
    const issuedAtS = Math.floor(this.nowMs() / 1000);
    const key = issueDownloadKey(secret, {
      serial: this.serial,
      siteVersion: this.siteVersion,
      baseVersion: this.baseVersion,
      issuedAt: issuedAtS,
    });
    const record = {
      issuedAt: new Date(issuedAtS * 1000).toISOString(),
      generatedAt: new Date(this.clock.wallNow()).toISOString(),
      keyId: keyIdOf(key),
    };
    this.downloadKeys.push(record);
    return { key, issuedAt: record.issuedAt };
  }

  /**
   * Networking > IP Configuration: with NTP on and a server to ask, the clock synchronises,
   * so an injected clock skew is gone (setting the fault again skews it again).
   */
  setNtp(servers: string[]): void {
    this.ntp = { enabled: servers.length > 0, servers };
    if (this.ntp.enabled) this.faults = withoutFault(this.faults, 'clock-skew');
  }

  /** Why the appliance refuses to install `entry`, or null when it accepts. */
  refusalFor(entry: CatalogueEntry | undefined): string | null {
    this.settle();
    if (!entry) return 'That update is not available for this appliance. Check for updates again.';
    if (this.status === 'needs-support') {
      return 'The appliance needs attention from BeyondTrust Technical Support; no update can be installed.';
    }
    if (this.status === 'installing') return 'Another update is being installed.';
    if (!this.eulaAccepted) {
      return 'Accept the End User License Agreement on this page before installing software on this appliance.';
    }
    if (entry.kind === 'site' && entry.requires && compareVersions(this.baseVersion, entry.requires) < 0) {
      return `This update requires Base Software ${entry.requires}. Install it first.`;
    }
    return null;
  }

  /** Every install, automatic or manual, starts here, so both take the same time and fail the same way. */
  startInstall(entry: CatalogueEntry, source: InstallSource): void {
    const startedAtMs = this.clock.now();
    const durationS =
      entry.kind === 'base' ? BASE_INSTALL_S : SITE_INSTALL_BASE_S + this.storedDataMb * SITE_INSTALL_S_PER_MB;
    this.status = 'installing';
    this.installing = {
      updateId: entry.id,
      kind: entry.kind,
      version: entry.version,
      source,
      startedAtMs,
      endsAtMs: startedAtMs + durationS * 1000,
    };
    this.scheduleCompletion();
  }

  /** Applies whatever the lab clock says has happened by now. */
  settle(): void {
    if (this.job && this.clock.now() >= this.job.endsAtMs) {
      const job = this.job;
      this.job = null;
      finishJob(this, job);
    }
    const install = this.installing;
    if (!install || this.clock.now() < install.endsAtMs) return;
    this.clearTimer();
    this.installing = null;
    const failed = install.kind === 'base' && this.faults['base-install-failure'] === true;
    if (failed) {
      this.status = 'needs-support';
      this.healthError = BASE_FAILURE_MESSAGE;
    } else {
      this.status = 'running';
      if (install.kind === 'base') this.baseVersion = install.version;
      else {
        this.siteVersion = install.version;
        // The Jump Clients it serves now run an older version than the site.
        this.jumpClients.markAllPending(install.endsAtMs, this.maxConcurrentJumpClientUpgrades);
      }
      this.available = this.available?.filter((entry) => entry.id !== install.updateId) ?? null;
    }
    this.installed.push({
      updateId: install.updateId,
      kind: install.kind,
      version: install.version,
      source: install.source,
      startedAt: new Date(install.startedAtMs).toISOString(),
      endedAt: new Date(install.endsAtMs).toISOString(),
      result: failed ? 'failed' : 'installed',
    });
  }

  /** Called after the lab clock jumped or changed speed. */
  scheduleCompletion(): void {
    this.clearTimer();
    const endsAtMs = this.installing?.endsAtMs ?? this.job?.endsAtMs;
    if (endsAtMs === undefined) return;
    this.installTimer = setTimeout(() => this.settle(), this.clock.realDelayUntil(endsAtMs) + 1);
    // The lab must never keep a test process or the CLI alive on its own.
    this.installTimer.unref();
  }

  dispose(): void {
    this.clearTimer();
  }

  snapshot() {
    this.settle();
    return {
      serial: this.serial,
      hostname: this.hostname,
      ip: this.ip,
      kind: this.kind,
      model: this.model,
      siteHostname: this.settings.siteHostname,
      factory: this.factory,
      passwordChangeRequired: this.passwordChangeRequired,
      eulaAccepted: this.eulaAccepted,
      restoredFrom: this.restoredFrom ? { ...this.restoredFrom } : null,
      restoresStarted: this.restoresStarted,
      ...(this.job ? { job: { status: this.job.status, endsAt: new Date(this.job.endsAtMs).toISOString() } } : {}),
      siteVersion: this.siteVersion,
      baseVersion: this.baseVersion,
      status: this.status,
      healthError: this.healthError,
      clockOffsetSeconds: this.clockOffsetSeconds,
      applianceTime: new Date(this.nowMs()).toISOString(),
      permissions: this.permissions(),
      storedDataMb: this.storedDataMb,
      maxConcurrentJumpClientUpgrades: this.maxConcurrentJumpClientUpgrades,
      jumpClients: this.jumpClients.counts(this.clock.now(), this.maxConcurrentJumpClientUpgrades),
      sharedIps: this.failover.sharedIps.map((entry) => ({ ...entry })),
      interApplianceKeySet: this.failover.interApplianceKey !== '',
      ntp: { enabled: this.ntp.enabled, servers: [...this.ntp.servers] },
      ...(this.installing
        ? {
            installing: {
              updateId: this.installing.updateId,
              source: this.installing.source,
              startedAt: new Date(this.installing.startedAtMs).toISOString(),
              endsAt: new Date(this.installing.endsAtMs).toISOString(),
            },
          }
        : {}),
      backups: this.backups.map(({ settings: _settings, ...backup }) => backup),
      installed: this.installed.map((record) => ({ ...record })),
      downloadKeys: this.downloadKeys.map((record) => ({ ...record })),
      uploads: this.uploads.map((record) => ({ ...record })),
      faults: { ...this.faults },
      certificates: this.certificates.snapshot(),
    };
  }

  private clearTimer(): void {
    if (this.installTimer) clearTimeout(this.installTimer);
    this.installTimer = null;
  }
}

/** Numeric dotted-version comparison: negative when a < b. */
function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
