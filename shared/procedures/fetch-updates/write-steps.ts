/**
 * P2-fetch's last steps: writing the transfer bundle and reading it back; where that read-back
 * came only through this computer's cache, removing and re-inserting the stick and verifying
 * the bundle from the re-mounted drive; then noting the bundle's code. State-config builders
 * placed by machine.ts.
 */
import { checkTransferProof } from '../../rules/transfer-proof';
import type { VerifyTransferBundleOutput, WriteTransferBundleInput, WriteTransferBundleOutput } from '../actors';
import type { JournalParams } from '../definition';
import { actorInput, failWith, retryTo, ruleError } from '../machine-helpers';
import { reinsertStickStep } from '../steps/reinsert-stick';
import { MACHINE, checkDriveRead, packagesForBundle, type FetchUpdatesContext, type OperatorArgs } from './context';
import { cancelFetch } from './transitions';
import { fetchUpdatesHints } from './words';

type Args = { context: FetchUpdatesContext };
type Done<T> = { event: { output: T } };

/** Back to choosing the drive, from a failed write or a failed check of the re-inserted stick. */
function chooseOtherMedia(step: string) {
  return {
    target: `#${MACHINE}.choose-media`,
    actions: [{ type: 'clearError' }, { type: 'journal', params: { step, event: 'CHOOSE_OTHER_MEDIA', outcome: 'info', who: 'operator' } satisfies JournalParams }],
  } as const;
}

export const writeSteps = {
  'write-bundle': {
    initial: 'writing',
    states: {
      writing: {
        entry: { type: 'clearWritten' },
        invoke: {
          id: 'writeTransferBundle',
          src: 'writeTransferBundle',
          input: ({ context }: Args): WriteTransferBundleInput => ({
            ...actorInput(context, 'write-bundle'),
            mediaPath: context.bundleMediaPath ?? '',
            keyId: context.submission?.keyId ?? '',
            serial: context.submission?.serial ?? '',
            ...(context.keyFile ? { applianceHostname: context.keyFile.applianceHostname, siteName: context.keyFile.siteName } : {}),
            packages: packagesForBundle(context),
          }),
          onDone: [
            {
              guard: { type: 'writtenFromDrive', params: ({ event }: Done<WriteTransferBundleOutput>) => ({ written: event.output }) },
              target: `#${MACHINE}.note-code`,
              actions: [
                { type: 'recordWritten', params: ({ event }: Done<WriteTransferBundleOutput>) => event.output },
                {
                  type: 'journal',
                  params: ({ context, event }: Args & Done<WriteTransferBundleOutput>): JournalParams => ({
                    step: 'write-bundle',
                    event: 'BUNDLE_WRITTEN',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: `Bundle ${event.output.bundleId} (code ${event.output.digestCode}) on ${context.bundleMediaPath ?? ''}: ${checkTransferProof(event.output.proof).reason}`,
                  }),
                },
              ],
            },
            // Matched, but read through the cache: it proves this computer's memory, so the stick is re-inserted and checked.
            {
              guard: { type: 'writtenProofHolds', params: ({ event }: Done<WriteTransferBundleOutput>) => ({ written: event.output }) },
              target: `#${MACHINE}.reinsert-stick`,
              actions: [
                { type: 'recordWritten', params: ({ event }: Done<WriteTransferBundleOutput>) => event.output },
                {
                  type: 'journal',
                  params: ({ context, event }: Args & Done<WriteTransferBundleOutput>): JournalParams => ({
                    step: 'write-bundle',
                    event: 'BUNDLE_READ_THROUGH_CACHE',
                    outcome: 'info',
                    who: 'assistant',
                    detail: `Bundle ${event.output.bundleId} (code ${event.output.digestCode}) on ${context.bundleMediaPath ?? ''} was read back only through this computer's cache${event.output.readBack?.reason ? ` (${event.output.readBack.reason})` : ''}; it counts as written once the re-inserted stick is checked.`,
                  }),
                },
              ],
            },
            {
              target: 'failed',
              actions: [
                { type: 'recordWritten', params: ({ event }: Done<WriteTransferBundleOutput>) => event.output },
                {
                  type: 'recordError',
                  params: ({ event }: Done<WriteTransferBundleOutput>) => ruleError('write-bundle', checkTransferProof(event.output.proof).reason, fetchUpdatesHints.bundleProofFailed),
                },
                {
                  type: 'journal',
                  params: ({ event }: Done<WriteTransferBundleOutput>): JournalParams => ({
                    step: 'write-bundle',
                    event: 'BUNDLE_NOT_VERIFIED',
                    outcome: 'failed',
                    who: 'assistant',
                    detail: checkTransferProof(event.output.proof).reason,
                  }),
                },
              ],
            },
          ],
          onError: failWith('failed', 'write-bundle', 'BUNDLE_WRITE_FAILED'),
        },
      },
      // Never "done" with a failed check: write again, or on another drive.
      failed: {
        on: {
          RETRY: retryTo('writing', 'write-bundle'),
          CHOOSE_OTHER_MEDIA: chooseOtherMedia('write-bundle'),
          CANCEL: cancelFetch('write-bundle'),
        },
      },
    },
  },
  // Reached only after a read-back through the cache: the stick is checked again from the re-mounted drive.
  'reinsert-stick': reinsertStickStep({
    machine: MACHINE,
    checking: 'verifying',
    mediaPath: (context: FetchUpdatesContext) => context.bundleMediaPath,
    recordReinserted: 'recordReinserted',
    rechecking: 'checking the bundle from the drive',
    actor: { src: 'verifyTransferBundle', moreInput: (context) => ({ expectSerial: context.submission?.serial ?? '' }) },
    clear: 'clearDriveCheck',
    holds: { type: 'driveReadHolds', params: (found: VerifyTransferBundleOutput) => ({ found }) },
    record: 'recordDriveCheck',
    verdict: (context, found) => checkDriveRead(context.written, found),
    passTo: `#${MACHINE}.note-code`,
    journal: { verified: 'BUNDLE_VERIFIED_FROM_DRIVE', notVerified: 'BUNDLE_NOT_VERIFIED_FROM_DRIVE' },
    hint: fetchUpdatesHints.reinsertCheckFailed,
    cancel: cancelFetch('reinsert-stick'),
    // Never on to the code with a stick that did not pass: write again, check again, or another drive.
    retry: {
      target: `#${MACHINE}.write-bundle`,
      actions: [
        { type: 'clearError' },
        { type: 'journal', params: { step: 'reinsert-stick', event: 'RETRY', outcome: 'info', who: 'operator', detail: 'Writing the bundle again.' } satisfies JournalParams },
      ],
    } as const,
    otherWays: { CHOOSE_OTHER_MEDIA: chooseOtherMedia('reinsert-stick') },
  }),
  // The code travels apart from the drive, so the restricted side can tell a swapped or altered drive.
  'note-code': {
    on: {
      CODE_NOTED: {
        guard: 'bundleIsProven',
        target: 'done',
        actions: [
          { type: 'recordCodeNoted', params: ({ event }: OperatorArgs) => ({ at: event.at }) },
          {
            type: 'journal',
            params: ({ context }: Args): JournalParams => ({
              step: 'note-code',
              event: 'CODE_NOTED',
              outcome: 'ok',
              who: 'operator',
              detail: `The operator noted the bundle code ${context.written?.digestCode ?? ''} to compare on the restricted side.`,
            }),
          },
        ],
      },
    },
  },
} as const;
