/** P3 (Failover pair, synchronous): its steps in order and their words (the failover phases' entries, placed for P3). */
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
  planWindowsEntry,
  syncEntry,
  unitEntries,
  verifyEntry,
  windowEntry,
  type FailoverEntry,
} from '../steps/failover/words';

export const P3_STEP_IDS = ['decision', 'plan-windows', 'window-1', 'backup-a', 'sync', 'break', 'a-check-updates', 'a-plan', 'a-install', 'verify-a', 'end-window-1', 'jump-clients', 'confirm-production', 'window-2', 'backup-b', 'b-check-updates', 'b-plan', 'b-install', 'verify-b', 'establish', 'first-sync', 'end-window-2', 'aftercare', 'report'] as const;
export type P3StepId = (typeof P3_STEP_IDS)[number];

export const P3_CATALOGUE: Record<string, FailoverEntry> = {
  decision: decisionEntry('sync'),
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
  'jump-clients': jumpClientsEntry('A'),
  'confirm-production': confirmProductionEntry,
  'window-2': windowEntry('window-2'),
  'backup-b': backupBEntry('backup-b', 'B'),
  establish: establishEntry('A'),
  'first-sync': firstSyncEntry,
  'end-window-2': closeWindowEntry('end-window-2'),
  ...closingEntries,
};
