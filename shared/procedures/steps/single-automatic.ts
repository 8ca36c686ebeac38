/**
 * P1 (single appliance, automatic update): every word a person reads about a step — title,
 * instruction, page, button labels, confirmations, banners and the hints that follow a broken
 * rule. The steps P1 shares with P2 take their words from steps/upgrade.ts; only checking for
 * updates and the details that differ are worded here. Facts come from the vendor's upgrade
 * guide; the wording is our own.
 */
import {
  aftercareEntry,
  backupBetweenEntry,
  backupEntry,
  cancelUpgrade,
  certificateHealthEntry,
  exportCertificateEntry,
  installEntry,
  planEntry,
  reportEntry,
  tryAgain,
  upgradeBanners,
  upgradeHints,
  windowEntry,
  type StepCatalogueEntry as GenericStepCatalogueEntry,
} from './upgrade';

export type { ActionWording } from './upgrade';

export const SINGLE_AUTOMATIC_STEP_IDS = [
  'window',
  'backup',
  'export-certificate',
  'certificate-health',
  'check-updates',
  'plan',
  'install',
  'backup-between',
  'aftercare',
  'report',
] as const;
export type SingleAutomaticStepId = (typeof SINGLE_AUTOMATIC_STEP_IDS)[number];

export const SINGLE_AUTOMATIC_OPERATOR_EVENTS = [
  'WINDOW_STARTED',
  'CONFIRM',
  'SKIP',
  'RECHECK',
  'ACCEPT_RISK',
  'START_INSTALL',
  'RETRY',
  'CANCEL',
] as const;
export type SingleAutomaticOperatorEventType = (typeof SINGLE_AUTOMATIC_OPERATOR_EVENTS)[number];

export type StepCatalogueEntry = GenericStepCatalogueEntry<SingleAutomaticStepId, SingleAutomaticOperatorEventType>;

export const singleAutomaticSteps: Record<SingleAutomaticStepId, StepCatalogueEntry> = {
  window: windowEntry,
  backup: backupEntry,
  'export-certificate': exportCertificateEntry,
  'certificate-health': certificateHealthEntry,
  'check-updates': {
    id: 'check-updates',
    title: 'Check for updates',
    kind: 'auto',
    rules: [],
    instruction:
      'The assistant asks the appliance to check for updates, as “Check for updates” on its Updates page does, and lists the packages offered together with the versions running now.',
    pagePath: '/appliance > Updates',
    pageRoute: '/appliance/updates',
    actions: { RETRY: tryAgain, CANCEL: cancelUpgrade },
  },
  plan: planEntry<SingleAutomaticOperatorEventType>({ RECHECK: { label: 'Check for updates again', tone: 'primary' } }),
  install: installEntry(
    'The assistant installs each package in order, waits while the appliance is unavailable and then checks the version it reports. Keep this computer awake and connected, and do not restart the appliance while this runs.',
  ),
  'backup-between': backupBetweenEntry,
  aftercare: aftercareEntry,
  report: reportEntry,
};

/** Hints for the errors the machine itself raises when a rule does not hold. */
export const singleAutomaticHints = upgradeHints;

/** Closing messages shown above the steps; the view fills in the facts. */
export const singleAutomaticBanners = {
  ...upgradeBanners,
  nothingToInstall: (versions: { siteVersion: string; baseVersion: string }) => ({
    tone: 'ok' as const,
    title: 'Already up to date',
    text: `The appliance runs site ${versions.siteVersion} on Base ${versions.baseVersion} and was offered no updates, so nothing was installed. The backup taken stays in the vault.`,
  }),
};
