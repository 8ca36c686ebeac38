/**
 * The side effects only a hardware migration (P5) invokes, with their inputs and outputs, and
 * the placeholders its machine declares; electron/services/procedures supplies them with
 * `machine.provide({ actors })`. `appliance` in an input says which appliance the host acts on:
 * 'current' = the old one, 'new' = the new one. Every actor rejects with an AppError. A restored
 * snapshot restarts whatever was in flight with the same input, so each one says why running it
 * again is safe. Secrets never travel in an input: the host reads them from its in-memory
 * ProcedureSecrets slots (HARDWARE_MIGRATION_SECRET_SLOTS).
 */
import { fromPromise } from 'xstate';
import { CERTIFICATE_PASSPHRASE_SLOT, type ActorBaseInput } from '../actors';
import { notProvided } from '../machine-helpers';

/** The operator event whose (stripped) value the host keeps in which ProcedureSecrets slot. */
export const HARDWARE_MIGRATION_SECRET_SLOTS = {
  SET_PASSWORD: 'new-admin-password',
  GIVE_PASSPHRASE: CERTIFICATE_PASSPHRASE_SLOT,
} as const;

export type { CertificateFileRecord } from '../actors';

/**
 * `checkNewAppliance`: probes the address the operator gave: reachable over HTTPS, the
 * certificate it presents (read without trusting it), and whether the factory sign-in
 * admin/password works and the appliance then demands a new password (factory state). An
 * appliance already set up is a verdict (`factory: false`), not a rejection. Rejects
 * UNREACHABLE / TIMEOUT / TLS_INVALID when the address cannot be asked. Changes nothing: safe to re-run.
 */
export interface CheckNewApplianceInput extends ActorBaseInput {
  url: string;
}
export interface CheckNewApplianceOutput {
  url: string;
  certificate: { fingerprint256: string; selfSigned: boolean; subject: string };
  factory: boolean;
  /** What the appliance answered, in plain words (why it is or is not in factory state). */
  message: string;
  checkedAt: string;
}

/**
 * `addNewAppliance`: after the operator compared the fingerprint on the appliance's console,
 * adds it to the site with role 'new' and pins that fingerprint. Idempotent: an appliance of
 * the site with the same address is updated, never added twice.
 */
export interface AddNewApplianceInput extends ActorBaseInput {
  url: string;
  fingerprint256: string;
}
export interface AddNewApplianceOutput {
  applianceId: string;
  addedAt: string;
}

/** What the new appliance says of itself on Status > Basics and IP Configuration. */
export interface NewApplianceFacts {
  model: 'physical' | 'virtual';
  modelName: string;
  serial: string;
  hostname: string;
  ip: string;
  siteVersion: string;
  baseVersion: string;
}

/**
 * `changeFactoryPassword`: reads the new password from the ProcedureSecrets slot
 * 'new-admin-password' (rejects PASSPHRASE_NEEDED when it is gone, e.g. after a restart), stores
 * it with safeStorage as the new appliance's admin password (marked pending), changes the factory
 * password, signs in with the new one and reads the appliance's facts. Refused → rejects
 * PASSWORD_CHANGE_REFUSED with the appliance's words. Safe to re-run: when the factory sign-in
 * no longer works but the stored password does, the change is done and it only reads the facts.
 */
export type ChangeFactoryPasswordInput = ActorBaseInput;
export interface ChangeFactoryPasswordOutput {
  changedAt: string;
  facts: NewApplianceFacts;
}

/**
 * `checkOldAppliance`: the old appliance's facts — model, serial, hostname, IP, site hostname and
 * the versions it runs — through its admin interface. Reads only: safe to re-run.
 */
export type CheckOldApplianceInput = ActorBaseInput;
export interface CheckOldApplianceOutput extends NewApplianceFacts {
  siteHostname: string;
  checkedAt: string;
}

export interface CertificateWarning {
  code: string;
  text: string;
}

/**
 * `importCertificate`: sends the vault file (as stored, still passphrase protected) with the
 * passphrase from the ProcedureSecrets slot 'certificate-passphrase' to the new appliance's
 * Import form. Rejects PASSPHRASE_NEEDED (none in memory), CERTIFICATE_PASSPHRASE_WRONG,
 * CERTIFICATE_FILE_INVALID, VAULT_FILE_MISSING. Safe to re-run: when the appliance already lists
 * a certificate with the file's fingerprint it imports nothing and returns that one.
 */
export interface ImportCertificateInput extends ActorBaseInput {
  vaultId: string;
  fileName: string;
  sha256: string;
  fingerprint256: string;
}
export interface ImportCertificateOutput {
  certificateId: string;
  warnings: CertificateWarning[];
  importedAt: string;
}

/** `readCertificateWarnings`: the warnings the new appliance lists for that certificate now. Reads only. */
export interface ReadCertificateWarningsInput extends ActorBaseInput {
  certificateId: string;
}
export interface ReadCertificateWarningsOutput {
  warnings: CertificateWarning[];
  readAt: string;
}

/**
 * `assignCertificate`: assigns the certificate to the new appliance's IP, then reads the
 * certificate its TLS listener presents (no trust prompt). When it is `expectFingerprint256`
 * the host re-pins the new appliance to it; otherwise it pins nothing and reports what it saw.
 * Safe to re-run: assigning the same certificate to the same IP again changes nothing.
 */
export interface AssignCertificateInput extends ActorBaseInput {
  certificateId: string;
  ip: string;
  expectFingerprint256: string;
}
export interface AssignCertificateOutput {
  presentedFingerprint256: string;
  presentedSubject: string;
  assignedAt: string;
}

/** `readEula`: the licence agreement on the new appliance's Updates page, and whether it is accepted. Reads only. */
export type ReadEulaInput = ActorBaseInput;
export interface ReadEulaOutput {
  accepted: boolean;
  text: string;
  /** SHA-256 of the text, so the journal says which text was accepted. */
  sha256: string;
  readAt: string;
}

/** `acceptEula`: accepts it (only ever after the operator's ACCEPT_EULA). Accepting twice changes nothing. */
export type AcceptEulaInput = ActorBaseInput;
export interface AcceptEulaOutput {
  acceptedAt: string;
}

/** The old appliance's backup the new one restores, and what it must then say of itself. */
export interface RestoreExpectation {
  backup: { vaultId: string; fileName: string; sha256: string };
  siteHostname: string;
  siteVersion: string;
}

/**
 * `checkRestore`: what the new appliance is now, before anything is uploaded — still without the
 * site's settings, restoring, or already restored (the site hostname set). Reads only; every
 * restore starts (and a resumed one restarts) here.
 */
export type CheckRestoreInput = ActorBaseInput & RestoreExpectation;
export interface CheckRestoreOutput {
  state: 'not-restored' | 'restoring' | 'restored';
  checkedAt: string;
}

/**
 * `restoreBackup`: uploads the backup from the vault through Restore Settings (form post) and
 * resolves once the appliance accepted it. Rejects RESTORE_REFUSED with the appliance's words.
 * Entered only after checkRestore said 'not-restored'; restarted after a crash it reads the
 * status first and uploads nothing (bytes 0) when the appliance is restoring or restored.
 */
export type RestoreBackupInput = ActorBaseInput & RestoreExpectation;
export interface RestoreBackupOutput {
  uploadedAt: string;
  bytes: number;
}

/**
 * `verifyRestore`: waits while the new appliance restores, then checks it: the API answers with
 * the old appliance's credentials, and the site hostname and version it reports. On success the
 * host gives the new appliance the old one's stored credentials (the restore brought them).
 * Waits and reads only: safe to re-run. Rejects TIMEOUT when it never comes back.
 */
export type VerifyRestoreInput = ActorBaseInput & RestoreExpectation;
export interface VerifyRestoreOutput {
  apiAnswered: boolean;
  siteHostname: string;
  siteVersion: string;
  verifiedAt: string;
}

/**
 * `waitForSiteAddress`: requests the site address (as users reach it) until the new appliance
 * answers — told apart by its serial, not its certificate, which both appliances share now — or
 * `deadline` passes; a deadline already past asks once. Progress says which appliance answers.
 * Resolves with the last answer either way; rejects only when it cannot ask. Reads only.
 */
export interface WaitForSiteAddressInput extends ActorBaseInput {
  deadline: string;
  newSerial: string;
  oldSerial: string;
}
export interface SiteAddressAnswer {
  answeredBy: 'new' | 'current' | 'other' | 'none';
  serial: string | null;
  checkedAt: string;
}

/**
 * `resetOldAppliance`: Reset Appliance to Factory Defaults on the old appliance. Reads the site
 * address right before posting and rejects RULE_NOT_MET when the old appliance still serves the
 * site. Safe to re-run: when the old appliance is already resetting or in factory state it posts
 * nothing again.
 */
export interface ResetOldApplianceInput extends ActorBaseInput {
  expectSerial: string;
  newSerial: string;
}
export interface ResetOldApplianceOutput {
  resetStartedAt: string;
  /** True when the reset was already under way (or done) and nothing was posted. */
  alreadyUnderWay: boolean;
}

/** `waitForFactoryState`: polls the old appliance until it reports factory state. Reads only; rejects TIMEOUT. */
export interface WaitForFactoryStateInput extends ActorBaseInput {
  expectSerial: string;
}
export interface WaitForFactoryStateOutput {
  factoryAt: string;
}

/**
 * `shutDownOldAppliance`: Shut Down This Appliance on the old appliance, then checks that it stops
 * answering. Safe to re-run: an appliance that no longer answers is only checked.
 */
export interface ShutDownOldApplianceInput extends ActorBaseInput {
  expectSerial: string;
}
export interface ShutDownOldApplianceOutput {
  stoppedAt: string;
}

/** `checkOldApplianceGone`: whether the old appliance's address still answers (after a virtual one was deleted). Reads only. */
export type CheckOldApplianceGoneInput = ActorBaseInput;
export interface CheckOldApplianceGoneOutput {
  gone: boolean;
  checkedAt: string;
}

/**
 * `promoteNewAppliance`: in the site's settings the new appliance becomes 'current' and the old
 * one is marked retired. Idempotent: a site whose 'current' already is the new one is left as it is.
 */
export type PromoteNewApplianceInput = ActorBaseInput;
export interface PromoteNewApplianceOutput {
  promotedAt: string;
}

export const hardwareMigrationActorPlaceholders = {
  checkNewAppliance: fromPromise<CheckNewApplianceOutput, CheckNewApplianceInput>(async () => notProvided('checkNewAppliance')),
  addNewAppliance: fromPromise<AddNewApplianceOutput, AddNewApplianceInput>(async () => notProvided('addNewAppliance')),
  changeFactoryPassword: fromPromise<ChangeFactoryPasswordOutput, ChangeFactoryPasswordInput>(async () => notProvided('changeFactoryPassword')),
  checkOldAppliance: fromPromise<CheckOldApplianceOutput, CheckOldApplianceInput>(async () => notProvided('checkOldAppliance')),
  importCertificate: fromPromise<ImportCertificateOutput, ImportCertificateInput>(async () => notProvided('importCertificate')),
  readCertificateWarnings: fromPromise<ReadCertificateWarningsOutput, ReadCertificateWarningsInput>(async () => notProvided('readCertificateWarnings')),
  assignCertificate: fromPromise<AssignCertificateOutput, AssignCertificateInput>(async () => notProvided('assignCertificate')),
  readEula: fromPromise<ReadEulaOutput, ReadEulaInput>(async () => notProvided('readEula')),
  acceptEula: fromPromise<AcceptEulaOutput, AcceptEulaInput>(async () => notProvided('acceptEula')),
  checkRestore: fromPromise<CheckRestoreOutput, CheckRestoreInput>(async () => notProvided('checkRestore')),
  restoreBackup: fromPromise<RestoreBackupOutput, RestoreBackupInput>(async () => notProvided('restoreBackup')),
  verifyRestore: fromPromise<VerifyRestoreOutput, VerifyRestoreInput>(async () => notProvided('verifyRestore')),
  waitForSiteAddress: fromPromise<SiteAddressAnswer, WaitForSiteAddressInput>(async () => notProvided('waitForSiteAddress')),
  resetOldAppliance: fromPromise<ResetOldApplianceOutput, ResetOldApplianceInput>(async () => notProvided('resetOldAppliance')),
  waitForFactoryState: fromPromise<WaitForFactoryStateOutput, WaitForFactoryStateInput>(async () => notProvided('waitForFactoryState')),
  shutDownOldAppliance: fromPromise<ShutDownOldApplianceOutput, ShutDownOldApplianceInput>(async () => notProvided('shutDownOldAppliance')),
  checkOldApplianceGone: fromPromise<CheckOldApplianceGoneOutput, CheckOldApplianceGoneInput>(async () => notProvided('checkOldApplianceGone')),
  promoteNewAppliance: fromPromise<PromoteNewApplianceOutput, PromoteNewApplianceInput>(async () => notProvided('promoteNewAppliance')),
};
