/**
 * The appliance client's public shape. Implemented in ./client.ts (axios, OAuth, XML) and
 * ./admin-session.ts (the admin web interface's form posts). Every method rejects with an
 * AppError (shared/errors.ts) whose code says what went wrong.
 */
import type { CertificateInfo } from '../../../shared/domain';

export interface ApplianceEndpoint {
  /** https://host[:port] of the appliance (no trailing slash). */
  baseUrl: string;
  /** Colon-separated upper-case SHA-256 of the trusted certificate. Missing = not trusted yet. */
  pinnedFingerprint256?: string;
  apiClientId: string;
  apiClientSecret: string;
  adminUser?: string;
  adminPassword?: string;
}

export interface ApiInfo {
  apiVersion: string;
  /** Appliance clock, Unix seconds. */
  timestamp: number;
  /** e.g. { perm_backup: '1', perm_command: 'full' } */
  permissions: Record<string, string>;
}

export interface Health {
  applianceId: string;
  hostname: string;
  version: string;
  success: boolean;
  errorMessage?: string;
  failoverRole: 'none' | 'primary' | 'backup';
  /** The shared IPs Enabled on this appliance. */
  sharedIps: string[];
  /** Kept for older callers: set only when a sync has finished once (at = Unix seconds). */
  lastDataSync?: { at: number; status: string };
  /** Appliance clock, Unix seconds, of the last finished data sync; null when never. */
  lastSyncAt: number | null;
  /** success | failed | running | '' (never synced, or not in a relationship). */
  lastSyncStatus: string;
}

export type FailoverRole = 'none' | 'primary' | 'backup';

/** /login > Management > Failover, as the page shows it. */
export interface FailoverStatus {
  role: FailoverRole;
  /** Hostname of the peer; '' when none. */
  peer: string;
  /** ISO time of the last finished sync; null when never. */
  lastSyncAt: string | null;
  lastSyncStatus: 'success' | 'failed' | 'running' | '';
  lastSyncMessage: string;
}

/** The guide's four fields of Establish Relationship. */
export interface EstablishFields {
  /** How this appliance reaches the new backup. */
  backupHost: string;
  backupPort: number;
  /** How the backup reaches back to this appliance. */
  primaryHost: string;
  primaryPort: number;
}

/** One shared IP configured on the appliance, and whether it is Enabled here. */
export interface SharedIpSetting {
  ip: string;
  enabled: boolean;
}

/** Jump > Jump Clients: the counts, and Maximum Number of Concurrent Jump Client Upgrades (null if not shown). */
export interface JumpClientTotals {
  total: number;
  online: number;
  upgrading: number;
  pending: number;
  maxConcurrentUpgrades: number | null;
}

export interface FailoverRoleChange {
  role: 'primary' | 'backup';
  /** Run a data sync first and swap roles only when it succeeds. */
  dataSyncFirst: boolean;
  /** Swap at once, even when the peer cannot be reached. */
  force: boolean;
}

export interface StatusBasics {
  serial: string;
  hostname: string;
  siteVersion: string;
  baseVersion: string;
  /** Appliance clock as the page shows it, ISO 8601. */
  time: string;
  /** running | installing | restoring | resetting | needs-support | factory */
  status: string;
  storedDataMb: number;
  /** The site this appliance serves; empty in factory state (no site configured). */
  siteHostname: string;
  /** As the page shows it: "B300 (physical)" or "Virtual appliance"; empty if not shown. */
  model: string;
}

export interface AvailableUpdate {
  id: string;
  name: string;
  kind: 'base' | 'site';
  version: string;
  /** Base version that must be installed first, for site packages. */
  requires?: string;
  size: number;
}

export interface TransferProgress {
  done: number;
  total: number | null;
}

export interface ApplianceApi {
  getApiInfo(): Promise<ApiInfo>;
  checkHealth(): Promise<Health>;
  /**
   * set_failover_role: resolves with the role the appliance took once it accepted the change.
   * Rejects NOT_IN_RELATIONSHIP when the appliance is in no relationship.
   */
  setFailoverRole(change: FailoverRoleChange): Promise<{ failoverRole: FailoverRole }>;
  /** Streams the settings backup to `destPath` (written as destPath + '.part', fsynced, renamed). */
  downloadBackup(
    destPath: string,
    options?: { signal?: AbortSignal; onProgress?: (p: TransferProgress) => void },
  ): Promise<{ size: number; sha256: string }>;
}

export interface DownloadKey {
  /** The Appliance Download Key, as the page shows it (white space removed). */
  key: string;
  /** When the appliance made it, by the appliance's own clock (ISO 8601). */
  generatedAt: string;
}

export interface IpConfiguration {
  /** The appliance's own IP address (what Assign IP binds a certificate to); empty if not shown. */
  ipAddress: string;
  ntpEnabled: boolean;
  ntpServers: string[];
}

export interface UploadOptions {
  /** The filename the form post carries; default the file's own name. */
  fileName?: string;
  signal?: AbortSignal;
  /** About ten times a second while the file's bytes are sent; total is the file's size. */
  onProgress?: (p: TransferProgress) => void;
}

/** A certificate the appliance holds (Security > Certificates). */
export interface ApplianceCertificate {
  id: string;
  /** Issued to (the certificate's common name). */
  subject: string;
  subjectAltNames: string[];
  /** ISO 8601. */
  notAfter: string;
  fingerprint256: string;
  assignedIps: string[];
  selfSigned: boolean;
  /** The appliance's own warnings: incomplete-chain, hostname-not-covered, expired, expiring-soon, self-signed. */
  warnings: CertificateWarning[];
}

export interface CertificateWarning {
  code: string;
  text: string;
}

export interface CertificateExportOptions {
  certificateId: string;
  passphrase: string;
  /** Default false. */
  includeKey?: boolean;
  /** Default false. */
  includeChain?: boolean;
  /** Default 'modern' (AES-256, PBKDF2). */
  encryption?: 'modern' | 'legacy';
}

export interface AdminSession {
  statusBasics(): Promise<StatusBasics>;
  checkForUpdates(): Promise<AvailableUpdate[]>;
  /** Starts the install of one available update; resolves once the appliance accepted it. */
  installUpdate(updateId: string): Promise<void>;
  /** Updates > Download Key: a new key for the update server (stamped with the appliance clock). */
  generateDownloadKey(): Promise<DownloadKey>;
  /** Networking > IP Configuration: whether NTP keeps the appliance clock right. */
  ipConfiguration(): Promise<IpConfiguration>;
  /**
   * Updates > Manual Installation: posts the package file as the page's form does, streamed
   * from disk. Resolves once the appliance accepted it (its install has then started).
   */
  uploadPackage(filePath: string, options?: UploadOptions): Promise<void>;
  /** Security > Certificates: every certificate the appliance holds. */
  listCertificates(): Promise<ApplianceCertificate[]>;
  /** Export: the PKCS#12 file the appliance returns, with the name it gives it. */
  exportCertificate(options: CertificateExportOptions): Promise<{ fileName: string; bytes: Buffer }>;
  /** Import: posts a PKCS#12 file; resolves with the new certificate's id and the appliance's warnings. */
  importCertificate(options: { fileName: string; bytes: Buffer; passphrase: string }): Promise<{ certificateId: string; warnings: CertificateWarning[] }>;
  /** Assign IP: from then on the appliance presents that certificate on that address. */
  assignCertificate(certificateId: string, ip: string): Promise<void>;
  /**
   * The administrator password (the forced change of a factory appliance, or any later one).
   * Later sign-ins of this session use `next`. Rejects with PASSWORD_CHANGE_REFUSED and the
   * appliance's words when it refuses.
   */
  changePassword(current: string, next: string): Promise<void>;
  /** Updates: whether the End User License Agreement is accepted, and its text while it is not. */
  eula(): Promise<{ accepted: boolean; text: string }>;
  /** Accepts the EULA (a no-op when already accepted). Call only after a person accepted it. */
  acceptEula(): Promise<void>;
  /**
   * /login > Software Management > Restore Settings: posts the backup file as the page's form
   * does, streamed from disk. Resolves once the appliance accepted it (it is then `restoring`,
   * answering 503, and every session ends). Rejects with RESTORE_REFUSED and the appliance's words.
   */
  restoreBackup(filePath: string, options?: UploadOptions): Promise<void>;
  /** Status > Basics > Reset to Factory Defaults: resolves once the appliance started resetting. */
  resetToFactory(): Promise<void>;
  /** Status > Basics > Shut Down: resolves once the appliance said it is shutting down. */
  shutDown(): Promise<void>;
  /** /login > Management > Failover: this appliance's role, its peer and the last data sync. */
  failoverStatus(): Promise<FailoverStatus>;
  /** Sync Now (on the primary). Rejects SYNC_RUNNING while one runs, NOT_IN_RELATIONSHIP when not primary. */
  syncNow(): Promise<void>;
  /** Break Failover Relationships: both appliances' roles become none. Rejects NOT_IN_RELATIONSHIP when none. */
  breakFailover(): Promise<void>;
  /** Establish Relationship with this appliance as primary. Rejects FAILOVER_REFUSED with the appliance's words. */
  establishFailover(fields: EstablishFields): Promise<void>;
  /** Security: the inter-appliance key (a secret: compare it, never store or show it). */
  interApplianceKey(): Promise<string>;
  /** Security: sets the inter-appliance key (16–64 hex characters). */
  setInterApplianceKey(key: string): Promise<void>;
  /** IP Configuration: the shared IPs configured here and whether each is Enabled. */
  sharedIps(): Promise<SharedIpSetting[]>;
  /** IP Configuration: enables or disables one shared IP on this appliance. */
  setSharedIp(ip: string, enabled: boolean): Promise<void>;
  /** Jump > Jump Clients: the live counts. */
  jumpClients(): Promise<JumpClientTotals>;
  /**
   * Saves Maximum Number of Concurrent Jump Client Upgrades through the page's own form (session
   * cookie + CSRF), then reads the page again; rejects unless it shows `limit`.
   */
  setJumpClientLimit(limit: number): Promise<JumpClientTotals>;
}

export type { CertificateInfo };
