/** Quit without losing a write: the shell's before-quit hook waits for the services to flush. */

/**
 * For the app's `before-quit`: the first quit request is held until every pending write is on
 * disk (the services' flush), then quit is asked again and let through. A failed flush still quits:
 * the writes that could land have landed, and the operator asked to leave.
 */
export function holdQuitUntilFlushed(services: () => { flush(): Promise<void> } | undefined, quit: () => void): (event: { preventDefault(): void }) => void {
  let state: 'open' | 'flushing' | 'flushed' = 'open';
  return (event) => {
    const running = services();
    if (state === 'flushed' || !running) return;
    event.preventDefault();
    if (state === 'flushing') return;
    state = 'flushing';
    void running
      .flush()
      .catch(() => undefined)
      .finally(() => {
        state = 'flushed';
        quit();
      });
  };
}

