/**
 * The words of the certificate phase: exporting the SSL certificate into the vault and checking its health.
 * Facts come from the vendor's upgrade guide; the wording is our own.
 */
import { cancelUpgrade, tryAgain, type StepCatalogueEntry, type UpgradeOperatorEventType } from '../catalogue';
import { CERTIFICATE_PASSPHRASE_SLOT } from '../../actors';

/** The field of a passphrase typed for a certificate file; the host keeps it in memory only. */
const passphraseInput = { kind: 'secret', label: 'Passphrase for the file', secretSlot: CERTIFICATE_PASSPHRASE_SLOT } as const;
const fileInput = { kind: 'text', label: 'Path of the exported file', placeholder: 'e.g. /home/tech/Desktop/appliance.p12' } as const;

const EXPORT_INSTRUCTION =
  'The assistant exports the certificate bound to the appliance’s active IP address through the Export form of the certificates page, with its private key and the whole chain, protected by the passphrase you type here (modern AES-256 encryption). It keeps the file in the vault exactly as exported, still protected, and checks it: chain, key, expiry, names and key size. The passphrase stays in this computer’s memory for this step only and is never written down, so keep it somewhere safe, apart from the file: without it nobody can open the file. If the export fails, export the file yourself on the certificates page and give its path and passphrase instead. Exporting does not remove the certificate.';

function exportEntry(closing: string): StepCatalogueEntry<'export-certificate', UpgradeOperatorEventType> {
  return {
    id: 'export-certificate',
    title: 'Export the SSL certificate',
    kind: 'auto',
    rules: ['R2'],
    instruction: `${EXPORT_INSTRUCTION} ${closing}`,
    pagePath: '/appliance > Security > Certificates',
    pageRoute: '/appliance/security/certificates',
    actions: {
      EXPORT: { label: 'Export and check the file', tone: 'primary', input: { ...passphraseInput, confirmTwice: true } },
      USE_FILE: { label: 'Use a file I exported', tone: 'secondary', input: fileInput },
      OPEN_FILE: { label: 'Open and check the file', tone: 'primary', input: passphraseInput },
      CONFIRM: { label: 'Continue', tone: 'primary' },
      SKIP: { label: 'Skip, with a reason', tone: 'secondary', needsNote: true },
      ACCEPT_RISK: {
        label: 'Go on with this file',
        tone: 'danger',
        needsNote: true,
        confirm:
          'Go on with a certificate file that has problems? It may not be usable to restore the site’s certificate later. Your reason goes into the journal.',
      },
      RETRY: tryAgain,
      CANCEL: cancelUpgrade,
    },
  };
}

/** For an upgrade in place: recommended, may be skipped with a reason. */
export const exportCertificateEntry = exportEntry(
  'For an upgrade in place this is strongly recommended but not required; if you skip it, write down why.',
);

/** For a hardware migration: the new appliance needs this very file, so there is no skipping it. */
export const requiredExportCertificateEntry = exportEntry(
  'The new appliance needs this file, so this step cannot be skipped and the file must pass its checks before going on.',
);

/** Events whose input is the passphrase: the host keeps their value in this slot, never in the record or journal. */
export const CERTIFICATE_PASSPHRASE_EVENTS = ['EXPORT', 'OPEN_FILE'] as const;

/** Wordings of the export step that differ by state (one primary action per step). */
export const exportCertificateStateActions = {
  'export-certificate.ask-file-passphrase': { USE_FILE: { label: 'Choose another file', tone: 'secondary', input: fileInput } },
  'export-certificate.problems': {
    EXPORT: { label: 'Export again', tone: 'primary', input: { ...passphraseInput, confirmTwice: true } },
    USE_FILE: { label: 'Use another file', tone: 'secondary', input: fileInput },
  },
} as const;

/** The events each state of the export step accepts; where the export is required there is no skipping and no going on despite problems. */
export function exportCertificateOfferedEvents(options: { required: boolean }) {
  return {
    'export-certificate.ask': options.required ? ['EXPORT', 'USE_FILE', 'CANCEL'] : ['EXPORT', 'USE_FILE', 'SKIP', 'CANCEL'],
    'export-certificate.ask-file-passphrase': ['OPEN_FILE', 'USE_FILE', 'CANCEL'],
    'export-certificate.exporting': ['CANCEL'],
    'export-certificate.checked': ['CONFIRM', 'CANCEL'],
    'export-certificate.problems': options.required ? ['EXPORT', 'USE_FILE', 'CANCEL'] : ['EXPORT', 'USE_FILE', 'ACCEPT_RISK', 'CANCEL'],
    'export-certificate.failed': ['RETRY', 'CANCEL'],
  } as const satisfies Readonly<Record<string, readonly UpgradeOperatorEventType[]>>;
}

export const certificateHealthEntry: StepCatalogueEntry<'certificate-health', UpgradeOperatorEventType> = {
  id: 'certificate-health',
  title: 'Check certificate health',
  kind: 'guided',
  rules: ['R3'],
  instruction:
    'The assistant inspects the certificate the site presents: expiry, chain, key and hostname, and, where the previous step kept a certificate file, checks that file the same way and that the site presents the very certificate in it. On the certificates page, also make sure every certificate store the site relies on is current. Upgrading to a newly built site package with a certificate problem can leave most Jump Clients showing as offline afterwards.',
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

/** In a state that also offers CONFIRM, checking again is the second choice: one primary action per step. */
export const certificateHealthStateActions = {
  'certificate-health.healthy': { RECHECK: { label: 'Check again', tone: 'secondary' } },
} as const;
