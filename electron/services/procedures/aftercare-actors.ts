/**
 * Client aftercare (P6) against the appliance's Jump Clients page: read the counts and the
 * concurrent upgrade limit, save a limit (the admin session reads it back and refuses a
 * mismatch), and watch the clients come back. The watch loop is the one P3/P4 await their Jump
 * Clients with between the windows, so both read the same page the same way.
 */
import { fromPromise } from 'xstate';
import { AppError } from '../../../shared/errors';
import type { ActorBaseInput } from '../../../shared/procedures/actors';
import type { JumpClientReading, SetJumpClientLimitInput, WatchJumpClientsOutput } from '../../../shared/procedures/steps/aftercare-and-report/actors';
import type { JumpClientTotals } from '../appliance/types';
import type { ApplianceClients, ProcedureActorDeps } from './actors';
import { connect } from './actor-support';
import { sleep, throwIfCancelled } from './cancel';
import { hasCode } from './failover-actors';

/** Answers that mean nothing serves there now (off, unplugged, closing connections, installing). */
export const NOBODY_CODES = ['UNREACHABLE', 'TIMEOUT', 'APPLIANCE_OFF', 'APPLIANCE_DOWN'];

type Ask = <T>(work: (c: ApplianceClients) => Promise<T>) => Promise<T>;

/**
 * Reads the Jump Client counts every poll interval, each reading a progress event, until all are
 * online or `timeoutSeconds` pass (null: until the actor is stopped). An appliance still
 * installing or restarting is asked again; it shows the counts once it is back.
 */
export async function pollJumpClients(
  deps: Pick<ProcedureActorDeps, 'clock' | 'timing' | 'emitProgress'>,
  ask: Ask,
  input: ActorBaseInput & { timeoutSeconds: number | null },
  signal: AbortSignal,
): Promise<WatchJumpClientsOutput> {
  const started = deps.clock.now();
  const deadline = input.timeoutSeconds === null ? Infinity : started + input.timeoutSeconds * 1000;
  let last: Omit<WatchJumpClientsOutput, 'allOnline'> | undefined;
  for (;;) {
    try {
      const { maxConcurrentUpgrades: _limit, ...counts } = await ask((c) => c.admin.jumpClients());
      last = { ...counts, readAt: new Date(deps.clock.now()).toISOString() };
    } catch (error) {
      if (!hasCode(error, ...NOBODY_CODES)) throw error;
    }
    throwIfCancelled(signal);
    if (last) {
      const elapsed = Math.round((deps.clock.now() - started) / 1000);
      deps.emitProgress({
        procedureId: input.procedureId,
        stepId: input.stepId,
        label: `Jump Clients: ${last.online} of ${last.total} online, ${last.upgrading} upgrading, ${last.pending} waiting to upgrade`,
        unit: 'seconds',
        done: elapsed,
        total: input.timeoutSeconds ?? elapsed,
        rate: null,
        etaSeconds: null,
      });
      const allOnline = last.online === last.total && last.upgrading === 0 && last.pending === 0;
      if (allOnline || deps.clock.now() >= deadline) return { ...last, allOnline };
    } else if (deps.clock.now() >= deadline) {
      throw new AppError('TIMEOUT', `The appliance did not show its Jump Clients within ${input.timeoutSeconds} s.`, 'Open /login > Jump > Jump Clients in a browser, then go on when they are back online.');
    }
    await sleep(deps.timing.pollIntervalMs, signal);
  }
}

export function createAftercareActors(deps: ProcedureActorDeps) {
  const isoNow = () => new Date(deps.clock.now()).toISOString();
  const askOf = async (input: ActorBaseInput): Promise<Ask> => {
    const { clients } = await connect(deps, input.siteId, input.appliance);
    return (work) => work(clients);
  };

  function reading(totals: JumpClientTotals, baseUrl: string): JumpClientReading {
    const { maxConcurrentUpgrades: limit, ...counts } = totals;
    if (limit === null) {
      throw new AppError(
        'APPLIANCE_ERROR',
        `The Jump Clients page of ${baseUrl} shows no Maximum Number of Concurrent Jump Client Upgrades.`,
        'Open Jump > Jump Clients in a browser: if the setting is there, go on by hand with a note of its value.',
      );
    }
    return { ...counts, limit, readAt: isoNow() };
  }

  return {
    readJumpClients: fromPromise<JumpClientReading, ActorBaseInput>(async ({ input }) => {
      const { clients, endpoint } = await connect(deps, input.siteId, input.appliance);
      return reading(await clients.admin.jumpClients(), endpoint.baseUrl);
    }),

    setJumpClientLimit: fromPromise<JumpClientReading, SetJumpClientLimitInput>(async ({ input, signal }) => {
      const { clients, endpoint } = await connect(deps, input.siteId, input.appliance);
      throwIfCancelled(signal);
      // Saving the value the page already shows changes nothing, so a restored snapshot may run this again.
      return reading(await clients.admin.setJumpClientLimit(input.limit), endpoint.baseUrl);
    }),

    watchJumpClients: fromPromise<WatchJumpClientsOutput, ActorBaseInput>(async ({ input, signal }) =>
      pollJumpClients(deps, await askOf(input), { ...input, timeoutSeconds: null }, signal),
    ),
  };
}
