/** Transitions P2-fetch offers from more than one state: cancel, another key, the key from a drive or typed, a refused key. */
import { toAppErrorShape } from '../../errors';
import type { ReadKeyFileOutput } from '../actors';
import type { JournalParams } from '../definition';
import type { CancelRecord, StepError } from '../machine-helpers';
import { MACHINE, normaliseKey, type OperatorArgs } from './context';
import { fetchUpdatesHints } from './words';

export function cancelFetch(step: string) {
  return {
    target: `#${MACHINE}.cancelled`,
    actions: [
      {
        type: 'recordCancel',
        params: ({ event }: OperatorArgs): CancelRecord => ({ at: event.at, step, ...(event.note ? { note: event.note } : {}) }),
      },
      {
        type: 'journal',
        params: ({ event }: OperatorArgs): JournalParams => ({
          step,
          event: 'CANCEL',
          outcome: 'info',
          who: 'operator',
          detail: event.note ?? 'Fetching cancelled; downloaded packages stay held in the vault.',
        }),
      },
    ],
  } as const;
}

/** Back to choosing the key: the one used was refused, or the operator has a better one. */
export function changeKey(step: string) {
  return {
    target: `#${MACHINE}.read-key`,
    actions: [
      { type: 'clearError' },
      { type: 'forgetKey' },
      { type: 'journal', params: { step, event: 'CHANGE_KEY', outcome: 'info', who: 'operator' } satisfies JournalParams },
    ],
  } as const;
}

export const keyFromMedia = {
  guard: 'hasValue',
  target: `#${MACHINE}.read-key.reading`,
  actions: [{ type: 'clearError' }, { type: 'recordKeyMedia', params: ({ event }: OperatorArgs) => ({ mediaPath: (event.value ?? '').trim() }) }],
} as const;

export const keyTyped = {
  guard: 'hasKeyValue',
  target: `#${MACHINE}.submit-key`,
  actions: [
    { type: 'clearError' },
    { type: 'recordTypedKey', params: ({ event }: OperatorArgs) => ({ key: normaliseKey(event.value), at: event.at }) },
    {
      type: 'journal',
      params: { step: 'read-key', event: 'KEY_TYPED', outcome: 'info', who: 'operator', detail: 'The key was typed or pasted.' } satisfies JournalParams,
    },
  ],
} as const;

/** Why the update server turned the key away, kept for the view and the journal. */
export const submitFailureActions = [
  {
    type: 'recordError',
    params: ({ event }: { event: { error: unknown } }): StepError => {
      const shape = toAppErrorShape(event.error);
      // CLOCK_SKEW and KEY_REJECTED are fixed on the appliance, not here: say so.
      if (shape.code === 'CLOCK_SKEW') return { ...shape, hint: fetchUpdatesHints.clockSkew, step: 'submit-key' };
      if (shape.code === 'KEY_REJECTED') return { ...shape, hint: fetchUpdatesHints.keyRejected, step: 'submit-key' };
      return { ...shape, step: 'submit-key' };
    },
  },
  {
    type: 'journal',
    params: ({ event }: { event: { error: unknown } }): JournalParams => ({
      step: 'submit-key',
      event: toAppErrorShape(event.error).code === 'CLOCK_SKEW' ? 'KEY_CLOCK_SKEW' : 'KEY_REFUSED',
      outcome: 'failed',
      who: 'assistant',
      detail: toAppErrorShape(event.error).message,
    }),
  },
] as const;


type KeyRead = { event: { output: ReadKeyFileOutput } };

/** The drive holds valid keys for several appliances and none was picked: the operator chooses (the newest is shown with the others). */
export const keysForSeveral = {
  guard: { type: 'keyChoiceNeeded', params: ({ event }: KeyRead) => ({ keyFile: event.output }) },
  target: 'picking',
  actions: [
    { type: 'recordKeyFile', params: ({ event }: KeyRead) => event.output },
    {
      type: 'journal',
      params: ({ event }: KeyRead): JournalParams => ({
        step: 'read-key',
        event: 'KEY_FILES_SEVERAL',
        outcome: 'info',
        who: 'assistant',
        detail: `The drive holds keys for several appliances: ${[event.output, ...(event.output.others ?? [])].map((file) => `${file.path} (${file.applianceHostname}, serial ${file.applianceSerial})`).join('; ')}. Waiting for the operator to choose one.`,
      }),
    },
  ],
} as const;

/** The operator names the key file (its file name) this run fetches for. */
export const keyFileChosen = {
  guard: 'hasValue',
  target: `#${MACHINE}.read-key.reading`,
  actions: [
    { type: 'clearError' },
    { type: 'recordKeyFileName', params: ({ event }: OperatorArgs) => ({ keyFileName: (event.value ?? '').trim().split(/[\\/]/).at(-1) ?? '' }) },
    {
      type: 'journal',
      params: ({ event }: OperatorArgs): JournalParams => ({ step: 'read-key', event: 'KEY_FILE_CHOSEN', outcome: 'info', who: 'operator', detail: `Key file chosen: ${(event.value ?? '').trim()}.` }),
    },
  ],
} as const;
