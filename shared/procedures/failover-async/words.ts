/** P4 (Failover pair, asynchronous): its steps in order and their words (the failover phases' entries, placed for P4). */
import {
  backupAEntry,
  backupBEntry,
  breakEntry,
  closeWindowEntry,
  closingEntries,
  confirmProductionEntry,
  decisionEntry,
  establishEntry,
  firstSyncEntry,
  jumpClientsEntry,
  makePrimaryEntry,
  planWindowsEntry,
  syncEntry,
  testBEntry,
  unitEntries,
  verifyEntry,
  windowEntry,
  type FailoverEntry,
} from '../steps/failover/words';

export const P4_STEP_IDS = ['decision', 'plan-windows', 'window-1', 'backup-a', 'sync', 'break', 'b-check-updates', 'b-plan', 'b-install', 'verify-b', 'test-b', 'make-primary', 'end-window-1', 'jump-clients', 'confirm-production', 'window-2', 'backup-a2', 'a-check-updates', 'a-plan', 'a-install', 'verify-a', 'establish', 'first-sync', 'end-window-2', 'aftercare', 'report'] as const;
export type P4StepId = (typeof P4_STEP_IDS)[number];

export const P4_CATALOGUE: Record<string, FailoverEntry> = {
  decision: decisionEntry('async'),
  'plan-windows': planWindowsEntry,
  'window-1': windowEntry('window-1'),
  'backup-a': backupAEntry('backup-a'),
  sync: syncEntry,
  break: breakEntry,
  ...unitEntries('A'),
  ...unitEntries('B'),
  'verify-a': verifyEntry('A'),
  'verify-b': verifyEntry('B'),
  'end-window-1': closeWindowEntry('end-window-1'),
  'jump-clients': jumpClientsEntry('B'),
  'confirm-production': confirmProductionEntry,
  'window-2': windowEntry('window-2'),
  'backup-a2': backupBEntry('backup-a2', 'A'),
  'test-b': testBEntry,
  'make-primary': makePrimaryEntry,
  establish: establishEntry('B'),
  'first-sync': firstSyncEntry,
  'end-window-2': closeWindowEntry('end-window-2'),
  ...closingEntries,
};
