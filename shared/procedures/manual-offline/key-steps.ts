/**
 * P2's steps before the trip across the air gap: the appliance clock (R6), the download key and
 * its way onto removable media (or by hand). State-config builders placed by machine.ts.
 */
import { checkApplianceClock } from '../../rules/appliance-clock';
import type { CheckApplianceClockOutput, GenerateDownloadKeyOutput, SaveKeyFileInput, SaveKeyFileOutput } from '../actors';
import type { JournalParams } from '../definition';
import { actorInput, failWith, recordDone, retryTo } from '../machine-helpers';
import { cancelFrom } from '../steps/cancel';
import { MACHINE, describeKey, type Args, type OperatorArgs } from './context';

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

