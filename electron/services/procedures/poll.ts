/** Asking an appliance again and again until it says what a step waits for, or the time is up. */
import { AppError } from '../../../shared/errors';
import type { ProcedureActorDeps } from './actors';
import { sleep, throwIfCancelled } from './cancel';

/**
 * Calls `read` every poll interval until it returns a value; rejects TIMEOUT naming `what` after
 * `timeoutMs` (default: the install timeout) and CANCELLED as soon as the signal aborts.
 */
export async function pollUntil<T>(
  deps: Pick<ProcedureActorDeps, 'timing' | 'clock'>,
  signal: AbortSignal,
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = deps.timing.installTimeoutMs,
): Promise<T> {
  const deadline = deps.clock.now() + timeoutMs;
  for (;;) {
    throwIfCancelled(signal);
    const value = await read();
    if (value !== undefined) return value;
    if (deps.clock.now() >= deadline) {
      throw new AppError('TIMEOUT', `The assistant waited ${Math.round(timeoutMs / 60_000) || 1} min for ${what}, in vain.`, 'Look at the appliance’s console or status page, then retry the step.');
    }
    await sleep(deps.timing.pollIntervalMs, signal);
  }
}
