import { useLayoutEffect, useRef } from 'react';

/**
 * User Timing marks around renders, read by the UI benchmark (`npm run bench -- ui`) and
 * visible in any browser's performance panel; they cost a few microseconds and change nothing.
 */

/** Where the page offers no User Timing (jsdom in unit tests), nothing is measured. */
const timing = typeof performance.mark === 'function' && typeof performance.measure === 'function';

/** `<name>`: from the render that first has the data to the moment it is committed to the page. */
export function useFirstRenderMeasure(name: string, ready: boolean): void {
  const started = useRef(false);
  const measured = useRef(false);
  if (timing && ready && !started.current) {
    started.current = true;
    performance.mark(`${name}:start`);
  }
  useLayoutEffect(() => {
    if (!timing || !ready || measured.current) return;
    measured.current = true;
    performance.measure(name, `${name}:start`);
  }, [ready, name]);
}

/** Marks the moment an input changed; `useCommitMeasure` with the same name measures to the next commit. */
export function markInput(name: string): void {
  if (timing) performance.mark(`${name}:start`);
}

/** `<name>`: from the last `markInput(name)` to the commit that shows what `key` now holds. */
export function useCommitMeasure(name: string, key: unknown): void {
  useLayoutEffect(() => {
    if (!timing || performance.getEntriesByName(`${name}:start`, 'mark').length === 0) return;
    performance.measure(name, `${name}:start`);
    performance.clearMarks(`${name}:start`);
  }, [name, key]);
}
