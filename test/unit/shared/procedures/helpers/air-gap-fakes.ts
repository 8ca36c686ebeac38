/**
 * Deterministic stand-ins for both sides of the air gap (P2 and P2-fetch): fixed clocks, keys,
 * bundles, downloads and proofs, and fake actors for any set of actor names that play back a
 * script of outcomes and log every call in order.
 */
import { fromPromise } from 'xstate';
import { AppError } from '../../../../../shared/errors';
import type {
  CheckApplianceClockOutput,
  DownloadUpdateOutput,
  FilePackageRef,
  GenerateDownloadKeyOutput,
  ImportBundleOutput,
  ProofLineRef,
  ReadKeyFileOutput,
  SaveKeyFileOutput,
  SubmitDownloadKeyOutput,
  VerifyTransferBundleOutput,
  WriteTransferBundleOutput,
  UploadPackageOutput,
} from '../../../../../shared/procedures/actors';
import type { ProcedureInput } from '../../../../../shared/procedures/definition';
import { BASE, INPUT, SITE, SITE_NEEDING_UNLISTED_BASE, quietSiteWatch } from './single-automatic-fakes';

export const P2_INPUT: ProcedureInput = { ...INPUT, procedureId: 'p2-1' };
/** The connected side has no site: no id, no appliance address. */
export const FETCH_INPUT: ProcedureInput = { procedureId: 'fetch-1', siteId: '', siteName: '', applianceUrl: '', operator: 'Dana Field' };

export const KEY_MEDIA = '/media/tech/TRANSFER';
export const OTHER_MEDIA = '/media/tech/SPARE';
export const TYPED_KEY = 'AUA1.TYPED-KEY-0001';

export const CLOCK_RIGHT: CheckApplianceClockOutput = {
  applianceTime: '2025-06-01T20:06:00.000Z',
  operatorTime: '2025-06-01T20:06:30.000Z',
  offsetSeconds: -30,
  ntpEnabled: true,
  ntpServers: ['ntp.lab.example'],
};
export const CLOCK_WRONG: CheckApplianceClockOutput = {
  applianceTime: '2025-06-01T20:16:30.000Z',
  operatorTime: '2025-06-01T20:06:30.000Z',
  offsetSeconds: 600,
  ntpEnabled: false,
  ntpServers: [],
};

export const DOWNLOAD_KEY: GenerateDownloadKeyOutput = {
  key: 'AUA1.RESTRICTED-KEY-0001',
  generatedAt: '2025-06-01T20:07:00.000Z',
  applianceSerial: 'BS-1001',
  applianceHostname: 'support.lab.example',
  siteVersion: '23.1.1',
  baseVersion: '6.1.0',
};
export const KEY_FILE: SaveKeyFileOutput = { path: `${KEY_MEDIA}/support.lab.example.aua-key.json`, sha256: 'c'.repeat(64), readBack: { from: 'drive' } };
/** The same key file where this computer could read it back only through its cache (no direct reads there). */
export const KEY_FILE_CACHED: SaveKeyFileOutput = {
  ...KEY_FILE,
  readBack: { from: 'cache', reason: 'the file system refuses direct reads' },
  note: 'read through the cache; remove and re-insert the stick to verify from the drive',
};

export const FILE_BASE: FilePackageRef = { ...BASE, sha256: 'e'.repeat(64) };
export const FILE_SITE: FilePackageRef = { ...SITE, sha256: 'f'.repeat(64) };
export const FILE_SITE_NEEDING_UNLISTED_BASE: FilePackageRef = { ...SITE_NEEDING_UNLISTED_BASE, sha256: '9'.repeat(64) };

function proofOf(packages: readonly FilePackageRef[]): ProofLineRef[] {
  return packages.map((pkg) => ({ file: `${pkg.id}.nsu`, size: pkg.size, sha256: pkg.sha256, ok: true }));
}

export function bundle(packages: FilePackageRef[]): VerifyTransferBundleOutput {
  return {
    bundleDir: `${KEY_MEDIA}/aua-bundle-b-0001`,
    bundleId: 'b-0001',
    keyId: 'k-1',
    digestCode: '3F2A-9C1B',
    createdAt: '2025-06-03T09:00:00.000Z',
    createdBy: 'Dana Field',
    packages,
    proof: proofOf(packages),
  };
}

/** Resolves, but one file on the drive does not match: the machine must not go on. */
export function tamperedBundle(packages: FilePackageRef[]): VerifyTransferBundleOutput {
  const good = bundle(packages);
  return { ...good, proof: good.proof.map((line, index) => (index === 0 ? { ...line, ok: false, problem: 'SHA-256 differs' } : line)) };
}

export function imported(packages: FilePackageRef[]): ImportBundleOutput {
  return { packages: packages.map((pkg) => ({ ...pkg, vaultId: `vault-${pkg.id}` })) };
}

export const KEY_READ: ReadKeyFileOutput = {
  path: KEY_FILE.path,
  key: DOWNLOAD_KEY.key,
  siteName: 'Practice lab',
  applianceSerial: DOWNLOAD_KEY.applianceSerial,
  applianceHostname: DOWNLOAD_KEY.applianceHostname,
  siteVersion: DOWNLOAD_KEY.siteVersion,
  baseVersion: DOWNLOAD_KEY.baseVersion,
  generatedAt: DOWNLOAD_KEY.generatedAt,
  ignored: [{ path: `${KEY_MEDIA}/old.aua-key.json`, reason: 'an older key for the same appliance' }],
};

/** A drive holding the keys of both appliances of a pair, none picked: the newest, and the other offered. */
export const KEY_READ_BOTH: ReadKeyFileOutput = {
  ...KEY_READ,
  others: [{ path: `${KEY_MEDIA}/Practice-lab-BS-1002.aua-key.json`, applianceSerial: 'BS-1002', applianceHostname: 'support-b.lab.example', generatedAt: '2025-06-01T20:05:00.000Z' }],
};

/** The key file read from the re-inserted stick, damaged on the way: its key is not the one written. */
export const KEY_READ_DAMAGED: ReadKeyFileOutput = { ...KEY_READ, key: 'AUA1.RESTRICTED-KEY-0002' };

export function submission(packages: FilePackageRef[]): SubmitDownloadKeyOutput {
  return { keyId: 'k-1', serial: DOWNLOAD_KEY.applianceSerial, packages: packages.map((pkg) => ({ ...pkg, url: `https://update.example/${pkg.id}` })) };
}

export function downloaded(pkg: FilePackageRef, resumedFrom = 0): DownloadUpdateOutput {
  return { vaultId: `vault-${pkg.id}`, size: pkg.size, sha256: pkg.sha256, resumedFrom };
}

export function corruptDownload(pkg: FilePackageRef): DownloadUpdateOutput {
  return { ...downloaded(pkg), sha256: '0'.repeat(64) };
}

export function written(packages: FilePackageRef[]): WriteTransferBundleOutput {
  return { bundleDir: `${KEY_MEDIA}/aua-bundle-b-0001`, bundleId: 'b-0001', digestCode: '3F2A-9C1B', proof: proofOf(packages), readBack: { from: 'drive' } };
}

/** Written and matched, but read back only through this computer's cache: the stick must be re-inserted and checked. */
export function writtenThroughCache(packages: FilePackageRef[]): WriteTransferBundleOutput {
  const good = written(packages);
  return {
    ...good,
    proof: good.proof.map((line) => ({ ...line, note: 'read through the cache; remove and re-insert the stick to verify from the drive' })),
    readBack: { from: 'cache', reason: 'the file system refuses direct reads' },
  };
}

/** A good bundle on the re-inserted stick, but not the one just written (another code). */
export function otherBundle(packages: FilePackageRef[]): VerifyTransferBundleOutput {
  return { ...bundle(packages), digestCode: '7C0D-11AA' };
}

export function badlyWritten(packages: FilePackageRef[]): WriteTransferBundleOutput {
  const good = written(packages);
  return { ...good, proof: good.proof.map((line, index) => (index === good.proof.length - 1 ? { ...line, ok: false, problem: 'read back differs' } : line)) };
}

/** What the upload reports: the whole file sent, or (bytes 0) the appliance already had it. */
export function uploaded(pkg: FilePackageRef, alreadyThere = false): UploadPackageOutput {
  return { uploadedAt: '2025-06-01T20:06:00.000Z', bytes: alreadyThere ? 0 : pkg.size };
}

export const airGapErrors = {
  unreachable: new AppError('UNREACHABLE', 'The appliance did not answer.', 'Check the network and try again.'),
  mediaRemoved: new AppError('MEDIA_REMOVED', 'The drive was removed.', 'Put it back and try again.'),
  mediaFull: new AppError('MEDIA_FULL', 'The drive is full.', 'Free some space or choose another drive.'),
  mediaReadOnly: new AppError('MEDIA_READ_ONLY', 'The drive is write-protected.', 'Choose another drive.'),
  fileTooLarge: new AppError('FILE_TOO_LARGE_FOR_MEDIA', 'A file is too large for the drive.', 'Choose a drive formatted with exFAT or NTFS.'),
  checksum: new AppError('CHECKSUM_MISMATCH', 'A file read back differs.', 'Write the bundle again.'),
  bundleInvalid: new AppError('BUNDLE_INVALID', 'The bundle on the drive is damaged.', 'Write it again on the connected computer.'),
  wrongAppliance: new AppError('BUNDLE_WRONG_APPLIANCE', 'This bundle is for another appliance.', 'Bring the bundle made for this appliance.'),
  clockSkew: new AppError('CLOCK_SKEW', 'The update server says the key’s time is wrong.', 'Check the appliance clock.'),
  keyRejected: new AppError('KEY_REJECTED', 'The update server did not accept the key.', 'Copy the key again.'),
  interrupted: new AppError('TRANSFER_INTERRUPTED', 'The download was interrupted.', 'Try again to continue.'),
  uploadInterrupted: new AppError('TRANSFER_INTERRUPTED', 'The upload to the appliance stopped; nothing was installed.', 'Upload the package again.'),
  disk: new AppError('DISK_ERROR', 'The vault could not be written.', 'Free some disk space.'),
};

export interface Outcome<TName extends string> {
  actor: TName;
  output?: unknown;
  error?: unknown;
}
export interface ActorCall<TName extends string> {
  actor: TName;
  input: Record<string, unknown>;
}

/**
 * Fake actors for the given names whose calls stay pending until the test settles them, so a
 * test decides exactly when each side effect finishes. Every call is logged in order; a call
 * the machine aborts (it left the invoking state, or was stopped) moves from pending to aborted.
 */
export function controlledActorsFor<TName extends string>(names: readonly TName[]) {
  const calls: ActorCall<TName>[] = [];
  const aborted: ActorCall<TName>[] = [];
  const pending: (ActorCall<TName> & { resolve(value: unknown): void; reject(error: unknown): void })[] = [];
  const actors = Object.fromEntries(
    names.map((actor) => [
      actor,
      fromPromise<never, Record<string, unknown>>(
        ({ input, signal }) =>
          new Promise<never>((resolve, reject) => {
            const call = { actor, input, resolve: resolve as (value: unknown) => void, reject };
            calls.push({ actor, input });
            pending.push(call);
            signal.addEventListener(
              'abort',
              () => {
                const index = pending.indexOf(call);
                if (index < 0) return;
                pending.splice(index, 1);
                aborted.push({ actor, input });
              },
              { once: true },
            );
          }),
      ),
    ]),
  ) as Record<TName, ReturnType<typeof fromPromise<never, Record<string, unknown>>>>;
  // The root site watch runs for the whole procedure; here it probes nothing.
  Object.assign(actors, quietSiteWatch);
  function finish(outcome: Outcome<TName>): void {
    const index = pending.map((call) => call.actor).lastIndexOf(outcome.actor);
    if (index < 0) throw new Error(`The machine is not running ${outcome.actor}; calls so far: ${calls.map((c) => c.actor).join(', ')}`);
    const [call] = pending.splice(index, 1);
    if (outcome.error !== undefined) call?.reject(outcome.error);
    else call?.resolve(outcome.output);
  }
  return { actors, calls, pending, aborted, finish };
}
