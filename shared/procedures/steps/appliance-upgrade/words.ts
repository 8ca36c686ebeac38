/**
 * The words of the appliance-upgrade unit: checking for updates, the install plan, the install,
 * the backup between Base and site, and the support end. Facts come from the vendor's upgrade
 * guide; the wording is our own.
 */
import { maintenanceWindowNotice } from '../../../rules/maintenance-window';
import { cancelUpgrade, tryAgain, type ActionWording, type StepCatalogueEntry, type UpgradeOperatorEventType } from '../catalogue';

const windowNotice = maintenanceWindowNotice(1);

export const checkUpdatesEntry: StepCatalogueEntry<'check-updates', UpgradeOperatorEventType> = {
  id: 'check-updates',
  title: 'Check for updates',
  kind: 'auto',
  rules: [],
  instruction:
    'The assistant asks the appliance to check for updates, as “Check for updates” on its Updates page does, and lists the packages offered together with the versions running now.',
  pagePath: '/appliance > Updates',
  pageRoute: '/appliance/updates',
  actions: { RETRY: tryAgain, CANCEL: cancelUpgrade },
};

/** The plan step; `blockedActions` words the ways out of a blocked plan, which differ per procedure. */
export function planEntry<TEvent extends string>(
  blockedActions: Partial<Record<TEvent, ActionWording>>,
): StepCatalogueEntry<'plan', TEvent | UpgradeOperatorEventType> {
  return {
    id: 'plan',
    title: 'Review the install order',
    kind: 'gate',
    rules: ['R4', 'R13'],
    instruction: `Base software goes in first, then the site packages built on it. ${windowNotice.text} Once you start, the upgrade can no longer be cancelled.`,
    actions: {
      START_INSTALL: {
        label: 'Start installing',
        tone: 'danger',
        confirm: 'The site goes offline now: everyone is signed out and open sessions end. The upgrade cannot be cancelled once it starts. Start installing?',
        confirmLabel: 'Start installing',
        confirmTone: 'danger',
        dismissLabel: 'Not yet',
      },
      ...blockedActions,
      CANCEL: cancelUpgrade,
    } as Partial<Record<TEvent | UpgradeOperatorEventType, ActionWording>>,
  };
}

/** The install step; how a package reaches the appliance (fetched by it, or uploaded) differs per procedure. */
export function installEntry(instruction: string): StepCatalogueEntry<'install', UpgradeOperatorEventType> {
  return {
    id: 'install',
    title: 'Install the updates',
    kind: 'auto',
    rules: ['R4', 'R5'],
    instruction,
    pagePath: '/appliance > Updates',
    pageRoute: '/appliance/updates',
    actions: { RETRY: { label: 'Resume the install', tone: 'primary' } },
  };
}

export const backupBetweenEntry: StepCatalogueEntry<'backup-between', UpgradeOperatorEventType> = {
  id: 'backup-between',
  title: 'Back up between Base and site package',
  kind: 'auto',
  rules: ['R1', 'R4'],
  instruction:
    'The Base software is in. The assistant takes a fresh settings backup now and installs the site package straight after it. Nothing else may happen in between: no failover, no work on another appliance.',
  pagePath: '/login > Management > Software Management',
  pageRoute: '/login/management/software',
  actions: { RETRY: tryAgain },
};

/** Hints for the errors the install loop raises when a rule does not hold. */
export const installHints = {
  installNotVerified: 'Resume the install: the assistant checks the version again and only installs if the package is not in place yet.',
  baseNotVerified: 'Do not restart the appliance. Contact technical support with the diagnostics the assistant saved.',
  uploadStopped: 'Try again when you are ready: the assistant first checks what the appliance runs and uploads the package only if it is still needed.',
} as const;

/** What the install step shows after the operator stopped an upload. */
export const UPLOAD_STOPPED_MESSAGE = 'Upload stopped — nothing was installed.';

/** What an install phase is called on screen (StepView.phase). */
export const INSTALL_PHASE_LABELS = {
  uploading: 'Uploading the package to the appliance',
  installing: 'The appliance is installing',
  restarting: 'The appliance is restarting',
  verifying: 'Checking the version the appliance reports',
} as const;

/** R5's end, and whether diagnostics could be saved for support. */
export function supportBanner(diagnostics: { saved: string } | { failed: string }) {
  return {
    tone: 'bad' as const,
    title: 'Do not restart the appliance — contact technical support',
    text: [
      'The Base software update failed. Leave the appliance exactly as it is: do not restart it and do not start the update again.',
      'Contact BeyondTrust Technical Support and give them this procedure’s journal',
      'saved' in diagnostics
        ? `and the diagnostics the assistant saved in the vault (SHA-256 ${diagnostics.saved}).`
        : `and tell them the assistant could not save diagnostics (${diagnostics.failed}).`,
    ].join(' '),
  };
}
