/**
 * The words of the certificate phase: exporting the SSL certificate and checking its health.
 * Facts come from the vendor's upgrade guide; the wording is our own.
 */
import { cancelUpgrade, tryAgain, type StepCatalogueEntry, type UpgradeOperatorEventType } from '../catalogue';

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

/** In a state that also offers CONFIRM, checking again is the second choice: one primary action per step. */
export const certificateHealthStateActions = {
  'certificate-health.healthy': { RECHECK: { label: 'Check again', tone: 'secondary' } },
} as const;
