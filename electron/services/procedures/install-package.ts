/**
 * Installs one update package and proves it landed. Idempotent, because a resumed procedure
 * re-runs it: the appliance is read first, and an install is only started when the appliance
 * is up, healthy enough and not yet at the package's version. P1 starts it by asking the
 * appliance to fetch the package; P2 sends the package file through Manual Installation first
 * (`uploadPackageFile`, its own step so the operator can stop it), and the appliance installs
 * on receipt. Waiting and verifying are the same for both.
 *
 * While it waits, the actor reports which part of the install the appliance is in, from why it
 * does not answer: busy (HTTP 503, or its status page says "installing") is installing; no answer
 * at all (refused, timed out) is restarting; answering again after that, while the version is read
 * and compared, is verifying. No appliance says how far an install is, so an install's report
 * never carries a time left: only the time spent and the time such an install is expected to take.
 */
import type { Progress } from '../../../shared/domain';
import { AppError, isAppError, type ErrorCode } from '../../../shared/errors';
import type {
  FilePackageRef,
  InstallPackageInput,
  InstallPackageOutput,
  PackageRef,
  UploadPackageInput,
  UploadPackageOutput,
} from '../../../shared/procedures/actors';
import type { AdminSession, ApplianceApi, Health, StatusBasics } from '../appliance/types';
import type { Clock } from '../ports';
import { sleep, throwIfCancelled } from './cancel';
import { ProgressMeter } from './progress-meter';
import { transferReporter, type InstallPhase } from './progress-reporter';

/** Why an appliance that is not up does not answer: busy with the install, or restarting. */
type DownPhase = Extract<InstallPhase, 'installing' | 'restarting'>;

/**
 * Answers that mean "the appliance is busy installing or rebooting", not a failure, and which of
 * the two: a 503 comes from an appliance that answers but is installing; a refused or silent
 * connection from one that is restarting.
 */
const DOWN_PHASES: Partial<Record<ErrorCode, DownPhase>> = { APPLIANCE_DOWN: 'installing', UNREACHABLE: 'restarting', TIMEOUT: 'restarting' };

function downPhase(error: unknown): DownPhase | undefined {
  return isAppError(error) ? DOWN_PHASES[error.code] : undefined;
}

export interface InstallPackageDeps {
  api: ApplianceApi;
  admin: AdminSession;
  clock: Clock;
  timing: { pollIntervalMs: number; installTimeoutMs: number };
  signal: AbortSignal;
  input: InstallPackageInput;
  emitProgress(progress: Progress): void;
}

export interface UploadPackageDeps extends Omit<InstallPackageDeps, 'input' | 'timing'> {
  input: UploadPackageInput;
  upload: PackageUpload;
}

export interface PackageUpload {
  /** The name the upload carries (as on the transfer media). */
  fileName: string;
  /**
   * Resolves with the file to send once it is proven to still be the package; called only when
   * an upload is needed, so a resumed step at an installed appliance never touches the file.
   */
  prepare(signal: AbortSignal): Promise<string>;
}

type Reading = { up: true; basics: StatusBasics; health: Health } | { up: false; phase: DownPhase };

/**
 * The time an install of `pkg` is expected to take, in seconds: Base packages about five minutes,
 * site packages ten plus time proportional to stored data (R13). Information for the operator
 * ("expected about …"), never a countdown: no time left is derived from it.
 */
export function expectedInstallSeconds(pkg: PackageRef, storedDataMb: number): number {
  return pkg.kind === 'base' ? 300 : Math.round(600 + storedDataMb * 0.5);
}

/** Base version comes from the status page, the site version from check_health. */
function installedVersion(pkg: PackageRef, reading: { basics: StatusBasics; health: Health }): string {
  return pkg.kind === 'base' ? reading.basics.baseVersion : reading.health.version;
}

/** A package that travelled as a file: uploaded by `uploadPackageFile`, never fetched by the appliance. */
function isFilePackage(pkg: PackageRef | FilePackageRef): boolean {
  return 'vaultId' in pkg && pkg.vaultId !== undefined;
}

/**
 * The appliance as it answers now; installing, rebooting or unreachable all read as "not up",
 * with the phase that explains it. A status page that answers "installing" or "down" (its
 * services stopped, the web server still up) is the install at work; silence is a restart.
 * `onAnswer` is called once the status page answers as up, before the version is read.
 */
async function readAppliance(deps: Pick<InstallPackageDeps, 'api' | 'admin' | 'signal'>, onAnswer?: () => void): Promise<Reading> {
  let reading: Reading;
  try {
    const basics = await deps.admin.statusBasics();
    if (basics.status === 'installing' || basics.status === 'down') {
      reading = { up: false, phase: 'installing' };
    } else {
      throwIfCancelled(deps.signal);
      onAnswer?.();
      reading = { up: true, basics, health: await deps.api.checkHealth() };
    }
  } catch (error) {
    const phase = downPhase(error);
    if (!phase) throw error;
    reading = { up: false, phase };
  }
  throwIfCancelled(deps.signal);
  return reading;
}

/** What an install's report is called in each phase; the renderer also reads the phase from these words. */
function installLabel(phase: InstallPhase, pkg: PackageRef): string {
  switch (phase) {
    case 'uploading':
      return `Uploading ${pkg.name}`;
    case 'installing':
      return `Installing ${pkg.name}`;
    case 'restarting':
      return `Waiting for the appliance to restart (installing ${pkg.name})`;
    case 'verifying':
      return `Verifying that the appliance runs ${pkg.name}`;
  }
}

/**
 * Sends a P2 package file through Updates > Manual Installation, with byte progress. Idempotent:
 * an appliance that already runs the version, or says it is installing, gets nothing (bytes 0).
 * An abort stops the transfer (CANCELLED from the appliance client) before the appliance has the
 * whole file, so it installs nothing.
 */
export async function uploadPackageFile(deps: UploadPackageDeps): Promise<UploadPackageOutput> {
  const { admin, api, clock, signal, input, upload } = deps;
  const uploadedAt = () => new Date(clock.now()).toISOString();
  let basics: StatusBasics;
  try {
    basics = await admin.statusBasics();
  } catch (error) {
    // 503 is how a busy appliance answers while it installs; silence is an error here, as nothing was sent yet.
    if (isAppError(error) && error.code === 'APPLIANCE_DOWN') return { uploadedAt: uploadedAt(), bytes: 0 };
    throw error;
  }
  throwIfCancelled(signal);
  if (basics.status === 'installing' || basics.status === 'down') return { uploadedAt: uploadedAt(), bytes: 0 };
  const verdict = judge(input.pkg, { basics, health: await api.checkHealth() }, false);
  throwIfCancelled(signal);
  if (verdict === 'installed') return { uploadedAt: uploadedAt(), bytes: 0 };
  if (verdict !== 'waiting') throw verdict;
  const filePath = await upload.prepare(signal);
  throwIfCancelled(signal);
  const progress = transferReporter(deps, input, installLabel('uploading', input.pkg), input.pkg.size, 'uploading');
  await admin.uploadPackage(filePath, { fileName: upload.fileName, signal, onProgress: progress.onProgress });
  progress.finish(input.pkg.size);
  return { uploadedAt: uploadedAt(), bytes: input.pkg.size };
}

export async function installPackage(deps: InstallPackageDeps): Promise<InstallPackageOutput> {
  const { admin, clock, timing, signal, input } = deps;
  const { pkg } = input;

  const succeeded = (reading: { basics: StatusBasics; health: Health }): InstallPackageOutput => ({
    verifiedVersion: installedVersion(pkg, reading),
    finishedAt: new Date(clock.now()).toISOString(),
    health: describeHealth(reading),
  });

  let reading = await readAppliance(deps);
  let sawDown = !reading.up;
  // Where the appliance is in the install, as the last reading explains it.
  let phase: InstallPhase = reading.up ? 'installing' : reading.phase;
  let expected = expectedInstallSeconds(pkg, 0);
  if (reading.up) {
    expected = expectedInstallSeconds(pkg, reading.basics.storedDataMb);
    const verdict = judge(pkg, reading, false);
    if (verdict === 'installed') return succeeded(reading);
    if (verdict !== 'waiting') throw verdict;
    // A file package was uploaded in the step before; the appliance may not show "installing" yet.
    if (!isFilePackage(pkg)) {
      try {
        await admin.installUpdate(pkg.id);
      } catch (error) {
        // The appliance may drop off the network the moment it accepts the install; it is installing.
        if (!downPhase(error)) throw error;
        sawDown = true;
      }
    }
  }

  const startedAt = clock.now();
  // The meter only throttles: the done seconds are time spent, not a measure of the install.
  const meter = new ProgressMeter({ total: expected });
  let reportedPhase: InstallPhase | undefined;
  const report = (final = false) => {
    const now = clock.now();
    const elapsed = Math.round((now - startedAt) / 1000);
    // A change of phase always goes out, whatever the throttle says.
    const sample = meter.sample(now, elapsed, final || phase !== reportedPhase);
    if (!sample) return;
    reportedPhase = phase;
    deps.emitProgress({
      procedureId: input.procedureId,
      stepId: input.stepId,
      label: installLabel(phase, pkg),
      unit: 'seconds',
      done: sample.done,
      // The expected duration is information; past it there is no honest total, only the time spent.
      total: elapsed > expected ? null : expected,
      // Seconds pass at one per second: a rate says nothing, and no appliance reports a time left.
      rate: null,
      etaSeconds: null,
      phase,
    });
  };
  report();

  for (;;) {
    if (clock.now() - startedAt > timing.installTimeoutMs) {
      throw new AppError(
        'TIMEOUT',
        `The appliance did not come back with ${pkg.name} installed within ${Math.round(timing.installTimeoutMs / 60000)} minutes.`,
        'Installs take longer with much stored data. Do not restart the appliance; check its console, then retry this step to keep waiting.',
        { packageId: pkg.id },
      );
    }
    await sleep(timing.pollIntervalMs, signal);
    reading = await readAppliance(deps, () => {
      // Answering again after being down: what is left is reading and comparing the version.
      if (!sawDown) return;
      phase = 'verifying';
      report();
    });
    if (!reading.up) {
      sawDown = true;
      phase = reading.phase;
      report();
      continue;
    }
    report();
    const verdict = judge(pkg, reading, sawDown);
    if (verdict === 'installed') {
      report(true);
      return succeeded(reading);
    }
    if (verdict !== 'waiting') throw verdict;
  }
}

/**
 * What an answering appliance says about this install. `sawDown`: it has been unavailable since
 * the install started, so "running at the old version" now means the install ended without effect.
 */
function judge(pkg: PackageRef, reading: { basics: StatusBasics; health: Health }, sawDown: boolean): 'installed' | 'waiting' | AppError {
  const version = installedVersion(pkg, reading);
  const needsSupport = reading.basics.status === 'needs-support';
  if (pkg.kind === 'base' && (needsSupport || (sawDown && !reading.health.success))) {
    return new AppError(
      'BASE_INSTALL_FAILED',
      `The Base software update to ${pkg.version} did not complete; the appliance reports it needs support.`,
      'Do not restart the appliance. Contact BeyondTrust support and give them the captured diagnostics.',
      { packageId: pkg.id, baseVersion: reading.basics.baseVersion, healthMessage: reading.health.errorMessage },
    );
  }
  if (needsSupport) return installFailed(pkg, version, reading);
  if (version === pkg.version) return 'installed';
  if (sawDown) return installFailed(pkg, version, reading);
  return 'waiting';
}

function installFailed(pkg: PackageRef, version: string, reading: { basics: StatusBasics; health: Health }): AppError {
  return new AppError(
    'INSTALL_FAILED',
    `The appliance came back at version ${version} instead of ${pkg.version} after installing ${pkg.name}.`,
    'Open /appliance > Updates to read the appliance’s own message, then retry the step or contact support.',
    { packageId: pkg.id, status: reading.basics.status, healthMessage: reading.health.errorMessage },
  );
}

function describeHealth(reading: { basics: StatusBasics; health: Health }): string {
  const state = reading.health.success ? 'healthy' : `unhealthy (${reading.health.errorMessage || 'no message'})`;
  return `${reading.health.hostname}: site ${reading.health.version}, Base ${reading.basics.baseVersion}, status ${reading.basics.status}, ${state}`;
}
