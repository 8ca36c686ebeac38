/**
 * What services need from the platform. The Electron app passes electron-store / safeStorage
 * implementations (electron/platform); tests and the harness pass ones that need no Electron.
 */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Found while opening, e.g. an unreadable settings file set aside (SETTINGS_UNREADABLE); shown at start-up. */
  readonly startupWarnings?: readonly import('../../shared/errors').AppErrorShape[];
}

/** Secrets are encrypted at rest by the implementation; callers only see plain text in memory. */
export interface SecretStore {
  setSecret(key: string, value: string): Promise<void>;
  getSecret(key: string): Promise<string | undefined>;
  deleteSecret(key: string): Promise<void>;
  /** e.g. SECRETS_NOT_PROTECTED: secrets are kept for this session only; shown at start-up. */
  readonly startupWarnings?: readonly import('../../shared/errors').AppErrorShape[];
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Opens an https page in the operator's browser. */
export interface PageOpener {
  open(url: string): Promise<void>;
}

/** Read access to configured sites for services that act on an appliance. */
export interface SiteDirectory {
  get(siteId: string): Promise<import('../../shared/domain').Site>;
  /** An appliance's endpoint with its secrets, for the appliance client; default: the site's current appliance. */
  endpoint(siteId: string, applianceId?: string): Promise<import('./appliance/types').ApplianceEndpoint>;
}

/** Changes to a site's appliances that a procedure makes (P5 adds the new appliance, pins it, promotes it). */
export interface SiteAppliances {
  addAppliance(siteId: string, input: import('../../shared/domain').ApplianceInput): Promise<import('../../shared/domain').ApplianceSaveResult>;
  updateAppliance(siteId: string, applianceId: string, changes: import('../../shared/domain').ApplianceUpdate): Promise<import('../../shared/domain').ApplianceSaveResult>;
  trustCertificate(siteId: string, fingerprint256: string, applianceId?: string): Promise<import('../../shared/domain').Site>;
  promoteAppliance(siteId: string, applianceId: string): Promise<import('../../shared/domain').Site>;
}

/** A drive the operator can write a transfer bundle to (or read one from). */
export interface RemovableDrive {
  id: string;
  label: string;
  /** Where it is mounted; bundles and key files live in folders below it. */
  mountPath: string;
  sizeBytes: number;
  freeBytes: number;
  /** e.g. vfat, exfat, ntfs, ext4, or "folder" for a chosen folder. */
  filesystem: string;
}

/** Lists removable drives now; system drives are never listed. */
export interface DriveLister {
  list(): Promise<RemovableDrive[]>;
}

/** The operator picks a folder (Electron: a native dialog; harness/tests: configured). */
export interface FolderPicker {
  chooseFolder(purpose: string): Promise<string | undefined>;
}

/** The operator picks where a file is saved ("Save as…"): Electron's save dialog; harness/tests: a configured folder. */
export interface SaveDialog {
  /** The chosen path, or undefined when the operator cancelled. `extensions` e.g. ['pdf']. */
  chooseSavePath(options: { title: string; suggestedName: string; extensions: string[] }): Promise<string | undefined>;
}

/** The operator picks a file to read (e.g. a sites export to import). */
export interface FileChooser {
  chooseFile(options: { title: string; extensions: string[] }): Promise<string | undefined>;
}

/** Shows a file in the system's file manager ("Show in folder"). */
export interface FileRevealer {
  showInFolder(path: string): Promise<void>;
}

/**
 * Prints a self-contained HTML document (its own CSP, no scripts, no remote content) to PDF:
 * Electron's printToPDF in a hidden window in the app, Chromium's page.pdf in the harness and tests.
 */
export interface PdfPrinter {
  print(html: string): Promise<Buffer>;
}
