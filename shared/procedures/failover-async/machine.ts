/**
 * P4 — failover pair, asynchronous: B is updated first and becomes primary, so the site is down
 * only for the switch. Window 1: backup A → Sync Now, wait → break → update B → verify → tests
 * against B → make B primary by the method chosen up front; interim: Jump Clients, B's version
 * confirmed in production; window 2: backup A → update A → verify → re-establish with B primary →
 * first sync; then aftercare and the report. The site watch runs at the root throughout.
 */
import { reportStep, aftercareStep } from '../steps/aftercare-and-report/chart';
import { automaticUpgradeUnit } from '../steps/appliance-upgrade/chart';
import { failoverSetup, initialFailoverContext, siteWatch } from '../steps/failover/machine-setup';
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
} from '../steps/failover/pair-chart';
import { makePrimaryStep, testBStep } from '../steps/failover/switch-chart';
import { backupStep } from '../steps/window-and-backup/chart';

export const P4_MACHINE = 'failoverAsync';
const M = P4_MACHINE;
const unitExits = (next: string) => ({ exits: { aftercare: next, noAftercare: next, nothingToInstall: next } });

export const failoverAsyncMachine = failoverSetup.createMachine({
  id: M,
  initial: 'decision',
  context: ({ input }) => initialFailoverContext(input),
  invoke: siteWatch(),
  states: {
    decision: decisionStep(M, 'plan-windows', 'async'),
    'plan-windows': planWindowsStep(M, 'window-1'),
    'window-1': openWindowStep(M, 'window1', 'backup-a', { cancel: true }),
    'backup-a': backupStep(M, 'sync', { step: 'backup-a', appliance: 'A' }),
    sync: syncStep(M, 'break'),
    break: breakStep(M, 'b-check-updates'),
    ...automaticUpgradeUnit({ machine: M, prefix: 'b-' as const, appliance: 'B' }, unitExits('verify-b')),
    'verify-b': verifyStep(M, 'B', 'test-b'),
    'test-b': testBStep(M, 'make-primary'),
    'make-primary': makePrimaryStep(M, 'end-window-1'),
    'end-window-1': closeWindowStep(M, 'window1', 'jump-clients'),
    'jump-clients': jumpClientsStep(M, 'B', 'confirm-production'),
    'confirm-production': confirmProductionStep(M, 'window-2'),
    'window-2': openWindowStep(M, 'window2', 'backup-a2', { cancel: false }),
    'backup-a2': backupStep(M, 'a-check-updates', { step: 'backup-a2', appliance: 'A' }),
    ...automaticUpgradeUnit({ machine: M, prefix: 'a-' as const, appliance: 'A' }, unitExits('verify-a')),
    'verify-a': verifyStep(M, 'A', 'establish'),
    establish: establishStep(M, 'B', 'first-sync'),
    'first-sync': firstSyncStep(M, 'B', 'end-window-2'),
    'end-window-2': closeWindowStep(M, 'window2', 'aftercare'),
    aftercare: aftercareStep(M, 'report'),
    report: reportStep(M),
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
