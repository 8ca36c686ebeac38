/** P3 (Failover pair, synchronous): its steps in order, its layout and their words (the failover phases' entries, placed for P3). */
import type { FailoverPairLayout } from '../steps/failover/context';
import { failoverPairCatalogue, type FailoverEntry } from '../steps/failover/words';

export const P3_STEP_IDS = ['decision', 'plan-windows', 'window-1', 'backup-a', 'sync', 'break', 'a-check-updates', 'a-plan', 'a-install', 'verify-a', 'end-window-1', 'jump-clients', 'confirm-production', 'window-2', 'backup-b', 'b-check-updates', 'b-plan', 'b-install', 'verify-b', 'establish', 'first-sync', 'end-window-2', 'aftercare', 'report'] as const;
export type P3StepId = (typeof P3_STEP_IDS)[number];

/** A is updated first and stays primary; window 2 backs up B. */
export const P3_LAYOUT: FailoverPairLayout = { kind: 'sync', first: 'A', secondBackup: 'backup-b' };

export const P3_CATALOGUE: Record<string, FailoverEntry> = failoverPairCatalogue(P3_LAYOUT);
