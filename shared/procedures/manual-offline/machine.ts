/**
 * P2 — single appliance, manual update across the air gap, restricted side, as a state
 * machine. It exports and checks the certificate, checks the appliance clock (R6), makes the
 * download key and sends it across, waits — for days if need be, across restarts — for the
 * transfer bundle, verifies it file by file and copies it into the vault. Only then do the
 * sign-in check, the maintenance window and the backup come (R1, R13): the wait for the bundle must not age them.
 * It installs with the appliance-upgrade unit in its manual form: each package carries its vault
 * file, so the host uploads it (Manual Installation).
 * Top-level states are the step ids of words.ts; the context holds only JSON.
 */
import { fromPromise, setup } from 'xstate';
import { checkApplianceClock } from '../../rules/appliance-clock';
import { checkTransferProof } from '../../rules/transfer-proof';
import { orderPackages, type PackageOrder } from '../../rules/package-order';
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
  UploadPackageInput,
  UploadPackageOutput,
  VerifyTransferBundleInput,
  VerifyTransferBundleOutput,
} from '../actors';
import type { JournalParams, ProcedureInput } from '../definition';
import { actorInput, failWith, notProvided, recordDone, retryTo, ruleError } from '../machine-helpers';
import { aftercareStep, reportStep } from '../steps/aftercare-and-report/chart';
import { judgePlan, manualUpgradeUnit } from '../steps/appliance-upgrade/chart';
import { cancelFrom } from '../steps/cancel';
import { certificateHealthStep, exportCertificateStep } from '../steps/certificates/chart';
import { initialUpgradeContext, isReadyToInstall, type UpgradeContext } from '../steps/context';
import { assignFor, upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../steps/setup';
import { backupStep, credentialsStep, windowStep } from '../steps/window-and-backup/chart';
import { sha256Prefix } from '../view-helpers';
import { manualOfflineHints, type ManualOfflineOperatorEventType } from './words';

export interface ManualOfflineContext extends UpgradeContext {
  /** R4's order of the imported packages, each with its vault file. */
  plan: PackageOrder<FilePackageRef> | null;
  clock: CheckApplianceClockOutput | null;
  downloadKey: GenerateDownloadKeyOutput | null;
  /** The drive the operator chose for the key file. */
  keyMediaPath: string | null;
  keyFile: SaveKeyFileOutput | null;
  /** Set when the operator carried the key across by hand instead. */
  keyCopiedByHand: { at: string; note: string } | null;
  /** The drive the operator said holds the bundle. */
  bundleMediaPath: string | null;
  /** The last verification of a bundle; kept when it failed, so its proof can be shown. */
  bundle: VerifyTransferBundleOutput | null;
  /** The bundle's packages as held in the vault; null until an import was verified. */
  imported: FilePackageRef[] | null;
  /**
   * When the operator said the bundle code on the drive matches the one noted on the connected
   * side; null until then. Absent (undefined) only in snapshots saved before the comparison existed.
   */
  codeConfirmedAt?: string | null;
}

export type ManualOfflineEvent = {
  type: ManualOfflineOperatorEventType;
  at: string;
  note?: string;
  value?: string;
};

const MACHINE = 'manualOffline';
/** The appliance-upgrade unit, placed once for the site's one appliance. */
const UNIT = { machine: MACHINE };

type Args = { context: ManualOfflineContext };
type OperatorArgs = { event: ManualOfflineEvent };

function hasValue(event: ManualOfflineEvent): boolean {
  return typeof event.value === 'string' && event.value.trim().length > 0;
}

/** Every package of the verified bundle is in the vault with the same SHA-256: nothing missing, nothing swapped. */
function isImportComplete(bundle: VerifyTransferBundleOutput | null, imported: readonly FilePackageRef[]): boolean {
  if (!bundle) return false;
  return bundle.packages.every((pkg) =>
    imported.some((held) => held.id === pkg.id && held.sha256 === pkg.sha256 && typeof held.vaultId === 'string' && held.vaultId.length > 0),
  );
}

function importProblem(context: ManualOfflineContext, imported: readonly FilePackageRef[]): string {
  const missing = (context.bundle?.packages ?? []).filter((pkg) => !imported.some((held) => held.id === pkg.id && held.sha256 === pkg.sha256 && held.vaultId));
  return `The vault does not hold a verified copy of ${missing.map((pkg) => `${pkg.name} ${pkg.version}`).join(', ') || 'the bundle'}.`;
}

function codeMismatch(context: ManualOfflineContext): string {
  return `The bundle code on the drive, ${context.bundle?.digestCode ?? ''}, is not the code noted on the connected computer.`;
}

function describeKey(key: GenerateDownloadKeyOutput): string {
  return `Key for ${key.applianceHostname} (serial ${key.applianceSerial}), site ${key.siteVersion} on Base ${key.baseVersion}, generated at ${key.generatedAt}.`;
}

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
    verifyTransferBundle: fromPromise<VerifyTransferBundleOutput, VerifyTransferBundleInput>(async () => notProvided('verifyTransferBundle')),
    importBundle: fromPromise<ImportBundleOutput, ImportBundleInput>(async () => notProvided('importBundle')),
    uploadPackage: fromPromise<UploadPackageOutput, UploadPackageInput>(async () => notProvided('uploadPackage')),
  },
  guards: {
    ...upgradeGuards,
    hasValue: ({ event }) => hasValue(event),
    clockIsRight: ({ context }) => checkApplianceClock(context.clock).holds,
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
    recordKey: update((_, downloadKey: GenerateDownloadKeyOutput) => ({ downloadKey, keyFile: null, keyMediaPath: null, keyCopiedByHand: null })),
    recordKeyMedia: update((_, params: { mediaPath: string }) => ({ keyMediaPath: params.mediaPath })),
    recordKeyFile: update((_, keyFile: SaveKeyFileOutput) => ({ keyFile })),
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
    keyCopiedByHand: null,
    bundleMediaPath: null,
    bundle: null,
    imported: null,
    codeConfirmedAt: null,
  }),
  states: {
    'export-certificate': exportCertificateStep(MACHINE, 'certificate-health'),
    'certificate-health': certificateHealthStep(MACHINE, 'clock-check'),
    'clock-check': {
      initial: 'checking',
      states: {
        checking: {
          entry: { type: 'clearClock' },
          invoke: {
            id: 'checkApplianceClock',
            src: 'checkApplianceClock',
            input: ({ context }) => actorInput(context, 'clock-check'),
            onDone: recordDone('judging', 'recordClock', 'clock-check', 'CLOCK_CHECKED', (clock: CheckApplianceClockOutput) => {
              const verdict = checkApplianceClock(clock);
              return { outcome: verdict.holds ? 'ok' : 'blocked', detail: verdict.reason };
            }),
            onError: failWith('failed', 'clock-check', 'CLOCK_CHECK_FAILED'),
          },
          on: { CANCEL: cancelFrom(MACHINE, 'clock-check') },
        },
        judging: {
          always: [{ guard: 'clockIsRight', target: `#${MACHINE}.download-key` }, { target: 'blocked' }],
        },
        blocked: {
          on: { RECHECK: 'checking', CANCEL: cancelFrom(MACHINE, 'clock-check') },
        },
        failed: {
          on: { RETRY: retryTo('checking', 'clock-check'), CANCEL: cancelFrom(MACHINE, 'clock-check') },
        },
      },
    },
    'download-key': {
      initial: 'generating',
      states: {
        generating: {
          invoke: {
            id: 'generateDownloadKey',
            src: 'generateDownloadKey',
            input: ({ context }) => actorInput(context, 'download-key'),
            onDone: recordDone(`#${MACHINE}.save-key`, 'recordKey', 'download-key', 'KEY_GENERATED', (key: GenerateDownloadKeyOutput) => ({
              detail: describeKey(key),
            })),
            onError: failWith('failed', 'download-key', 'KEY_FAILED'),
          },
          on: { CANCEL: cancelFrom(MACHINE, 'download-key') },
        },
        // A failed key often means a wrong clock (R6), so trying again checks the clock first.
        failed: {
          on: { RETRY: retryTo(`#${MACHINE}.clock-check`, 'download-key'), CANCEL: cancelFrom(MACHINE, 'download-key') },
        },
      },
    },
    'save-key': {
      initial: 'choosing',
      states: {
        choosing: {
          on: {
            SAVE_KEY: {
              guard: 'hasValue',
              target: 'saving',
              actions: { type: 'recordKeyMedia', params: ({ event }: OperatorArgs) => ({ mediaPath: (event.value ?? '').trim() }) },
            },
            KEY_COPIED: keyCopiedByHand(),
            CANCEL: cancelFrom(MACHINE, 'save-key'),
          },
        },
        saving: {
          invoke: {
            id: 'saveKeyFile',
            src: 'saveKeyFile',
            input: ({ context }: Args): SaveKeyFileInput => ({
              ...actorInput(context, 'save-key'),
              mediaPath: context.keyMediaPath ?? '',
              key: context.downloadKey as GenerateDownloadKeyOutput,
            }),
            onDone: recordDone(`#${MACHINE}.await-bundle`, 'recordKeyFile', 'save-key', 'KEY_SAVED', (keyFile: SaveKeyFileOutput) => ({
              detail: `Key file written and read back: ${keyFile.path}.`,
              checksums: { [keyFile.path]: keyFile.sha256 },
            })),
            onError: failWith('failed', 'save-key', 'KEY_SAVE_FAILED'),
          },
          on: { CANCEL: cancelFrom(MACHINE, 'save-key') },
        },
        failed: {
          on: {
            RETRY: retryTo('saving', 'save-key'),
            CHOOSE_OTHER_MEDIA: { target: 'choosing', actions: { type: 'clearError' } },
            KEY_COPIED: keyCopiedByHand(),
            CANCEL: cancelFrom(MACHINE, 'save-key'),
          },
        },
      },
    },
    // No actor runs here: the procedure rests in this state, persisted, until the bundle comes back.
    'await-bundle': {
      on: {
        BUNDLE_READY: {
          guard: 'hasValue',
          target: 'verify-bundle',
          actions: [
            { type: 'recordBundleMedia', params: ({ event }: OperatorArgs) => ({ mediaPath: (event.value ?? '').trim() }) },
            {
              type: 'journal',
              params: ({ event }: OperatorArgs): JournalParams => ({
                step: 'await-bundle',
                event: 'BUNDLE_READY',
                outcome: 'info',
                who: 'operator',
                detail: `The transfer bundle is on ${(event.value ?? '').trim()}.`,
              }),
            },
          ],
        },
        NEW_KEY: {
          target: 'clock-check',
          actions: {
            type: 'journal',
            params: { step: 'await-bundle', event: 'NEW_KEY', outcome: 'info', who: 'operator', detail: 'A new download key is needed; checking the clock first.' } satisfies JournalParams,
          },
        },
        CANCEL: cancelFrom(MACHINE, 'await-bundle'),
      },
    },
    'verify-bundle': {
      initial: 'verifying',
      states: {
        verifying: {
          entry: { type: 'clearBundle' },
          invoke: {
            id: 'verifyTransferBundle',
            src: 'verifyTransferBundle',
            input: ({ context }: Args): VerifyTransferBundleInput => ({
              ...actorInput(context, 'verify-bundle'),
              mediaPath: context.bundleMediaPath ?? '',
              expectSerial: context.downloadKey?.applianceSerial ?? '',
            }),
            onDone: [
              {
                guard: { type: 'bundleProofHolds', params: ({ event }) => ({ bundle: event.output }) },
                target: `#${MACHINE}.compare-code`,
                actions: [
                  { type: 'recordBundle', params: ({ event }) => event.output },
                  {
                    type: 'journal',
                    params: ({ event }): JournalParams => ({
                      step: 'verify-bundle',
                      event: 'BUNDLE_VERIFIED',
                      outcome: 'ok',
                      who: 'assistant',
                      detail: `Bundle ${event.output.bundleId} (code ${event.output.digestCode}) from ${event.output.createdBy}, ${event.output.createdAt}: ${checkTransferProof(event.output.proof).reason}`,
                      checksums: Object.fromEntries(event.output.packages.map((pkg) => [pkg.name + ' ' + pkg.version, pkg.sha256])),
                    }),
                  },
                ],
              },
              {
                target: 'failed',
                actions: [
                  { type: 'recordBundle', params: ({ event }) => event.output },
                  {
                    type: 'recordError',
                    params: ({ event }) => ruleError('verify-bundle', checkTransferProof(event.output.proof).reason, manualOfflineHints.bundleProofFailed),
                  },
                  {
                    type: 'journal',
                    params: ({ event }): JournalParams => ({
                      step: 'verify-bundle',
                      event: 'BUNDLE_REJECTED',
                      outcome: 'failed',
                      who: 'assistant',
                      detail: `Bundle ${event.output.bundleId}: ${checkTransferProof(event.output.proof).reason}`,
                    }),
                  },
                ],
              },
            ],
            onError: failWith('failed', 'verify-bundle', 'BUNDLE_REJECTED'),
          },
          on: { CANCEL: cancelFrom(MACHINE, 'verify-bundle') },
        },
        // Never silently on: only a new check or another bundle leaves a failed verification.
        failed: {
          on: {
            RETRY: retryTo('verifying', 'verify-bundle'),
            CHOOSE_OTHER_MEDIA: chooseOtherBundle('verify-bundle'),
            CANCEL: cancelFrom(MACHINE, 'verify-bundle'),
          },
        },
      },
    },
    // The arrival comparison: the operator holds the code noted on the connected side against the one on the drive.
    'compare-code': {
      initial: 'asking',
      states: {
        asking: {
          on: {
            CODE_MATCHES: {
              target: `#${MACHINE}.import-bundle`,
              actions: [
                { type: 'recordCodeConfirmed', params: ({ event }: OperatorArgs) => ({ at: event.at }) },
                {
                  type: 'journal',
                  params: ({ context }: Args): JournalParams => ({
                    step: 'compare-code',
                    event: 'CODE_MATCHES',
                    outcome: 'ok',
                    who: 'operator',
                    detail: `The bundle code on the drive, ${context.bundle?.digestCode ?? ''}, matches the code noted on the connected computer.`,
                  }),
                },
              ],
            },
            // Never a silent continue: only another bundle (or a cancel) leaves a mismatch.
            CODE_DIFFERS: {
              target: 'mismatch',
              actions: [
                { type: 'recordError', params: ({ context }: Args) => ruleError('compare-code', codeMismatch(context), manualOfflineHints.codeMismatch) },
                {
                  type: 'journal',
                  params: ({ context }: Args): JournalParams => ({
                    step: 'compare-code',
                    event: 'CODE_DIFFERS',
                    outcome: 'failed',
                    who: 'operator',
                    detail: `${codeMismatch(context)} Nothing from this drive is used.`,
                  }),
                },
              ],
            },
            CANCEL: cancelFrom(MACHINE, 'compare-code'),
          },
        },
        mismatch: {
          on: { CHOOSE_OTHER_MEDIA: chooseOtherBundle('compare-code'), CANCEL: cancelFrom(MACHINE, 'compare-code') },
        },
      },
    },
    'import-bundle': {
      initial: 'importing',
      states: {
        importing: {
          invoke: {
            id: 'importBundle',
            src: 'importBundle',
            input: ({ context }: Args): ImportBundleInput => ({
              ...actorInput(context, 'import-bundle'),
              bundleDir: context.bundle?.bundleDir ?? '',
              packages: context.bundle?.packages ?? [],
            }),
            onDone: [
              {
                guard: { type: 'importIsComplete', params: ({ event }) => ({ imported: event.output.packages }) },
                target: 'judging',
                actions: [
                  { type: 'recordImport', params: ({ event }) => event.output.packages },
                  {
                    type: 'journal',
                    params: ({ event }): JournalParams => ({
                      step: 'import-bundle',
                      event: 'BUNDLE_IMPORTED',
                      outcome: 'ok',
                      who: 'assistant',
                      detail: `${event.output.packages.length} package(s) copied into the vault and held until installed: ${event.output.packages.map((pkg) => `${pkg.name} ${pkg.version} (SHA-256 ${sha256Prefix(pkg.sha256)})`).join(', ') || 'none'}.`,
                      checksums: Object.fromEntries(event.output.packages.map((pkg) => [pkg.name + ' ' + pkg.version, pkg.sha256])),
                    }),
                  },
                ],
              },
              {
                target: 'failed',
                actions: [
                  {
                    type: 'recordError',
                    params: ({ context, event }) => ruleError('import-bundle', importProblem(context, event.output.packages), manualOfflineHints.importIncomplete),
                  },
                  {
                    type: 'journal',
                    params: ({ context, event }): JournalParams => ({
                      step: 'import-bundle',
                      event: 'IMPORT_INCOMPLETE',
                      outcome: 'failed',
                      who: 'assistant',
                      detail: importProblem(context, event.output.packages),
                    }),
                  },
                ],
              },
            ],
            onError: failWith('failed', 'import-bundle', 'IMPORT_FAILED'),
          },
          on: { CANCEL: cancelFrom(MACHINE, 'import-bundle') },
        },
        // A plan R4 refuses blocks before the window: the site is not taken down for it.
        judging: { always: judgePlan(UNIT, { nothingToInstall: 'report', safe: 'check-credentials' }) },
        failed: {
          on: {
            RETRY: retryTo('importing', 'import-bundle'),
            CHOOSE_OTHER_MEDIA: chooseOtherBundle('import-bundle'),
            CANCEL: cancelFrom(MACHINE, 'import-bundle'),
          },
        },
      },
    },
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

/** KEY_COPIED: the operator carries the key by hand, and says how (a note is required). */
function keyCopiedByHand() {
  return {
    guard: 'hasNote',
    target: `#${MACHINE}.await-bundle`,
    actions: [
      { type: 'clearError' },
      { type: 'recordKeyCopied', params: ({ event }: OperatorArgs) => ({ at: event.at, note: event.note ?? '' }) },
      {
        type: 'journal',
        params: ({ event }: OperatorArgs): JournalParams => ({
          step: 'save-key',
          event: 'KEY_COPIED',
          outcome: 'info',
          who: 'operator',
          detail: `The key travels by hand: ${event.note ?? ''}`,
        }),
      },
    ],
  } as const;
}

/** Back to waiting for a bundle: another drive, or a bundle written again on the connected side. */
function chooseOtherBundle(step: string) {
  return {
    target: `#${MACHINE}.await-bundle`,
    actions: [
      { type: 'clearError' },
      {
        type: 'journal',
        params: { step, event: 'CHOOSE_OTHER_MEDIA', outcome: 'info', who: 'operator', detail: 'Waiting for another transfer bundle.' } satisfies JournalParams,
      },
    ],
  } as const;
}
