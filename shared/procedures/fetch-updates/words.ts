/**
 * P2-fetch (the connected side of the air gap): every word a person reads about its steps —
 * reading the download key, submitting it to the update server, the download and writing the
 * transfer bundle — and the hints and banners it ends with. Facts come from the vendor's
 * upgrade guide; the wording is our own.
 */
import { CLOCK_FIX, CLOCK_TOLERANCE_SECONDS } from '../../rules/appliance-clock';
import { REDOWNLOAD_WARNING } from '../../rules/keep-until-verified';
import type { ActionWording, StepCatalogueEntry } from '../steps/catalogue';

export const FETCH_UPDATES_STEP_IDS = ['read-key', 'submit-key', 'review', 'download', 'choose-media', 'write-bundle', 'reinsert-stick', 'note-code'] as const;
export type FetchUpdatesStepId = (typeof FETCH_UPDATES_STEP_IDS)[number];

export const FETCH_UPDATES_OPERATOR_EVENTS = [
  'KEY_FROM_MEDIA',
  'KEY_TYPED',
  'KEY_FILE_CHOSEN',
  'CHANGE_KEY',
  'START_DOWNLOAD',
  'WRITE_BUNDLE',
  'CHOOSE_OTHER_MEDIA',
  'REINSERTED',
  'CODE_NOTED',
  'RETRY',
  'CANCEL',
] as const;
export type FetchUpdatesOperatorEventType = (typeof FETCH_UPDATES_OPERATOR_EVENTS)[number];

/** Events that carry a value the operator gives (`value`): the machine refuses them without one. */
export const FETCH_UPDATES_VALUE_EVENTS: readonly FetchUpdatesOperatorEventType[] = ['KEY_FROM_MEDIA', 'KEY_TYPED', 'KEY_FILE_CHOSEN', 'WRITE_BUNDLE'];

type Entry = StepCatalogueEntry<FetchUpdatesStepId, FetchUpdatesOperatorEventType>;

const tryAgain: ActionWording = { label: 'Try again', tone: 'primary' };
const cancelFetch: ActionWording = {
  label: 'Cancel fetching',
  tone: 'secondary',
  confirm: 'Stop fetching updates? Packages already downloaded stay held in the vault of this computer.',
  confirmLabel: 'Cancel fetching',
  confirmTone: 'danger',
  dismissLabel: 'Keep working',
  noteOptional: true,
};
const changeKey: ActionWording = { label: 'Use another key', tone: 'secondary' };
const keyFromMedia: ActionWording = {
  label: 'Read the key file',
  tone: 'primary',
  input: { kind: 'media', label: 'Drive with the key file' },
};
const keyTyped: ActionWording = {
  label: 'Use this key',
  tone: 'secondary',
  input: { kind: 'multiline', label: 'Appliance Download Key', placeholder: 'Paste or type the whole key' },
};

export const fetchUpdatesSteps: Record<FetchUpdatesStepId, Entry> = {
  'read-key': {
    id: 'read-key',
    title: 'Read the download key',
    kind: 'decision',
    rules: [],
    instruction:
      'This computer reaches the update server; the appliance does not. Put in the drive that carries the key file written on the restricted side, or type or paste the key if it came across by hand. If the drive holds several key files for one appliance, the newest valid one is used and the others are listed; if it holds keys for several appliances (both of a failover pair, say), you choose which one this run fetches for — then run Fetch updates again for the other, onto the same drive.',
    actions: {
      KEY_FROM_MEDIA: keyFromMedia,
      KEY_TYPED: keyTyped,
      KEY_FILE_CHOSEN: { label: 'Fetch for this key file', tone: 'primary', input: { kind: 'text', label: 'Key file to use (its name, as listed)', placeholder: 'name.aua-key.json' } },
      RETRY: tryAgain,
      CANCEL: cancelFetch,
    },
  },
  'submit-key': {
    id: 'submit-key',
    title: 'Submit the key to the update server',
    kind: 'auto',
    rules: ['R6'],
    instruction:
      'The assistant sends the key to the update server, which answers with the packages made for that appliance. Nothing is downloaded yet.',
    actions: { RETRY: tryAgain, CHANGE_KEY: changeKey, CANCEL: cancelFetch },
  },
  review: {
    id: 'review',
    title: 'Review the packages',
    kind: 'decision',
    rules: ['R4', 'R7'],
    instruction: `These are the packages for the appliance, in the order they will be installed: Base software first, then the site packages built on it. ${REDOWNLOAD_WARNING} Download only when the restricted side is ready to install soon.`,
    actions: {
      START_DOWNLOAD: {
        label: 'Download the packages',
        tone: 'primary',
        confirm: `${REDOWNLOAD_WARNING} Download now?`,
      },
      CHANGE_KEY: changeKey,
      CANCEL: cancelFetch,
    },
  },
  download: {
    id: 'download',
    title: 'Download the packages',
    kind: 'auto',
    rules: ['R7'],
    instruction:
      'The assistant downloads each package into its vault and checks its size and SHA-256. An interrupted download goes on from the bytes already on disk when tried again. The packages stay held in the vault.',
    actions: { RETRY: { label: 'Continue the download', tone: 'primary' }, CANCEL: cancelFetch },
  },
  'choose-media': {
    id: 'choose-media',
    title: 'Choose the drive for the bundle',
    kind: 'decision',
    rules: [],
    instruction:
      'Choose the removable drive that carries the updates back; the drive the key came on is suggested. The assistant writes the packages and a manifest with every size and SHA-256 onto it, splitting files too large for the drive’s file system.',
    actions: {
      WRITE_BUNDLE: { label: 'Write the bundle', tone: 'primary', input: { kind: 'media', label: 'Drive for the transfer bundle' } },
      CANCEL: cancelFetch,
    },
  },
  'write-bundle': {
    id: 'write-bundle',
    title: 'Write and verify the bundle',
    kind: 'auto',
    rules: ['R7'],
    instruction:
      'The assistant writes the bundle, then reads every file back from the drive and compares size and SHA-256. Do not remove the drive until the assistant says so.',
    actions: { RETRY: tryAgain, CHOOSE_OTHER_MEDIA: { label: 'Choose another drive', tone: 'secondary' }, CANCEL: cancelFetch },
  },
  // Only when this computer could read the bundle back through its cache alone (fetchUpdatesWords.cacheRead).
  'reinsert-stick': {
    id: 'reinsert-stick',
    title: 'Remove and re-insert the stick',
    kind: 'guided',
    rules: ['R7'],
    instruction:
      'This computer could only read the bundle back from its own memory, not from the stick itself, so the check so far proves nothing about the stick. Eject the stick safely, pull it out, wait a few seconds and put it back in. When it shows up again, choose “The stick is back in”: the assistant then reads every file from the stick and checks it again. Only a bundle that passes this check counts as written.',
    actions: {
      REINSERTED: { label: 'The stick is back in', tone: 'primary' },
      RETRY: tryAgain,
      CHOOSE_OTHER_MEDIA: { label: 'Choose another drive', tone: 'secondary' },
      CANCEL: cancelFetch,
    },
  },
  'note-code': {
    id: 'note-code',
    title: 'Note the bundle code',
    kind: 'guided',
    rules: ['R7'],
    instruction:
      'Write this code down, or photograph it, and carry it to the restricted computer apart from the drive. There the assistant reads the code from the drive and asks whether it matches yours: a different code means the drive was altered or swapped on the way.',
    actions: { CODE_NOTED: { label: 'I noted the code', tone: 'primary' } },
  },
};

/** Wordings that differ by state from the step's own: the way on first, one primary action per step. */
export const fetchUpdatesStateActions: Readonly<Record<string, Partial<Record<FetchUpdatesOperatorEventType, ActionWording>>>> = {
  // Keys for several appliances on the drive: choosing one of them is the way on.
  'read-key.picking': {
    KEY_FROM_MEDIA: { ...keyFromMedia, label: 'Read a key file from another drive', tone: 'secondary' },
  },
  'read-key.failed': {
    RETRY: { label: 'Read the key file again', tone: 'primary' },
    KEY_FROM_MEDIA: { ...keyFromMedia, label: 'Read a key file from another drive', tone: 'secondary' },
  },
  // After a failed check of the re-inserted stick: write the bundle again first, or check once more.
  'reinsert-stick.failed': {
    RETRY: { label: 'Write the bundle again', tone: 'primary' },
    REINSERTED: { label: 'Check the stick again', tone: 'secondary' },
  },
  'submit-key.rejected': {
    CHANGE_KEY: { label: 'Enter another key', tone: 'primary' },
    RETRY: { label: 'Submit the same key again', tone: 'secondary' },
  },
};

/** Explanations for the errors of the connected side, and hints for those the machine raises. */
export const fetchUpdatesHints = {
  clockSkew: `The update server judged the appliance clock wrong when the key was made (it must be within ${CLOCK_TOLERANCE_SECONDS} seconds of the right time). This key cannot be used. On the appliance: ${CLOCK_FIX} Then make a new download key there (“Make a new download key” in its procedure) and bring it here.`,
  keyRejected: 'The update server did not accept this key. Check that it was copied whole, or read it from the key file; if it still fails, make a new key on the appliance.',
  downloadNotVerified: 'Try again: the assistant downloads the package once more and checks it; the server still lists it until a verified copy is here.',
  bundleProofFailed: 'Write the bundle again, or choose another drive. Do not use this drive on the restricted side.',
  reinsertCheckFailed:
    'Do not use this stick on the restricted side. Write the bundle again, or choose another drive. If the stick was not back in when it was checked, put it in and check it again.',
} as const;

export const fetchUpdatesBanners = {
  done: (bundle: { digestCode: string; mediaPath: string; count: number }) => ({
    tone: 'ok' as const,
    title: `Bundle written and verified — code ${bundle.digestCode}`,
    text: `${bundle.count === 1 ? '1 package was' : `${bundle.count} packages were`} written to ${bundle.mediaPath}, read back and verified. Compare this code on the restricted side: it must show the same. The drive can be removed now. The packages stay held in this computer’s vault.`,
  }),
  cancelled: (where: { stepTitle: string; note?: string }) => ({
    tone: 'info' as const,
    title: 'Fetching cancelled',
    text: `Stopped at “${where.stepTitle}”${where.note ? ` — ${where.note}` : ''}. Packages already downloaded stay held in the vault of this computer.`,
  }),
};

/** Sentences the connected side's view builds its facts and checks from. */
export const fetchUpdatesWords = {
  readBackLabel: 'Read back',
  cacheRead: (reason?: string) =>
    `Only through this computer’s memory, not from the stick${reason ? ` (${reason})` : ''}. Remove and re-insert the stick so the assistant can check it from the stick itself.`,
  driveRead: 'From the stick itself.',
  reinsertedLabel: 'Stick re-inserted (operator)',
  driveCheckPassed: (code: string) => `Every file was read again from the re-inserted stick and matches: bundle code ${code}.`,
  /** Why the check of the re-inserted stick does not count: another bundle, or a file that differs. */
  otherBundle: (found: { bundleId: string; digestCode: string }, written: { bundleId: string; digestCode: string }) =>
    `The stick holds bundle ${found.bundleId} with code ${found.digestCode}, not the bundle just written (${written.bundleId}, code ${written.digestCode}).`,
  afterReinsert: 'read from the stick after it was re-inserted',
} as const;
