/**
 * The shape of a procedure's step catalogue — the words a person reads about a step: title,
 * instruction, page, button labels, confirmations — and the wordings every phase shares.
 * Facts come from the vendor's upgrade guide; the wording is our own.
 */
import type { ApplianceRole } from '../actors';
import { AFTERCARE_STEP_IDS, type AftercareOperatorEventType } from './aftercare-and-report/record';
import type { StepAction, StepKind } from '../view';

export type ActionWording = Omit<StepAction, 'event'>;

export interface StepCatalogueEntry<TStep extends string = string, TEvent extends string = string> {
  id: TStep;
  title: string;
  kind: StepKind;
  /** Rule ids, for the "why" tooltip only; never part of the text a person reads. */
  rules: string[];
  instruction: string;
  /** Where a person finds this in the appliance's web interface, e.g. "/appliance > Updates". */
  pagePath?: string;
  /** The same page as a URL path on the appliance, joined to the site's appliance address. */
  pageRoute?: string;
  /**
   * The appliance that page is on when it is not the one the procedure was started for (a
   * hardware migration's new appliance); the procedure's view gives that appliance's address.
   */
  pageOn?: ApplianceRole;
  /** Labels of the operator events this step can offer; which ones are offered depends on the state. */
  actions: Partial<Record<TEvent, ActionWording>>;
}

/** The steps of an upgrade that every procedure places (the phases under steps/). */
export const UPGRADE_STEP_IDS = [
  'check-credentials',
  'window',
  'backup',
  'export-certificate',
  'certificate-health',
  'check-updates',
  'plan',
  'install',
  'backup-between',
  ...AFTERCARE_STEP_IDS,
  'report',
] as const;
export type UpgradeStepId = (typeof UPGRADE_STEP_IDS)[number];

export function isUpgradeStep(step: string): step is UpgradeStepId {
  return (UPGRADE_STEP_IDS as readonly string[]).includes(step);
}

export type UpgradeOperatorEventType =
  | 'WINDOW_STARTED'
  | 'CONFIRM'
  | 'SKIP'
  | 'EXPORT'
  | 'USE_FILE'
  | 'OPEN_FILE'
  | 'RECHECK'
  | 'ACCEPT_RISK'
  | 'START_INSTALL'
  | 'RETRY'
  | 'CANCEL'
  | AftercareOperatorEventType;

/** The cancel dialog: "Keep working" or "Cancel the upgrade" (destructive), with an optional reason. */
export const cancelUpgrade: ActionWording = {
  label: 'Cancel the upgrade',
  tone: 'secondary',
  confirm: 'Stop this upgrade? Nothing has been installed; backups already taken stay in the vault.',
  confirmLabel: 'Cancel the upgrade',
  confirmTone: 'danger',
  dismissLabel: 'Keep working',
  noteOptional: true,
};
export const tryAgain: ActionWording = { label: 'Try again', tone: 'primary' };
