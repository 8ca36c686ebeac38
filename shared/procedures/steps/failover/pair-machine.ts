/**
 * The state layout P3 and P4 share, as one machine builder: read the pair and decide, plan the
 * windows; window 1: backup A → Sync Now, wait → break → update the first appliance → verify (P4
 * then tests B and makes it primary); interim: Jump Clients, first version confirmed in
 * production; window 2: backup of the other appliance → update it → verify → re-establish with
 * the first appliance primary → first sync; then aftercare and the report. Top-level states are
 * the step ids of the procedure's words; the site watch runs at the root for the whole procedure.
 */
import { reportStep, aftercarePhase } from '../aftercare-and-report/chart';
import { automaticUpgradeUnit } from '../appliance-upgrade/chart';
import { backupStep } from '../window-and-backup/chart';
import type { PairRole } from './actors';
import { other, type FailoverPairLayout } from './context';
import { failoverSetup, initialFailoverContext, siteWatch } from './machine-setup';
import {
  breakStep,
  closeWindowStep,
  confirmProductionStep,
  decisionStep,
  establishStep,
  firstSyncStep,
  jumpClientsStep,
  openWindowStep,
  planWindowsStep,
  syncStep,
  verifyStep,
} from './pair-chart';
import { makePrimaryStep, testBStep } from './switch-chart';
import { pairManualStates, routeIds, updateModeChoices } from './manual-update';

const unitExits = (next: string) => ({ exits: { aftercare: next, noAftercare: next, nothingToInstall: next } });

export function failoverPairMachine(machine: string, { kind, first, secondBackup, manual }: FailoverPairLayout) {
  const M = machine;
  const second = other(first);
  const id = (role: PairRole) => role.toLowerCase();
  const unit = (role: PairRole) => automaticUpgradeUnit({ machine: M, prefix: `${id(role)}-`, appliance: role }, unitExits(`verify-${id(role)}`));
  type SwitchState = ReturnType<typeof testBStep> | ReturnType<typeof makePrimaryStep>;
  // The appliances the operator may update by hand: chosen at the decision, their keys and bundles before window 1.
  const byHand = manual?.length ? pairManualStates(M, first, manual) : null;
  const unitOf = (role: PairRole) => (manual?.includes(role) ? routeIds(role).afterBreak : `${id(role)}-check-updates`);
  const choices = Object.assign({}, ...(manual ?? []).map((role) => updateModeChoices(role))) as ReturnType<typeof updateModeChoices>;
  const switchOver: Record<string, SwitchState> = kind === 'async' ? { 'test-b': testBStep(M, 'make-primary'), 'make-primary': makePrimaryStep(M, 'end-window-1') } : {};
  return failoverSetup.createMachine({
    id: M,
    initial: 'decision',
    context: ({ input }) => initialFailoverContext(input),
    invoke: siteWatch(),
    states: {
      decision: decisionStep(M, byHand?.afterDecision ?? 'plan-windows', kind, choices),
      ...byHand?.states,
      'plan-windows': planWindowsStep(M, 'window-1'),
      'window-1': openWindowStep(M, 'window1', 'backup-a', { cancel: true }),
      'backup-a': backupStep(M, 'sync', { step: 'backup-a', appliance: 'A' }),
      sync: syncStep(M, 'break'),
      break: breakStep(M, unitOf(first)),
      ...unit(first),
      [`verify-${id(first)}`]: verifyStep(M, first, kind === 'async' ? 'test-b' : 'end-window-1'),
      ...switchOver,
      'end-window-1': closeWindowStep(M, 'window1', 'jump-clients'),
      'jump-clients': jumpClientsStep(M, first, 'confirm-production'),
      'confirm-production': confirmProductionStep(M, 'window-2'),
      'window-2': openWindowStep(M, 'window2', secondBackup, { cancel: false }),
      [secondBackup]: backupStep(M, unitOf(second), { step: secondBackup, appliance: second }),
      ...unit(second),
      [`verify-${id(second)}`]: verifyStep(M, second, 'establish'),
      establish: establishStep(M, first, 'first-sync'),
      'first-sync': firstSyncStep(M, first, 'end-window-2'),
      'end-window-2': closeWindowStep(M, 'window2', 'aftercare'),
      // The clients reach the pair through its primary, the first appliance once re-established.
      ...aftercarePhase(M, 'report', { appliance: first }),
      report: reportStep(M),
      done: { type: 'final' },
      cancelled: { type: 'final' },
    },
  });
}
