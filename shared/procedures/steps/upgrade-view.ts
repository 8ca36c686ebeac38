/**
 * What the view of every upgrade procedure says alike about the shared phases: the events their
 * states offer, which substates fail or block a step, the backup between Base and site nested in
 * the install, where the support end belongs, which steps the facts skip, each step's details,
 * and the support and cancelled endings.
 */
import type { ProcedureViewPart } from '../definition';
import type { Position, StepDetails } from '../procedure-view';
import { checkSiteCredentials } from '../../rules/site-credentials';
import type { StepAction, StepStatus } from '../view';
import { AFTERCARE_FAILED_SUBSTATES, AFTERCARE_OFFERED_EVENTS, aftercareActions, aftercareStepDetails, isAftercareRestoreSkipped } from './aftercare-and-report/aftercare-view';
import { reportDetails } from './aftercare-and-report/view';
import { closingBanners } from './aftercare-and-report/words';
import {
  BACKUP_BETWEEN_NESTING,
  backupBetweenDetails,
  checkUpdatesDetails,
  installDetails,
  isUnitStepSkipped,
  planDetails,
  supportEndBanner,
} from './appliance-upgrade/view';
import type { ActionWording, StepCatalogueEntry, UpgradeOperatorEventType, UpgradeStepId } from './catalogue';
import { certificateHealthDetails, exportCertificateDetails } from './certificates/view';
import { certificateHealthStateActions, exportCertificateOfferedEvents, exportCertificateStateActions } from './certificates/words';
import type { UpgradeContext } from './context';
import { backupDetails, credentialsDetails, windowDetails } from './window-and-backup/view';

export const UPGRADE_FAILED_SUBSTATES: ReadonlySet<string> = new Set(['failed', 'probe-failed', 'backup-between-failed', ...AFTERCARE_FAILED_SUBSTATES]);
export const UPGRADE_BLOCKED_SUBSTATES: ReadonlySet<string> = new Set(['unhealthy', 'blocked', 'problems']);

/**
 * The operator events the states of the shared phases accept, keyed by state path. A procedure
 * adds its own states, and the exits of a blocked plan (P1 checks again, P2 takes another
 * bundle). Tests check each procedure's whole table against its machine.
 */
export const UPGRADE_OFFERED_EVENTS = {
  'check-credentials.checking': ['CANCEL'],
  'check-credentials.failed': ['RETRY', 'CANCEL'],
  window: ['WINDOW_STARTED', 'RECHECK', 'CANCEL'],
  'backup.running': ['CANCEL'],
  'backup.failed': ['RETRY', 'CANCEL'],
  ...exportCertificateOfferedEvents({ required: false }),
  'certificate-health.probing': ['CANCEL'],
  'certificate-health.healthy': ['CONFIRM', 'RECHECK', 'CANCEL'],
  'certificate-health.unhealthy': ['RECHECK', 'ACCEPT_RISK', 'CANCEL'],
  'certificate-health.probe-failed': ['RETRY', 'CANCEL'],
  'plan.ready': ['START_INSTALL', 'CANCEL'],
  'install.failed': ['RETRY'],
  'install.backup-between-failed': ['RETRY'],
  ...AFTERCARE_OFFERED_EVENTS,
  'report.failed': ['RETRY'],
} as const satisfies Readonly<Record<string, readonly UpgradeOperatorEventType[]>>;

/** Wordings that differ by state from the step's own (one primary action per step). */
export const UPGRADE_STATE_ACTIONS: Readonly<Record<string, Partial<Record<string, ActionWording>>>> = {
  ...exportCertificateStateActions,
  ...certificateHealthStateActions,
};

/** Shared steps the facts already rule out; other steps are never skipped by these facts. */
export function isUpgradeStepSkipped(step: string, context: UpgradeContext): boolean {
  const unit = isUnitStepSkipped(step, context);
  if (unit !== null) return unit;
  switch (step) {
    case 'export-certificate':
      return context.certificateExport?.kind === 'skipped';
    case 'aftercare':
    case 'aftercare-watch':
    case 'aftercare-restore':
    case 'aftercare-checklist':
      // R14: only a site-version update needs client aftercare.
      return (context.plan !== null && !context.plan.order.some((pkg) => pkg.kind === 'site')) || isAftercareRestoreSkipped(step, context);
    default:
      return false;
  }
}

/**
 * At the window, WINDOW_STARTED is offered only on sign-ins just accepted (the guard of the chart);
 * a snapshot saved before the sign-in check existed offers the check instead, as its primary action.
 */
export function windowActions(step: string, actions: StepAction[], context: UpgradeContext): StepAction[] {
  if (step !== 'window' || checkSiteCredentials(context.credentials).holds) return actions;
  return actions.filter((action) => action.event !== 'WINDOW_STARTED').map((action) => (action.event === 'RECHECK' ? { ...action, tone: 'primary' as const } : action));
}

export const upgradeViewSpec = {
  failedSubstates: UPGRADE_FAILED_SUBSTATES,
  blockedSubstates: UPGRADE_BLOCKED_SUBSTATES,
  nested: BACKUP_BETWEEN_NESTING,
  supportStep: 'install',
  stateActions: UPGRADE_STATE_ACTIONS,
  adjustActions: (step: string, actions: StepAction[], context: UpgradeContext) => aftercareActions(step, windowActions(step, actions, context), context),
  cancelledAt: (context: UpgradeContext) => context.cancelled?.step,
  errorOf: (context: UpgradeContext) => context.error,
  isSkipped: (step: string, context: UpgradeContext) => isUpgradeStepSkipped(step, context),
} as const;

export function upgradeStepDetails(step: UpgradeStepId, status: StepStatus, position: Position<string>, context: UpgradeContext): StepDetails {
  switch (step) {
    case 'check-credentials':
      return credentialsDetails(context);
    case 'window':
      return windowDetails(context);
    case 'backup':
      return backupDetails(context);
    case 'export-certificate':
      return exportCertificateDetails(context);
    case 'certificate-health':
      return certificateHealthDetails(context);
    case 'check-updates':
      return checkUpdatesDetails(context);
    case 'plan':
      return planDetails(context);
    case 'install':
      return installDetails(status, position, context);
    case 'backup-between':
      return backupBetweenDetails(context);
    case 'aftercare':
    case 'aftercare-watch':
    case 'aftercare-restore':
    case 'aftercare-checklist':
      return aftercareStepDetails(step, context) ?? { facts: [] };
    case 'report':
      return reportDetails(position, context);
  }
}

/** The support and cancelled endings every upgrade shows; null for the others. */
export function upgradeEndBanner(
  position: Position<string>,
  context: UpgradeContext,
  catalogue: Record<string, Pick<StepCatalogueEntry, 'title'>>,
): ProcedureViewPart['banner'] | null {
  if (position.status === 'support') return supportEndBanner(context);
  if (position.status === 'cancelled') {
    const step = context.cancelled?.step;
    const title = step ? catalogue[step]?.title : undefined;
    return closingBanners.cancelled({ stepTitle: title ?? 'the start', note: context.cancelled?.note });
  }
  return null;
}
