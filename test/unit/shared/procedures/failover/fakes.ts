/**
 * Deterministic stand-ins for the failover-pair side effects (P3, P4): the lab pair A and B, fixed
 * times, and the outcomes each invoked actor may report, by state path.
 */
import type { EventObject } from 'xstate';
import { AppError } from '../../../../../shared/errors';
import type { ProcedureInput } from '../../../../../shared/procedures/definition';
import type { PairApplianceState, ReadPairOutput } from '../../../../../shared/procedures/steps/failover/actors';
import { expectedSiteVersion, type FailoverContext } from '../../../../../shared/procedures/steps/failover/context';
import { HOSTS_CHECKS } from '../../../../../shared/procedures/steps/failover/checks';
import { AFTERCARE_ACTORS } from '../helpers/aftercare-fakes';
import { actorDone as done, actorFailed as failed, sharedInstallOutcomes } from '../helpers/model-events';
import { BACKUP_AT, DIAGNOSTICS, LATER, backup, errors } from '../helpers/single-automatic-fakes';
import { NEW_BASE, NEW_SITE, SITE_ON_NEW_BASE } from '../hardware-migration/fakes';

export const PAIR_INPUT: ProcedureInput = { procedureId: 'proc-pair', siteId: 'site-1', siteName: 'Practice lab', applianceUrl: 'https://127.0.0.1:9443', operator: 'Dana Field' };
export const SITE_HOSTNAME = 'support.lab.example';
export const WINDOW_PLAN = ['2025-06-01T20:00:00Z', '2025-06-01T22:00:00Z', '2025-06-03T20:00:00Z', '2025-06-03T22:00:00Z'].join('\n');
export const ALL_HOSTS_TICKED = HOSTS_CHECKS.map((item) => item.id).join(',');

const appliance = (role: 'A' | 'B', siteVersion: string): PairApplianceState => ({
  role,
  serial: role === 'A' ? 'LAB-A-1001' : 'LAB-B-1002',
  hostname: role === 'A' ? 'appliance-a.lab.example' : 'appliance-b.lab.example',
  ip: role === 'A' ? '10.20.0.11' : '10.20.0.12',
  siteVersion,
  baseVersion: '6.1.0',
  status: 'healthy',
  failoverRole: 'none',
  peer: '',
  lastSyncAt: null,
  lastSyncStatus: 'success',
  lastSyncMessage: '',
  sharedIps: [{ ip: '10.20.0.10', enabled: role === 'A' }],
  interApplianceKeyDigest: 'k'.repeat(64),
  storedDataMb: role === 'A' ? 512 : 2048,
  fingerprint256: 'AA:BB:01',
});

export function pair(a: string, b: string): ReadPairOutput {
  return { A: appliance('A', a), B: appliance('B', b), readAt: LATER, siteHostname: SITE_HOSTNAME };
}

export const pairErrors = {
  unreachable: errors.unreachable,
  syncFailed: new AppError('SYNC_FAILED' as never, 'The sync ended failed: the peer did not answer.', 'Check the peer, then try again.'),
  keysDiffer: new AppError('KEYS_DIFFER' as never, 'The inter-appliance keys of A and B differ.', 'Set the same key on both on Management > Security.'),
  refused: new AppError('FAILOVER_REFUSED' as never, 'The appliance refused the relationship.', 'Read its words and try again.'),
};

export const PAIR_ACTORS = [
  ...AFTERCARE_ACTORS,
  'takeBackup',
  'checkForUpdates',
  'installPackage',
  'captureDiagnostics',
  'releaseHolds',
  'readPair',
  'syncNow',
  'awaitSync',
  'breakFailover',
  'probeApplianceAsSite',
  'switchSharedIp',
  'waitForSiteServes',
  'establishFailover',
  'awaitJumpClients',
  'measureDowntime',
] as const;
export type PairActorName = (typeof PAIR_ACTORS)[number];

const REQUESTED = '2025-06-01T20:03:00.000Z';
const SYNCED = '2025-06-01T20:04:00.000Z';
const answer = (answeredBy: 'A' | 'B') => ({ answeredBy, serial: answeredBy === 'A' ? 'LAB-A-1001' : 'LAB-B-1002', version: '23.2.1', checkedAt: LATER });
const measured = { from: '2025-06-01T20:00:00.000Z', to: LATER, downSeconds: 42, intervals: [], unwatchedSeconds: 0 };
const jump = (online: number) => ({ total: 40, online, upgrading: 0, pending: 40 - online, readAt: LATER, allOnline: online === 40 });

/** Every outcome the invoked actor of this state may report. */
export function pairActorOutcomes(statePath: string, context: FailoverContext): EventObject[] {
  const [top, sub] = statePath.split('.');
  const unit = /^([ab])-(check-updates|install)$/.exec(top ?? '');
  if (unit && sub === 'running')
    return [done('checkForUpdates', { siteVersion: '23.1.1', baseVersion: '6.1.0', updates: [NEW_BASE, SITE_ON_NEW_BASE] }), done('checkForUpdates', { siteVersion: '23.1.1', baseVersion: '6.1.0', updates: [{ ...NEW_SITE, version: '23.2.1', id: 'site-23.2.1' }] }), failed('checkForUpdates', errors.unreachable)];
  if (unit && sub === 'installing') {
    const pkg = context.plan?.order[context.installIndex];
    if (!pkg) return [];
    return [done('installPackage', { verifiedVersion: pkg.version, finishedAt: LATER, health: 'healthy' }), failed('installPackage', pkg.kind === 'base' ? errors.baseInstall : errors.siteInstall)];
  }
  if (unit && sub === 'backup-between') return [done('takeBackup', backup('between-base-and-site', '2025-06-01T20:30:00.000Z')), failed('takeBackup', errors.unreachable)];
  if (unit && sub === 'capturing-diagnostics') return [done('captureDiagnostics', DIAGNOSTICS)];
  if (top?.startsWith('backup-') && sub === 'running') return [done('takeBackup', backup('pre-upgrade', BACKUP_AT)), failed('takeBackup', errors.unreachable)];
  if (top?.startsWith('verify-') && sub === 'reading') {
    const role = top === 'verify-a' ? 'A' : 'B';
    const now = expectedSiteVersion(context) ?? '23.1.1';
    const good = role === 'A' ? pair(now, context.updated.B?.siteVersionAfter ?? '23.1.1') : pair(context.updated.A?.siteVersionAfter ?? '23.1.1', now);
    return [done('readPair', good), done('readPair', pair('9.9.9', '9.9.9')), failed('readPair', errors.unreachable)];
  }
  if (top?.startsWith('end-window-') && sub === 'measuring') return [done('measureDowntime', measured), failed('measureDowntime', errors.unreachable)];
  switch (statePath) {
    case 'decision.reading':
      return [done('readPair', pair('23.1.1', '23.1.1')), failed('readPair', errors.unreachable)];
    case 'sync.requesting':
      return [done('syncNow', { requestedAt: REQUESTED }), failed('syncNow', errors.unreachable)];
    case 'sync.waiting':
      return [done('awaitSync', { syncedAt: SYNCED, status: 'success', seconds: 60 }), failed('awaitSync', pairErrors.syncFailed)];
    case 'break.breaking':
      return [
        done('breakFailover', { brokenAt: LATER, alreadyBroken: false, roles: { A: 'none', B: 'none' } }),
        done('breakFailover', { brokenAt: LATER, alreadyBroken: false, roles: { A: 'primary', B: 'none' } }),
        failed('breakFailover', errors.unreachable),
      ];
    case 'jump-clients.waiting':
      return [done('awaitJumpClients', jump(40)), done('awaitJumpClients', jump(12)), failed('awaitJumpClients', errors.unreachable)];
    case 'test-b.probing': {
      const version = context.updated.B?.siteVersionAfter ?? '';
      return [
        done('probeApplianceAsSite', { serial: 'LAB-B-1002', version, fingerprint256: 'AA:BB:01', coversSiteHostname: true, checkedAt: LATER }),
        done('probeApplianceAsSite', { serial: 'LAB-B-1002', version, fingerprint256: 'BB:OW:N0', coversSiteHostname: false, checkedAt: LATER }),
        failed('probeApplianceAsSite', errors.unreachable),
      ];
    }
    case 'make-primary.switching':
      return [done('switchSharedIp', { disabledAt: LATER, enabledAt: LATER, gapMs: 180, alreadyDone: false, sharedIp: '10.20.0.10' }), failed('switchSharedIp', errors.unreachable)];
    case 'make-primary.verifying':
      return [done('waitForSiteServes', answer('B')), done('waitForSiteServes', answer('A')), failed('waitForSiteServes', errors.unreachable)];
    case 'establish.establishing': {
      const primary = statePath && context.decision?.kind === 'async' ? 'B' : 'A';
      const own = (role: 'A' | 'B') => (role === 'A' ? '10.20.0.11' : '10.20.0.12');
      const backupRole = primary === 'A' ? 'B' : 'A';
      return [
        done('establishFailover', { establishedAt: '2025-06-03T21:00:00.000Z', alreadyDone: false, fields: { backupHost: own(backupRole), backupPort: 443, primaryHost: own(primary), primaryPort: 443 } }),
        done('establishFailover', { establishedAt: '2025-06-03T21:00:00.000Z', alreadyDone: false, fields: { backupHost: SITE_HOSTNAME, backupPort: 443, primaryHost: own(primary), primaryPort: 443 } }),
        failed('establishFailover', pairErrors.keysDiffer),
        failed('establishFailover', pairErrors.refused),
      ];
    }
    case 'first-sync.waiting':
      return [done('awaitSync', { syncedAt: '2025-06-03T21:01:00.000Z', status: 'success', seconds: 60 }), failed('awaitSync', pairErrors.syncFailed)];
    case 'first-sync.requesting':
      return [done('syncNow', { requestedAt: '2025-06-03T21:02:00.000Z' })];
    default:
      return sharedInstallOutcomes(statePath, context);
  }
}
