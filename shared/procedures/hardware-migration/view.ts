/**
 * What the renderer shows of a P5 procedure, derived from the snapshot alone (it may be restored
 * from JSON): step statuses from the state value, facts from the context, words from the step
 * catalogues. Pages of steps on the new appliance link to the new appliance's address.
 */
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../definition';
import { buildProcedureView, type Position, type ProcedureViewSpec } from '../procedure-view';
import { BACKUP_BETWEEN_NESTING, isUnitStepSkipped, supportEndBanner } from '../steps/appliance-upgrade/view';
import { UPGRADE_BLOCKED_SUBSTATES, UPGRADE_FAILED_SUBSTATES, UPGRADE_OFFERED_EVENTS, windowActions } from '../steps/upgrade-view';
import type { StepAction } from '../view';
import { oldIsVirtual, type HardwareMigrationContext } from './context';
import { migrationSteps } from './step-words';
import { migrationStepDetails } from './view-details';
import { exportCertificateOfferedEvents, exportCertificateStateActions } from '../steps/certificates/words';
import {
  HARDWARE_MIGRATION_STEP_IDS,
  sharedMigrationSteps,
  type HardwareMigrationOperatorEventType,
  type HardwareMigrationStepId,
  type StepCatalogueEntry,
} from './words';

const catalogue: Record<HardwareMigrationStepId, StepCatalogueEntry> = { ...sharedMigrationSteps, ...migrationSteps };

type Offered = Readonly<Record<string, readonly HardwareMigrationOperatorEventType[]>>;

/** The operator events each state accepts, keyed by state path; tests check this table against the machine. */
export const HARDWARE_MIGRATION_OFFERED_EVENTS: Offered = {
  'new-appliance.ask': ['ADDRESS', 'CANCEL'],
  'new-appliance.invalid-address': ['ADDRESS', 'CANCEL'],
  'new-appliance.checking': ['CANCEL'],
  'new-appliance.compare': ['TRUST', 'ADDRESS', 'CANCEL'],
  'new-appliance.not-factory': ['RECHECK', 'ADDRESS', 'CANCEL'],
  'new-appliance.failed': ['RETRY', 'ADDRESS', 'CANCEL'],
  'new-appliance.add-failed': ['RETRY', 'CANCEL'],
  'factory-password.ask': ['SET_PASSWORD', 'CANCEL'],
  'factory-password.failed': ['SET_PASSWORD', 'CANCEL'],
  'check-credentials.checking': UPGRADE_OFFERED_EVENTS['check-credentials.checking'],
  'check-credentials.failed': UPGRADE_OFFERED_EVENTS['check-credentials.failed'],
  'old-appliance.checking': ['CANCEL'],
  'old-appliance.failed': ['RETRY', 'CANCEL'],
  window: UPGRADE_OFFERED_EVENTS.window,
  'backup.running': UPGRADE_OFFERED_EVENTS['backup.running'],
  'backup.failed': UPGRADE_OFFERED_EVENTS['backup.failed'],
  ...exportCertificateOfferedEvents({ required: true }),
  'import-certificate.no-file': ['BACK_TO_EXPORT', 'CANCEL'],
  'import-certificate.importing': ['CANCEL'],
  'import-certificate.failed': ['GIVE_PASSPHRASE', 'RETRY', 'CANCEL'],
  'resolve-warnings.open': ['RECHECK', 'ACCEPT_RISK', 'CANCEL'],
  'resolve-warnings.reading': ['CANCEL'],
  'resolve-warnings.failed': ['RETRY', 'CANCEL'],
  'assign-ip.assigning': ['CANCEL'],
  'assign-ip.mismatch': ['RECHECK', 'CANCEL'],
  'assign-ip.failed': ['RETRY', 'CANCEL'],
  'accept-eula.reading': ['CANCEL'],
  'accept-eula.review': ['ACCEPT_EULA', 'CANCEL'],
  'accept-eula.failed': ['RETRY', 'CANCEL'],
  'new-check-updates.running': ['CANCEL'],
  'new-check-updates.failed': ['RETRY', 'CANCEL'],
  'new-plan.ready': ['START_INSTALL', 'CANCEL'],
  'new-plan.blocked': ['RECHECK', 'CANCEL'],
  'new-install.failed': ['RETRY'],
  'new-install.backup-between-failed': ['RETRY'],
  'restore-backup.not-ready': ['RECHECK', 'CANCEL'],
  'restore-backup.checking': ['CANCEL'],
  'restore-backup.not-verified': ['RECHECK', 'CANCEL'],
  'restore-backup.failed': ['RETRY', 'CANCEL'],
  'point-dns.guide': ['DNS_CHANGED', 'CANCEL'],
  'point-dns.waiting': ['CANCEL'],
  'point-dns.late': ['RECHECK', 'WAIT_LONGER', 'CANCEL'],
  'point-dns.failed': ['RETRY', 'CANCEL'],
  'test-sessions': ['CONFIRM', 'CANCEL'],
  'reset-old.confirm': ['RESET_OLD', 'CANCEL'],
  'reset-old.rechecking': ['CANCEL'],
  'reset-old.site-not-new': ['RECHECK', 'CANCEL'],
  'reset-old.failed': ['RETRY', 'CANCEL'],
  'shut-down-old.failed': ['RETRY', 'CANCEL'],
  'ship-old': ['CONFIRM', 'CANCEL'],
  'delete-old.guide': ['CONFIRM', 'CANCEL'],
  'delete-old.still-answers': ['RECHECK', 'CANCEL'],
  'delete-old.failed': ['RETRY', 'CANCEL'],
  'promote.failed': ['RETRY'],
  'report.failed': ['RETRY'],
};

const anotherAddress = { ...migrationSteps['new-appliance'].actions.ADDRESS, label: 'Use another address', tone: 'secondary' } as const;

/** Wordings that differ by state from the step's own (one primary action per step). */
const STATE_ACTIONS = {
  ...exportCertificateStateActions,
  'new-appliance.compare': { ADDRESS: anotherAddress },
  'new-appliance.not-factory': { ADDRESS: anotherAddress },
  'new-appliance.failed': { ADDRESS: anotherAddress },
};

const FAILED = new Set([...UPGRADE_FAILED_SUBSTATES, 'invalid-address', 'add-failed']);
const BLOCKED = new Set([...UPGRADE_BLOCKED_SUBSTATES, 'not-factory', 'no-file', 'open', 'mismatch', 'not-ready', 'not-verified', 'late', 'site-not-new', 'still-answers']);

const PHYSICAL_ONLY: readonly string[] = ['reset-old', 'shut-down-old', 'ship-old'];

function isSkipped(step: HardwareMigrationStepId, context: HardwareMigrationContext): boolean {
  const unit = isUnitStepSkipped(step.replace(/^new-/, ''), context);
  if (step.startsWith('new-') && unit !== null) return unit;
  if (context.oldAppliance === null) return false;
  return oldIsVirtual(context) ? PHYSICAL_ONLY.includes(step) : step === 'delete-old';
}

/** The reset's confirmation names the old appliance and says what it erases. */
function adjustActions(step: HardwareMigrationStepId, actions: StepAction[], context: HardwareMigrationContext): StepAction[] {
  if (step === 'window') return windowActions(step, actions, context);
  if (step !== 'reset-old') return actions;
  const old = context.oldAppliance;
  const name = old ? `${old.hostname} (serial ${old.serial})` : 'the old appliance';
  return actions.map((action) =>
    action.event === 'RESET_OLD'
      ? {
          ...action,
          confirm: `Reset ${name} to factory defaults? Everything on it is erased: the site’s settings, users, recordings and its certificate. The new appliance keeps serving the site.`,
        }
      : action,
  );
}

function bannerFor(position: Position<HardwareMigrationStepId>, context: HardwareMigrationContext): ProcedureViewPart['banner'] {
  if (position.status === 'support') return supportEndBanner(context);
  if (position.status === 'cancelled') {
    const step = context.cancelled?.step as HardwareMigrationStepId | undefined;
    const title = step && catalogue[step] ? catalogue[step].title : 'the start';
    return {
      tone: 'info',
      title: 'Migration cancelled',
      text: `Stopped at “${title}”${context.cancelled?.note ? ` — ${context.cancelled.note}` : ''}. What was done stays as it is; the backup and the certificate file stay in the vault.`,
    };
  }
  if (position.status === 'done') {
    const retired = oldIsVirtual(context) ? 'was deleted and no longer answers' : 'was reset to factory defaults, shut down and sent back';
    return {
      tone: 'ok',
      title: 'Migration complete',
      text: `The site ${context.oldAppliance?.siteHostname ?? ''} is served by the new appliance (serial ${context.passwordChanged?.facts.serial ?? 'unknown'}) with the old one’s certificate, settings and API credentials. The old appliance ${retired}. The backup and the certificate file stay in the vault.`,
    };
  }
  return undefined;
}

const hardwareMigrationViewSpec: ProcedureViewSpec<HardwareMigrationStepId, HardwareMigrationContext> = {
  stepIds: HARDWARE_MIGRATION_STEP_IDS,
  catalogue,
  offeredEvents: HARDWARE_MIGRATION_OFFERED_EVENTS,
  stateActions: STATE_ACTIONS,
  adjustActions,
  failedSubstates: FAILED,
  blockedSubstates: BLOCKED,
  nested: { ...BACKUP_BETWEEN_NESTING, step: 'new-backup-between', parent: 'new-install' },
  supportStep: 'new-install',
  supportState: 'new-support',
  cancelledAt: (context) => context.cancelled?.step,
  errorOf: (context) => context.error,
  isSkipped,
  applianceUrlOf: (role, context) => (role === 'new' ? context.newAddress : undefined),
  details: migrationStepDetails,
  banner: bannerFor,
};

export function hardwareMigrationView(snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart {
  return buildProcedureView(hardwareMigrationViewSpec, snapshot, input);
}
