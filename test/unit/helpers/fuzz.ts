/**
 * Settings shared by the property-based (fuzz) tests. fast-check's failure report names the
 * seed and the shrunk counterexample; FC_SEED (and FC_PATH) replay exactly that run.
 */
import type { Parameters } from 'fast-check';

/** fast-check stops a run at 20 s (and reports its seed); the test's own timeout must not cut in first. */
export const FUZZ_TIMEOUT_MS = 30_000;

export function fuzzRuns<T>(numRuns: number): Parameters<T> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return {
    numRuns,
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
    ...(path !== undefined ? { path } : {}),
    // A run that hangs fails (with its seed) instead of passing on the cases it reached.
    interruptAfterTimeLimit: 20_000,
    markInterruptAsFailure: true,
  };
}
