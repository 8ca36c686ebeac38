/**
 * P1 (single appliance, automatic update): the list of its steps and every word a person reads
 * about them. All of its steps are the shared phases under steps/, so their words come from
 * there; only what differs for P1 is worded here.
 */
import { AFTERCARE_OPERATOR_EVENTS, AFTERCARE_VALUE_EVENTS } from '../steps/aftercare-and-report/record';
import { aftercareEntries, closingBanners, reportEntry } from '../steps/aftercare-and-report/words';
import { backupBetweenEntry, checkUpdatesEntry, installEntry, planEntry } from '../steps/appliance-upgrade/words';
import { UPGRADE_STEP_IDS, type ActionWording, type StepCatalogueEntry as GenericStepCatalogueEntry } from '../steps/catalogue';
import { certificateHealthEntry, exportCertificateEntry } from '../steps/certificates/words';
import { backupEntry, checkCredentialsEntry, windowEntry } from '../steps/window-and-backup/words';

export type { ActionWording };

/** P1 is the shared upgrade and nothing else: its steps are exactly the shared phases, in order. */
export const SINGLE_AUTOMATIC_STEP_IDS = UPGRADE_STEP_IDS;
export type SingleAutomaticStepId = (typeof SINGLE_AUTOMATIC_STEP_IDS)[number];

export const SINGLE_AUTOMATIC_OPERATOR_EVENTS = [
  'WINDOW_STARTED',
  'CONFIRM',
  'SKIP',
  'EXPORT',
  'USE_FILE',
  'OPEN_FILE',
  'RECHECK',
  'ACCEPT_RISK',
  'START_INSTALL',
  'RETRY',
  'CANCEL',
  ...AFTERCARE_OPERATOR_EVENTS,
] as const;
export type SingleAutomaticOperatorEventType = (typeof SINGLE_AUTOMATIC_OPERATOR_EVENTS)[number];

/** Events that carry a value the operator types (`value`): the machine refuses them without one. */
export const SINGLE_AUTOMATIC_VALUE_EVENTS: readonly SingleAutomaticOperatorEventType[] = ['USE_FILE', ...AFTERCARE_VALUE_EVENTS];

export type StepCatalogueEntry = GenericStepCatalogueEntry<SingleAutomaticStepId, SingleAutomaticOperatorEventType>;

export const singleAutomaticSteps: Record<SingleAutomaticStepId, StepCatalogueEntry> = {
  'check-credentials': checkCredentialsEntry,
  window: windowEntry,
  backup: backupEntry,
  'export-certificate': exportCertificateEntry,
  'certificate-health': certificateHealthEntry,
  'check-updates': checkUpdatesEntry,
  plan: planEntry<SingleAutomaticOperatorEventType>({ RECHECK: { label: 'Check for updates again', tone: 'primary' } }),
  install: installEntry(
    'The assistant installs each package in order, waits while the appliance is unavailable and then checks the version it reports. Keep this computer awake and connected, and do not restart the appliance while this runs.',
  ),
  'backup-between': backupBetweenEntry,
  ...aftercareEntries,
  report: reportEntry,
};

/** Closing messages shown above the steps; the view fills in the facts. */
export const singleAutomaticBanners = {
  ...closingBanners,
  nothingToInstall: (versions: { siteVersion: string; baseVersion: string }) => ({
    tone: 'ok' as const,
    title: 'Already up to date',
    text: `The appliance runs site ${versions.siteVersion} on Base ${versions.baseVersion} and was offered no updates, so nothing was installed. The backup taken stays in the vault.`,
  }),
};
