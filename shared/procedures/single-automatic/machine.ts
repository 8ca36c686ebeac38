/**
 * P1 — single appliance, automatic update, as a state machine. Its top-level states are the
 * step ids of its catalogue (words.ts), so a persisted snapshot says by itself which step a
 * procedure is at. Every step is one of the shared phases under steps/, the appliance-upgrade
 * unit placed once, automatic, for the site's one appliance. Side effects are named
 * placeholders the host provides (actors.ts); the context holds only JSON and the machine
 * never reads a clock.
 */
import { setup } from 'xstate';
import type { ProcedureInput } from '../definition';
import { aftercarePhase, reportStep } from '../steps/aftercare-and-report/chart';
import { automaticUpgradeUnit } from '../steps/appliance-upgrade/chart';
import { certificateHealthStep, exportCertificateStep } from '../steps/certificates/chart';
import { initialUpgradeContext, type UpgradeContext } from '../steps/context';
import { siteWatch, siteWatchPlaceholder } from '../steps/site-watch';
import { checkForUpdatesPlaceholder, upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../steps/setup';
import { backupStep, credentialsStep, windowStep } from '../steps/window-and-backup/chart';
import type { SingleAutomaticOperatorEventType } from './words';

export type { CancelRecord, StepError } from '../machine-helpers';
export type { BackupRecord, InstallRecord } from '../steps/context';

export type SingleAutomaticContext = UpgradeContext;

export type SingleAutomaticEvent = {
  type: SingleAutomaticOperatorEventType;
  at: string;
  note?: string;
  /** A path the operator typed (a certificate file); a secret's value never reaches the machine. */
  value?: string;
};

const MACHINE = 'singleAutomatic';

export const singleAutomaticMachine = setup({
  types: {
    context: {} as SingleAutomaticContext,
    events: {} as SingleAutomaticEvent,
    input: {} as ProcedureInput,
  },
  actors: { ...upgradeActorPlaceholders, ...checkForUpdatesPlaceholder, ...siteWatchPlaceholder },
  guards: upgradeGuards,
  actions: upgradeActions<SingleAutomaticContext, SingleAutomaticEvent>(),
}).createMachine({
  id: MACHINE,
  initial: 'check-credentials',
  invoke: siteWatch(),
  context: ({ input }) => initialUpgradeContext(input),
  states: {
    'check-credentials': credentialsStep(MACHINE),
    window: windowStep(MACHINE, 'backup'),
    backup: backupStep(MACHINE, 'export-certificate'),
    'export-certificate': exportCertificateStep(MACHINE, 'certificate-health', { required: false }),
    'certificate-health': certificateHealthStep(MACHINE, 'check-updates'),
    ...automaticUpgradeUnit({ machine: MACHINE }, { exits: { aftercare: 'aftercare', noAftercare: 'report', nothingToInstall: 'report' } }),
    ...aftercarePhase(MACHINE),
    report: reportStep(MACHINE),
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
