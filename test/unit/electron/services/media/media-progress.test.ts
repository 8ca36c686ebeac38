import { describe, expect, it } from 'vitest';
import { MediaProgressReporter, type MediaProgress } from '../../../../../electron/services/media/media-progress';

describe('MediaProgressReporter', () => {
  it('throttles to about 10 Hz but always reports file starts and phase ends', () => {
    let now = 0;
    const seen: MediaProgress[] = [];
    const reporter = new MediaProgressReporter(1000, (p) => seen.push(p), () => now);
    reporter.start('write', 'a.pkg');
    for (let i = 0; i < 10; i++) {
      now += 30;
      reporter.add(100);
    }
    reporter.finish();
    reporter.start('verify', 'a.pkg');
    now += 500;
    reporter.add(1000);
    reporter.finish();
    // Readings at 0 (start), 120, 240 (throttled adds), 300 (finish), 300 (verify start), 800 (add), 800 (finish).
    expect(seen.map((p) => [p.phase, p.bytesWritten, p.bytesVerified])).toEqual([
      ['write', 0, 0],
      ['write', 400, 0],
      ['write', 800, 0],
      ['write', 1000, 0],
      ['verify', 1000, 0],
      ['verify', 1000, 1000],
      ['verify', 1000, 1000],
    ]);
    expect(seen.every((p) => p.totalBytes === 1000)).toBe(true);
  });
});
