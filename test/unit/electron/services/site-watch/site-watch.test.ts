import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSiteWatch, type WatchTarget } from '../../../../../electron/services/site-watch/site-watch';

/** A target whose answers the test scripts; each probe takes the next one (the last repeats). */
function scripted(answers: Array<'A' | 'B' | 'down'>): { target: () => Promise<WatchTarget>; asked: () => number } {
  let asked = 0;
  return {
    asked: () => asked,
    target: async () => ({
      siteAddress: 'https://127.0.0.1:9460',
      siteHostname: 'support.lab.example',
      async ask() {
        const answer = answers[Math.min(asked, answers.length - 1)];
        asked += 1;
        if (answer === 'down') return { up: false, serial: null, version: null, reason: 'Nothing answers.' };
        return { up: true, serial: `LAB-${answer}`, version: '23.1.1' };
      },
    }),
  };
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('site watch service', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aua-watch-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('probes until stopped, records intervals on disk and tells each change', async () => {
    const script = scripted(['A', 'A', 'down', 'down', 'B']);
    const changes: string[] = [];
    const watch = createSiteWatch({ dataDir: dir, clock: { now: () => Date.now() }, target: script.target, intervalMs: 10, onChange: (id) => changes.push(id) });
    watch.start('p1', 'site');
    await until(() => script.asked() >= 6);
    watch.stop('p1');
    const stoppedAt = script.asked();
    await new Promise((r) => setTimeout(r, 60));
    expect(script.asked()).toBeLessThanOrEqual(stoppedAt + 1);
    const view = watch.view('p1');
    expect(view?.watching).toBe(false);
    expect(view?.recent.map((i) => (i.up ? i.serial : 'down'))).toEqual(['LAB-A', 'down', 'LAB-B']);
    expect(changes.length).toBeGreaterThan(3);
    await watch.close();
    const onDisk = JSON.parse(await readFile(join(dir, 'site-watch', 'p1.json'), 'utf8')) as { timeline: unknown[] };
    expect(onDisk.timeline).toHaveLength(3);
  });

  it('continues the same timeline after a restart and measures downtime from it', async () => {
    const first = scripted(['down']);
    const watch1 = createSiteWatch({ dataDir: dir, clock: { now: () => Date.now() }, target: first.target, intervalMs: 10 });
    watch1.start('p2', 'site');
    await until(() => first.asked() >= 3);
    await watch1.close();
    const second = scripted(['A']);
    const watch2 = createSiteWatch({ dataDir: dir, clock: { now: () => Date.now() }, target: second.target, intervalMs: 10 });
    await watch2.load('p2');
    expect(watch2.view('p2')?.recent).toHaveLength(1);
    watch2.start('p2', 'site');
    await until(() => second.asked() >= 2);
    await watch2.close();
    const view = watch2.view('p2');
    expect(view?.recent.map((i) => i.up)).toEqual([false, true]);
    const span = await watch2.measure('p2', view!.startedAt!, view!.current!.to);
    expect(span.downSeconds).toBe(Math.round((Date.parse(view!.recent[0]!.to) - Date.parse(view!.recent[0]!.from)) / 1000));
  });

  it('counts a site that cannot be resolved as down, with the reason', async () => {
    const watch = createSiteWatch({
      dataDir: dir,
      clock: { now: () => Date.now() },
      target: async () => {
        throw new Error('The site has no site address.');
      },
      intervalMs: 10,
    });
    watch.start('p3', 'site');
    await until(() => (watch.view('p3')?.probes ?? 0) >= 1);
    await watch.close();
    expect(watch.view('p3')?.current).toMatchObject({ up: false, reason: 'The site has no site address.' });
  });
});
