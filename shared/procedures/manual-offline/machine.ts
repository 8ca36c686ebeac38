/**
 * P2 — single appliance, manual update across the air gap, restricted side, as a state
 * machine. It exports and checks the certificate, checks the appliance clock (R6), makes the
 * download key and sends it across (a key file read back only through this computer's cache is
 * read again once the stick was re-inserted), waits — for days if need be, across restarts — for the
 * transfer bundle, verifies it file by file and copies it into the vault. Only then do the
 * sign-in check, the maintenance window and the backup come (R1, R13): the wait for the bundle must not age them.
 * It installs with the appliance-upgrade unit in its manual form: each package carries its vault
 * file, so the host uploads it (Manual Installation).
 * Top-level states are the step ids of words.ts; the context holds only JSON.
 */
import { setup } from 'xstate';
import type { ProcedureInput } from '../definition';
import { aftercarePhase, reportStep } from '../steps/aftercare-and-report/chart';
import { manualUpgradeUnit } from '../steps/appliance-upgrade/chart';
import { certificateHealthStep, exportCertificateStep } from '../steps/certificates/chart';
import { initialUpgradeContext } from '../steps/context';
import { siteWatch, siteWatchPlaceholder } from '../steps/site-watch';
import { upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../steps/setup';
import { backupStep, credentialsStep, windowStep } from '../steps/window-and-backup/chart';
import { bundleSteps, chooseOtherBundle } from './bundle-steps';
import { MACHINE, initialManualOfflineFields, type ManualOfflineContext, type ManualOfflineEvent } from './context';
import { keySteps } from './key-steps';
import type { ManualPlacement } from './placement';
import { manualOfflineActions, manualOfflineActorPlaceholders, manualOfflineGuards } from './setup';

export type { ManualOfflineContext, ManualOfflineEvent } from './context';

/** The appliance-upgrade unit and the steps before it, placed once for the site's one appliance. */
const UNIT = { machine: MACHINE };
const STEPS: ManualPlacement<''> = { machine: MACHINE, unit: UNIT, afterImport: { nothingToInstall: 'report', safe: 'check-credentials' } };

export const manualOfflineMachine = setup({
  types: {
    context: {} as ManualOfflineContext,
    events: {} as ManualOfflineEvent,
    input: {} as ProcedureInput,
  },
  actors: { ...upgradeActorPlaceholders, ...manualOfflineActorPlaceholders, ...siteWatchPlaceholder },
  guards: { ...upgradeGuards, ...manualOfflineGuards },
  actions: { ...upgradeActions<ManualOfflineContext, ManualOfflineEvent>(), ...manualOfflineActions<ManualOfflineContext, ManualOfflineEvent>() },
}).createMachine({
  id: MACHINE,
  initial: 'export-certificate',
  invoke: siteWatch(),
  context: ({ input }) => ({
    ...initialUpgradeContext(input),
    ...initialManualOfflineFields,
    plan: null,
  }),
  states: {
    'export-certificate': exportCertificateStep(MACHINE, 'certificate-health', { required: false }),
    'certificate-health': certificateHealthStep(MACHINE, 'clock-check'),
    ...keySteps(STEPS),
    ...bundleSteps(STEPS),
    'check-credentials': credentialsStep(MACHINE),
    window: windowStep(MACHINE, 'backup'),
    backup: backupStep(MACHINE, 'plan'),
    ...manualUpgradeUnit(UNIT, {
      exits: { aftercare: 'aftercare', noAftercare: 'report', nothingToInstall: 'report' },
      plan: { startGuard: 'readyToInstallFromBundle', blockedExits: { CHOOSE_OTHER_MEDIA: chooseOtherBundle(STEPS, 'plan') } },
    }),
    ...aftercarePhase(MACHINE),
    report: reportStep(MACHINE),
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

