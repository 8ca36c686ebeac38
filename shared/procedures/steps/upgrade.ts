/**
 * The words of the steps every single-appliance upgrade shares (P1, P2): title, instruction,
 * page, button labels, confirmations, the hints that follow a broken rule and the closing
 * messages. A procedure's own catalogue takes these entries as they are, or through the
 * builders where one detail differs. Facts come from the vendor's upgrade guide; the wording
 * is our own.
 */
import { maintenanceWindowNotice } from '../../rules/maintenance-window';
import type { StepAction, StepKind } from '../view';

export type ActionWording = Omit<StepAction, 'event'>;

export interface StepCatalogueEntry<TStep extends string = string, TEvent extends string = string> {
  id: TStep;
  title: string;
  kind: StepKind;
  rules: string[];
  instruction: string;
  /** Where a person finds this in the appliance's web interface, e.g. "/appliance > Updates". */
  pagePath?: string;
  /** The same page as a URL path on the appliance, joined to the site's appliance address. */
  pageRoute?: string;
  /** Labels of the operator events this step can offer; which ones are offered depends on the state. */
  actions: Partial<Record<TEvent, ActionWording>>;
}

export const UPGRADE_STEP_IDS = [
  'window',
  'backup',
  'export-certificate',
  'certificate-health',
  'plan',
  'install',
  'backup-between',
  'aftercare',
  'report',
] as const;
export type UpgradeStepId = (typeof UPGRADE_STEP_IDS)[number];

export function isUpgradeStep(step: string): step is UpgradeStepId {
  return (UPGRADE_STEP_IDS as readonly string[]).includes(step);
}

export type UpgradeOperatorEventType = 'WINDOW_STARTED' | 'CONFIRM' | 'SKIP' | 'RECHECK' | 'ACCEPT_RISK' | 'START_INSTALL' | 'RETRY' | 'CANCEL';

export const cancelUpgrade: ActionWording = {
  label: 'Cancel the upgrade',
  tone: 'secondary',
  confirm: 'Stop this upgrade? Nothing has been installed; backups already taken stay in the vault.',
};
export const tryAgain: ActionWording = { label: 'Try again', tone: 'primary' };

const windowNotice = maintenanceWindowNotice(1);

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

export const exportCertificateEntry: StepCatalogueEntry<'export-certificate', UpgradeOperatorEventType> = {
  id: 'export-certificate',
  title: 'Export the SSL certificate',
  kind: 'guided',
  rules: ['R2'],
  instruction:
    'Open the certificates page, tick the certificate bound to the appliance’s active IP address and choose Export. Include the certificate, its private key and the chain, and protect the key with a passphrase. Keep the file and the passphrase somewhere safe off the appliance, apart from each other. Exporting does not remove the certificate. For an upgrade in place this is strongly recommended but not required; if you skip it, write down why.',
  pagePath: '/appliance > Security > Certificates',
  pageRoute: '/appliance/security/certificates',
  actions: {
    CONFIRM: { label: 'Certificate exported', tone: 'primary' },
    SKIP: { label: 'Skip, with a reason', tone: 'secondary', needsNote: true },
    CANCEL: cancelUpgrade,
  },
};

export const certificateHealthEntry: StepCatalogueEntry<'certificate-health', UpgradeOperatorEventType> = {
  id: 'certificate-health',
  title: 'Check certificate health',
  kind: 'guided',
  rules: ['R3'],
  instruction:
    'The assistant inspects the certificate the site presents: expiry, chain, key and hostname. On the certificates page, also make sure every certificate store the site relies on is current. Upgrading to a newly built site package with a certificate problem can leave most Jump Clients showing as offline afterwards.',
  pagePath: '/appliance > Security > Certificates',
  pageRoute: '/appliance/security/certificates',
  actions: {
    CONFIRM: { label: 'Certificate stores checked', tone: 'primary' },
    RECHECK: { label: 'Check again', tone: 'primary' },
    ACCEPT_RISK: {
      label: 'Continue despite the problems',
      tone: 'danger',
      needsNote: true,
      confirm:
        'Continue with a certificate problem? If this update brings a newly built site package, many Jump Clients may show as offline afterwards. Your reason goes into the journal.',
    },
    RETRY: tryAgain,
    CANCEL: cancelUpgrade,
  },
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

export const aftercareEntry: StepCatalogueEntry<'aftercare', UpgradeOperatorEventType> = {
  id: 'aftercare',
  title: 'Look after the clients',
  kind: 'guided',
  rules: ['R14'],
  instruction: [
    'A new site version changes what the clients need. Go through each point:',
    '• Access consoles update the next time they start. Consoles deployed with an MSI on locked-down computers may have to be deployed again; keep the old MSI to remove outdated copies.',
    '• Jump Clients update themselves. To spare the appliance and the network, set “Maximum Number of Concurrent Jump Client Upgrades” on the Jump Clients page to a modest number. Active clients queue at once; passive ones when they boot, are connected to, are told to check in from the tray, or within a day. Until then they show “Upgrade Pending” and cannot be jumped to (trying moves them to the front of the queue). Wait until they are back online before any further upgrade.',
    '• Jumpoints and Connection Agents update themselves.',
    '• Integration Clients do not: reinstall them by hand.',
    '• Every Jump Client and console installer made before this upgrade stopped working; create new ones.',
  ].join('\n'),
  pagePath: '/login > Jump > Jump Clients',
  pageRoute: '/login/jump/clients',
  actions: { CONFIRM: { label: 'Clients looked after', tone: 'primary' } },
};

export const reportEntry: StepCatalogueEntry<'report', UpgradeOperatorEventType> = {
  id: 'report',
  title: 'Close and report',
  kind: 'auto',
  rules: ['R7'],
  instruction:
    'The assistant marks the procedure complete and stops protecting the vault files it held for it. The files stay in the vault; the journal and this summary record what was done.',
  actions: { RETRY: tryAgain },
};

/** Hints for the errors the shared steps raise when a rule does not hold. */
export const upgradeHints = {
  backupNotFresh: 'Take the backup again; the assistant will download a new one now.',
  installNotVerified: 'Resume the install: the assistant checks the version again and only installs if the package is not in place yet.',
  baseNotVerified: 'Do not restart the appliance. Contact technical support with the diagnostics the assistant saved.',
  uploadStopped: 'Try again when you are ready: the assistant first checks what the appliance runs and uploads the package only if it is still needed.',
} as const;

/** What the install step shows after the operator stopped an upload. */
export const UPLOAD_STOPPED_MESSAGE = 'Upload stopped — nothing was installed.';

/** Closing messages every upgrade shows the same way; the view fills in the facts. */
export const upgradeBanners = {
  done: (summary: { versions: string; backups: string }) => ({
    tone: 'ok' as const,
    title: 'Upgrade complete',
    text: `${summary.versions}. Every install was verified against the version the appliance reports. Backups kept in the vault: ${summary.backups}.`,
  }),
  support: (diagnostics: { saved: string } | { failed: string }) => ({
    tone: 'bad' as const,
    title: 'Do not restart the appliance — contact technical support',
    text: [
      'The Base software update failed. Leave the appliance exactly as it is: do not restart it and do not start the update again.',
      'Contact BeyondTrust Technical Support and give them this procedure’s journal',
      'saved' in diagnostics
        ? `and the diagnostics the assistant saved in the vault (SHA-256 ${diagnostics.saved}).`
        : `and tell them the assistant could not save diagnostics (${diagnostics.failed}).`,
    ].join(' '),
  }),
  cancelled: (where: { stepTitle: string; note?: string }) => ({
    tone: 'info' as const,
    title: 'Upgrade cancelled',
    text: `Stopped at “${where.stepTitle}”${where.note ? ` — ${where.note}` : ''}. Nothing was installed; any backup taken stays in the vault.`,
  }),
};
