/** P3 (Failover pair, synchronous): its steps in order, its layout and their words (the failover phases' entries, placed for P3). */
import { AFTERCARE_STEP_IDS } from '../steps/aftercare-and-report/record';
import type { FailoverPairLayout } from '../steps/failover/context';
import { withManualUpdate } from '../steps/failover/manual-words';
import { failoverPairCatalogue, type FailoverEntry } from '../steps/failover/words';

/** Each appliance's steps by hand across the air gap (keys and bundles before the windows are planned — with both by hand, both keys on one stick, then both bundles —, its manual unit in its window) are skipped when it is updated automatically, and its automatic unit when by hand. */
export const P3_STEP_IDS = ['decision', 'b-clock-check', 'b-download-key', 'b-save-key', 'b-reinsert-stick', 'a-clock-check', 'a-download-key', 'a-save-key', 'a-reinsert-stick', 'a-await-bundle', 'a-verify-bundle', 'a-compare-code', 'a-import-bundle', 'b-await-bundle', 'b-verify-bundle', 'b-compare-code', 'b-import-bundle', 'plan-windows', 'window-1', 'backup-a', 'sync', 'break', 'a-check-updates', 'a-plan', 'a-install', 'a-manual-plan', 'a-manual-install', 'verify-a', 'end-window-1', 'jump-clients', 'confirm-production', 'window-2', 'backup-b', 'b-check-updates', 'b-plan', 'b-install', 'b-manual-plan', 'b-manual-install', 'verify-b', 'establish', 'first-sync', 'end-window-2', ...AFTERCARE_STEP_IDS, 'report'] as const;
export type P3StepId = (typeof P3_STEP_IDS)[number];

/** A is updated first and stays primary; window 2 backs up B. Either appliance or both may be updated by hand. */
export const P3_LAYOUT: FailoverPairLayout = { kind: 'sync', first: 'A', secondBackup: 'backup-b', manual: ['A', 'B'] };

export const P3_CATALOGUE: Record<string, FailoverEntry> = withManualUpdate(failoverPairCatalogue(P3_LAYOUT), P3_LAYOUT);
