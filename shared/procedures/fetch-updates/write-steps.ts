/**
 * P2-fetch's last steps: writing the transfer bundle and reading it back; where that read-back
 * came only through this computer's cache, removing and re-inserting the stick and verifying
 * the bundle from the re-mounted drive; then noting the bundle's code. State-config builders
 * placed by machine.ts.
 */
import { checkTransferProof } from '../../rules/transfer-proof';
import type { VerifyTransferBundleInput, VerifyTransferBundleOutput, WriteTransferBundleInput, WriteTransferBundleOutput } from '../actors';
import type { JournalParams } from '../definition';
import { actorInput, failWith, retryTo, ruleError, stepError } from '../machine-helpers';
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

/** The operator says the stick is back in: it is checked from the drive, and the journal keeps who said so. */
const reinserted = {
  target: `#${MACHINE}.reinsert-stick.verifying`,
  actions: [
    { type: 'clearError' },
    { type: 'recordReinserted', params: ({ event }: OperatorArgs) => ({ at: event.at }) },
    {
      type: 'journal',
      params: ({ context }: Args): JournalParams => ({
        step: 'reinsert-stick',
        event: 'REINSERTED',
        outcome: 'info',
        who: 'operator',
        detail: `The operator removed and re-inserted the stick ${context.bundleMediaPath ?? ''}; checking the bundle from the drive.`,
      }),
    },
  ],
} as const;

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
  'reinsert-stick': {
    initial: 'waiting',
    states: {
      waiting: {
        on: { REINSERTED: reinserted, CANCEL: cancelFetch('reinsert-stick') },
      },
      verifying: {
        entry: { type: 'clearDriveCheck' },
        invoke: {
          id: 'verifyTransferBundle',
          src: 'verifyTransferBundle',
          input: ({ context }: Args): VerifyTransferBundleInput => ({
            ...actorInput(context, 'reinsert-stick'),
            mediaPath: context.bundleMediaPath ?? '',
            expectSerial: context.submission?.serial ?? '',
          }),
          onDone: [
            {
              guard: { type: 'driveReadHolds', params: ({ event }: Done<VerifyTransferBundleOutput>) => ({ found: event.output }) },
              target: `#${MACHINE}.note-code`,
              actions: [
                { type: 'recordDriveCheck', params: ({ event }: Done<VerifyTransferBundleOutput>) => event.output },
                {
                  type: 'journal',
                  params: ({ context, event }: Args & Done<VerifyTransferBundleOutput>): JournalParams => ({
                    step: 'reinsert-stick',
                    event: 'BUNDLE_VERIFIED_FROM_DRIVE',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: checkDriveRead(context.written, event.output).reason,
                  }),
                },
              ],
            },
            {
              target: 'failed',
              actions: [
                { type: 'recordDriveCheck', params: ({ event }: Done<VerifyTransferBundleOutput>) => event.output },
                {
                  type: 'recordError',
                  params: ({ context, event }: Args & Done<VerifyTransferBundleOutput>) =>
                    ruleError('reinsert-stick', checkDriveRead(context.written, event.output).reason, fetchUpdatesHints.reinsertCheckFailed),
                },
                {
                  type: 'journal',
                  params: ({ context, event }: Args & Done<VerifyTransferBundleOutput>): JournalParams => ({
                    step: 'reinsert-stick',
                    event: 'BUNDLE_NOT_VERIFIED_FROM_DRIVE',
                    outcome: 'failed',
                    who: 'assistant',
                    detail: checkDriveRead(context.written, event.output).reason,
                  }),
                },
              ],
            },
          ],
          // The verifier's own hints speak to the restricted side; here the way on is this step's.
          onError: {
            target: 'failed',
            actions: [
              {
                type: 'recordError',
                params: ({ event }: { event: { error: unknown } }) => ({ ...stepError('reinsert-stick', event.error), hint: fetchUpdatesHints.reinsertCheckFailed }),
              },
              ...failWith('failed', 'reinsert-stick', 'BUNDLE_NOT_VERIFIED_FROM_DRIVE').actions.slice(1),
            ],
          },
        },
        on: { CANCEL: cancelFetch('reinsert-stick') },
      },
      // Never on to the code with a stick that did not pass: write again, check again, or another drive.
      failed: {
        on: {
          RETRY: {
            target: `#${MACHINE}.write-bundle`,
            actions: [
              { type: 'clearError' },
              { type: 'journal', params: { step: 'reinsert-stick', event: 'RETRY', outcome: 'info', who: 'operator', detail: 'Writing the bundle again.' } satisfies JournalParams },
            ],
          },
          REINSERTED: reinserted,
          CHOOSE_OTHER_MEDIA: chooseOtherMedia('reinsert-stick'),
          CANCEL: cancelFetch('reinsert-stick'),
        },
      },
    },
  },
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
