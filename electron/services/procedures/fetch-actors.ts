/**
 * P2, the connected side (a computer with internet, P2-fetch): the key file from the stick,
 * the update server's packages for that key, resumable downloads into the vault, and the
 * transfer bundle written back onto the stick.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fromPromise } from 'xstate';
import { AppError } from '../../../shared/errors';
import type {
  DownloadUpdateInput,
  DownloadUpdateOutput,
  ReadKeyFileInput,
  ReadKeyFileOutput,
  SubmitDownloadKeyInput,
  SubmitDownloadKeyOutput,
  WriteTransferBundleInput,
  WriteTransferBundleOutput,
} from '../../../shared/procedures/actors';
import type { DownloadKeyFile } from '../media';
import type { DriveLister } from '../ports';
import type { DownloadRetry, UpdateServerClient } from '../update-server';
import type { ProcedureActorDeps } from './actors';
import { siteNameOf } from './actor-support';
import { throwIfCancelled } from './cancel';
import { mediaReporter, transferReporter } from './progress-reporter';

export function createFetchActors(deps: ProcedureActorDeps) {
  return {
    readKeyFile: fromPromise<ReadKeyFileOutput, ReadKeyFileInput>(async ({ input, signal }) => {
      const found = await deps.media.readKeyFiles(input.mediaPath, { signal });
      throwIfCancelled(signal);
      const valid = found
        .flatMap((f) => (f.ok ? [{ path: f.path, keyFile: f.keyFile }] : []))
        .sort((a, b) => timeOf(b.keyFile) - timeOf(a.keyFile));
      const picked = input.keyFileName ? valid.find((f) => basename(f.path) === input.keyFileName) : valid[0];
      if (input.keyFileName && !picked) throw keyFileNotFound(input.mediaPath, input.keyFileName);
      // One key file per appliance counts: older ones for the same appliance are set aside, other appliances' are offered to choose.
      const newestOf = valid.filter((f, index) => valid.findIndex((g) => g.keyFile.applianceSerial === f.keyFile.applianceSerial) === index);
      const others = newestOf.filter((f) => f !== picked && f.keyFile.applianceSerial !== picked?.keyFile.applianceSerial);
      const ignored = [
        ...found.flatMap((f) => (f.ok ? [] : [{ path: f.path, reason: f.problem }])),
        ...valid
          .filter((f) => f !== picked && !others.includes(f))
          .map((f) => ({ path: f.path, reason: f.keyFile.applianceSerial === picked?.keyFile.applianceSerial ? `is ${timeOf(f.keyFile) < timeOf(picked.keyFile) ? 'older' : 'newer'} (generated ${f.keyFile.generatedAt}) than the key file used` : `is an older key for ${f.keyFile.applianceHostname}` })),
      ];
      if (!picked) throw noKeyFile(input.mediaPath, ignored);
      const newest = picked;
      const { keyFile } = newest;
      return {
        path: newest.path,
        key: keyFile.key,
        siteName: keyFile.siteName,
        applianceSerial: keyFile.applianceSerial,
        applianceHostname: keyFile.applianceHostname,
        siteVersion: keyFile.siteVersion,
        baseVersion: keyFile.baseVersion,
        generatedAt: keyFile.generatedAt,
        ignored,
        ...(!input.keyFileName && others.length > 0
          ? { others: others.map((f) => ({ path: f.path, applianceSerial: f.keyFile.applianceSerial, applianceHostname: f.keyFile.applianceHostname, generatedAt: f.keyFile.generatedAt })) }
          : {}),
      };
    }),

    submitDownloadKey: fromPromise<SubmitDownloadKeyOutput, SubmitDownloadKeyInput>(async ({ input }) => {
      const listing = await updateServer(deps).submitKey(input.key);
      return {
        keyId: listing.keyId,
        serial: listing.serial,
        packages: listing.packages.map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          version: p.version,
          ...(p.requires !== undefined ? { requires: p.requires } : {}),
          size: p.size,
          sha256: p.sha256,
          url: p.url,
        })),
      };
    }),

    downloadUpdate: fromPromise<DownloadUpdateOutput, DownloadUpdateInput>(async ({ input, signal }) => {
      const { pkg } = input;
      const server = updateServer(deps);
      const destPath = await downloadPath(deps, input);
      const fileName = basename(destPath);
      // Already downloaded and kept by an earlier attempt whose result was never recorded.
      const kept = deps.vault.list({ heldBy: input.procedureId, kind: 'package' }).find((e) => e.fileName === fileName && e.sha256 === pkg.sha256);
      if (kept) return { vaultId: kept.id, size: kept.size, sha256: kept.sha256, resumedFrom: kept.size };

      // The file is complete when an earlier attempt stopped between the rename and the vault
      // record; the update server serves a package only once (R7), so it must not be asked again.
      const complete = await stat(destPath).then((s) => s.isFile(), () => false);
      let resumedFrom = pkg.size;
      if (!complete) {
        const label = `Downloading ${pkg.name}`;
        const progress = transferReporter(deps, input, label, pkg.size);
        const downloaded = await server.downloadPackage(pkg, destPath, {
          signal,
          onProgress: progress.onProgress,
          // Each automatic retry is shown while it waits, so a dropped line is never a silent stall.
          onRetry: (retry) => transferReporter(deps, input, `${label}: ${retryText(retry)}`, pkg.size).finish(retry.done),
        });
        progress.finish(downloaded.size);
        resumedFrom = downloaded.resumedFrom;
      }
      throwIfCancelled(signal);
      // add() hashes the file from disk again and refuses it unless it is the listed package.
      const entry = await deps.vault.add({
        kind: 'package',
        siteId: input.siteId,
        siteName: await siteNameOf(deps, input.siteId),
        appliance: input.serial,
        version: pkg.version,
        path: destPath,
        sha256: pkg.sha256,
        size: pkg.size,
      });
      await deps.vault.hold(entry.id, input.procedureId);
      return { vaultId: entry.id, size: entry.size, sha256: entry.sha256, resumedFrom };
    }),

    writeTransferBundle: fromPromise<WriteTransferBundleOutput, WriteTransferBundleInput>(async ({ input, signal }) => {
      const sources = input.packages.map((pkg) => {
        if (pkg.vaultId === undefined) {
          throw new AppError('INVALID_INPUT', `${pkg.name} has not been downloaded into the vault yet.`, 'Download every package first, then write the bundle.', { packageId: pkg.id });
        }
        return { packageId: pkg.id, path: deps.vault.filePath(pkg.vaultId) };
      });
      const filesystem = await filesystemOfMedia(deps.drives, input.mediaPath);
      const result = await deps.media.writeBundle({
        targetDir: input.mediaPath,
        manifest: {
          // One bundle per procedure: a retry replaces the leftovers of its own earlier attempt.
          bundleId: input.procedureId,
          keyId: input.keyId,
          appliance: {
            serial: input.serial,
            ...(input.applianceHostname !== undefined ? { hostname: input.applianceHostname } : {}),
            ...(input.siteName !== undefined ? { siteName: input.siteName } : {}),
          },
          packages: input.packages.map(({ vaultId: _vaultId, ...pkg }) => pkg),
        },
        sources,
        createdBy: deps.operator,
        appVersion: deps.appVersion,
        signal,
        clock: deps.clock,
        onProgress: mediaReporter(deps, input, (p) => (p.phase === 'write' ? `Writing ${p.file} to the media` : `Reading ${p.file} back from the media`)),
        ...(filesystem !== undefined ? { filesystem } : {}),
      });
      return { bundleDir: result.bundleDir, bundleId: result.manifest.bundleId, digestCode: result.digestCode, proof: result.proof, readBack: result.readBack };
    }),
  };
}

function updateServer(deps: Pick<ProcedureActorDeps, 'updateServer'>): UpdateServerClient {
  if (!deps.updateServer) {
    throw new AppError(
      'INVALID_INPUT',
      'No update server is configured in this assistant, so download keys cannot be submitted from here.',
      'Use the assistant on the connected computer it was set up for (the practice lab configures its own update server), or contact the project team.',
    );
  }
  return deps.updateServer;
}

/**
 * The same vault path on every attempt of this procedure's download of this package, so a
 * retry or a resumed procedure continues from the bytes already in its .part file.
 */
async function downloadPath(deps: Pick<ProcedureActorDeps, 'vault'>, input: DownloadUpdateInput): Promise<string> {
  // reservePath creates the private folder and names a fresh file in it; only the folder is kept.
  const folder = dirname(await deps.vault.reservePath('package', input.siteId === '' ? input.serial : input.siteId, 'download'));
  const name = `${input.procedureId}-${input.pkg.id}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(folder, name);
}

/**
 * The file system of the drive holding `mediaPath`, as the drive lister reports it (it knows
 * where no mount table can be read: macOS, Windows). For a chosen folder on no listed drive, or
 * when listing fails, the media service reads the mount table itself.
 */
async function filesystemOfMedia(drives: DriveLister, mediaPath: string): Promise<string | undefined> {
  const target = resolve(mediaPath);
  const listed = await drives.list().catch(() => []);
  const holding = listed
    .filter((d) => {
      const mount = resolve(d.mountPath);
      return target === mount || target.startsWith(mount.endsWith(sep) ? mount : mount + sep);
    })
    .sort((a, b) => b.mountPath.length - a.mountPath.length);
  return holding[0]?.filesystem;
}

/** "Connection dropped — retrying (2 of 3) in 4 s". */
function retryText(retry: DownloadRetry): string {
  const why = retry.reason.replace(/^the /, '');
  return `${why.charAt(0).toUpperCase()}${why.slice(1)} — retrying (${retry.retry} of ${retry.of}) in ${Math.max(1, Math.round(retry.delayMs / 1000))} s`;
}

function timeOf(keyFile: DownloadKeyFile): number {
  const ms = Date.parse(keyFile.generatedAt);
  return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY;
}

function noKeyFile(mediaPath: string, ignored: { path: string; reason: string }[]): AppError {
  const unusable = ignored.map((i) => `${basename(i.path)} ${i.reason}`);
  return new AppError(
    'NOT_FOUND',
    `There is no download key file on this media${unusable.length > 0 ? ` that can be used: ${unusable.join('; ')}` : ''}.`,
    'On the restricted side, generate the download key and save the key file onto this stick, then bring it here and choose the drive (or the folder holding the .aua-key.json file) again.',
    { mediaPath, ignored },
  );
}

function keyFileNotFound(mediaPath: string, keyFileName: string): AppError {
  return new AppError(
    'NOT_FOUND',
    `The key file ${keyFileName} chosen is not on this media, or it can no longer be used.`,
    'Check that the stick is in, then read the key file again and choose one of the key files listed.',
    { mediaPath, keyFileName },
  );
}
