/**
 * P1 — single appliance, automatic update, as a state machine. Its top-level states are the
 * step ids of the catalogue (steps/single-automatic.ts), so a persisted snapshot says by
 * itself which step a procedure is at. Every step but "check for updates" is one of the
 * upgrade steps shared with P2 (upgrade-steps.ts). Side effects are named placeholders the host
 * provides (actors.ts); the context holds only JSON data and the machine never reads a clock.
 */
import { fromPromise, setup } from 'xstate';
import { orderPackages } from '../rules/package-order';
import type { ActorBaseInput, CheckForUpdatesOutput } from './actors';
import type { ProcedureDefinition, ProcedureInput } from './definition';
import type { SingleAutomaticOperatorEventType } from './steps/single-automatic';
import { singleAutomaticView } from './single-automatic-view';
import { actorInput, failWith, notProvided, recordDone, retryTo } from './machine-helpers';
import {
  aftercareStep,
  assignFor,
  backupStep,
  cancelFrom,
  certificateHealthStep,
  exportCertificateStep,
  initialUpgradeContext,
  installStep,
  judgePlan,
  planStep,
  reportStep,
  supportEnd,
  upgradeActions,
  upgradeActorPlaceholders,
  upgradeGuards,
  windowStep,
  type UpgradeContext,
} from './upgrade-steps';
import { packageLabel } from '../package-label';

export type { CancelRecord, StepError } from './machine-helpers';
export type { BackupRecord, InstallRecord } from './upgrade-steps';

export type SingleAutomaticContext = UpgradeContext;

export type SingleAutomaticEvent = {
  type: SingleAutomaticOperatorEventType;
  at: string;
  note?: string;
};

const MACHINE = 'singleAutomatic';

const update = assignFor<SingleAutomaticContext, SingleAutomaticEvent>();

export const singleAutomaticMachine = setup({
  types: {
    context: {} as SingleAutomaticContext,
    events: {} as SingleAutomaticEvent,
    input: {} as ProcedureInput,
  },
  actors: {
    ...upgradeActorPlaceholders,
    checkForUpdates: fromPromise<CheckForUpdatesOutput, ActorBaseInput>(async () => notProvided('checkForUpdates')),
  },
  guards: upgradeGuards,
  actions: {
    ...upgradeActions<SingleAutomaticContext, SingleAutomaticEvent>(),
    recordUpdates: update((_, result: CheckForUpdatesOutput) => ({
      versionsBefore: { siteVersion: result.siteVersion, baseVersion: result.baseVersion },
      plan: orderPackages(result.updates, result.baseVersion),
    })),
  },
}).createMachine({
  id: MACHINE,
  initial: 'window',
  context: ({ input }) => initialUpgradeContext(input),
  states: {
    window: windowStep(MACHINE, 'backup'),
    backup: backupStep(MACHINE, 'export-certificate'),
    'export-certificate': exportCertificateStep(MACHINE, 'certificate-health'),
    'certificate-health': certificateHealthStep(MACHINE, 'check-updates'),
    'check-updates': {
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'checkForUpdates',
            src: 'checkForUpdates',
            input: ({ context }) => actorInput(context, 'check-updates'),
            onDone: recordDone('judging', 'recordUpdates', 'check-updates', 'UPDATES_CHECKED', (result: CheckForUpdatesOutput) => ({
              detail: `Running site ${result.siteVersion}, Base ${result.baseVersion}; ${result.updates.length} update(s) offered: ${result.updates.map((pkg) => `${packageLabel(pkg)}`).join(', ') || 'none'}.`,
            })),
            onError: failWith('failed', 'check-updates', 'CHECK_FAILED'),
          },
          on: { CANCEL: cancelFrom(MACHINE, 'check-updates') },
        },
        judging: { always: judgePlan(MACHINE) },
        failed: {
          on: { RETRY: retryTo('running', 'check-updates'), CANCEL: cancelFrom(MACHINE, 'check-updates') },
        },
      },
    },
    plan: planStep(MACHINE, { startGuard: 'readyToInstall', blockedExits: { RECHECK: `#${MACHINE}.check-updates` } }),
    install: installStep(MACHINE),
    aftercare: aftercareStep(MACHINE),
    report: reportStep(MACHINE),
    done: { type: 'final' },
    support: supportEnd(),
    cancelled: { type: 'final' },
  },
});

export const singleAutomaticProcedure: ProcedureDefinition = {
  kind: 'P1',
  title: 'Single appliance, automatic update',
  machine: singleAutomaticMachine,
  view: singleAutomaticView,
};
