import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../../../shared/domain';
import { ProgressMeter } from '../../../../../electron/services/procedures/progress-meter';
import { progressReporter, transferReporter } from '../../../../../electron/services/procedures/progress-reporter';

const base = { procedureId: 'P2-x', siteId: 's', stepId: 'install' };

function sink(start = 0) {
  let now = start;
  const emitted: Progress[] = [];
  return {
    emitted,
    advance: (ms: number) => (now += ms),
    clock: { now: () => now },
    emitProgress: (p: Progress) => emitted.push(p),
  };
}

describe('progress reporters and the install phase', () => {
  it('passes a transfer’s phase through to every report, with the time left its bytes give', () => {
    const s = sink();
    const upload = transferReporter(s, base, 'Uploading Base 6.2.0', 1000, 'uploading');
    upload.onProgress({ done: 0, total: 1000 });
    s.advance(1000);
    upload.onProgress({ done: 250, total: 1000 });
    s.advance(1000);
    upload.finish(1000);
    expect(s.emitted.map((p) => p.phase)).toEqual(['uploading', 'uploading', 'uploading']);
    expect(s.emitted[1]).toMatchObject({ label: 'Uploading Base 6.2.0', unit: 'bytes', done: 250, total: 1000, etaSeconds: 3 });
    expect(s.emitted.at(-1)).toMatchObject({ done: 1000, etaSeconds: 0 });
  });

  it('leaves the phase out of progress that is not part of an install, and gives no time left without a total', () => {
    const s = sink();
    const download = transferReporter(s, base, 'Downloading the settings backup', null);
    download.onProgress({ done: 0, total: null });
    s.advance(1000);
    download.onProgress({ done: 500, total: null });
    expect(s.emitted).toHaveLength(2);
    for (const p of s.emitted) expect('phase' in p).toBe(false);
    expect(s.emitted[1]).toMatchObject({ rate: 500, etaSeconds: null });
  });

  it('progressReporter takes the phase too', () => {
    const s = sink();
    const report = progressReporter(s, base, 'Uploading', 'bytes', new ProgressMeter({ total: 10 }), 'uploading');
    report(10, true);
    expect(s.emitted).toEqual([{ procedureId: 'P2-x', stepId: 'install', label: 'Uploading', unit: 'bytes', done: 10, total: 10, rate: null, etaSeconds: 0, phase: 'uploading' }]);
  });
});
