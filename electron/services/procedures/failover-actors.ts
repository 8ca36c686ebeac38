/**
 * The actors of the failover-pair procedures (P3, P4) that read the pair and change its
 * relationship: read both appliances, Sync Now and wait for it, break and establish the
 * relationship. Each one reads the appliances before it changes anything and changes nothing
 * that is already as wanted, so a restored snapshot never repeats a change blindly. The site
 * address, the shared IP and the Jump Clients are in failover-network-actors.ts.
 */
import { createHash } from 'node:crypto';
import { fromPromise } from 'xstate';
import type * as F from '../../../shared/procedures/steps/failover/actors';
import { AppError, isAppError } from '../../../shared/errors';
import { APPLIANCE_ROLE_LABELS } from '../../../shared/sites';
import { probeCertificate } from '../appliance';
import type { FailoverStatus } from '../appliance/types';
import type { ApplianceClients, ProcedureActorDeps } from './actors';
import { connect } from './actor-support';
import { throwIfCancelled } from './cancel';
import { pollUntil } from './poll';

export const OTHER: Record<F.PairRole, F.PairRole> = { A: 'B', B: 'A' };

/** The clients of the pair's appliance `role`, with the name errors give it. */
export async function pairAppliance(deps: ProcedureActorDeps, siteId: string, role: F.PairRole) {
  const { site, clients, endpoint } = await connect(deps, siteId, role);
  const appliance = site.appliances.find((a) => a.role === role && a.retiredAt === undefined)!;
  const name = `${APPLIANCE_ROLE_LABELS[role]} (${appliance.label})`;
  return { site, clients, endpoint, appliance, name, ask: <T>(work: (c: ApplianceClients) => Promise<T>) => naming(name, work(clients)) };
}

/** A failure of one appliance of the pair, with that appliance named at the start. */
export async function naming<T>(name: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!isAppError(error) || error.message.startsWith(name)) throw error;
    throw new AppError(error.code, `${name}: ${error.message}`, error.hint, error.details);
  }
}

export function hasCode(error: unknown, ...codes: string[]): boolean {
  return isAppError(error) && codes.includes(error.code);
}

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

async function readAppliance(deps: ProcedureActorDeps, siteId: string, role: F.PairRole): Promise<F.PairApplianceState> {
  const { ask, endpoint, name } = await pairAppliance(deps, siteId, role);
  // One request at a time: the /login pages share a sign-in the session makes on first use.
  const health = await ask((c) => c.api.checkHealth());
  const basics = await ask((c) => c.admin.statusBasics());
  const ip = await ask((c) => c.admin.ipConfiguration());
  const failover = await ask((c) => c.admin.failoverStatus());
  const sharedIps = await ask((c) => c.admin.sharedIps());
  const keyDigest = digest(await ask((c) => c.admin.interApplianceKey()));
  const presented = await naming(name, probeCertificate(endpoint.baseUrl));
  return {
    role,
    serial: health.applianceId || basics.serial,
    hostname: basics.hostname,
    ip: ip.ipAddress,
    siteVersion: basics.siteVersion,
    baseVersion: basics.baseVersion,
    status: basics.status,
    failoverRole: failover.role,
    peer: failover.peer,
    lastSyncAt: failover.lastSyncAt,
    lastSyncStatus: failover.lastSyncStatus,
    lastSyncMessage: failover.lastSyncMessage,
    sharedIps,
    interApplianceKeyDigest: keyDigest,
    storedDataMb: basics.storedDataMb,
    fingerprint256: presented.fingerprint256,
  };
}

async function rolesOf(deps: ProcedureActorDeps, siteId: string): Promise<Record<F.PairRole, FailoverStatus>> {
  const [a, b] = await Promise.all(
    (['A', 'B'] as const).map(async (role) => (await pairAppliance(deps, siteId, role)).ask((c) => c.admin.failoverStatus())),
  );
  return { A: a!, B: b! };
}

export function createFailoverActors(deps: ProcedureActorDeps) {
  const isoNow = () => new Date(deps.clock.now()).toISOString();

  return {
    readPair: fromPromise<F.ReadPairOutput, F.ReadPairInput>(async ({ input, signal }) => {
      const [A, B] = await Promise.all([readAppliance(deps, input.siteId, 'A'), readAppliance(deps, input.siteId, 'B')]);
      throwIfCancelled(signal);
      const site = await deps.sites.get(input.siteId);
      return { A: A!, B: B!, siteHostname: site.siteHostname, readAt: isoNow() };
    }),

    syncNow: fromPromise<F.SyncNowOutput, F.SyncNowInput>(async ({ input }) => {
      const { ask, name } = await pairAppliance(deps, input.siteId, input.appliance);
      const status = await ask((c) => c.admin.failoverStatus());
      if (status.role !== 'primary') {
        throw new AppError(
          'NOT_IN_RELATIONSHIP',
          status.role === 'none'
            ? `${name} is in no failover relationship, so there is nothing to sync.`
            : `${name} is the backup of the pair; a data sync is started on the primary.`,
          'Read both appliances again: the roles may have changed since the procedure began.',
        );
      }
      const requestedAt = isoNow();
      // One running already copies the same data: wait for that one instead of starting another.
      if (status.lastSyncStatus === 'running') return { requestedAt };
      try {
        await ask((c) => c.admin.syncNow());
      } catch (error) {
        if (!hasCode(error, 'SYNC_RUNNING')) throw error;
      }
      return { requestedAt };
    }),

    awaitSync: fromPromise<F.AwaitSyncOutput, F.AwaitSyncInput>(async ({ input, signal }) => {
      const { ask, name } = await pairAppliance(deps, input.siteId, input.appliance);
      const after = Date.parse(input.after);
      const started = deps.clock.now();
      const finished = await pollUntil(
        deps,
        signal,
        async () => {
          const status = await ask((c) => c.admin.failoverStatus());
          const endedAt = status.lastSyncAt === null ? NaN : Date.parse(status.lastSyncAt);
          const seconds = Math.round((deps.clock.now() - started) / 1000);
          deps.emitProgress({ procedureId: input.procedureId, stepId: input.stepId, label: `Syncing… (${seconds} s)`, unit: 'seconds', done: seconds, total: input.timeoutSeconds, rate: null, etaSeconds: null });
          if (status.lastSyncStatus === 'failed') {
            throw new AppError(
              'SYNC_FAILED',
              `The data sync on ${name} failed${status.lastSyncMessage ? `: “${status.lastSyncMessage}”` : '.'}`,
              'Nothing was switched. Fix what the appliance names (often the network between the two appliances), then sync again.',
              { applianceMessage: status.lastSyncMessage },
            );
          }
          return status.lastSyncStatus === 'success' && endedAt > after ? status.lastSyncAt! : undefined;
        },
        `the data sync on ${name} to finish`,
        input.timeoutSeconds * 1000,
      );
      return { syncedAt: finished, status: 'success', seconds: Math.max(0, Math.round((Date.parse(finished) - after) / 1000)) };
    }),

    breakFailover: fromPromise<F.BreakFailoverOutput, F.BreakFailoverInput>(async ({ input, signal }) => {
      const before = await rolesOf(deps, input.siteId);
      if (before.A.role === 'none' && before.B.role === 'none') return { brokenAt: isoNow(), alreadyBroken: true, roles: { A: 'none', B: 'none' } };
      // Posted where the relationship still stands: the named appliance, else its peer.
      const on = before[input.appliance].role !== 'none' ? input.appliance : OTHER[input.appliance];
      await (await pairAppliance(deps, input.siteId, on)).ask((c) => c.admin.breakFailover());
      throwIfCancelled(signal);
      const after = await rolesOf(deps, input.siteId);
      if (after.A.role !== 'none' || after.B.role !== 'none') {
        throw new AppError(
          'FAILOVER_REFUSED',
          `After Break Failover Relationships, A reads ${after.A.role} and B reads ${after.B.role}; both should read none.`,
          'Open both appliances’ Failover pages: break the relationship on the one that still has a role, then read the pair again.',
        );
      }
      return { brokenAt: isoNow(), alreadyBroken: false, roles: { A: 'none', B: 'none' } };
    }),

    establishFailover: fromPromise<F.EstablishFailoverOutput, F.EstablishFailoverInput>(async ({ input, signal }) => {
      const backup = OTHER[input.primary];
      const primary = await pairAppliance(deps, input.siteId, input.primary);
      const [p, b] = await Promise.all([readAppliance(deps, input.siteId, input.primary), readAppliance(deps, input.siteId, backup)]);
      const fields = establishFields(p!, b!, primary.site.siteHostname);
      if (p!.failoverRole === 'primary' && b!.failoverRole === 'backup') return { establishedAt: isoNow(), alreadyDone: true, fields };
      if (p!.interApplianceKeyDigest !== b!.interApplianceKeyDigest) {
        throw new AppError(
          'KEYS_DIFFER',
          `The two appliances hold different inter-appliance keys, so they would refuse each other. Nothing was posted.`,
          'Copy the key from one appliance’s /login > Management > Security page to the other’s, then establish the relationship again.',
        );
      }
      throwIfCancelled(signal);
      await primary.ask((c) => c.admin.establishFailover(fields));
      const roles = await rolesOf(deps, input.siteId);
      if (roles[input.primary].role !== 'primary' || roles[backup].role !== 'backup') {
        throw new AppError(
          'FAILOVER_REFUSED',
          `After Establish Relationship, ${input.primary} reads ${roles[input.primary].role} and ${backup} reads ${roles[backup].role}; expected primary and backup.`,
          'Open both appliances’ Failover pages to see what they say, then establish the relationship again.',
        );
      }
      return { establishedAt: isoNow(), alreadyDone: false, fields };
    }),
  };
}

/** The four fields: each appliance by its own address (its IP, else its hostname), never the site hostname; TLS port 443. */
export function establishFields(primary: F.PairApplianceState, backup: F.PairApplianceState, siteHostname: string): F.EstablishFailoverOutput['fields'] {
  const own = (state: F.PairApplianceState) => {
    const host = state.ip || state.hostname;
    if (host === '' || host.toLowerCase() === siteHostname.toLowerCase()) {
      throw new AppError(
        'INVALID_INPUT',
        `Appliance ${state.role} shows neither an IP address of its own nor a hostname other than the site’s, so the pair cannot be told how to reach it.`,
        'Give the appliance its own IP address on Networking > IP Configuration, then read the pair again.',
      );
    }
    return host;
  };
  return { backupHost: own(backup), backupPort: 443, primaryHost: own(primary), primaryPort: 443 };
}
