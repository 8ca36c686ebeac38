/**
 * What P2's restricted-side steps need from the machine that places them: their actors (host
 * supplied), guards and actions. P2 spreads them into its setup(); a pair procedure that updates
 * one appliance by hand spreads them into its own.
 */
import { fromPromise, type EventObject, type ParameterizedObject } from 'xstate';
import { checkApplianceClock } from '../../rules/appliance-clock';
import { orderPackages } from '../../rules/package-order';
import { checkTransferProof } from '../../rules/transfer-proof';
import type * as Actors from '../actors';
import { notProvided } from '../machine-helpers';
import { isReadyToInstall } from '../steps/context';
import { assignFor } from '../steps/setup';
import { checkKeyReread, isImportComplete, keyReadThroughCache, type ManualStepsContext } from './context';

export const manualOfflineActorPlaceholders = {
  checkApplianceClock: fromPromise<Actors.CheckApplianceClockOutput, Actors.CheckApplianceClockInput>(async () => notProvided('checkApplianceClock')),
  generateDownloadKey: fromPromise<Actors.GenerateDownloadKeyOutput, Actors.GenerateDownloadKeyInput>(async () => notProvided('generateDownloadKey')),
  saveKeyFile: fromPromise<Actors.SaveKeyFileOutput, Actors.SaveKeyFileInput>(async () => notProvided('saveKeyFile')),
  /** The connected side's key-file reader, here run on the re-inserted stick after a read-back through the cache. */
  readKeyFile: fromPromise<Actors.ReadKeyFileOutput, Actors.ReadKeyFileInput>(async () => notProvided('readKeyFile')),
  verifyTransferBundle: fromPromise<Actors.VerifyTransferBundleOutput, Actors.VerifyTransferBundleInput>(async () => notProvided('verifyTransferBundle')),
  importBundle: fromPromise<Actors.ImportBundleOutput, Actors.ImportBundleInput>(async () => notProvided('importBundle')),
  uploadPackage: fromPromise<Actors.UploadPackageOutput, Actors.UploadPackageInput>(async () => notProvided('uploadPackage')),
};

type Args = { context: ManualStepsContext };

/** Besides `hasValue` and `hasNote`, which the shared phases' guards hold. */
export const manualOfflineGuards = {
  clockIsRight: ({ context }: Args) => checkApplianceClock(context.clock).holds,
  /** The key file was read back from the drive itself: nothing more to prove. */
  keyReadFromDrive: (_: unknown, params: { keyFile: Actors.SaveKeyFileOutput }) => !keyReadThroughCache(params.keyFile),
  /** The re-inserted stick holds the key file as written. */
  keyRereadHolds: ({ context }: Args, params: { read: Actors.ReadKeyFileOutput }) => checkKeyReread(context.keyFile, context.downloadKey, params.read).holds,
  bundleProofHolds: (_: unknown, params: { bundle: Actors.VerifyTransferBundleOutput }) => checkTransferProof(params.bundle.proof).holds,
  importIsComplete: ({ context }: Args, params: { imported: Actors.FilePackageRef[] }) => isImportComplete(context.bundle, params.imported),
  /** R1 and R4 as for P1, and every package comes from a verified bundle and is held in the vault. */
  readyToInstallFromBundle: ({ context }: Args) =>
    isReadyToInstall(context) &&
    context.imported !== null &&
    context.codeConfirmedAt !== null &&
    checkTransferProof(context.bundle?.proof).holds &&
    isImportComplete(context.bundle, context.imported) &&
    ((context.plan?.order ?? []) as Partial<Actors.FilePackageRef>[]).every((pkg) => context.imported?.some((held) => held.id === pkg.id && held.vaultId === pkg.vaultId)),
};

export function manualOfflineActions<TContext extends ManualStepsContext, TEvent extends EventObject>() {
  const update = assignFor<TContext, TEvent>();
  // These steps only write the restricted side's fields (and the plan the import makes).
  const own = <TParams extends ParameterizedObject['params'] | undefined>(assigner: (args: { context: TContext }, params: TParams) => Partial<ManualStepsContext>) =>
    update(assigner as (args: { context: TContext }, params: TParams) => Partial<TContext>);
  return {
    clearClock: own(() => ({ clock: null })),
    recordClock: own((_, clock: Actors.CheckApplianceClockOutput) => ({ clock })),
    recordKey: own((_, downloadKey: Actors.GenerateDownloadKeyOutput) => ({
      downloadKey,
      keyFile: null,
      keyMediaPath: null,
      keyCopiedByHand: null,
      keyReinsertedAt: null,
      keyReread: null,
    })),
    recordKeyMedia: own((_, params: { mediaPath: string }) => ({ keyMediaPath: params.mediaPath })),
    recordKeyFile: own((_, keyFile: Actors.SaveKeyFileOutput) => ({ keyFile, keyReinsertedAt: null, keyReread: null })),
    recordKeyReinserted: own((_, params: { at: string }) => ({ keyReinsertedAt: params.at })),
    clearKeyReread: own(() => ({ keyReread: null })),
    recordKeyReread: own((_, keyReread: Actors.ReadKeyFileOutput) => ({ keyReread })),
    recordKeyCopied: own((_, copied: { at: string; note: string }) => ({ keyCopiedByHand: copied })),
    recordBundleMedia: own((_, params: { mediaPath: string }) => ({ bundleMediaPath: params.mediaPath })),
    clearBundle: own(() => ({ bundle: null, imported: null, codeConfirmedAt: null })),
    recordCodeConfirmed: own((_, params: { at: string }) => ({ codeConfirmedAt: params.at })),
    recordBundle: own((_, bundle: Actors.VerifyTransferBundleOutput) => ({ bundle })),
    recordImport: own(({ context }, imported: Actors.FilePackageRef[]) => ({
      imported,
      versionsBefore: context.downloadKey ? { siteVersion: context.downloadKey.siteVersion, baseVersion: context.downloadKey.baseVersion } : null,
      plan: orderPackages(imported, context.downloadKey?.baseVersion ?? ''),
    })),
  };
}
