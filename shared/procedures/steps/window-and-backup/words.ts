/**
 * The words of the phase that opens every upgrade: the sign-in check, the maintenance window
 * and the backup. Facts come from the vendor's upgrade guide; the wording is our own.
 */
import { maintenanceWindowNotice } from '../../../rules/maintenance-window';
import { cancelUpgrade, tryAgain, type StepCatalogueEntry, type UpgradeOperatorEventType } from '../catalogue';

const windowNotice = maintenanceWindowNotice(1);

export const checkCredentialsEntry: StepCatalogueEntry<'check-credentials', UpgradeOperatorEventType> = {
  id: 'check-credentials',
  title: 'Check the site’s sign-ins',
  kind: 'auto',
  rules: [],
  instruction:
    'Before the site goes down, the assistant signs in to the appliance once more with the site’s API account and with its admin account. Backups use the first, installs the second, so the window is offered only when both are accepted.',
  actions: {
    RETRY: { label: 'Check the sign-ins again', tone: 'primary' },
    CANCEL: cancelUpgrade,
  },
};

export const windowEntry: StepCatalogueEntry<'window', UpgradeOperatorEventType> = {
  id: 'window',
  title: 'Start the maintenance window',
  kind: 'decision',
  rules: ['R13'],
  instruction: `${windowNotice.text} Run this upgrade only inside the window agreed with the site, tell its users beforehand, and press the button when the window has begun. Everything the assistant does next is measured from that moment.`,
  actions: {
    WINDOW_STARTED: {
      label: 'Maintenance window started',
      tone: 'primary',
      confirm: 'Have the users been told, and has the agreed maintenance window begun?',
    },
    RECHECK: { label: 'Check the sign-ins again', tone: 'secondary' },
    CANCEL: cancelUpgrade,
  },
};

export const backupEntry: StepCatalogueEntry<'backup', UpgradeOperatorEventType> = {
  id: 'backup',
  title: 'Back up the appliance settings',
  kind: 'auto',
  rules: ['R1'],
  instruction:
    'The assistant downloads a settings backup of the appliance into the vault, records its size and SHA-256 and reads it back to check it. It has to be taken after the window started, so it holds the settings you are about to upgrade.',
  pagePath: '/login > Management > Software Management',
  pageRoute: '/login/management/software',
  actions: { RETRY: tryAgain, CANCEL: cancelUpgrade },
};

/** Hints for the errors this phase raises when a rule does not hold. */
export const windowAndBackupHints = {
  credentialsRefused:
    'Open the site’s settings (edit the site on the home page), correct the API client ID and secret or the admin user name and password, save, then check the sign-ins again.',
  backupNotFresh: 'Take the backup again; the assistant will download a new one now.',
} as const;
