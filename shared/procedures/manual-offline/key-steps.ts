/**
 * P2's steps before the trip across the air gap: the appliance clock (R6), the download key and
 * its way onto removable media (or by hand). State-config builders placed by machine.ts.
 */
import { checkApplianceClock } from '../../rules/appliance-clock';
import type { CheckApplianceClockOutput, GenerateDownloadKeyOutput, ReadKeyFileOutput, SaveKeyFileInput, SaveKeyFileOutput } from '../actors';
import type { JournalParams } from '../definition';
import { actorInput, failWith, recordDone, retryTo } from '../machine-helpers';
import { cancelFrom } from '../steps/cancel';
import { reinsertStickStep } from '../steps/reinsert-stick';
import { MACHINE, checkKeyReread, describeKey, type Args, type ManualOfflineContext, type OperatorArgs } from './context';
import { manualOfflineHints } from './words';

type Done<T> = { event: { output: T } };

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
    'reinsert-stick': reinsertStickStep({
      machine: MACHINE,
      checking: 'reading',
      mediaPath: (context: ManualOfflineContext) => context.keyMediaPath,
      recordReinserted: 'recordKeyReinserted',
      rechecking: 'reading the key file from the drive',
      actor: { src: 'readKeyFile', moreInput: () => ({}) },
      clear: 'clearKeyReread',
      holds: { type: 'keyRereadHolds', params: (read: ReadKeyFileOutput) => ({ read }) },
      record: 'recordKeyReread',
      verdict: (context, read) => checkKeyReread(context.keyFile, context.downloadKey, read),
      passTo: `#${MACHINE}.await-bundle`,
      journal: { verified: 'KEY_VERIFIED_FROM_DRIVE', notVerified: 'KEY_NOT_VERIFIED_FROM_DRIVE' },
      hint: manualOfflineHints.keyRereadFailed,
      cancel: cancelFrom(MACHINE, 'reinsert-stick'),
      // Never on to the wait with a key file that did not pass: write it again, check again, another drive, or by hand.
      retry: {
        target: `#${MACHINE}.save-key.saving`,
        actions: [
          { type: 'clearError' },
          { type: 'journal', params: { step: 'reinsert-stick', event: 'RETRY', outcome: 'info', who: 'operator', detail: 'Writing the key file again.' } satisfies JournalParams },
        ],
      } as const,
      otherWays: {
        CHOOSE_OTHER_MEDIA: {
          target: `#${MACHINE}.save-key.choosing`,
          actions: [
            { type: 'clearError' },
            { type: 'journal', params: { step: 'reinsert-stick', event: 'CHOOSE_OTHER_MEDIA', outcome: 'info', who: 'operator' } satisfies JournalParams },
          ],
        },
        KEY_COPIED: keyCopiedByHand(),
      } as const,
    }),
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

