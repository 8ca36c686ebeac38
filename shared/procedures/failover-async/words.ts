/** P4 (Failover pair, asynchronous): its steps in order, its layout and their words (the failover phases' entries, placed for P4). */
import type { FailoverPairLayout } from '../steps/failover/context';
import { failoverPairCatalogue, type FailoverEntry } from '../steps/failover/words';

export const P4_STEP_IDS = ['decision', 'plan-windows', 'window-1', 'backup-a', 'sync', 'break', 'b-check-updates', 'b-plan', 'b-install', 'verify-b', 'test-b', 'make-primary', 'end-window-1', 'jump-clients', 'confirm-production', 'window-2', 'backup-a2', 'a-check-updates', 'a-plan', 'a-install', 'verify-a', 'establish', 'first-sync', 'end-window-2', 'aftercare', 'report'] as const;
export type P4StepId = (typeof P4_STEP_IDS)[number];

/** B is updated first, tested and made primary; window 2 backs up A again. */
export const P4_LAYOUT: FailoverPairLayout = { kind: 'async', first: 'B', secondBackup: 'backup-a2' };

export const P4_CATALOGUE: Record<string, FailoverEntry> = failoverPairCatalogue(P4_LAYOUT);
