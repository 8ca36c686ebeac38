/**
 * P2's steps before the trip across the air gap: the appliance clock (R6), the download key and
 * its way onto removable media (or by hand). State-config builders placed by machine.ts.
 */
import { checkApplianceClock } from '../../rules/appliance-clock';
import type { CheckApplianceClockOutput, GenerateDownloadKeyOutput, ReadKeyFileOutput, SaveKeyFileInput, SaveKeyFileOutput } from '../actors';
import type { JournalParams } from '../definition';
import { failWith, recordDone, retryTo } from '../machine-helpers';
import { cancelFrom } from '../steps/cancel';
import { reinsertStickStep } from '../steps/reinsert-stick';
import { checkKeyReread, describeKey, type Args, type ManualStepsContext, type OperatorArgs } from './context';
import { afterKeyTarget, manualInput, manualStepId, manualTarget, placed, type ManualPlacement, type ManualStep } from './placement';
import { manualOfflineHints } from './words';

type Done<T> = { event: { output: T } };

/** The steps, placed: `<prefix>clock-check`, `<prefix>download-key`, `<prefix>save-key`, `<prefix>reinsert-stick`. */
export function keySteps<TPrefix extends string>(placement: ManualPlacement<TPrefix>) {
  const id = (step: ManualStep) => manualStepId(placement, step);
  const to = (step: ManualStep, sub?: string) => manualTarget(placement, step, sub);
  return placed(placement, {
    'clock-check': {
      initial: 'checking',
      states: {
        checking: {
          entry: { type: 'clearClock' },
          invoke: {
            id: 'checkApplianceClock',
            src: 'checkApplianceClock',
            input: ({ context }: Args) => manualInput(placement, context, 'clock-check'),
            onDone: recordDone('judging', 'recordClock', id('clock-check'), 'CLOCK_CHECKED', (clock: CheckApplianceClockOutput) => {
              const verdict = checkApplianceClock(clock);
              return { outcome: verdict.holds ? 'ok' : 'blocked', detail: verdict.reason };
            }),
            onError: failWith('failed', id('clock-check'), 'CLOCK_CHECK_FAILED'),
          },
          on: { CANCEL: cancelFrom(placement.machine, id('clock-check')) },
        },
        judging: {
          always: [{ guard: 'clockIsRight', target: to('download-key') }, { target: 'blocked' }],
        },
        blocked: {
          on: { RECHECK: 'checking', CANCEL: cancelFrom(placement.machine, id('clock-check')) },
        },
        failed: {
          on: { RETRY: retryTo('checking', id('clock-check')), CANCEL: cancelFrom(placement.machine, id('clock-check')) },
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
            input: ({ context }: Args) => manualInput(placement, context, 'download-key'),
            onDone: recordDone(to('save-key'), 'recordKey', id('download-key'), 'KEY_GENERATED', (key: GenerateDownloadKeyOutput) => ({
              detail: describeKey(key),
            })),
            onError: failWith('failed', id('download-key'), 'KEY_FAILED'),
          },
          on: { CANCEL: cancelFrom(placement.machine, id('download-key')) },
        },
        // A failed key often means a wrong clock (R6), so trying again checks the clock first.
        failed: {
          on: { RETRY: retryTo(to('clock-check'), id('download-key')), CANCEL: cancelFrom(placement.machine, id('download-key')) },
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
            KEY_COPIED: keyCopiedByHand(placement),
            CANCEL: cancelFrom(placement.machine, id('save-key')),
          },
        },
        saving: {
          invoke: {
            id: 'saveKeyFile',
            src: 'saveKeyFile',
            input: ({ context }: Args): SaveKeyFileInput => ({
              ...manualInput(placement, context, 'save-key'),
              mediaPath: context.keyMediaPath ?? '',
              key: context.downloadKey as GenerateDownloadKeyOutput,
            }),
            onDone: [
              {
                guard: { type: 'keyReadFromDrive', params: ({ event }: Done<SaveKeyFileOutput>) => ({ keyFile: event.output }) },
                ...recordDone(afterKeyTarget(placement), 'recordKeyFile', id('save-key'), 'KEY_SAVED', (keyFile: SaveKeyFileOutput) => ({
                  detail: `Key file written and read back: ${keyFile.path}.`,
                  checksums: { [keyFile.path]: keyFile.sha256 },
                })),
              },
              // Read back through the cache only: it proves this computer's memory, so the stick is re-inserted and read again.
              recordDone(to('reinsert-stick'), 'recordKeyFile', id('save-key'), 'KEY_READ_THROUGH_CACHE', (keyFile: SaveKeyFileOutput) => ({
                outcome: 'info',
                detail: `Key file written, but read back only through this computer's cache${keyFile.readBack?.reason ? ` (${keyFile.readBack.reason})` : ''}: ${keyFile.path}. It counts as saved once the re-inserted stick is read.`,
                checksums: { [keyFile.path]: keyFile.sha256 },
              })),
            ],
            onError: failWith('failed', id('save-key'), 'KEY_SAVE_FAILED'),
          },
          on: { CANCEL: cancelFrom(placement.machine, id('save-key')) },
        },
        failed: {
          on: {
            RETRY: retryTo('saving', id('save-key')),
            CHOOSE_OTHER_MEDIA: { target: 'choosing', actions: { type: 'clearError' } },
            KEY_COPIED: keyCopiedByHand(placement),
            CANCEL: cancelFrom(placement.machine, id('save-key')),
          },
        },
      },
    },
    // Reached only after a read-back through the cache: the key file is read again from the re-mounted drive.
    'reinsert-stick': reinsertStickStep({
      machine: placement.machine,
      stepId: id('reinsert-stick'),
      ...(placement.appliance ? { appliance: placement.appliance } : {}),
      checking: 'reading',
      mediaPath: (context: ManualStepsContext) => context.keyMediaPath,
      recordReinserted: 'recordKeyReinserted',
      rechecking: 'reading the key file from the drive',
      actor: { src: 'readKeyFile', moreInput: () => ({}) },
      clear: 'clearKeyReread',
      holds: { type: 'keyRereadHolds', params: (read: ReadKeyFileOutput) => ({ read }) },
      record: 'recordKeyReread',
      verdict: (context, read) => checkKeyReread(context.keyFile, context.downloadKey, read),
      passTo: afterKeyTarget(placement),
      journal: { verified: 'KEY_VERIFIED_FROM_DRIVE', notVerified: 'KEY_NOT_VERIFIED_FROM_DRIVE' },
      hint: manualOfflineHints.keyRereadFailed,
      cancel: cancelFrom(placement.machine, id('reinsert-stick')),
      // Never on to the wait with a key file that did not pass: write it again, check again, another drive, or by hand.
      retry: {
        target: to('save-key', 'saving'),
        actions: [
          { type: 'clearError' },
          { type: 'journal', params: { step: id('reinsert-stick'), event: 'RETRY', outcome: 'info', who: 'operator', detail: 'Writing the key file again.' } satisfies JournalParams },
        ],
      } as const,
      otherWays: {
        CHOOSE_OTHER_MEDIA: {
          target: to('save-key', 'choosing'),
          actions: [
            { type: 'clearError' },
            { type: 'journal', params: { step: id('reinsert-stick'), event: 'CHOOSE_OTHER_MEDIA', outcome: 'info', who: 'operator' } satisfies JournalParams },
          ],
        },
        KEY_COPIED: keyCopiedByHand(placement),
      } as const,
    }),
  } as const);
}

/** KEY_COPIED: the operator carries the key by hand, and says how (a note is required). */
export function keyCopiedByHand(placement: ManualPlacement) {
  const id = (step: ManualStep) => manualStepId(placement, step);
  return {
    guard: 'hasNote',
    target: afterKeyTarget(placement),
    actions: [
      { type: 'clearError' },
      { type: 'recordKeyCopied', params: ({ event }: OperatorArgs) => ({ at: event.at, note: event.note ?? '' }) },
      {
        type: 'journal',
        params: ({ event }: OperatorArgs): JournalParams => ({
          step: id('save-key'),
          event: 'KEY_COPIED',
          outcome: 'info',
          who: 'operator',
          detail: `The key travels by hand: ${event.note ?? ''}`,
        }),
      },
    ],
  } as const;
}

