/**
 * P2's steps before the trip across the air gap: the appliance clock (R6), the download key and
 * its way onto removable media (or by hand). State-config builders placed by machine.ts.
 */
import { checkApplianceClock } from '../../rules/appliance-clock';
import type { CheckApplianceClockOutput, GenerateDownloadKeyOutput, ReadKeyFileInput, ReadKeyFileOutput, SaveKeyFileInput, SaveKeyFileOutput } from '../actors';
import type { JournalParams } from '../definition';
import { actorInput, failWith, recordDone, retryTo, ruleError, stepError } from '../machine-helpers';
import { cancelFrom } from '../steps/cancel';
import { MACHINE, checkKeyReread, describeKey, type Args, type OperatorArgs } from './context';
import { manualOfflineHints } from './words';

type Done<T> = { event: { output: T } };

/** The operator says the stick is back in: the key file is read from the drive, and the journal keeps who said so. */
const reinserted = {
  target: `#${MACHINE}.reinsert-stick.reading`,
  actions: [
    { type: 'clearError' },
    { type: 'recordKeyReinserted', params: ({ event }: OperatorArgs) => ({ at: event.at }) },
    {
      type: 'journal',
      params: ({ context }: Args): JournalParams => ({
        step: 'reinsert-stick',
        event: 'REINSERTED',
        outcome: 'info',
        who: 'operator',
        detail: `The operator removed and re-inserted the stick ${context.keyMediaPath ?? ''}; reading the key file from the drive.`,
      }),
    },
  ],
} as const;

export const keySteps = {
    'clock-check': {
      initial: 'checking',
      states: {
        checking: {
          entry: { type: 'clearClock' },
          invoke: {
            id: 'checkApplianceClock',
            src: 'checkApplianceClock',
            input: ({ context }: Args) => actorInput(context, 'clock-check'),
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
            input: ({ context }: Args) => actorInput(context, 'download-key'),
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
            onDone: [
              {
                guard: { type: 'keyReadFromDrive', params: ({ event }: Done<SaveKeyFileOutput>) => ({ keyFile: event.output }) },
                ...recordDone(`#${MACHINE}.await-bundle`, 'recordKeyFile', 'save-key', 'KEY_SAVED', (keyFile: SaveKeyFileOutput) => ({
                  detail: `Key file written and read back: ${keyFile.path}.`,
                  checksums: { [keyFile.path]: keyFile.sha256 },
                })),
              },
              // Read back through the cache only: it proves this computer's memory, so the stick is re-inserted and read again.
              recordDone(`#${MACHINE}.reinsert-stick`, 'recordKeyFile', 'save-key', 'KEY_READ_THROUGH_CACHE', (keyFile: SaveKeyFileOutput) => ({
                outcome: 'info',
                detail: `Key file written, but read back only through this computer's cache${keyFile.readBack?.reason ? ` (${keyFile.readBack.reason})` : ''}: ${keyFile.path}. It counts as saved once the re-inserted stick is read.`,
                checksums: { [keyFile.path]: keyFile.sha256 },
              })),
            ],
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
    // Reached only after a read-back through the cache: the key file is read again from the re-mounted drive.
    'reinsert-stick': {
      initial: 'waiting',
      states: {
        waiting: {
          on: { REINSERTED: reinserted, CANCEL: cancelFrom(MACHINE, 'reinsert-stick') },
        },
        reading: {
          entry: { type: 'clearKeyReread' },
          invoke: {
            id: 'readKeyFile',
            src: 'readKeyFile',
            input: ({ context }: Args): ReadKeyFileInput => ({ ...actorInput(context, 'reinsert-stick'), mediaPath: context.keyMediaPath ?? '' }),
            onDone: [
              {
                guard: { type: 'keyRereadHolds', params: ({ event }: Done<ReadKeyFileOutput>) => ({ read: event.output }) },
                target: `#${MACHINE}.await-bundle`,
                actions: [
                  { type: 'recordKeyReread', params: ({ event }: Done<ReadKeyFileOutput>) => event.output },
                  {
                    type: 'journal',
                    params: ({ context, event }: Args & Done<ReadKeyFileOutput>): JournalParams => ({
                      step: 'reinsert-stick',
                      event: 'KEY_VERIFIED_FROM_DRIVE',
                      outcome: 'ok',
                      who: 'assistant',
                      detail: checkKeyReread(context.keyFile, context.downloadKey, event.output).reason,
                    }),
                  },
                ],
              },
              {
                target: 'failed',
                actions: [
                  { type: 'recordKeyReread', params: ({ event }: Done<ReadKeyFileOutput>) => event.output },
                  {
                    type: 'recordError',
                    params: ({ context, event }: Args & Done<ReadKeyFileOutput>) =>
                      ruleError('reinsert-stick', checkKeyReread(context.keyFile, context.downloadKey, event.output).reason, manualOfflineHints.keyRereadFailed),
                  },
                  {
                    type: 'journal',
                    params: ({ context, event }: Args & Done<ReadKeyFileOutput>): JournalParams => ({
                      step: 'reinsert-stick',
                      event: 'KEY_NOT_VERIFIED_FROM_DRIVE',
                      outcome: 'failed',
                      who: 'assistant',
                      detail: checkKeyReread(context.keyFile, context.downloadKey, event.output).reason,
                    }),
                  },
                ],
              },
            ],
            // The reader's own hints speak to the connected side; here the way on is this step's.
            onError: {
              target: 'failed',
              actions: [
                {
                  type: 'recordError',
                  params: ({ event }: { event: { error: unknown } }) => ({ ...stepError('reinsert-stick', event.error), hint: manualOfflineHints.keyRereadFailed }),
                },
                ...failWith('failed', 'reinsert-stick', 'KEY_NOT_VERIFIED_FROM_DRIVE').actions.slice(1),
              ],
            },
          },
          on: { CANCEL: cancelFrom(MACHINE, 'reinsert-stick') },
        },
        // Never on to the wait with a key file that did not pass: write it again, check again, another drive, or by hand.
        failed: {
          on: {
            RETRY: {
              target: `#${MACHINE}.save-key.saving`,
              actions: [
                { type: 'clearError' },
                { type: 'journal', params: { step: 'reinsert-stick', event: 'RETRY', outcome: 'info', who: 'operator', detail: 'Writing the key file again.' } satisfies JournalParams },
              ],
            },
            REINSERTED: reinserted,
            CHOOSE_OTHER_MEDIA: {
              target: `#${MACHINE}.save-key.choosing`,
              actions: [
                { type: 'clearError' },
                { type: 'journal', params: { step: 'reinsert-stick', event: 'CHOOSE_OTHER_MEDIA', outcome: 'info', who: 'operator' } satisfies JournalParams },
              ],
            },
            KEY_COPIED: keyCopiedByHand(),
            CANCEL: cancelFrom(MACHINE, 'reinsert-stick'),
          },
        },
      },
    },
} as const;

/** KEY_COPIED: the operator carries the key by hand, and says how (a note is required). */
export function keyCopiedByHand() {
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

