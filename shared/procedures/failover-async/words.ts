/** P4 (Failover pair, asynchronous): its steps in order, its layout and their words (the failover phases' entries, placed for P4). */
import { AFTERCARE_STEP_IDS } from '../steps/aftercare-and-report/record';
import type { FailoverPairLayout } from '../steps/failover/context';
import { withManualUpdate } from '../steps/failover/manual-words';
import { failoverPairCatalogue, type FailoverEntry } from '../steps/failover/words';

/** Each appliance's steps by hand across the air gap (keys and bundles before the windows are planned — with both by hand, both keys on one stick, then both bundles —, its manual unit in its window) are skipped when it is updated automatically, and its automatic unit when by hand. */
export const P4_STEP_IDS = ['decision', 'a-clock-check', 'a-download-key', 'a-save-key', 'a-reinsert-stick', 'b-clock-check', 'b-download-key', 'b-save-key', 'b-reinsert-stick', 'b-await-bundle', 'b-verify-bundle', 'b-compare-code', 'b-import-bundle', 'a-await-bundle', 'a-verify-bundle', 'a-compare-code', 'a-import-bundle', 'plan-windows', 'window-1', 'backup-a', 'sync', 'break', 'b-check-updates', 'b-plan', 'b-install', 'b-manual-plan', 'b-manual-install', 'verify-b', 'test-b', 'make-primary', 'end-window-1', 'jump-clients', 'confirm-production', 'window-2', 'backup-a2', 'a-check-updates', 'a-plan', 'a-install', 'a-manual-plan', 'a-manual-install', 'verify-a', 'establish', 'first-sync', 'end-window-2', ...AFTERCARE_STEP_IDS, 'report'] as const;
export type P4StepId = (typeof P4_STEP_IDS)[number];

/** B is updated first, tested and made primary; window 2 backs up A again. */
export const P4_LAYOUT: FailoverPairLayout = { kind: 'async', first: 'B', secondBackup: 'backup-a2', manual: ['A', 'B'] };

export const P4_CATALOGUE: Record<string, FailoverEntry> = withManualUpdate(failoverPairCatalogue(P4_LAYOUT), P4_LAYOUT);
