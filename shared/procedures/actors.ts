/**
 * The side effects procedure machines invoke, by name, with their inputs and outputs.
 * Machines declare them as placeholders; electron/services/procedures supplies the real
 * implementations with `machine.provide({ actors })`. Every implementation rejects with an
 * AppError (shared/errors.ts); machines store `toAppErrorShape(error)` in context.
 */
export interface PackageRef {
  id: string;
  name: string;
  kind: 'base' | 'site';
  version: string;
  /** Base version a site package needs first. */
  requires?: string;
  size: number;
}

/**
 * Which of a site's appliances a step works on, where a procedure has more than one: the
 * appliance being replaced and the new one (hardware migration), A and B (failover pairs).
 */
export type ApplianceRole = 'current' | 'new' | 'A' | 'B';

export interface ActorBaseInput {
  procedureId: string;
  siteId: string;
  /** The step that runs it; progress events carry it. */
  stepId: string;
  /** Absent for single-appliance procedures (P1, P2): the site's one appliance. */
  appliance?: ApplianceRole;
}

/** One credential check: whether it signed in, and in plain words what happened. */
export interface CredentialVerdict {
  ok: boolean;
  message: string;
}

/**
 * `checkCredentials`: signs in with the site's API account (OAuth, a harmless API call) and to
 * the admin interface with its admin account, right before the maintenance window. Resolves
 * with both verdicts (a refused sign-in is a verdict, not a rejection); rejects only when the
 * appliance cannot be asked at all (UNREACHABLE, TLS_*).
 */
export type CheckCredentialsInput = ActorBaseInput;
export interface CheckCredentialsOutput {
  api: CredentialVerdict;
  admin: CredentialVerdict;
  /** ISO time of the check. */
  checkedAt: string;
}

/** `takeBackup`: settings backup via the public API into the vault, hashed and re-verified. */
export interface TakeBackupInput extends ActorBaseInput {
  purpose: 'pre-upgrade' | 'between-base-and-site';
}
export interface TakeBackupOutput {
  vaultId: string;
  fileName: string;
  size: number;
  sha256: string;
  /** ISO time the download completed. */
  createdAt: string;
  applianceVersion: string;
}

/** `probeCertificate` (R3): inspects the certificate the site presents. */
export interface ProbeCertificateOutput {
  ok: boolean;
  findings: { ok: boolean; text: string }[];
  fingerprint256: string;
  validTo: string;
}

/**
 * Where the certificate file of R2 comes from: exported now by the assistant through the
 * appliance's Export form (certificate, private key and chain, modern encryption), or a file the
 * operator exported themselves and saved at `path`.
 */
export type CertificateSource = { kind: 'export' } | { kind: 'file'; path: string };

/**
 * The in-memory ProcedureSecrets slot the host keeps the operator's passphrase in. The machine
 * never sees it: an event for a `secret` input reaches the machine without its value.
 */
export const CERTIFICATE_PASSPHRASE_SLOT = 'certificate-passphrase';

/**
 * `exportCertificate` (R2): reads the passphrase from the procedure's `certificate-passphrase`
 * slot (rejects PASSPHRASE_NEEDED when it is not held, e.g. after a restart), exports the
 * certificate bound to the appliance's active IP address with its private key and chain, modern
 * encryption — or, for `{ kind: 'file' }`, reads the operator's file — stores the file in the vault
 * exactly as received (still passphrase protected), holds it for the procedure, and inspects it.
 * Rejects CERTIFICATE_PASSPHRASE_WRONG, CERTIFICATE_FILE_INVALID, CERTIFICATE_NO_KEY or
 * CERTIFICATE_NO_CHAIN without keeping anything; a file with problems (expired, wrong names…)
 * resolves, its findings say so, and the machine judges it.
 */
export interface ExportCertificateInput extends ActorBaseInput {
  source: CertificateSource;
}

/** One check of a certificate file: `severity` 'fail' blocks, 'warn' is shown, 'ok' passed. */
export interface CertificateFileFinding {
  id: string;
  ok: boolean;
  severity: 'fail' | 'warn' | 'ok';
  text: string;
}

/** `exportCertificate`'s output: the file as kept in the vault and what its inspection found. */
export interface CertificateFileRecord {
  vaultId: string;
  fileName: string;
  /** Of the file as stored (still passphrase protected), in full. */
  sha256: string;
  size: number;
  source: 'export' | 'file';
  subject: string;
  subjectAltNames: string[];
  /** ISO time the leaf certificate expires. */
  notAfter: string;
  /** Of the leaf certificate, "AA:BB:…". */
  fingerprint256: string;
  encryption: 'modern' | 'legacy';
  /** The file holds the chain up to a root. */
  chainComplete: boolean;
  /** The private key in the file belongs to the leaf certificate. */
  keyMatches: boolean;
  keyBits: number;
  findings: CertificateFileFinding[];
  /** ISO time of the inspection. */
  checkedAt: string;
}

/** `checkForUpdates`: the appliance's Updates page after "Check for updates". */
export interface CheckForUpdatesOutput {
  siteVersion: string;
  baseVersion: string;
  updates: PackageRef[];
}

/**
 * `installPackage`: idempotent — if the appliance already runs `pkg.version` it resolves at
 * once; if it is already installing it only waits. Otherwise it starts the install (a package
 * with a `vaultId` was sent by `uploadPackage` before, so for it there is nothing to start),
 * waits while the appliance is down (progress in seconds), then verifies the version.
 * Rejects with BASE_INSTALL_FAILED when a Base install leaves the appliance needing support,
 * INSTALL_FAILED for a failed site install, TIMEOUT when the appliance does not come back.
 */
export interface InstallPackageInput extends ActorBaseInput {
  pkg: PackageRef;
}
export interface InstallPackageOutput {
  verifiedVersion: string;
  finishedAt: string;
  /** What the appliance reported after the install (for the journal). */
  health: string;
}

/** `captureDiagnostics` (R5): status page, health answer and journal saved to the vault. */
export interface CaptureDiagnosticsInput extends ActorBaseInput {
  reason: string;
}
export interface CaptureDiagnosticsOutput {
  vaultId: string;
  sha256: string;
}

/** `releaseHolds`: the procedure no longer needs its vault files (after verified completion). */
export type ReleaseHoldsInput = ActorBaseInput;

/* ---------- P2: manual (offline) update across the air gap ---------- */

/**
 * A package that travels as a file (P2). With `vaultId`, `installPackage` uploads that vault
 * file through Manual Installation instead of asking the appliance to fetch it, then waits and
 * verifies exactly as for P1 (idempotent the same way).
 */
export interface FilePackageRef extends PackageRef {
  sha256: string;
  vaultId?: string;
}

/**
 * `uploadPackage` (P2): sends the vault copy of `pkg` through Manual Installation, with byte
 * progress; the appliance starts installing once it has the whole file. Idempotent: if the
 * appliance already runs `pkg.version` or is installing, it resolves at once with `bytes: 0`.
 * Aborting it stops the upload (CANCELLED) before the appliance installs anything.
 */
export interface UploadPackageInput extends ActorBaseInput {
  pkg: FilePackageRef;
}
export interface UploadPackageOutput {
  /** ISO time the upload finished (or was found unnecessary). */
  uploadedAt: string;
  /** Bytes sent; 0 when the appliance already had the package. */
  bytes: number;
}

/** `checkApplianceClock` (R6): the appliance clock against this computer's, and its NTP setting. */
export type CheckApplianceClockInput = ActorBaseInput;
export interface CheckApplianceClockOutput {
  applianceTime: string;
  operatorTime: string;
  /** Appliance minus operator, seconds. */
  offsetSeconds: number;
  ntpEnabled: boolean;
  ntpServers: string[];
}

/** `generateDownloadKey`: the Appliance Download Key from /appliance > Updates. */
export type GenerateDownloadKeyInput = ActorBaseInput;
export interface GenerateDownloadKeyOutput {
  key: string;
  generatedAt: string;
  applianceSerial: string;
  applianceHostname: string;
  siteVersion: string;
  baseVersion: string;
}

/** `saveKeyFile`: the key, with site, serial, versions and time, written onto the chosen media. */
export interface SaveKeyFileInput extends ActorBaseInput {
  mediaPath: string;
  key: GenerateDownloadKeyOutput;
}
export interface SaveKeyFileOutput {
  path: string;
  sha256: string;
  /**
   * Where the read-back got its bytes: from the drive itself, or (where the platform or file
   * system refuses to bypass it) through this computer's cache, which proves nothing about the
   * stick — the procedure then asks for the stick to be removed and re-inserted and reads the key
   * file again. Absent from results saved before the read-back said so (read as 'drive').
   */
  readBack?: ReadBackRef;
  /** Set with a 'cache' read-back: what the proof says about it, in words. */
  note?: string;
}

/** How a written file was read back: from the drive, or only through this computer's cache. */
export interface ReadBackRef {
  from: 'drive' | 'cache';
  /** Why the drive could not be read directly (the platform or file system refused). */
  reason?: string;
}

/** `verifyTransferBundle`: finds the bundle for this appliance on the media and verifies every file. */
export interface VerifyTransferBundleInput extends ActorBaseInput {
  mediaPath: string;
  expectSerial: string;
}
export interface ProofLineRef {
  file: string;
  size: number;
  /** The SHA-256 computed from the file, in full ('' when it could not be read). */
  sha256: string;
  /** Procedures saved before full digests carry only the first 12 hex characters. */
  sha256Prefix?: string;
  ok: boolean;
  problem?: string;
  /** Set when the bytes were read through this computer's cache, not from the drive. */
  note?: string;
}
export interface VerifyTransferBundleOutput {
  bundleDir: string;
  bundleId: string;
  keyId: string;
  digestCode: string;
  createdAt: string;
  createdBy: string;
  /** In R4 order, as the manifest lists them. */
  packages: FilePackageRef[];
  proof: ProofLineRef[];
}

/** `importBundle`: copies (reassembling parts) each package into the vault, verified, held (R7). */
export interface ImportBundleInput extends ActorBaseInput {
  bundleDir: string;
  packages: FilePackageRef[];
}
export interface ImportBundleOutput {
  /** The same packages with their `vaultId`. */
  packages: FilePackageRef[];
}

/** `readKeyFile` (connected side): the key file(s) on the media; the newest valid one is used. */
export interface ReadKeyFileInput extends ActorBaseInput {
  mediaPath: string;
  /** The key file the operator picked (its file name) where the drive holds keys for several appliances; absent: the newest valid one. */
  keyFileName?: string;
}
export interface ReadKeyFileOutput {
  path: string;
  key: string;
  siteName: string;
  applianceSerial: string;
  applianceHostname: string;
  siteVersion: string;
  baseVersion: string;
  generatedAt: string;
  /** Other key files found and why they were not used. */
  ignored: { path: string; reason: string }[];
  /** Valid key files for other appliances on the same drive (the newest of each), when none was picked: the operator chooses. */
  others?: { path: string; applianceSerial: string; applianceHostname: string; generatedAt: string }[];
}

/** `submitDownloadKey` (connected side): the update server's packages for this key. */
export interface SubmitDownloadKeyInput extends ActorBaseInput {
  key: string;
}
export interface SubmitDownloadKeyOutput {
  keyId: string;
  serial: string;
  packages: (FilePackageRef & { url: string })[];
}

/** `downloadUpdate` (connected side): resumable download into the vault, SHA-256 verified, held (R7). */
export interface DownloadUpdateInput extends ActorBaseInput {
  pkg: FilePackageRef & { url: string };
  serial: string;
}
export interface DownloadUpdateOutput {
  vaultId: string;
  size: number;
  sha256: string;
  /** Bytes already on disk when this attempt started (a resumed download). */
  resumedFrom: number;
}

/** `writeTransferBundle` (connected side): packages + manifest onto the media, read back and verified. */
export interface WriteTransferBundleInput extends ActorBaseInput {
  mediaPath: string;
  keyId: string;
  serial: string;
  applianceHostname?: string;
  siteName?: string;
  /** In R4 order, each with its vaultId. */
  packages: FilePackageRef[];
}
export interface WriteTransferBundleOutput {
  bundleDir: string;
  bundleId: string;
  digestCode: string;
  proof: ProofLineRef[];
  /**
   * How the files were read back. 'cache' proves only this computer's memory: the procedure asks
   * for the stick to be removed and re-inserted and verifies the bundle from the re-mounted drive
   * (verifyTransferBundle) before it counts as written. Absent from results saved before the
   * read-back said so (read as 'drive').
   */
  readBack?: ReadBackRef;
}
