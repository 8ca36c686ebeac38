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

export interface ActorBaseInput {
  procedureId: string;
  siteId: string;
  /** The step that runs it; progress events carry it. */
  stepId: string;
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

/** `checkForUpdates`: the appliance's Updates page after "Check for updates". */
export interface CheckForUpdatesOutput {
  siteVersion: string;
  baseVersion: string;
  updates: PackageRef[];
}

/**
 * `installPackage`: idempotent — if the appliance already runs `pkg.version` it resolves at
 * once; if it is already installing it only waits. Otherwise it starts the install, waits
 * while the appliance is down (progress in seconds), then verifies the version.
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
