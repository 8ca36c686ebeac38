/**
 * P4 — failover pair, asynchronous: B is updated first and becomes primary, so the site is down
 * only for the switch. Window 1: backup A → Sync Now, wait → break → update B → verify → tests
 * against B → make B primary by the method chosen up front; interim: Jump Clients, B's version
 * confirmed in production; window 2: backup A → update A → verify → re-establish with B primary →
 * first sync; then aftercare and the report. The site watch runs at the root throughout.
 */
import { failoverPairMachine } from '../steps/failover/pair-machine';
import { P4_LAYOUT } from './words';

export const P4_MACHINE = 'failoverAsync';

export const failoverAsyncMachine = failoverPairMachine(P4_MACHINE, P4_LAYOUT);
