/**
 * P5 (hardware migration): the list of its steps, its operator events and checklists, and the
 * words of the steps it shares with an upgrade (worded for a migration where they differ). The
 * steps only P5 has are worded in step-words.ts. Facts come from the vendor's upgrade guide;
 * the wording is our own.
 */
import { reportEntry } from '../steps/aftercare-and-report/words';
import { backupBetweenEntry, checkUpdatesEntry, installEntry, planEntry } from '../steps/appliance-upgrade/words';
import type { ActionWording, StepCatalogueEntry as GenericStepCatalogueEntry } from '../steps/catalogue';
import { requiredExportCertificateEntry } from '../steps/certificates/words';
import { backupEntry, checkCredentialsEntry, windowEntry } from '../steps/window-and-backup/words';
import type { ChecklistItem } from '../steps/checklist';

export type { ChecklistItem } from '../steps/checklist';

export const HARDWARE_MIGRATION_STEP_IDS = [
  'new-appliance',
  'factory-password',
  'check-credentials',
  'old-appliance',
  'window',
  'backup',
  'export-certificate',
  'import-certificate',
  'resolve-warnings',
  'assign-ip',
  'accept-eula',
  'new-check-updates',
  'new-plan',
  'new-install',
  'new-backup-between',
  'restore-backup',
  'point-dns',
  'test-sessions',
  'reset-old',
  'shut-down-old',
  'ship-old',
  'delete-old',
  'promote',
  'report',
] as const;
export type HardwareMigrationStepId = (typeof HARDWARE_MIGRATION_STEP_IDS)[number];

/**
 * EXPORT and USE_FILE belong to the certificate phase of the contract (steps/certificates); they
 * are listed so the chart accepts them once that phase offers them.
 */
export const HARDWARE_MIGRATION_OPERATOR_EVENTS = [
  'ADDRESS',
  'TRUST',
  'SET_PASSWORD',
  'WINDOW_STARTED',
  'CONFIRM',
  'SKIP',
  'EXPORT',
  'USE_FILE',
  'OPEN_FILE',
  'RECHECK',
  'ACCEPT_RISK',
  'GIVE_PASSPHRASE',
  'BACK_TO_EXPORT',
  'ACCEPT_EULA',
  'START_INSTALL',
  'DNS_CHANGED',
  'WAIT_LONGER',
  'RESET_OLD',
  'RETRY',
  'CANCEL',
] as const;
export type HardwareMigrationOperatorEventType = (typeof HARDWARE_MIGRATION_OPERATOR_EVENTS)[number];

/** Events that carry a value the operator gives (an address, ticked checklist items): refused without one. */
export const HARDWARE_MIGRATION_VALUE_EVENTS: readonly HardwareMigrationOperatorEventType[] = ['ADDRESS', 'CONFIRM', 'USE_FILE'];
/** Events for a secret input: the host keeps the value and sends the event without it. */
export const HARDWARE_MIGRATION_SECRET_EVENTS: readonly HardwareMigrationOperatorEventType[] = ['SET_PASSWORD', 'GIVE_PASSPHRASE', 'EXPORT', 'OPEN_FILE'];


export const SESSION_CHECKS: readonly ChecklistItem[] = [
  { id: 'console', label: 'Signed in to the representative console; Help > About shows the new appliance’s site version' },
  { id: 'session', label: 'Started a support session to a remote computer, and it connected' },
  { id: 'jump-client', label: 'A Jump Client shows as online' },
  { id: 'public-site', label: 'The public site page loads at the site address' },
];
export const SHIPPING_CHECKS: readonly ChecklistItem[] = [
  { id: 'packed', label: 'The old appliance is packed for shipping' },
  { id: 'label', label: 'The return shipping label is on the outside of the box' },
  { id: 'pickup', label: 'The shipper’s pickup is booked' },
];
export const DELETE_CHECKS: readonly ChecklistItem[] = [
  { id: 'powered-off', label: 'The old virtual appliance is powered off' },
  { id: 'deleted', label: 'It is deleted from its virtualization host, disks included' },
];

export type StepCatalogueEntry = GenericStepCatalogueEntry<HardwareMigrationStepId, HardwareMigrationOperatorEventType>;
type SharedEntry = GenericStepCatalogueEntry<string, string>;

/** One cancel for the whole migration: what is done stays done, and the files stay in the vault. */
export const cancelMigration: ActionWording = {
  label: 'Cancel the migration',
  tone: 'secondary',
  confirm:
    'Stop this migration here? What was done stays as it is: the old appliance keeps running unless it was already reset, and backups and certificate files stay in the vault.',
  confirmLabel: 'Cancel the migration',
  confirmTone: 'danger',
  dismissLabel: 'Keep working',
  noteOptional: true,
};

/** A shared phase's entry placed in P5: its id here, P5's cancel, and whatever else differs. */
export function forMigration(entry: SharedEntry, id: HardwareMigrationStepId, changes: Partial<Omit<StepCatalogueEntry, 'id'>> = {}): StepCatalogueEntry {
  const actions = { ...entry.actions, ...(entry.actions.CANCEL ? { CANCEL: cancelMigration } : {}), ...changes.actions };
  return { ...(entry as StepCatalogueEntry), ...changes, id, actions };
}

export const sharedMigrationSteps = {
  'check-credentials': forMigration(checkCredentialsEntry, 'check-credentials', {
    title: 'Check the old appliance’s sign-ins',
    instruction:
      'The assistant signs in to the old appliance with the site’s API account and with its admin account. The backup uses the first; reading the appliance and, at the end, retiring it use the second.',
  }),
  window: forMigration(windowEntry, 'window', {
    instruction:
      'Everything changed on the old appliance after its backup is not carried over, and users are cut off for a moment when the site moves. Run the migration inside the window agreed with the site, ask its users not to change settings, and press the button when the window has begun.',
  }),
  backup: forMigration(backupEntry, 'backup', {
    title: 'Back up the old appliance',
    instruction:
      'The assistant downloads a settings backup of the old appliance into the vault, records its size and SHA-256 and reads it back. The new appliance restores exactly this file, so it is taken inside the window.',
  }),
  'export-certificate': forMigration(requiredExportCertificateEntry, 'export-certificate', {
    instruction:
      'The new appliance must present the same SSL certificate as the old one, so the assistant exports the certificate with its private key and its chain from the old appliance through its Export form, protected by the passphrase you type here, keeps the file in the vault and checks it. The passphrase stays in this computer’s memory only (the import needs it again), so note it somewhere safe, apart from the file. If the export fails, export the file yourself on the certificates page and give its path. A migration cannot skip this.',
  }),
  'new-check-updates': forMigration(checkUpdatesEntry, 'new-check-updates', {
    title: 'Check for updates on the new appliance',
    instruction:
      'The assistant asks the new appliance which software it is offered. It installs exactly the site version the old appliance runs, since an appliance restores only a backup of its own version.',
    pageOn: 'new',
  }),
  'new-plan': forMigration(
    planEntry<HardwareMigrationOperatorEventType>({ RECHECK: { label: 'Check for updates again', tone: 'primary' } }),
    'new-plan',
    {
      title: 'Review what the new appliance installs',
      instruction:
        'Base software goes in first when the site version needs it, then the site package of the old appliance’s version. The new appliance does not serve the site yet, so nobody is cut off; once started, the install runs to its end.',
      pageOn: 'new',
      actions: {
        START_INSTALL: {
          label: 'Start installing',
          tone: 'primary',
          confirm: 'Install the software on the new appliance now? The install cannot be stopped once it starts.',
          confirmLabel: 'Start installing',
          dismissLabel: 'Not yet',
        },
      },
    },
  ),
  'new-install': forMigration(
    installEntry(
      'The assistant installs each package on the new appliance in order, waits while it is unavailable and then checks the version it reports. Keep this computer awake and connected, and do not restart the new appliance while this runs.',
    ),
    'new-install',
    { title: 'Install the software on the new appliance', pageOn: 'new' },
  ),
  'new-backup-between': forMigration(backupBetweenEntry, 'new-backup-between', { pageOn: 'new' }),
  report: forMigration(reportEntry, 'report', {
    instruction:
      'The assistant marks the migration complete and only now stops protecting the backup and the certificate file it held for it. The files stay in the vault; the journal and this summary record what was done.',
  }),
} satisfies Partial<Record<HardwareMigrationStepId, StepCatalogueEntry>>;
