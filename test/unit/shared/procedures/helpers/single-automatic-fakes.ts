/**
 * Deterministic stand-ins for the P1 side effects: fixed times, hashes and packages, and
 * fake actors that play back a script of outcomes and log every call in order.
 */
import { fromPromise } from 'xstate';
import type {
  CaptureDiagnosticsOutput,
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

export function updates(list: PackageRef[]): CheckForUpdatesOutput {
  return { siteVersion: '23.1.1', baseVersion: '6.1.0', updates: list };
}

export function installed(pkg: PackageRef, finishedAt: string, verifiedVersion = pkg.version): InstallPackageOutput {
  return { verifiedVersion, finishedAt, health: 'healthy' };
}

export const DIAGNOSTICS: CaptureDiagnosticsOutput = { vaultId: 'diag-1', sha256: 'd'.repeat(64) };

export const errors = {
  unreachable: new AppError('UNREACHABLE', 'The appliance did not answer.', 'Check the network and try again.'),
  baseInstall: new AppError('BASE_INSTALL_FAILED', 'The Base software update failed.', 'Contact support.'),
  siteInstall: new AppError('INSTALL_FAILED', 'The site package did not install.', 'Resume the install.'),
  timeout: new AppError('TIMEOUT', 'The appliance did not come back in time.', 'Resume to keep waiting.'),
  diagnostics: new AppError('DISK_ERROR', 'The vault could not be written.', 'Free some disk space.'),
};

export type ActorName =
  | 'takeBackup'
  | 'probeCertificate'
  | 'checkForUpdates'
  | 'installPackage'
  | 'captureDiagnostics'
  | 'releaseHolds';

export type Outcome = { actor: ActorName; output?: unknown; error?: unknown };
export interface ActorCall {
  actor: ActorName;
  input: Record<string, unknown>;
}

/**
 * Fake actors that answer from `script` in order: each call must be for the actor the
 * script expects next, so a machine that invokes something unexpected fails loudly.
 */
export function scriptedActors(script: Outcome[]) {
  const queue = [...script];
  const calls: ActorCall[] = [];
  let inFlight = 0;
  const make = (actor: ActorName) =>
    fromPromise<never, Record<string, unknown>>(async ({ input }) => {
      calls.push({ actor, input });
      const next = queue.shift();
      if (!next || next.actor !== actor) throw new Error(`Unexpected call to ${actor}; the script expected ${next?.actor ?? 'nothing'}.`);
      inFlight++;
      try {
        await Promise.resolve();
        if (next.error !== undefined) throw next.error;
        return next.output as never;
      } finally {
        inFlight--;
      }
    });
  const actors = {
    takeBackup: make('takeBackup'),
    probeCertificate: make('probeCertificate'),
    checkForUpdates: make('checkForUpdates'),
    installPackage: make('installPackage'),
    captureDiagnostics: make('captureDiagnostics'),
    releaseHolds: make('releaseHolds'),
  };
  return { actors, calls, remaining: () => queue.length, inFlight: () => inFlight };
}

/** Lets every fake promise settle and the machine take the resulting transitions. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
