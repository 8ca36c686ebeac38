/**
 * The words of the steps only a hardware migration (P5) has. Facts come from the vendor's
 * upgrade guide; the wording is our own.
 */
import { tryAgain } from '../steps/catalogue';
import { HARDWARE_MIGRATION_SECRET_SLOTS } from './actors';
import { DELETE_CHECKS, SESSION_CHECKS, SHIPPING_CHECKS, cancelMigration, type HardwareMigrationStepId, type StepCatalogueEntry } from './words';

const checkAgain = { label: 'Check again', tone: 'primary' } as const;

export const migrationHints = {
  address: 'Type the new appliance’s address as https://host or https://host:port, as it is shown on its console.',
} as const;

export const migrationSteps: Record<Exclude<HardwareMigrationStepId, 'check-credentials' | 'window' | 'backup' | 'export-certificate' | 'new-check-updates' | 'new-plan' | 'new-install' | 'new-backup-between' | 'report'>, StepCatalogueEntry> = {
  'new-appliance': {
    id: 'new-appliance',
    title: 'Find the new appliance',
    kind: 'guided',
    rules: [],
    instruction:
      'Install the new appliance (rack it or deploy the virtual appliance) and give it a network address. Then type that address here. The assistant checks that it answers and is still in factory state, and shows the fingerprint of its certificate: compare it with the one the appliance’s console shows before you trust it.',
    actions: {
      ADDRESS: { label: 'Check this address', tone: 'primary', input: { kind: 'text', label: 'New appliance address', placeholder: 'https://host or https://host:port' } },
      TRUST: { label: 'The fingerprint matches', tone: 'primary', confirm: 'Does the fingerprint shown here match the one on the new appliance’s console, character for character?' },
      RECHECK: checkAgain,
      RETRY: tryAgain,
      CANCEL: cancelMigration,
    },
  },
  'factory-password': {
    id: 'factory-password',
    title: 'Replace the factory password',
    kind: 'auto',
    rules: [],
    instruction:
      'The new appliance still signs in with its factory password, and it lets nobody in until that is changed. Choose a new admin password or let the assistant make one: it is shown once, changed on the appliance and kept in this computer’s protected store. Note it where your team keeps such passwords. The restore later replaces it with the old appliance’s users.',
    pagePath: '/appliance > Change Password',
    pageRoute: '/appliance/password',
    pageOn: 'new',
    actions: {
      SET_PASSWORD: {
        label: 'Change the password',
        tone: 'primary',
        input: { kind: 'secret', label: 'New admin password', generate: true, confirmTwice: true, secretSlot: HARDWARE_MIGRATION_SECRET_SLOTS.SET_PASSWORD },
      },
      CANCEL: cancelMigration,
    },
  },
  'old-appliance': {
    id: 'old-appliance',
    title: 'Read the old appliance',
    kind: 'auto',
    rules: [],
    instruction:
      'The assistant reads what the old appliance is: physical or virtual (this decides how it is retired), its serial, its site hostname and the software versions it runs. The new appliance is brought to exactly these versions.',
    pagePath: '/appliance > Status > Basics',
    pageRoute: '/appliance/status',
    actions: { RETRY: tryAgain, CANCEL: cancelMigration },
  },
  'import-certificate': {
    id: 'import-certificate',
    title: 'Import the certificate on the new appliance',
    kind: 'auto',
    rules: ['R2'],
    instruction:
      'The assistant imports the checked certificate file from the vault on the new appliance, as its Import form does, with the passphrase you typed (kept in memory only), and reads back the warnings the appliance lists for it.',
    pagePath: '/appliance > Security > Certificates',
    pageRoute: '/appliance/security/certificates',
    pageOn: 'new',
    actions: {
      GIVE_PASSPHRASE: { label: 'Type the passphrase again', tone: 'primary', input: { kind: 'secret', label: 'Passphrase for the file', secretSlot: HARDWARE_MIGRATION_SECRET_SLOTS.GIVE_PASSPHRASE } },
      RETRY: { label: 'Try again', tone: 'secondary' },
      BACK_TO_EXPORT: { label: 'Export the certificate', tone: 'primary' },
      CANCEL: cancelMigration,
    },
  },
  'resolve-warnings': {
    id: 'resolve-warnings',
    title: 'Resolve the certificate warnings',
    kind: 'guided',
    rules: ['R3'],
    instruction:
      'The new appliance lists warnings for the imported certificate. Open its certificates page and resolve each one (for example import the missing intermediate certificate), then check again. What cannot be fixed on site can be accepted with a reason; Jump Clients may then show as offline.',
    pagePath: '/appliance > Security > Certificates',
    pageRoute: '/appliance/security/certificates',
    pageOn: 'new',
    actions: {
      RECHECK: checkAgain,
      ACCEPT_RISK: {
        label: 'Continue despite the warnings',
        tone: 'danger',
        needsNote: true,
        confirm: 'Continue with these certificate warnings? Clients that check the certificate may refuse the new appliance. Your reason goes into the journal.',
      },
      RETRY: tryAgain,
      CANCEL: cancelMigration,
    },
  },
  'assign-ip': {
    id: 'assign-ip',
    title: 'Assign the certificate to the new appliance’s IP',
    kind: 'auto',
    rules: [],
    instruction:
      'The assistant assigns the imported certificate to the new appliance’s IP address, as Assign IP does, then reads the certificate the new appliance presents. It must be exactly the old appliance’s certificate from the file; any other one stops the migration here, because someone may be in between.',
    pagePath: '/appliance > Security > Certificates',
    pageRoute: '/appliance/security/certificates',
    pageOn: 'new',
    actions: { RECHECK: checkAgain, RETRY: tryAgain, CANCEL: cancelMigration },
  },
  'accept-eula': {
    id: 'accept-eula',
    title: 'Accept the licence agreement',
    kind: 'decision',
    rules: [],
    instruction: 'The new appliance installs software only once its licence agreement is accepted. Read it below; only you can accept it.',
    pagePath: '/appliance > Updates',
    pageRoute: '/appliance/updates',
    pageOn: 'new',
    actions: { ACCEPT_EULA: { label: 'I accept the licence agreement', tone: 'primary' }, RETRY: tryAgain, CANCEL: cancelMigration },
  },
  'restore-backup': {
    id: 'restore-backup',
    title: 'Restore the old appliance’s backup',
    kind: 'auto',
    rules: ['R1'],
    instruction:
      'The assistant first asks the new appliance whether it already holds the site’s settings, and uploads the backup through Restore Settings only if not. While it restores, the new appliance does not answer. Then it checks that the API answers with the old appliance’s credentials and that it reports the same site and version.',
    pagePath: '/login > Management > Software Management',
    pageRoute: '/login/management/software',
    pageOn: 'new',
    actions: { RECHECK: checkAgain, RETRY: tryAgain, CANCEL: cancelMigration },
  },
  'point-dns': {
    id: 'point-dns',
    title: 'Point the site’s DNS at the new appliance',
    kind: 'wait',
    rules: ['R12'],
    instruction:
      'In the DNS controller (in the practice lab: its DNS controller page), change the record of the site hostname to the new appliance’s IP address and say so here. The assistant then asks the site address until the new appliance answers, which may take a while as the change spreads.',
    actions: {
      DNS_CHANGED: { label: 'DNS record changed', tone: 'primary' },
      RECHECK: checkAgain,
      WAIT_LONGER: { label: 'Wait longer', tone: 'secondary' },
      RETRY: tryAgain,
      CANCEL: cancelMigration,
    },
  },
  'test-sessions': {
    id: 'test-sessions',
    title: 'Test sessions on the new appliance',
    kind: 'guided',
    rules: ['R11'],
    instruction: 'The site now reaches the new appliance. Before the old one is retired, try it the way users will, and tick each check once it worked.',
    actions: {
      CONFIRM: { label: 'Everything works', tone: 'primary', input: { kind: 'checklist', label: 'Checks on the new appliance', items: [...SESSION_CHECKS] } },
      CANCEL: cancelMigration,
    },
  },
  'reset-old': {
    id: 'reset-old',
    title: 'Reset the old appliance',
    kind: 'auto',
    rules: [],
    instruction:
      'The old appliance goes back to factory defaults before it leaves the site, so none of the site’s data travels with it. The assistant checks the site address once more right before, and refuses while the old appliance still serves the site. The reset takes a while.',
    pagePath: '/appliance > Status > Basics',
    pageRoute: '/appliance/status',
    actions: {
      RESET_OLD: { label: 'Reset the old appliance', tone: 'danger', confirmLabel: 'Erase the old appliance', confirmTone: 'danger', dismissLabel: 'Not yet' },
      RECHECK: checkAgain,
      RETRY: tryAgain,
      CANCEL: cancelMigration,
    },
  },
  'shut-down-old': {
    id: 'shut-down-old',
    title: 'Shut down the old appliance',
    kind: 'auto',
    rules: [],
    instruction: 'The assistant shuts the old appliance down, as Shut Down This Appliance does, and checks that it stops answering.',
    pagePath: '/appliance > Status > Basics',
    pageRoute: '/appliance/status',
    actions: { RETRY: tryAgain, CANCEL: cancelMigration },
  },
  'ship-old': {
    id: 'ship-old',
    title: 'Pack and return the old appliance',
    kind: 'guided',
    rules: [],
    instruction:
      'Pack the old appliance for shipping, put the return shipping label on the outside of the box and book a pickup with the shipper. Without a label, ask technical support for one.',
    actions: {
      CONFIRM: { label: 'Packed and on its way', tone: 'primary', input: { kind: 'checklist', label: 'Return of the old appliance', items: [...SHIPPING_CHECKS] } },
      CANCEL: cancelMigration,
    },
  },
  'delete-old': {
    id: 'delete-old',
    title: 'Delete the old virtual appliance',
    kind: 'guided',
    rules: [],
    instruction: 'On its virtualization host, power the old virtual appliance off and delete it with its disks. The assistant then checks that its address no longer answers.',
    actions: {
      CONFIRM: { label: 'Deleted', tone: 'primary', input: { kind: 'checklist', label: 'Old virtual appliance', items: [...DELETE_CHECKS] } },
      RECHECK: checkAgain,
      RETRY: tryAgain,
      CANCEL: cancelMigration,
    },
  },
  promote: {
    id: 'promote',
    title: 'Make the new appliance the site’s appliance',
    kind: 'auto',
    rules: [],
    instruction: 'The assistant records the new appliance as the site’s appliance from now on, and the old one as retired.',
    actions: { RETRY: tryAgain },
  },
};
