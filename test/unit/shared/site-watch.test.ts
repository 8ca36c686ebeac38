import { describe, expect, it } from 'vitest';
import { addSample, measureDowntime, siteWatchView, type WatchInterval, type WatchSample } from '../../../shared/site-watch';

const t = (s: number) => new Date(Date.UTC(2026, 11, 2, 8, 0, s)).toISOString();
const up = (s: number, serial = 'LAB-A-1001'): WatchSample => ({ at: t(s), up: true, serial, version: '23.1.1' });
const down = (s: number): WatchSample => ({ at: t(s), up: false, serial: null, version: null, reason: 'Appliance updating' });

function feed(samples: WatchSample[], maxGapMs = 10_000): WatchInterval[] {
  return samples.reduce<WatchInterval[]>((timeline, sample) => addSample(timeline, sample, maxGapMs), []);
}

describe('site watch timeline', () => {
  it('extends an interval while the same appliance answers and splits where the answer changes', () => {
    const timeline = feed([up(0), up(5), down(10), down(15), up(20, 'LAB-B-1002')]);
    expect(timeline.map((i) => [i.from, i.to, i.up, i.serial])).toEqual([
      [t(0), t(10), true, 'LAB-A-1001'],
      [t(10), t(20), false, null],
      [t(20), t(20), true, 'LAB-B-1002'],
    ]);
  });

  it('leaves a gap longer than the allowed one unwatched instead of calling it up or down', () => {
    const timeline = feed([up(0), up(5), up(40)], 10_000);
    expect(timeline).toHaveLength(2);
    const measure = measureDowntime(timeline, t(0), t(40));
    expect(measure.downSeconds).toBe(0);
    expect(measure.unwatchedSeconds).toBe(35);
  });

  it('ignores a sample older than the timeline (a clock step back)', () => {
    const timeline = feed([up(0), up(10)]);
    expect(addSample(timeline, up(5), 10_000)).toEqual(timeline);
  });

  it('measures only the span asked for', () => {
    const timeline = feed([up(0), down(10), down(20), up(30), up(40)]);
    expect(measureDowntime(timeline, t(0), t(40)).downSeconds).toBe(20);
    expect(measureDowntime(timeline, t(15), t(25)).downSeconds).toBe(10);
    expect(measureDowntime(timeline, t(30), t(40)).downSeconds).toBe(0);
    expect(measureDowntime(timeline, t(15), t(35)).intervals.map((i) => [i.from, i.to])).toEqual([
      [t(15), t(30)],
      [t(30), t(35)],
    ]);
  });

  it('gives the view the current answer and the total downtime', () => {
    const timeline = feed([up(0), down(10), up(25)], 20_000);
    const view = siteWatchView({ siteAddress: 'https://127.0.0.1:9460', siteHostname: 'support.lab.example', watching: true, probes: 3 }, timeline);
    expect(view.current?.up).toBe(true);
    expect(view.downSeconds).toBe(15);
    expect(view.startedAt).toBe(t(0));
  });
});
