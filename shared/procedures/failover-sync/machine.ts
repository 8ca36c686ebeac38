/**
 * P3 — failover pair, synchronous: A keeps its role; the site is down while each appliance
 * installs. Window 1: backup A → Sync Now, wait → break → update A → verify; interim: Jump
 * Clients, first version confirmed in production; window 2: backup B → update B → verify →
 * re-establish with A primary → first sync; then aftercare and the report. Either appliance or
 * both may be updated by hand across the air gap (keys and bundles before the windows are planned,
 * A's manual unit in window 1, B's in window 2). Top-level states are the step ids of words.ts,
 * laid out by steps/failover/pair-machine.ts.
 */
import { failoverPairMachine } from '../steps/failover/pair-machine';
import { P3_LAYOUT } from './words';

export const P3_MACHINE = 'failoverSync';

export const failoverSyncMachine = failoverPairMachine(P3_MACHINE, P3_LAYOUT);
