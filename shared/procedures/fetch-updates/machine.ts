/**
 * P2-fetch — the connected side of the air gap, as a state machine: read the download key
 * (from the key file on the drive, or typed), submit it to the update server, review the
 * packages (R4 order, R7 warning), download and verify each, then write the transfer bundle
 * and read it back — from the drive, or, where this computer can read it back only through its
 * cache, from the re-inserted stick — and the operator notes the bundle's code. It is done only once every file on the drive is proven; the packages stay
 * held in the vault (R7) because only the restricted side can verify their install.
 * Top-level states are the step ids of words.ts; the context holds only JSON.
 */
import { and, assign, fromPromise, setup } from 'xstate';
import { toAppErrorShape } from '../../errors';
import { orderPackages } from '../../rules/package-order';
import { isKnownVersion } from '../../rules/version-order';
import { checkTransferProof } from '../../rules/transfer-proof';
import { packageLabel } from '../../package-label';
import type {
  DownloadUpdateInput,
  DownloadUpdateOutput,
  ReadKeyFileInput,
  ReadKeyFileOutput,
  SubmitDownloadKeyInput,
  SubmitDownloadKeyOutput,
  VerifyTransferBundleInput,
  VerifyTransferBundleOutput,
  WriteTransferBundleInput,
  WriteTransferBundleOutput,
} from '../actors';
import type { JournalParams, ProcedureInput } from '../definition';
import { actorInput, failWith, notProvided, recordDone, retryTo, ruleError, type CancelRecord, type StepError } from '../machine-helpers';
import {
  MACHINE,
  allDownloadsVerified,
  bundleProven,
  checkDriveRead,
  currentDownload,
  describeDownloadCheck,
  normaliseKey,
  readThroughCache,
  type DownloadablePackage,
  type FetchUpdatesContext,
  type FetchUpdatesEvent,
} from './context';
import { cancelFetch, changeKey, keyFileChosen, keyFromMedia, keysForSeveral, keyTyped, submitFailureActions } from './transitions';
import { fetchUpdatesHints } from './words';
import { writeSteps } from './write-steps';
import { countOf } from '../../counting';

export type { DownloadablePackage, DownloadRecord, FetchUpdatesContext, FetchUpdatesEvent } from './context';

export const fetchUpdatesMachine = setup({
  types: {
    context: {} as FetchUpdatesContext,
    events: {} as FetchUpdatesEvent,
    input: {} as ProcedureInput,
  },
  actors: {
    readKeyFile: fromPromise<ReadKeyFileOutput, ReadKeyFileInput>(async () => notProvided('readKeyFile')),
    submitDownloadKey: fromPromise<SubmitDownloadKeyOutput, SubmitDownloadKeyInput>(async () => notProvided('submitDownloadKey')),
    downloadUpdate: fromPromise<DownloadUpdateOutput, DownloadUpdateInput>(async () => notProvided('downloadUpdate')),
    writeTransferBundle: fromPromise<WriteTransferBundleOutput, WriteTransferBundleInput>(async () => notProvided('writeTransferBundle')),
    /** The restricted side's bundle check, here run on the re-inserted stick after a read-back through the cache. */
    verifyTransferBundle: fromPromise<VerifyTransferBundleOutput, VerifyTransferBundleInput>(async () => notProvided('verifyTransferBundle')),
  },
  guards: {
    hasValue: ({ event }) => (event.value ?? '').trim().length > 0,
    keyChoiceNeeded: ({ context }, params: { keyFile: ReadKeyFileOutput }) => (params.keyFile.others?.length ?? 0) > 0 && !context.keyFileName,
    hasKeyValue: ({ event }) => normaliseKey(event.value).length > 0,
    isKeyRefusal: (_, params: { error: unknown }) => ['KEY_REJECTED', 'CLOCK_SKEW'].includes(toAppErrorShape(params.error).code),
    /** R7: downloading burns the server's listing, so only a non-empty list in a safe order is downloaded. */
    downloadAllowed: ({ context }) => {
      const plan = context.plan;
      if (!plan || plan.order.length === 0) return false;
      const baseKnown = context.keyFile !== null && isKnownVersion(context.keyFile.baseVersion);
      // Without the key file the appliance's Base is unknown here; the restricted side judges R4 then.
      return plan.ok || !baseKnown;
    },
    downloadIsVerified: ({ context }, params: { result: DownloadUpdateOutput }) => {
      const pkg = currentDownload(context);
      return pkg !== undefined && describeDownloadCheck(pkg, params.result).ok;
    },
    allDownloaded: ({ context }) => context.plan !== null && context.downloadIndex >= context.plan.order.length,
    allDownloadsVerified: ({ context }) => allDownloadsVerified(context),
    writtenProofHolds: (_, params: { written: WriteTransferBundleOutput }) => checkTransferProof(params.written.proof).holds,
    /** Matched, and read from the drive itself: nothing more to prove. */
    writtenFromDrive: (_, params: { written: WriteTransferBundleOutput }) => checkTransferProof(params.written.proof).holds && !readThroughCache(params.written),
    /** The re-inserted stick holds the very bundle written, every file matching. */
    driveReadHolds: ({ context }, params: { found: VerifyTransferBundleOutput }) => checkDriveRead(context.written, params.found).holds,
    bundleIsProven: ({ context }) => bundleProven(context),
  },
  actions: {
    /** The host appends these to the procedure's journal with the time and the operator's name. */
    journal: (_, _params: JournalParams) => undefined,
    recordError: assign((_, error: StepError) => ({ error })),
    clearError: assign({ error: null }),
    recordCancel: assign((_, cancelled: CancelRecord) => ({ cancelled })),
    recordKeyMedia: assign((_, params: { mediaPath: string }) => ({ keySource: { kind: 'media' as const, mediaPath: params.mediaPath }, keyFile: null, key: null, keyFileName: null })),
    recordKeyFileName: assign((_, params: { keyFileName: string }) => ({ keyFileName: params.keyFileName, keyFile: null, key: null })),
    recordKeyFile: assign((_, keyFile: ReadKeyFileOutput) => ({ keyFile, key: normaliseKey(keyFile.key) })),
    recordTypedKey: assign((_, params: { key: string; at: string }) => ({ keySource: { kind: 'typed' as const, at: params.at }, keyFile: null, key: params.key })),
    forgetKey: assign({ key: null, submission: null, plan: null }),
    recordSubmission: assign(({ context }, submission: SubmitDownloadKeyOutput) => ({
      submission,
      plan: orderPackages(submission.packages, context.keyFile?.baseVersion ?? ''),
    })),
    recordDownloadStart: assign((_, params: { at: string }) => ({ downloadStartedAt: params.at, downloadIndex: 0, downloads: [] })),
    recordDownload: assign(({ context }, result: DownloadUpdateOutput) => ({
      downloads: [...context.downloads, { ...result, pkgId: currentDownload(context)?.id ?? '' }],
      downloadIndex: context.downloadIndex + 1,
    })),
    recordBundleMedia: assign((_, params: { mediaPath: string }) => ({ bundleMediaPath: params.mediaPath })),
    clearWritten: assign({ written: null, reinsertedAt: null, driveCheck: null }),
    recordWritten: assign((_, written: WriteTransferBundleOutput) => ({ written })),
    recordReinserted: assign((_, params: { at: string }) => ({ reinsertedAt: params.at })),
    clearDriveCheck: assign({ driveCheck: null }),
    recordDriveCheck: assign((_, driveCheck: VerifyTransferBundleOutput) => ({ driveCheck })),
    recordCodeNoted: assign((_, params: { at: string }) => ({ codeNotedAt: params.at })),
  },
}).createMachine({
  id: MACHINE,
  initial: 'read-key',
  context: ({ input }) => ({
    procedureId: input.procedureId,
    siteId: input.siteId,
    keySource: null,
    keyFile: null,
    key: null,
    submission: null,
    plan: null,
    downloadStartedAt: null,
    downloadIndex: 0,
    downloads: [],
    bundleMediaPath: null,
    written: null,
    reinsertedAt: null,
    driveCheck: null,
    codeNotedAt: null,
    error: null,
    cancelled: null,
  }),
  states: {
    'read-key': {
      initial: 'choosing',
      states: {
        choosing: {
          on: { KEY_FROM_MEDIA: keyFromMedia, KEY_TYPED: keyTyped, CANCEL: cancelFetch('read-key') },
        },
        reading: {
          invoke: {
            id: 'readKeyFile',
            src: 'readKeyFile',
            input: ({ context }) => ({
              ...actorInput(context, 'read-key'),
              mediaPath: context.keySource?.kind === 'media' ? context.keySource.mediaPath : '',
              ...(context.keyFileName ? { keyFileName: context.keyFileName } : {}),
            }),
            onDone: [keysForSeveral, recordDone(`#${MACHINE}.submit-key`, 'recordKeyFile', 'read-key', 'KEY_READ', (keyFile: ReadKeyFileOutput) => ({
              detail: `Key for ${keyFile.applianceHostname} (serial ${keyFile.applianceSerial}, site ${keyFile.siteName}), generated at ${keyFile.generatedAt}, read from ${keyFile.path}.${keyFile.ignored.length > 0 ? ` Not used: ${keyFile.ignored.map((file) => `${file.path} (${file.reason})`).join('; ')}.` : ''}`,
            }))],
            onError: failWith('failed', 'read-key', 'KEY_READ_FAILED'),
          },
          on: { CANCEL: cancelFetch('read-key') },
        },
        // The drive holds keys for several appliances (both of a pair, one trip): the operator says which this run fetches for.
        picking: {
          on: { KEY_FILE_CHOSEN: keyFileChosen, KEY_FROM_MEDIA: keyFromMedia, KEY_TYPED: keyTyped, CANCEL: cancelFetch('read-key') },
        },
        failed: {
          on: {
            RETRY: retryTo('reading', 'read-key'),
            KEY_FROM_MEDIA: keyFromMedia,
            KEY_TYPED: keyTyped,
            CANCEL: cancelFetch('read-key'),
          },
        },
      },
    },
    'submit-key': {
      initial: 'submitting',
      states: {
        submitting: {
          invoke: {
            id: 'submitDownloadKey',
            src: 'submitDownloadKey',
            input: ({ context }) => ({ ...actorInput(context, 'submit-key'), key: context.key ?? '' }),
            onDone: recordDone(`#${MACHINE}.review`, 'recordSubmission', 'submit-key', 'KEY_ACCEPTED', (submission: SubmitDownloadKeyOutput) => ({
              detail: `Key ${submission.keyId} for serial ${submission.serial}: ${countOf(submission.packages.length, 'package')} offered: ${submission.packages.map((pkg) => `${packageLabel(pkg)}`).join(', ') || 'none'}.`,
            })),
            onError: [
              // A refused key is final for that key: the way on is another key, not the same one again.
              { guard: { type: 'isKeyRefusal', params: ({ event }) => ({ error: event.error }) }, target: 'rejected', actions: submitFailureActions },
              { target: 'failed', actions: submitFailureActions },
            ],
          },
          on: { CANCEL: cancelFetch('submit-key') },
        },
        failed: {
          on: { RETRY: retryTo('submitting', 'submit-key'), CHANGE_KEY: changeKey('submit-key'), CANCEL: cancelFetch('submit-key') },
        },
        rejected: {
          on: { CHANGE_KEY: changeKey('submit-key'), RETRY: retryTo('submitting', 'submit-key'), CANCEL: cancelFetch('submit-key') },
        },
      },
    },
    review: {
      initial: 'judging',
      states: {
        judging: {
          always: [{ guard: 'downloadAllowed', target: 'ready' }, { target: 'blocked' }],
        },
        ready: {
          on: {
            START_DOWNLOAD: {
              guard: 'downloadAllowed',
              target: `#${MACHINE}.download`,
              actions: [
                { type: 'recordDownloadStart', params: ({ event }) => ({ at: event.at }) },
                {
                  type: 'journal',
                  params: ({ context }): JournalParams => ({
                    step: 'review',
                    event: 'START_DOWNLOAD',
                    outcome: 'ok',
                    who: 'operator',
                    detail: context.plan?.reason ?? '',
                  }),
                },
              ],
            },
            CHANGE_KEY: changeKey('review'),
            CANCEL: cancelFetch('review'),
          },
        },
        // Nothing offered, or an order R4 forbids: downloading would only use up the server's listing (R7).
        blocked: {
          on: { CHANGE_KEY: changeKey('review'), CANCEL: cancelFetch('review') },
        },
      },
    },
    download: {
      initial: 'downloading',
      states: {
        // No cancel while a package streams in: the server has already dropped it from its list (R7).
        downloading: {
          invoke: {
            id: 'downloadUpdate',
            src: 'downloadUpdate',
            input: ({ context }) => ({
              ...actorInput(context, 'download'),
              pkg: currentDownload(context) as DownloadablePackage,
              serial: context.submission?.serial ?? '',
            }),
            onDone: [
              {
                guard: { type: 'downloadIsVerified', params: ({ event }) => ({ result: event.output }) },
                target: 'next',
                actions: [
                  {
                    type: 'journal',
                    params: ({ context, event }): JournalParams => ({
                      step: 'download',
                      event: 'DOWNLOAD_VERIFIED',
                      outcome: 'ok',
                      who: 'assistant',
                      detail: `${describeDownloadCheck(currentDownload(context) as DownloadablePackage, event.output).text}${event.output.resumedFrom > 0 ? ` Resumed from byte ${event.output.resumedFrom}.` : ''}`,
                      checksums: { [packageLabel(currentDownload(context) ?? { name: '', version: '' })]: event.output.sha256 },
                    }),
                  },
                  { type: 'recordDownload', params: ({ event }) => event.output },
                ],
              },
              {
                target: 'failed',
                actions: [
                  {
                    type: 'recordError',
                    params: ({ context, event }) =>
                      ruleError('download', describeDownloadCheck(currentDownload(context) as DownloadablePackage, event.output).text, fetchUpdatesHints.downloadNotVerified),
                  },
                  {
                    type: 'journal',
                    params: ({ context, event }): JournalParams => ({
                      step: 'download',
                      event: 'DOWNLOAD_NOT_VERIFIED',
                      outcome: 'failed',
                      who: 'assistant',
                      detail: describeDownloadCheck(currentDownload(context) as DownloadablePackage, event.output).text,
                    }),
                  },
                ],
              },
            ],
            onError: failWith('failed', 'download', 'DOWNLOAD_FAILED'),
          },
        },
        next: {
          always: [{ guard: 'allDownloaded', target: `#${MACHINE}.choose-media` }, { target: 'downloading' }],
        },
        // The actor resumes from the bytes already on disk.
        failed: {
          on: { RETRY: retryTo('downloading', 'download'), CANCEL: cancelFetch('download') },
        },
      },
    },
    'choose-media': {
      on: {
        WRITE_BUNDLE: {
          guard: and(['hasValue', 'allDownloadsVerified']),
          target: 'write-bundle',
          actions: [
            { type: 'recordBundleMedia', params: ({ event }) => ({ mediaPath: (event.value ?? '').trim() }) },
            {
              type: 'journal',
              params: ({ event }): JournalParams => ({
                step: 'choose-media',
                event: 'WRITE_BUNDLE',
                outcome: 'info',
                who: 'operator',
                detail: `The bundle goes onto ${(event.value ?? '').trim()}.`,
              }),
            },
          ],
        },
        CANCEL: cancelFetch('choose-media'),
      },
    },
    ...writeSteps,
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
