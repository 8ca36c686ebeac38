/**
 * P2 (single appliance, manual update across the air gap), restricted side: the words of the
 * steps only P2 has — the clock check, the download key and its trip to the connected side,
 * the wait for the transfer bundle, its verification and import. The upgrade steps it shares
 * with P1 take their words from the phases under steps/. Facts come from the vendor's upgrade guide;
 * the wording is our own.
 */
import { CLOCK_FIX, CLOCK_TOLERANCE_SECONDS, NTP_SETTINGS_PAGE } from '../../rules/appliance-clock';
import { AFTERCARE_OPERATOR_EVENTS, AFTERCARE_STEP_IDS, AFTERCARE_VALUE_EVENTS } from '../steps/aftercare-and-report/record';
import { aftercareEntries, closingBanners, reportEntry } from '../steps/aftercare-and-report/words';
import { backupBetweenEntry, installEntry, planEntry } from '../steps/appliance-upgrade/words';
import { cancelUpgrade, tryAgain, type ActionWording, type StepCatalogueEntry } from '../steps/catalogue';
import { certificateHealthEntry, exportCertificateEntry } from '../steps/certificates/words';
import { backupEntry, checkCredentialsEntry, windowEntry } from '../steps/window-and-backup/words';

/** Preparation that needs no window first; the window and the backup only once the bundle is in the vault (R1). */
export const MANUAL_OFFLINE_STEP_IDS = [
  'export-certificate',
  'certificate-health',
  'clock-check',
  'download-key',
  'save-key',
  'reinsert-stick',
  'await-bundle',
  'verify-bundle',
  'compare-code',
  'import-bundle',
  'check-credentials',
  'window',
  'backup',
  'plan',
  'install',
  'backup-between',
  ...AFTERCARE_STEP_IDS,
  'report',
] as const;
export type ManualOfflineStepId = (typeof MANUAL_OFFLINE_STEP_IDS)[number];

/** The operator events of the restricted side's own steps: the key out, the bundle back (a pair places them for one appliance). */
export const AIR_GAP_OPERATOR_EVENTS = ['SAVE_KEY', 'KEY_COPIED', 'NEW_KEY', 'REINSERTED', 'BUNDLE_READY', 'CHOOSE_OTHER_MEDIA', 'CODE_MATCHES', 'CODE_DIFFERS'] as const;

export const MANUAL_OFFLINE_OPERATOR_EVENTS = [
  'WINDOW_STARTED',
  'CONFIRM',
  'SKIP',
  'EXPORT',
  'USE_FILE',
  'OPEN_FILE',
  'RECHECK',
  'ACCEPT_RISK',
  ...AIR_GAP_OPERATOR_EVENTS,
  'START_INSTALL',
  'CANCEL_UPLOAD',
  'RETRY',
  'CANCEL',
  ...AFTERCARE_OPERATOR_EVENTS,
] as const;
export type ManualOfflineOperatorEventType = (typeof MANUAL_OFFLINE_OPERATOR_EVENTS)[number];

/** Events that carry a value the operator gives (`value`): the machine refuses them without one. */
export const MANUAL_OFFLINE_VALUE_EVENTS: readonly ManualOfflineOperatorEventType[] = ['SAVE_KEY', 'BUNDLE_READY', 'USE_FILE', ...AFTERCARE_VALUE_EVENTS];

type Entry = StepCatalogueEntry<ManualOfflineStepId, ManualOfflineOperatorEventType>;

const chooseOtherBundle: ActionWording = { label: 'Use another bundle', tone: 'secondary' };

export const manualOfflineSteps: Record<ManualOfflineStepId, Entry> = {
  'export-certificate': exportCertificateEntry,
  'certificate-health': certificateHealthEntry,
  'clock-check': {
    id: 'clock-check',
    title: 'Check the appliance clock',
    kind: 'gate',
    rules: ['R6'],
    instruction: `The download key carries the appliance’s time, and the update server turns a key away when that time is wrong. The assistant compares the appliance clock (shown on /appliance > Status > Basics) with this computer’s and goes on only when they are less than ${CLOCK_TOLERANCE_SECONDS} seconds apart. Make sure this computer’s own clock is right. If the appliance is off: ${CLOCK_FIX}`,
    pagePath: NTP_SETTINGS_PAGE,
    pageRoute: '/appliance/networking/ip',
    actions: { RECHECK: { label: 'Check the clock again', tone: 'primary' }, RETRY: tryAgain, CANCEL: cancelUpgrade },
  },
  'download-key': {
    id: 'download-key',
    title: 'Generate the download key',
    kind: 'auto',
    rules: ['R6'],
    instruction:
      'The assistant asks the appliance for its Appliance Download Key, as the link on its Updates page does. The key names this appliance and what it runs, so the update server can pick the packages made for it. It is shown below in full, so it can also be typed or pasted on the other computer.',
    pagePath: '/appliance > Updates',
    pageRoute: '/appliance/updates',
    actions: { RETRY: { label: 'Check the clock and try again', tone: 'primary' }, CANCEL: cancelUpgrade },
  },
  'save-key': {
    id: 'save-key',
    title: 'Take the key across',
    kind: 'decision',
    rules: [],
    instruction:
      'Put a removable drive in this computer and let the assistant write the key file onto it; the same drive will later bring the updates back. If no drive may be used here, copy the key by hand instead (type it, or paste it into a note you carry) and say how it travels.',
    actions: {
      SAVE_KEY: {
        label: 'Write the key file',
        tone: 'primary',
        input: { kind: 'media', label: 'Removable drive for the key' },
      },
      KEY_COPIED: { label: 'I copied the key by hand', tone: 'secondary', needsNote: true },
      RETRY: tryAgain,
      CHOOSE_OTHER_MEDIA: { label: 'Choose another drive', tone: 'secondary' },
      CANCEL: cancelUpgrade,
    },
  },
  // Only when this computer could read the key file back through its cache alone (manualOfflineWords.cacheRead).
  'reinsert-stick': {
    id: 'reinsert-stick',
    title: 'Remove and re-insert the stick',
    kind: 'guided',
    rules: [],
    instruction:
      'This computer could only read the key file back from its own memory, not from the stick itself, so the check so far proves nothing about the stick. Eject the stick safely, pull it out, wait a few seconds and put it back in. When it shows up again, choose “The stick is back in”: the assistant then reads the key file from the stick and checks it. Only a key file that passes this check counts as saved.',
    actions: {
      REINSERTED: { label: 'The stick is back in', tone: 'primary' },
      RETRY: { label: 'Write the key file again', tone: 'primary' },
      CHOOSE_OTHER_MEDIA: { label: 'Choose another drive', tone: 'secondary' },
      KEY_COPIED: { label: 'I copied the key by hand', tone: 'secondary', needsNote: true },
      CANCEL: cancelUpgrade,
    },
  },
  'await-bundle': {
    id: 'await-bundle',
    title: 'Fetch the updates on a connected computer',
    kind: 'guided',
    rules: ['R7'],
    instruction: [
      'Take the key to a computer that can reach the update server and run this assistant there.',
      '1. Choose “Fetch updates” and give it the drive with the key file, or type or paste the key.',
      '2. It downloads the packages made for this appliance, checks every file and writes them, with a manifest, onto the drive. It shows a short code for the bundle; note it.',
      '3. Bring the drive back here and choose it below.',
      'This may take days. The assistant waits at this step, also across restarts; the site keeps running meanwhile, because the maintenance window and the backup come only once the updates are verified and in the vault. If the update server refused the key because of its time, make a new key here.',
    ].join('\n'),
    actions: {
      BUNDLE_READY: {
        label: 'The updates are on the drive',
        tone: 'primary',
        input: { kind: 'media', label: 'Drive with the transfer bundle' },
      },
      NEW_KEY: {
        label: 'Make a new download key',
        tone: 'secondary',
        confirm: 'Make a new download key? The assistant checks the appliance clock again first; use the new key on the connected computer.',
      },
      CANCEL: cancelUpgrade,
    },
  },
  'verify-bundle': {
    id: 'verify-bundle',
    title: 'Verify the transfer bundle',
    kind: 'auto',
    rules: ['R7'],
    instruction:
      'The assistant finds the bundle made for this appliance on the drive and checks every file against the manifest: size and SHA-256. Nothing is used unless every file matches.',
    actions: { RETRY: tryAgain, CHOOSE_OTHER_MEDIA: chooseOtherBundle, CANCEL: cancelUpgrade },
  },
  'compare-code': {
    id: 'compare-code',
    title: 'Compare the bundle code',
    kind: 'gate',
    rules: ['R7'],
    instruction:
      'Every file on the drive matches its manifest. Now compare the bundle code below, read from the drive, with the code you noted on the connected computer. The same code means this is the bundle written there; a different one means the drive was altered or swapped on the way.',
    actions: {
      CODE_MATCHES: { label: 'Yes, the codes match', tone: 'primary' },
      CODE_DIFFERS: { label: 'No, they differ', tone: 'danger' },
      CHOOSE_OTHER_MEDIA: chooseOtherBundle,
      CANCEL: cancelUpgrade,
    },
  },
  'import-bundle': {
    id: 'import-bundle',
    title: 'Copy the packages into the vault',
    kind: 'auto',
    rules: ['R7'],
    instruction:
      'The assistant copies each package from the drive into its vault, joining split files, checks the SHA-256 again and holds the files until their install is verified. After this the drive is no longer needed.',
    actions: { RETRY: tryAgain, CHOOSE_OTHER_MEDIA: chooseOtherBundle, CANCEL: cancelUpgrade },
  },
  'check-credentials': checkCredentialsEntry,
  window: {
    ...windowEntry,
    instruction: `The transfer bundle is verified and its packages wait in the vault, ready to install. ${windowEntry.instruction}`,
  },
  backup: backupEntry,
  plan: planEntry<ManualOfflineOperatorEventType>({ CHOOSE_OTHER_MEDIA: chooseOtherBundle }),
  install: (() => {
    const entry = installEntry(
      'The assistant uploads each package from the vault through Manual Installation on the Updates page, in order, waits while the appliance is unavailable and then checks the version it reports. While a package is still uploading you may stop the upload; once the appliance has the file it installs on its own and cannot be stopped. Keep this computer awake and connected, and do not restart the appliance while this runs.',
    );
    return {
      ...entry,
      actions: {
        CANCEL_UPLOAD: {
          label: 'Stop the upload',
          tone: 'secondary',
          confirm: 'Stop uploading this package? Nothing has been installed; you can retry later.',
        },
        ...entry.actions,
        // RETRY here starts at the upload (a stopped or failed upload, or a failed install), not where P1 resumes.
        RETRY: { label: 'Upload again', tone: 'primary' },
      },
    } satisfies Entry;
  })(),
  'backup-between': backupBetweenEntry,
  ...aftercareEntries,
  report: reportEntry,
};

/** Wordings that differ by state from the step's own: the way on first, one primary action per step. */
export const manualOfflineStateActions: Readonly<Record<string, Partial<Record<ManualOfflineOperatorEventType, ActionWording>>>> = {
  'reinsert-stick.failed': { REINSERTED: { label: 'Check the stick again', tone: 'secondary' } },
};

/** Sentences the restricted side's view builds its facts and checks from. */
export const manualOfflineWords = {
  readBackLabel: 'Read back',
  cacheRead: (reason?: string) =>
    `Only through this computer’s memory, not from the stick${reason ? ` (${reason})` : ''}. Remove and re-insert the stick so the assistant can check the key file from the stick itself.`,
  driveRead: 'From the stick itself.',
  reinsertedLabel: 'Stick re-inserted (operator)',
  rereadLabel: 'Key file read from the stick',
  keyChecked: (file: string) => `The key file ${file} was read again from the re-inserted stick and holds the key as written.`,
  keyNotUsable: (file: string, reason: string) => `The key file ${file} on the stick cannot be used: it ${reason}.`,
  keyMissing: (file: string, found: string) => `The stick does not hold the key file ${file} as the newest key file; the connected computer would use ${found} instead.`,
  keyDiffers: (file: string, fields: readonly string[]) => `The key file ${file} read from the stick differs from the key written: ${fields.join(', ')}.`,
} as const;

/** Hints for the errors the P2 machine itself raises when a rule does not hold. */
export const manualOfflineHints = {
  keyRereadFailed:
    'Do not take this stick across. Write the key file again, or choose another drive, or copy the key by hand. If the stick was not back in when it was checked, put it in and check it again.',
  bundleProofFailed: 'Use another bundle, or write the bundle again on the connected computer; nothing from this one was used.',
  importIncomplete: 'Try the import again; if it fails again, write the bundle again on the connected computer.',
  codeMismatch:
    'Do not use this drive: it may have been altered or swapped. On the connected computer, write a new bundle (and note its code), bring that drive here and choose “Use another bundle”.',
} as const;

/** Closing messages shown above the steps; the view fills in the facts. */
export const manualOfflineBanners = closingBanners;
