/** What the renderer shows of a P3 procedure, derived from the snapshot alone. */
import { failoverView } from '../steps/failover/view';
import { P3_CATALOGUE, P3_LAYOUT, P3_STEP_IDS } from './words';

export const failoverSyncView = failoverView({ title: 'Pair upgrade', kind: 'sync', stepIds: P3_STEP_IDS, catalogue: P3_CATALOGUE, backups: ['backup-a', 'backup-b'], ...(P3_LAYOUT.manual ? { manual: P3_LAYOUT.manual } : {}) });
