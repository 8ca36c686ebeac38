/**
 * Installs one update package and proves it landed. Idempotent, because a resumed procedure
 * re-runs it: the appliance is read first, and an install is only started when the appliance
 * is up, healthy enough and not yet at the package's version. P1 starts it by asking the
 * appliance to fetch the package; P2 sends the package file through Manual Installation first
 * (`uploadPackageFile`, its own step so the operator can stop it), and the appliance installs
 * on receipt. Waiting and verifying are the same for both.
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
import { transferReporter } from './progress-reporter';

/** Answers that mean "the appliance is busy installing or rebooting", not a failure. */
const DOWN_CODES: ReadonlySet<ErrorCode> = new Set(['APPLIANCE_DOWN', 'UNREACHABLE', 'TIMEOUT']);

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

type Reading = { up: true; basics: StatusBasics; health: Health } | { up: false };

/**
 * Expected install time in seconds, for the ETA only: Base packages take about five minutes,
 * site packages ten plus time proportional to stored data (R13).
 */
export function estimateInstallSeconds(pkg: PackageRef, storedDataMb: number): number {
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

/** The appliance as it answers now; installing, rebooting or unreachable all read as "not up". */
async function readAppliance(deps: Pick<InstallPackageDeps, 'api' | 'admin' | 'signal'>): Promise<Reading> {
  let reading: Reading;
  try {
    const basics = await deps.admin.statusBasics();
    reading = basics.status === 'installing' || basics.status === 'down' ? { up: false } : { up: true, basics, health: await deps.api.checkHealth() };
  } catch (error) {
    if (!(isAppError(error) && DOWN_CODES.has(error.code))) throw error;
    reading = { up: false };
  }
  throwIfCancelled(deps.signal);
  return reading;
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
  const progress = transferReporter(deps, input, `Uploading ${input.pkg.name}`, input.pkg.size);
  await admin.uploadPackage(filePath, { fileName: upload.fileName, signal, onProgress: progress.onProgress });
  progress.finish(input.pkg.size);
  return { uploadedAt: uploadedAt(), bytes: input.pkg.size };
}

export async function installPackage(deps: InstallPackageDeps): Promise<InstallPackageOutput> {
  const { admin, clock, timing, signal, input } = deps;
  const { pkg } = input;
  const read = () => readAppliance(deps);

  const succeeded = (reading: { basics: StatusBasics; health: Health }): InstallPackageOutput => ({
    verifiedVersion: installedVersion(pkg, reading),
    finishedAt: new Date(clock.now()).toISOString(),
    health: describeHealth(reading),
  });

  let reading = await read();
  let sawDown = !reading.up;
  let estimate = estimateInstallSeconds(pkg, 0);
  if (reading.up) {
    estimate = estimateInstallSeconds(pkg, reading.basics.storedDataMb);
    const verdict = judge(pkg, reading, false);
    if (verdict === 'installed') return succeeded(reading);
    if (verdict !== 'waiting') throw verdict;
    // A file package was uploaded in the step before; the appliance may not show "installing" yet.
    if (!isFilePackage(pkg)) {
      try {
        await admin.installUpdate(pkg.id);
      } catch (error) {
        // The appliance may drop off the network the moment it accepts the install.
        if (!(isAppError(error) && DOWN_CODES.has(error.code))) throw error;
        sawDown = true;
      }
    }
  }

  const startedAt = clock.now();
  const meter = new ProgressMeter({ total: estimate });
  const report = (final = false) => {
    const elapsed = Math.round((clock.now() - startedAt) / 1000);
    const reading = meter.sample(clock.now(), elapsed, final);
    if (!reading) return;
    // Past the estimate there is no honest total or ETA, only the time spent so far.
    const overrun = elapsed > estimate;
    deps.emitProgress({
      procedureId: input.procedureId,
      stepId: input.stepId,
      label: `Installing ${pkg.name}`,
      unit: 'seconds',
      ...reading,
      total: overrun ? null : reading.total,
      etaSeconds: overrun ? null : reading.etaSeconds,
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
    reading = await read();
    report();
    if (!reading.up) {
      sawDown = true;
      continue;
    }
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
