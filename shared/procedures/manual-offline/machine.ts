/**
 * P2 — single appliance, manual update across the air gap, restricted side, as a state
 * machine. It exports and checks the certificate, checks the appliance clock (R6), makes the
 * download key and sends it across (a key file read back only through this computer's cache is
 * read again once the stick was re-inserted), waits — for days if need be, across restarts — for the
 * transfer bundle, verifies it file by file and copies it into the vault. Only then do the
 * sign-in check, the maintenance window and the backup come (R1, R13): the wait for the bundle must not age them.
 * It installs with the appliance-upgrade unit in its manual form: each package carries its vault
 * file, so the host uploads it (Manual Installation).
 * Top-level states are the step ids of words.ts; the context holds only JSON.
 */
import { fromPromise, setup } from 'xstate';
import { checkApplianceClock } from '../../rules/appliance-clock';
import { checkTransferProof } from '../../rules/transfer-proof';
import { orderPackages } from '../../rules/package-order';
import type {
  CheckApplianceClockInput,
  CheckApplianceClockOutput,
  FilePackageRef,
  GenerateDownloadKeyInput,
  GenerateDownloadKeyOutput,
  ImportBundleInput,
  ImportBundleOutput,
  ReadKeyFileInput,
  ReadKeyFileOutput,
  SaveKeyFileInput,
  SaveKeyFileOutput,
  UploadPackageInput,
  UploadPackageOutput,
  VerifyTransferBundleInput,
  VerifyTransferBundleOutput,
} from '../actors';
import type { ProcedureInput } from '../definition';
import { notProvided } from '../machine-helpers';
import { aftercareStep, reportStep } from '../steps/aftercare-and-report/chart';
import { manualUpgradeUnit } from '../steps/appliance-upgrade/chart';
import { certificateHealthStep, exportCertificateStep } from '../steps/certificates/chart';
import { initialUpgradeContext, isReadyToInstall } from '../steps/context';
import { assignFor, upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../steps/setup';
import { backupStep, credentialsStep, windowStep } from '../steps/window-and-backup/chart';
import { bundleSteps, chooseOtherBundle } from './bundle-steps';
import { MACHINE, checkKeyReread, hasValue, isImportComplete, keyReadThroughCache, type ManualOfflineContext, type ManualOfflineEvent } from './context';
import { keySteps } from './key-steps';

export type { ManualOfflineContext, ManualOfflineEvent } from './context';

/** The appliance-upgrade unit, placed once for the site's one appliance. */
const UNIT = { machine: MACHINE };

const update = assignFor<ManualOfflineContext, ManualOfflineEvent>();

export const manualOfflineMachine = setup({
  types: {
    context: {} as ManualOfflineContext,
    events: {} as ManualOfflineEvent,
    input: {} as ProcedureInput,
  },
  actors: {
    ...upgradeActorPlaceholders,
    checkApplianceClock: fromPromise<CheckApplianceClockOutput, CheckApplianceClockInput>(async () => notProvided('checkApplianceClock')),
    generateDownloadKey: fromPromise<GenerateDownloadKeyOutput, GenerateDownloadKeyInput>(async () => notProvided('generateDownloadKey')),
    saveKeyFile: fromPromise<SaveKeyFileOutput, SaveKeyFileInput>(async () => notProvided('saveKeyFile')),
    /** The connected side's key-file reader, here run on the re-inserted stick after a read-back through the cache. */
    readKeyFile: fromPromise<ReadKeyFileOutput, ReadKeyFileInput>(async () => notProvided('readKeyFile')),
    verifyTransferBundle: fromPromise<VerifyTransferBundleOutput, VerifyTransferBundleInput>(async () => notProvided('verifyTransferBundle')),
    importBundle: fromPromise<ImportBundleOutput, ImportBundleInput>(async () => notProvided('importBundle')),
    uploadPackage: fromPromise<UploadPackageOutput, UploadPackageInput>(async () => notProvided('uploadPackage')),
  },
  guards: {
    ...upgradeGuards,
    hasValue: ({ event }) => hasValue(event),
    clockIsRight: ({ context }) => checkApplianceClock(context.clock).holds,
    /** The key file was read back from the drive itself: nothing more to prove. */
    keyReadFromDrive: (_, params: { keyFile: SaveKeyFileOutput }) => !keyReadThroughCache(params.keyFile),
    /** The re-inserted stick holds the key file as written. */
    keyRereadHolds: ({ context }, params: { read: ReadKeyFileOutput }) => checkKeyReread(context.keyFile, context.downloadKey, params.read).holds,
    bundleProofHolds: (_, params: { bundle: VerifyTransferBundleOutput }) => checkTransferProof(params.bundle.proof).holds,
    importIsComplete: ({ context }, params: { imported: FilePackageRef[] }) => isImportComplete(context.bundle, params.imported),
    /** R1 and R4 as for P1, and every package comes from a verified bundle and is held in the vault. */
    readyToInstallFromBundle: ({ context }) =>
      isReadyToInstall(context) &&
      context.imported !== null &&
      context.codeConfirmedAt !== null &&
      checkTransferProof(context.bundle?.proof).holds &&
      isImportComplete(context.bundle, context.imported) &&
      (context.plan?.order ?? []).every((pkg) => context.imported?.some((held) => held.id === pkg.id && held.vaultId === pkg.vaultId)),
  },
  actions: {
    ...upgradeActions<ManualOfflineContext, ManualOfflineEvent>(),
    clearClock: update(() => ({ clock: null })),
    recordClock: update((_, clock: CheckApplianceClockOutput) => ({ clock })),
    recordKey: update((_, downloadKey: GenerateDownloadKeyOutput) => ({
      downloadKey,
      keyFile: null,
      keyMediaPath: null,
      keyCopiedByHand: null,
      keyReinsertedAt: null,
      keyReread: null,
    })),
    recordKeyMedia: update((_, params: { mediaPath: string }) => ({ keyMediaPath: params.mediaPath })),
    recordKeyFile: update((_, keyFile: SaveKeyFileOutput) => ({ keyFile, keyReinsertedAt: null, keyReread: null })),
    recordKeyReinserted: update((_, params: { at: string }) => ({ keyReinsertedAt: params.at })),
    clearKeyReread: update(() => ({ keyReread: null })),
    recordKeyReread: update((_, keyReread: ReadKeyFileOutput) => ({ keyReread })),
    recordKeyCopied: update((_, copied: { at: string; note: string }) => ({ keyCopiedByHand: copied })),
    recordBundleMedia: update((_, params: { mediaPath: string }) => ({ bundleMediaPath: params.mediaPath })),
    clearBundle: update(() => ({ bundle: null, imported: null, codeConfirmedAt: null })),
    recordCodeConfirmed: update((_, params: { at: string }) => ({ codeConfirmedAt: params.at })),
    recordBundle: update((_, bundle: VerifyTransferBundleOutput) => ({ bundle })),
    recordImport: update(({ context }, imported: FilePackageRef[]) => ({
      imported,
      versionsBefore: context.downloadKey ? { siteVersion: context.downloadKey.siteVersion, baseVersion: context.downloadKey.baseVersion } : null,
      plan: orderPackages(imported, context.downloadKey?.baseVersion ?? ''),
    })),
  },
}).createMachine({
  id: MACHINE,
  initial: 'export-certificate',
  context: ({ input }) => ({
    ...initialUpgradeContext(input),
    plan: null,
    clock: null,
    downloadKey: null,
    keyMediaPath: null,
    keyFile: null,
    keyReinsertedAt: null,
    keyReread: null,
    keyCopiedByHand: null,
    bundleMediaPath: null,
    bundle: null,
    imported: null,
    codeConfirmedAt: null,
  }),
  states: {
    'export-certificate': exportCertificateStep(MACHINE, 'certificate-health', { required: false }),
    'certificate-health': certificateHealthStep(MACHINE, 'clock-check'),
    ...keySteps,
    ...bundleSteps,
    'check-credentials': credentialsStep(MACHINE),
    window: windowStep(MACHINE, 'backup'),
    backup: backupStep(MACHINE, 'plan'),
    ...manualUpgradeUnit(UNIT, {
      exits: { aftercare: 'aftercare', noAftercare: 'report', nothingToInstall: 'report' },
      plan: { startGuard: 'readyToInstallFromBundle', blockedExits: { CHOOSE_OTHER_MEDIA: chooseOtherBundle('plan') } },
    }),
    aftercare: aftercareStep(MACHINE),
    report: reportStep(MACHINE),
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

