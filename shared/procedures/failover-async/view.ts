/** What the renderer shows of a P4 procedure, derived from the snapshot alone. */
import { failoverView } from '../steps/failover/view';
import { P4_CATALOGUE, P4_LAYOUT, P4_STEP_IDS } from './words';

export const failoverAsyncView = failoverView({ title: 'Pair upgrade', kind: 'async', stepIds: P4_STEP_IDS, catalogue: P4_CATALOGUE, backups: ['backup-a', 'backup-a2'], ...(P4_LAYOUT.manual ? { manual: P4_LAYOUT.manual } : {}) });
