import { describe, expect, it } from 'vitest';
import { measure, ProgressMeter } from '../../../../../electron/services/procedures/progress-meter';

describe('progress meter', () => {
  it('computes rate and ETA from samples', () => {
    expect(measure([{ at: 0, done: 0 }, { at: 2000, done: 4000 }], 10_000)).toEqual({ done: 4000, total: 10_000, rate: 2000, etaSeconds: 3 });
  });

  it('has no rate or ETA before time has passed, and no ETA without a total', () => {
    expect(measure([{ at: 5, done: 10 }], 100)).toEqual({ done: 10, total: 100, rate: null, etaSeconds: null });
    expect(measure([{ at: 0, done: 0 }, { at: 1000, done: 10 }], null)).toMatchObject({ rate: 10, etaSeconds: null });
    expect(measure([], 5)).toEqual({ done: 0, total: 5, rate: null, etaSeconds: null });
  });

  it('reports ETA 0 once done reaches the total', () => {
    expect(measure([{ at: 0, done: 0 }, { at: 1000, done: 100 }], 100).etaSeconds).toBe(0);
  });

  it('throttles to 10 Hz but always reports the final sample', () => {
    const meter = new ProgressMeter({ total: 1000 });
    const emitted = [];
    for (let t = 0; t <= 1000; t += 10) {
      const reading = meter.sample(t, t, t === 1000);
      if (reading) emitted.push(reading);
    }
    expect(emitted.length).toBe(11);
    expect(emitted.at(-1)).toMatchObject({ done: 1000, etaSeconds: 0 });
    expect(emitted[5]!.rate).toBeCloseTo(1000);
  });

  it('averages the rate over the recent window so it follows a slowdown', () => {
    const meter = new ProgressMeter({ total: 100_000, windowMs: 2000, minIntervalMs: 0 });
    for (let t = 0; t <= 10_000; t += 500) meter.sample(t, t * 10);
    let last = null;
    for (let t = 10_500; t <= 14_000; t += 500) last = meter.sample(t, 100_000 + (t - 10_000));
    expect(last!.rate).toBeCloseTo(1000);
  });

  it('accepts a total that becomes known later', () => {
    const meter = new ProgressMeter({ total: null, minIntervalMs: 0 });
    meter.sample(0, 0);
    meter.setTotal(300);
    expect(meter.sample(1000, 100)).toEqual({ done: 100, total: 300, rate: 100, etaSeconds: 2 });
  });
});
