/**
 * P2, the restricted side (at the appliance, no internet): the clock check, the download key
 * and its key file for the stick, and the bundle that comes back — found for this appliance,
 * proven file by file, then copied into the vault — and the upload of each vault copy through
 * Manual Installation (`uploadPackage`), after which `installPackage` waits for the install.
 */
import { basename } from 'node:path';
import { fromPromise } from 'xstate';
import { AppError, isAppError } from '../../../shared/errors';
import type {
  CheckApplianceClockInput,
  CheckApplianceClockOutput,
  FilePackageRef,
  GenerateDownloadKeyInput,
  GenerateDownloadKeyOutput,
  ImportBundleInput,
  ImportBundleOutput,
  SaveKeyFileInput,
  SaveKeyFileOutput,
  VerifyTransferBundleInput,
  VerifyTransferBundleOutput,
  UploadPackageInput,
  UploadPackageOutput,
} from '../../../shared/procedures/actors';
import { type BundleInvalidDetails, type BundleManifest, type BundlePackage, type BundleResult, type FoundBundle } from '../media';
import type { ProcedureActorDeps } from './actors';
import { connect } from './actor-support';
import { throwIfCancelled } from './cancel';
import { uploadPackageFile } from './install-package';
import { ProgressMeter } from './progress-meter';
import { mediaReporter, progressReporter } from './progress-reporter';
import { vaultUpload } from './vault-upload';

export function createManualUpdateActors(deps: ProcedureActorDeps) {
  return {
    /** The install step's upload phase; leaving it (CANCEL_UPLOAD) aborts the signal and so the transfer. */
    uploadPackage: fromPromise<UploadPackageOutput, UploadPackageInput>(async ({ input, signal }) => {
      const upload = vaultUpload(deps.vault, input.pkg);
      const { clients } = await connect(deps, input.siteId, input.appliance);
      return uploadPackageFile({ ...clients, clock: deps.clock, signal, input, emitProgress: deps.emitProgress, upload });
    }),
    checkApplianceClock: fromPromise<CheckApplianceClockOutput, CheckApplianceClockInput>(async ({ input, signal }) => {
      const { clients } = await connect(deps, input.siteId, input.appliance);
      const basics = await clients.admin.statusBasics();
      // Read as the answer arrives: the page shows the appliance clock of that moment.
      const operatorMs = deps.clock.now();
      throwIfCancelled(signal);
      const applianceMs = Date.parse(basics.time);
      if (!Number.isFinite(applianceMs)) {
        throw new AppError(
          'APPLIANCE_ERROR',
          `The appliance status page shows its clock as “${basics.time}”, which the assistant cannot read as a time.`,
          'Open /appliance > Status, compare the time shown there with your own clock, and correct it under Networking > IP Configuration if it is off.',
          { time: basics.time },
        );
      }
      const ntp = await clients.admin.ipConfiguration();
      return {
        applianceTime: new Date(applianceMs).toISOString(),
        operatorTime: new Date(operatorMs).toISOString(),
        offsetSeconds: Math.round((applianceMs - operatorMs) / 1000),
        ntpEnabled: ntp.ntpEnabled,
        ntpServers: ntp.ntpServers,
      };
    }),

    generateDownloadKey: fromPromise<GenerateDownloadKeyOutput, GenerateDownloadKeyInput>(async ({ input, signal }) => {
      const { clients } = await connect(deps, input.siteId, input.appliance);
      const key = await clients.admin.generateDownloadKey();
      throwIfCancelled(signal);
      const basics = await clients.admin.statusBasics();
      return {
        key: key.key,
        generatedAt: key.generatedAt,
        applianceSerial: basics.serial,
        applianceHostname: basics.hostname,
        siteVersion: basics.siteVersion,
        baseVersion: basics.baseVersion,
      };
    }),

    saveKeyFile: fromPromise<SaveKeyFileOutput, SaveKeyFileInput>(async ({ input, signal }) => {
      const site = await deps.sites.get(input.siteId);
      throwIfCancelled(signal);
      const { key } = input;
      const written = await deps.media.writeKeyFile(input.mediaPath, {
        format: 'aua-download-key/1',
        key: key.key,
        siteName: site.name,
        siteHostname: site.siteHostname,
        applianceSerial: key.applianceSerial,
        applianceHostname: key.applianceHostname,
        siteVersion: key.siteVersion,
        baseVersion: key.baseVersion,
        generatedAt: key.generatedAt,
        generatedBy: deps.operator,
        procedureId: input.procedureId,
      });
      // A 'cache' read-back proves nothing about the stick: the machine asks for it to be re-inserted.
      return { path: written.path, sha256: written.sha256, readBack: written.readBack, ...(written.note !== undefined ? { note: written.note } : {}) };
    }),

    verifyTransferBundle: fromPromise<VerifyTransferBundleOutput, VerifyTransferBundleInput>(async ({ input, signal }) => {
      const found = await deps.media.findBundles(input.mediaPath, { signal });
      throwIfCancelled(signal);
      // findBundles lists the newest first, so a stick carrying several bundles for this appliance gives the latest.
      const chosen = found.find((b) => b.ok && b.serial === input.expectSerial) ?? found.find((b) => b.ok);
      // A stick with only other appliances' bundles is not "empty": verifyBundle refuses the
      // newest of them with BUNDLE_WRONG_APPLIANCE, naming the appliance it was written for.
      if (!chosen) throw noBundle(input, found);
      let result: Pick<BundleResult, 'bundleDir' | 'manifest' | 'digestCode' | 'proof'>;
      try {
        result = await deps.media.verifyBundle(chosen.bundleDir, {
          expectSerial: input.expectSerial,
          signal,
          clock: deps.clock,
          onProgress: mediaReporter(deps, input, (p) => `Checking ${p.file} on the media`),
        });
      } catch (error) {
        // Files that did not match still come back with their proof, so the operator sees (and
        // the journal keeps) which file failed; the machine's transfer-proof rule refuses it.
        const details = isAppError(error) && error.code === 'BUNDLE_INVALID' ? (error.details as BundleInvalidDetails | undefined) : undefined;
        if (!details?.proof?.length) throw error;
        const manifest = await deps.media.readManifestFile(chosen.bundleDir).catch(() => undefined);
        if (!manifest) throw error;
        result = { bundleDir: chosen.bundleDir, manifest, digestCode: details.digestCode, proof: details.proof };
      }
      const { manifest } = result;
      return {
        bundleDir: result.bundleDir,
        bundleId: manifest.bundleId,
        keyId: manifest.keyId,
        digestCode: result.digestCode,
        createdAt: manifest.createdAt,
        createdBy: manifest.createdBy,
        packages: manifest.packages.map(filePackageRef),
        proof: result.proof,
      };
    }),

    importBundle: fromPromise<ImportBundleOutput, ImportBundleInput>(async ({ input, signal }) => {
      const site = await deps.sites.get(input.siteId);
      const manifest = await deps.media.readManifestFile(input.bundleDir);
      throwIfCancelled(signal);
      // A retried import keeps what an earlier attempt already copied and verified.
      const held = deps.vault.list({ heldBy: input.procedureId, kind: 'package' });
      const meter = new ProgressMeter({ total: input.packages.reduce((sum, p) => sum + p.size, 0) });
      let copied = 0;
      const packages: FilePackageRef[] = [];
      for (const pkg of input.packages) {
        const listed = listedAsVerified(manifest, pkg, input.bundleDir);
        const kept = held.find((e) => e.state === 'ok' && e.sha256 === pkg.sha256 && e.size === pkg.size);
        if (kept) {
          copied += pkg.size;
          packages.push({ ...pkg, vaultId: kept.id });
          continue;
        }
        const report = progressReporter(deps, input, `Copying ${pkg.name} into the vault`, 'bytes', meter);
        const path = await deps.vault.reservePath('package', site.id, pkg.name);
        await deps.media.assemblePackage(input.bundleDir, listed, path, {
          signal,
          onBytes: (bytes) => {
            copied += bytes;
            report(copied);
          },
        });
        report(copied, true);
        // add() hashes the copy from this disk once more and refuses it if it differs.
        const entry = await deps.vault.add({
          kind: 'package',
          siteId: site.id,
          siteName: site.name,
          appliance: manifest.appliance.hostname ?? manifest.appliance.serial,
          version: pkg.version,
          path,
          sha256: pkg.sha256,
          size: pkg.size,
        });
        await deps.vault.hold(entry.id, input.procedureId);
        packages.push({ ...pkg, vaultId: entry.id });
      }
      return { packages };
    }),
  };
}

function filePackageRef(pkg: BundlePackage): FilePackageRef {
  return {
    id: pkg.id,
    name: pkg.name,
    kind: pkg.kind,
    version: pkg.version,
    ...(pkg.requires !== undefined ? { requires: pkg.requires } : {}),
    size: pkg.size,
    sha256: pkg.sha256,
  };
}

function noBundle(input: VerifyTransferBundleInput, found: FoundBundle[]): AppError {
  const seen = found.map((b) => (b.ok ? `${basename(b.bundleDir)} (for appliance ${b.serial}, written ${b.createdAt})` : `${basename(b.bundleDir)} (${b.problem})`));
  return new AppError(
    'BUNDLE_INVALID',
    `There is no bundle for appliance ${input.expectSerial} on this media${seen.length > 0 ? `; it holds ${seen.join('; ')}` : ', and no other bundle either'}.`,
    `Check that this is the stick written on the connected side and choose the drive or folder that holds the bundle folder. If the bundle is damaged or missing, write it again on the connected side from this appliance's key file. Nothing was uploaded.`,
    { mediaPath: input.mediaPath, found },
  );
}

/** The package as the manifest lists it, refused if the bundle changed since it was verified. */
function listedAsVerified(manifest: BundleManifest, pkg: FilePackageRef, bundleDir: string): BundlePackage {
  const listed = manifest.packages.find((p) => p.id === pkg.id);
  if (!listed || listed.sha256 !== pkg.sha256 || listed.size !== pkg.size) {
    throw new AppError(
      'BUNDLE_INVALID',
      `The bundle on the media changed after it was verified: ${pkg.name} is ${listed ? 'listed with another SHA-256 or size' : 'no longer listed'}.`,
      'Verify the bundle again (the stick may have been swapped), then import it. Nothing was copied for this package.',
      { bundleDir, packageId: pkg.id },
    );
  }
  return listed;
}
