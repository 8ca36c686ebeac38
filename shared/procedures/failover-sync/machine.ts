/**
 * P3 — failover pair, synchronous: A keeps its role; the site is down while each appliance
 * installs. Window 1: backup A → Sync Now, wait → break → update A → verify; interim: Jump
 * Clients, first version confirmed in production; window 2: backup B → update B → verify →
 * re-establish with A primary → first sync; then aftercare and the report. Top-level states are
 * the step ids of words.ts; the site watch runs at the root for the whole procedure.
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
import { backupStep } from '../steps/window-and-backup/chart';

export const P3_MACHINE = 'failoverSync';
const M = P3_MACHINE;
const unitExits = (next: string) => ({ exits: { aftercare: next, noAftercare: next, nothingToInstall: next } });

export const failoverSyncMachine = failoverSetup.createMachine({
  id: M,
  initial: 'decision',
  context: ({ input }) => initialFailoverContext(input),
  invoke: siteWatch(),
  states: {
    decision: decisionStep(M, 'plan-windows', 'sync'),
    'plan-windows': planWindowsStep(M, 'window-1'),
    'window-1': openWindowStep(M, 'window1', 'backup-a', { cancel: true }),
    'backup-a': backupStep(M, 'sync', { step: 'backup-a', appliance: 'A' }),
    sync: syncStep(M, 'break'),
    break: breakStep(M, 'a-check-updates'),
    ...automaticUpgradeUnit({ machine: M, prefix: 'a-' as const, appliance: 'A' }, unitExits('verify-a')),
    'verify-a': verifyStep(M, 'A', 'end-window-1'),
    'end-window-1': closeWindowStep(M, 'window1', 'jump-clients'),
    'jump-clients': jumpClientsStep(M, 'A', 'confirm-production'),
    'confirm-production': confirmProductionStep(M, 'window-2'),
    'window-2': openWindowStep(M, 'window2', 'backup-b', { cancel: false }),
    'backup-b': backupStep(M, 'b-check-updates', { step: 'backup-b', appliance: 'B' }),
    ...automaticUpgradeUnit({ machine: M, prefix: 'b-' as const, appliance: 'B' }, unitExits('verify-b')),
    'verify-b': verifyStep(M, 'B', 'establish'),
    establish: establishStep(M, 'A', 'first-sync'),
    'first-sync': firstSyncStep(M, 'A', 'end-window-2'),
    'end-window-2': closeWindowStep(M, 'window2', 'aftercare'),
    aftercare: aftercareStep(M, 'report'),
    report: reportStep(M),
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
