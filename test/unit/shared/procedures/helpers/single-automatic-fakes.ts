/**
 * Deterministic stand-ins for the P1 side effects: fixed times, hashes and packages, and
 * fake actors that play back a script of outcomes and log every call in order.
 */
import { fromCallback, fromPromise } from 'xstate';
import { AFTERCARE_ACTORS } from './aftercare-fakes';
import type {
  CaptureDiagnosticsOutput,
  CertificateFileRecord,
  CheckCredentialsOutput,
  CheckForUpdatesOutput,
  InstallPackageOutput,
  PackageRef,
  ProbeCertificateOutput,
  TakeBackupOutput,
} from '../../../../../shared/procedures/actors';
import type { ProcedureInput } from '../../../../../shared/procedures/definition';
import { AppError } from '../../../../../shared/errors';

export const INPUT: ProcedureInput = {
  procedureId: 'proc-1',
  siteId: 'site-1',
  siteName: 'Practice lab',
  applianceUrl: 'https://127.0.0.1:9443',
  operator: 'Dana Field',
};

export const WINDOW_AT = '2025-06-01T20:00:00.000Z';
/** Every operator event after the window start happens "later" at a fixed time. */
export const LATER = '2025-06-01T20:05:00.000Z';
export const BEFORE_WINDOW = '2025-06-01T19:00:00.000Z';
export const BACKUP_AT = '2025-06-01T20:02:00.000Z';
export const BASE_DONE_AT = '2025-06-01T20:20:00.000Z';
export const BETWEEN_BACKUP_AT = '2025-06-01T20:21:00.000Z';
export const SITE_DONE_AT = '2025-06-01T20:50:00.000Z';

export const BASE: PackageRef = { id: 'base-6.2.0', name: 'Base Software', kind: 'base', version: '6.2.0', size: 200_000_000 };
export const SITE: PackageRef = {
  id: 'site-23.2.1',
  name: 'Site Software',
  kind: 'site',
  version: '23.2.1',
  requires: '6.2.0',
  size: 900_000_000,
};
export const SITE_ON_CURRENT_BASE: PackageRef = { ...SITE, id: 'site-23.1.2', version: '23.1.2', requires: '6.1.0' };
export const SITE_NEEDING_UNLISTED_BASE: PackageRef = { ...SITE, id: 'site-24.1.0', version: '24.1.0', requires: '7.0.0' };

/** The root site watch of P1, P2, P3, P4 and P5, probing nothing (machine tests have no site). */
export const quietSiteWatch = { watchSite: fromCallback(() => undefined) };

export function backup(purpose: 'pre-upgrade' | 'between-base-and-site', createdAt: string): TakeBackupOutput {
  const tag = purpose === 'pre-upgrade' ? 'a' : 'b';
  return {
    vaultId: `vault-${purpose}-${createdAt}`,
    fileName: `appliance-a-${purpose}.nsb`,
    size: 3_145_728,
    sha256: tag.repeat(64),
    createdAt,
    applianceVersion: purpose === 'pre-upgrade' ? '23.1.1' : '23.1.1 (Base 6.2.0)',
  };
}

export const HEALTHY_CERTIFICATE: ProbeCertificateOutput = {
  ok: true,
  findings: [
    { ok: true, text: 'Valid for 300 more days.' },
    { ok: true, text: 'Chain complete up to a trusted root.' },
    { ok: true, text: 'Private key matches the certificate.' },
    { ok: true, text: 'Covers support.lab.example.' },
  ],
  fingerprint256: 'AB:CD:EF',
  validTo: '2026-03-28T00:00:00.000Z',
};

export const EXPIRING_CERTIFICATE: ProbeCertificateOutput = {
  ...HEALTHY_CERTIFICATE,
  ok: false,
  findings: [{ ok: false, text: 'Expires in 5 days.' }, ...HEALTHY_CERTIFICATE.findings.slice(1)],
};

export const CERTIFICATE_CHECKED_AT = '2025-06-01T20:04:00.000Z';
/** The file path an operator gives for a certificate they exported themselves. */
export const OWN_CERTIFICATE_PATH = '/home/tech/Desktop/appliance-a.p12';

/** The certificate exported with key and chain, checked: the very certificate the site presents. */
export const GOOD_EXPORT: CertificateFileRecord = {
  vaultId: 'vault-cert-export',
  fileName: 'appliance-a.lab.example.p12',
  sha256: '7'.repeat(64),
  size: 6_144,
  source: 'export',
  subject: 'appliance-a.lab.example',
  subjectAltNames: ['appliance-a.lab.example', 'support.lab.example'],
  notAfter: HEALTHY_CERTIFICATE.validTo,
  fingerprint256: HEALTHY_CERTIFICATE.fingerprint256,
  encryption: 'modern',
  chainComplete: true,
  keyMatches: true,
  keyBits: 2048,
  findings: [
    { id: 'chain', ok: true, severity: 'ok', text: 'The chain is complete up to Lab Root CA.' },
    { id: 'key', ok: true, severity: 'ok', text: 'The private key matches the certificate.' },
    { id: 'expiry', ok: true, severity: 'ok', text: 'Valid for 300 more days.' },
    { id: 'names', ok: true, severity: 'ok', text: 'Covers support.lab.example and appliance-a.lab.example.' },
  ],
  checkedAt: CERTIFICATE_CHECKED_AT,
};

/** The operator's own file of the same certificate. */
export const GOOD_FILE: CertificateFileRecord = { ...GOOD_EXPORT, vaultId: 'vault-cert-file', fileName: 'appliance-a.p12', sha256: '8'.repeat(64), source: 'file' };

/** An export whose certificate has expired: the step blocks on it. */
export const EXPIRED_EXPORT: CertificateFileRecord = {
  ...GOOD_EXPORT,
  vaultId: 'vault-cert-expired',
  sha256: '6'.repeat(64),
  notAfter: '2025-05-01T00:00:00.000Z',
  findings: [
    ...GOOD_EXPORT.findings.filter((finding) => finding.id !== 'expiry'),
    { id: 'expiry', ok: false, severity: 'fail', text: 'The certificate expired on 1 May 2025.' },
  ],
};

export const certificateErrors = {
  passphraseWrong: new AppError('CERTIFICATE_PASSPHRASE_WRONG', 'The passphrase does not open this file.', 'Type the passphrase again.'),
  passphraseNeeded: new AppError('PASSPHRASE_NEEDED', 'The assistant no longer holds the passphrase: it restarted since you typed it.', 'Type the passphrase again.'),
};

export function updates(list: PackageRef[]): CheckForUpdatesOutput {
  return { siteVersion: '23.1.1', baseVersion: '6.1.0', updates: list };
}

export function installed(pkg: PackageRef, finishedAt: string, verifiedVersion = pkg.version): InstallPackageOutput {
  return { verifiedVersion, finishedAt, health: 'healthy' };
}

export const CREDENTIALS_CHECKED_AT = '2025-06-01T19:58:00.000Z';
export const CREDENTIALS_OK: CheckCredentialsOutput = {
  api: { ok: true, message: 'The API account signed in.' },
  admin: { ok: true, message: 'The admin account signed in.' },
  checkedAt: CREDENTIALS_CHECKED_AT,
};
export const ADMIN_REFUSED: CheckCredentialsOutput = {
  ...CREDENTIALS_OK,
  admin: { ok: false, message: 'The appliance refused the admin user name or password.' },
};
export const API_REFUSED: CheckCredentialsOutput = {
  ...CREDENTIALS_OK,
  api: { ok: false, message: 'The appliance refused the API client ID or secret.' },
};

export const DIAGNOSTICS: CaptureDiagnosticsOutput = { vaultId: 'diag-1', sha256: 'd'.repeat(64) };

export const errors = {
  unreachable: new AppError('UNREACHABLE', 'The appliance did not answer.', 'Check the network and try again.'),
  baseInstall: new AppError('BASE_INSTALL_FAILED', 'The Base software update failed.', 'Contact support.'),
  siteInstall: new AppError('INSTALL_FAILED', 'The site package did not install.', 'Resume the install.'),
  timeout: new AppError('TIMEOUT', 'The appliance did not come back in time.', 'Resume to keep waiting.'),
  diagnostics: new AppError('DISK_ERROR', 'The vault could not be written.', 'Free some disk space.'),
};

export type ActorName =
  | 'checkCredentials'
  | 'takeBackup'
  | 'exportCertificate'
  | 'probeCertificate'
  | 'checkForUpdates'
  | 'installPackage'
  | 'captureDiagnostics'
  | 'releaseHolds'
  | (typeof AFTERCARE_ACTORS)[number];

export type Outcome = { actor: ActorName; output?: unknown; error?: unknown };
export interface ActorCall {
  actor: ActorName;
  input: Record<string, unknown>;
}

/**
 * Fake actors whose calls stay pending until the test settles them, so a test decides
 * exactly when each side effect finishes (and can send an operator event while one runs).
 * Every call is logged in order.
 */
export function controlledActors() {
  const calls: ActorCall[] = [];
  const pending: (ActorCall & { resolve(value: unknown): void; reject(error: unknown): void })[] = [];
  const make = (actor: ActorName) =>
    fromPromise<never, Record<string, unknown>>(
      ({ input }) =>
        new Promise<never>((resolve, reject) => {
          calls.push({ actor, input });
          pending.push({ actor, input, resolve: resolve as (value: unknown) => void, reject });
        }),
    );
  const actors = {
    checkCredentials: make('checkCredentials'),
    takeBackup: make('takeBackup'),
    exportCertificate: make('exportCertificate'),
    probeCertificate: make('probeCertificate'),
    checkForUpdates: make('checkForUpdates'),
    installPackage: make('installPackage'),
    captureDiagnostics: make('captureDiagnostics'),
    releaseHolds: make('releaseHolds'),
    ...Object.fromEntries(AFTERCARE_ACTORS.map((name) => [name, make(name)])),
    ...quietSiteWatch,
  };
  /** Finishes the most recent call of `outcome.actor` the way the outcome says. */
  function finish(outcome: Outcome): void {
    const index = pending.map((call) => call.actor).lastIndexOf(outcome.actor);
    if (index < 0) throw new Error(`The machine is not running ${outcome.actor}; calls so far: ${calls.map((c) => c.actor).join(', ')}`);
    const [call] = pending.splice(index, 1);
    if (outcome.error !== undefined) call?.reject(outcome.error);
    else call?.resolve(outcome.output);
  }
  return { actors, calls, pending, finish };
}

/** Lets settled fake promises reach the machine and the machine take the resulting transitions. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
