/**
 * P2's steps when the bundle comes back across the air gap: waiting for it (for days if need
 * be), verifying it file by file, the arrival comparison of its code, and copying it into the
 * vault. State-config builders placed by machine.ts.
 */
import { checkTransferProof } from '../../rules/transfer-proof';
import type { ImportBundleInput, ImportBundleOutput, VerifyTransferBundleInput, VerifyTransferBundleOutput } from '../actors';
import type { JournalParams } from '../definition';
import { failWith, retryTo, ruleError } from '../machine-helpers';
import { judgePlan } from '../steps/appliance-upgrade/chart';
import { cancelFrom } from '../steps/cancel';
import { codeMismatch, importProblem, type Args, type OperatorArgs } from './context';
import { manualInput, manualStepId, manualTarget, placed, type ManualPlacement, type ManualStep } from './placement';
import { manualOfflineHints } from './words';
import { countOf } from '../../counting';

type Done<T> = { event: { output: T } };

/** The steps, placed: `<prefix>await-bundle`, `<prefix>verify-bundle`, `<prefix>compare-code`, `<prefix>import-bundle`. */
export function bundleSteps<TPrefix extends string>(placement: ManualPlacement<TPrefix>) {
  const id = (step: ManualStep) => manualStepId(placement, step);
  const to = (step: ManualStep, sub?: string) => manualTarget(placement, step, sub);
  const chooseOther = (step: ManualStep) => chooseOtherBundle(placement, id(step));
  return placed(placement, {
    // No actor runs here: the procedure rests in this state, persisted, until the bundle comes back.
    'await-bundle': {
      on: {
        BUNDLE_READY: {
          guard: 'hasValue',
          target: id('verify-bundle'),
          actions: [
            { type: 'recordBundleMedia', params: ({ event }: OperatorArgs) => ({ mediaPath: (event.value ?? '').trim() }) },
            {
              type: 'journal',
              params: ({ event }: OperatorArgs): JournalParams => ({
                step: id('await-bundle'),
                event: 'BUNDLE_READY',
                outcome: 'info',
                who: 'operator',
                detail: `The transfer bundle is on ${(event.value ?? '').trim()}.`,
              }),
            },
          ],
        },
        NEW_KEY: {
          target: id('clock-check'),
          actions: {
            type: 'journal',
            params: { step: id('await-bundle'), event: 'NEW_KEY', outcome: 'info', who: 'operator', detail: 'A new download key is needed; checking the clock first.' } satisfies JournalParams,
          },
        },
        CANCEL: cancelFrom(placement.machine, id('await-bundle')),
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
              ...manualInput(placement, context, 'verify-bundle'),
              mediaPath: context.bundleMediaPath ?? '',
              expectSerial: context.downloadKey?.applianceSerial ?? '',
            }),
            onDone: [
              {
                guard: { type: 'bundleProofHolds', params: ({ event }: Done<VerifyTransferBundleOutput>) => ({ bundle: event.output }) },
                target: to('compare-code'),
                actions: [
                  { type: 'recordBundle', params: ({ event }: Done<VerifyTransferBundleOutput>) => event.output },
                  {
                    type: 'journal',
                    params: ({ event }: Done<VerifyTransferBundleOutput>): JournalParams => ({
                      step: id('verify-bundle'),
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
                  { type: 'recordBundle', params: ({ event }: Done<VerifyTransferBundleOutput>) => event.output },
                  {
                    type: 'recordError',
                    params: ({ event }: Done<VerifyTransferBundleOutput>) => ruleError(id('verify-bundle'), checkTransferProof(event.output.proof).reason, manualOfflineHints.bundleProofFailed),
                  },
                  {
                    type: 'journal',
                    params: ({ event }: Done<VerifyTransferBundleOutput>): JournalParams => ({
                      step: id('verify-bundle'),
                      event: 'BUNDLE_REJECTED',
                      outcome: 'failed',
                      who: 'assistant',
                      detail: `Bundle ${event.output.bundleId}: ${checkTransferProof(event.output.proof).reason}`,
                    }),
                  },
                ],
              },
            ],
            onError: failWith('failed', id('verify-bundle'), 'BUNDLE_REJECTED'),
          },
          on: { CANCEL: cancelFrom(placement.machine, id('verify-bundle')) },
        },
        // Never silently on: only a new check or another bundle leaves a failed verification.
        failed: {
          on: {
            RETRY: retryTo('verifying', id('verify-bundle')),
            CHOOSE_OTHER_MEDIA: chooseOther('verify-bundle'),
            CANCEL: cancelFrom(placement.machine, id('verify-bundle')),
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
              target: to('import-bundle'),
              actions: [
                { type: 'recordCodeConfirmed', params: ({ event }: OperatorArgs) => ({ at: event.at }) },
                {
                  type: 'journal',
                  params: ({ context }: Args): JournalParams => ({
                    step: id('compare-code'),
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
                { type: 'recordError', params: ({ context }: Args) => ruleError(id('compare-code'), codeMismatch(context), manualOfflineHints.codeMismatch) },
                {
                  type: 'journal',
                  params: ({ context }: Args): JournalParams => ({
                    step: id('compare-code'),
                    event: 'CODE_DIFFERS',
                    outcome: 'failed',
                    who: 'operator',
                    detail: `${codeMismatch(context)} Nothing from this drive is used.`,
                  }),
                },
              ],
            },
            CANCEL: cancelFrom(placement.machine, id('compare-code')),
          },
        },
        mismatch: {
          on: { CHOOSE_OTHER_MEDIA: chooseOther('compare-code'), CANCEL: cancelFrom(placement.machine, id('compare-code')) },
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
              ...manualInput(placement, context, 'import-bundle'),
              bundleDir: context.bundle?.bundleDir ?? '',
              packages: context.bundle?.packages ?? [],
            }),
            onDone: [
              {
                guard: { type: 'importIsComplete', params: ({ event }: Done<ImportBundleOutput>) => ({ imported: event.output.packages }) },
                target: 'judging',
                actions: [
                  { type: 'recordImport', params: ({ event }: Done<ImportBundleOutput>) => event.output.packages },
                  {
                    type: 'journal',
                    params: ({ event }: Done<ImportBundleOutput>): JournalParams => ({
                      step: id('import-bundle'),
                      event: 'BUNDLE_IMPORTED',
                      outcome: 'ok',
                      who: 'assistant',
                      detail: `${countOf(event.output.packages.length, 'package')} copied into the vault and held until installed: ${event.output.packages.map((pkg) => `${pkg.name} ${pkg.version} (SHA-256 ${pkg.sha256})`).join(', ') || 'none'}.`,
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
                    params: ({ context, event }: Args & Done<ImportBundleOutput>) => ruleError(id('import-bundle'), importProblem(context, event.output.packages), manualOfflineHints.importIncomplete),
                  },
                  {
                    type: 'journal',
                    params: ({ context, event }: Args & Done<ImportBundleOutput>): JournalParams => ({
                      step: id('import-bundle'),
                      event: 'IMPORT_INCOMPLETE',
                      outcome: 'failed',
                      who: 'assistant',
                      detail: importProblem(context, event.output.packages),
                    }),
                  },
                ],
              },
            ],
            onError: failWith('failed', id('import-bundle'), 'IMPORT_FAILED'),
          },
          on: { CANCEL: cancelFrom(placement.machine, id('import-bundle')) },
        },
        // A plan R4 refuses blocks before the window: the site is not taken down for it.
        judging: { always: judgePlan(placement.unit, placement.afterImport) },
        failed: {
          on: {
            RETRY: retryTo('importing', id('import-bundle')),
            CHOOSE_OTHER_MEDIA: chooseOther('import-bundle'),
            CANCEL: cancelFrom(placement.machine, id('import-bundle')),
          },
        },
      },
    },
  } as const);
}

/** Back to waiting for a bundle: another drive, or a bundle written again on the connected side. */
export function chooseOtherBundle(placement: ManualPlacement, step: string) {
  return {
    target: manualTarget(placement, 'await-bundle'),
    actions: [
      { type: 'clearError' },
      {
        type: 'journal',
        params: { step, event: 'CHOOSE_OTHER_MEDIA', outcome: 'info', who: 'operator', detail: 'Waiting for another transfer bundle.' } satisfies JournalParams,
      },
    ],
  } as const;
}

