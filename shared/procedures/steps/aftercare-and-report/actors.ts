/**
 * The side effects of client aftercare (P6), by name: read the Jump Clients page, save the
 * concurrent upgrade limit (read back and verified), and watch the clients come back. The host
 * supplies them (electron/services/procedures/aftercare-actors.ts); `appliance` is the pair's
 * primary where a procedure has two.
 */
import { fromPromise } from 'xstate';
import type { ActorBaseInput } from '../../actors';
import { notProvided } from '../../machine-helpers';

export interface JumpClientCounts {
  total: number;
  online: number;
  upgrading: number;
  pending: number;
}

/** `readJumpClients`: the counts and the limit the page shows, read at `readAt`. Reads only. */
export interface JumpClientReading extends JumpClientCounts {
  limit: number;
  readAt: string;
}

/** `setJumpClientLimit`: saves `limit` and resolves with the page read again, which shows it. */
export interface SetJumpClientLimitInput extends ActorBaseInput {
  limit: number;
}

/**
 * `watchJumpClients`: reads the counts every few seconds (each reading a progress event, so the
 * view refreshes while it waits) and resolves once every client is online. Reads only.
 */
export interface WatchJumpClientsOutput extends JumpClientCounts {
  readAt: string;
  allOnline: boolean;
}

export const aftercareActorPlaceholders = {
  readJumpClients: fromPromise<JumpClientReading, ActorBaseInput>(async () => notProvided('readJumpClients')),
  setJumpClientLimit: fromPromise<JumpClientReading, SetJumpClientLimitInput>(async () => notProvided('setJumpClientLimit')),
  watchJumpClients: fromPromise<WatchJumpClientsOutput, ActorBaseInput>(async () => notProvided('watchJumpClients')),
};
