import { describe, expect, it } from 'vitest';
import { holdQuitUntilFlushed } from '../../../../electron/services/quit';

function quitEvent() {
  const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

describe('holdQuitUntilFlushed', () => {
  it('holds the first quit until pending writes are flushed, then quits once and lets that quit through', async () => {
    let release!: () => void;
    const flushes: Promise<void>[] = [];
    const services = {
      flush: () => {
        const pending = new Promise<void>((resolve) => (release = resolve));
        flushes.push(pending);
        return pending;
      },
    };
    let quits = 0;
    const onBeforeQuit = holdQuitUntilFlushed(() => services, () => void quits++);

    const first = quitEvent();
    onBeforeQuit(first);
    expect(first.prevented).toBe(true);
    // A second quit request while flushing is held too, without a second flush.
    const again = quitEvent();
    onBeforeQuit(again);
    expect(again.prevented).toBe(true);
    expect(flushes).toHaveLength(1);
    expect(quits).toBe(0);

    release();
    await flushes[0];
    await new Promise((r) => setImmediate(r));
    expect(quits).toBe(1);
    const last = quitEvent();
    onBeforeQuit(last);
    expect(last.prevented).toBe(false);
  });

  it('quits even when a flush fails, and does not hold a quit before services exist', async () => {
    let quits = 0;
    const failing = holdQuitUntilFlushed(() => ({ flush: () => Promise.reject(new Error('disk gone')) }), () => void quits++);
    failing(quitEvent());
    await new Promise((r) => setImmediate(r));
    expect(quits).toBe(1);
    const early = quitEvent();
    holdQuitUntilFlushed(() => undefined, () => void quits++)(early);
    expect(early.prevented).toBe(false);
  });
});
