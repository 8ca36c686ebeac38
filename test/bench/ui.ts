/**
 * `npm run bench -- ui`: the app with a year of history. Seeds a data folder with 100 sites and
 * 1 000 finished procedures in real shapes (test/harness/seed-history.ts: three P1 run through
 * the services against the lab, then copied with new ids, sites and dates), starts the harness
 * on it in its own process and the system Chromium on the app, and reports:
 *   start-up to first paint   services started + page load to first contentful paint (< 1 s)
 *   home render               first render with data to commit, User Timing `home-render` (< 200 ms)
 *   history filter            an input changed to the committed list, `history-filter` (< 50 ms)
 *   memory                    the harness process's RSS (and peak), the page's JS heap
 * It asserts nothing. UI_BENCH_RUNS (default 5) page loads are measured; medians are printed.
 * UI_BENCH_DATA=DIR seeds DIR once and keeps it, so later runs measure the same data.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startLab } from '../../electron/lab';
import { launchBrowser } from '../e2e/support/browser';
import { labControl } from '../e2e/support/lab-control';
import { spawnUntil, stop } from '../e2e/support/processes';
import { practiceLabSite } from '../harness/practice-lab-site';
import { startHarness } from '../harness/server';
import { cloneHistory, recordTemplates, seedSites } from '../harness/seed-history';

const SITES = 100;
const PROCEDURES = 1000;
const RUNS = Math.max(1, Number(process.env.UI_BENCH_RUNS ?? 5));
const MB = 1024 * 1024;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

async function seed(dir: string): Promise<void> {
  const lab = await startLab({ scenario: 'single', timeScale: 100_000, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
  const harness = await startHarness({ dataDir: dir, rendererDir: resolve('out/renderer'), practiceLab: practiceLabSite(lab), timing: { pollIntervalMs: 50 } });
  try {
    const sites = await seedSites(harness.services, SITES - 1);
    const templates = await recordTemplates(harness.services, labControl(lab.controlUrl, lab.certificatePem));
    await harness.services.flush();
    await cloneHistory({ dataDir: dir, templates, sites: [...harness.services.sites.list().filter((s) => s.isPracticeLab), ...sites], count: PROCEDURES - templates.length, now: Date.now() });
  } finally {
    await harness.close();
    await lab.close();
  }
}

async function timing(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration), name);
}

async function jsHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / MB;
}

const kept = process.env.UI_BENCH_DATA;
const dir = kept ? resolve(kept) : mkdtempSync(join(tmpdir(), 'aua-bench-ui-'));
console.log(`UI benchmark: ${SITES} sites, ${PROCEDURES} finished procedures, data folder ${dir}`);
if (!existsSync(join(dir, 'procedures'))) {
  mkdirSync(dir, { recursive: true });
  const seeded = performance.now();
  await seed(dir);
  console.log(`Seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s.`);
}

// The same harness on an empty data folder: what memory the history itself adds.
const emptyDir = mkdtempSync(join(tmpdir(), 'aua-bench-ui-empty-'));
const empty = await spawnUntil(['test/bench/ui-harness.ts', emptyDir], 'UI_HARNESS', {}, 120_000);
const emptyRss = statusKb(empty.child.pid!, 'VmRSS') / 1024;
await stop(empty.child);
rmSync(emptyDir, { recursive: true, force: true });

const child = await spawnUntil(['test/bench/ui-harness.ts', dir], 'UI_HARNESS', {}, 120_000);
const browser = await launchBrowser();
try {
  const info = JSON.parse(child.value) as { url: string; servicesMs: number; readBytes: number; listColdMs: number; listWarmMs: number; listRoutedMs: number; listBytes: number; procedures: number; sites: number };
  const loads: { fcp: number; homeRender: number; homeShown: number }[] = [];
  let homeElements = 0;
  let page: Page | undefined;
  for (let run = 0; run < RUNS; run++) {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(info.url);
    await page.waitForFunction(() => performance.getEntriesByName('home-render').length > 0 && performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 60_000 });
    loads.push(
      await page.evaluate(() => {
        const render = performance.getEntriesByName('home-render')[0]!;
        return { fcp: performance.getEntriesByName('first-contentful-paint')[0]!.startTime, homeRender: render.duration, homeShown: render.startTime + render.duration };
      }),
    );
    homeElements = await page.evaluate(() => document.querySelectorAll('*').length);
  }
  page = page!;
  const homeHeap = await jsHeapMb(page);

  await page.getByTestId('open-history').click();
  await page.getByTestId('history-list').waitFor();
  const historyRender = (await timing(page, 'history-render'))[0] ?? Number.NaN;
  const search = page.getByTestId('history-search');
  await search.pressSequentially('lyon', { delay: 120 });
  await page.getByTestId('history-outcome').selectOption('cancelled');
  await page.getByTestId('history-from').fill(new Date(Date.now() - 180 * 24 * 3600_000).toISOString().slice(0, 10));
  await search.fill('');
  await page.getByTestId('history-site').selectOption({ index: 3 });
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForTimeout(300);
  const filters = await timing(page, 'history-filter');
  const rows = await page.getByTestId('procedure-summary').count();
  const count = await page.getByTestId('history-count').textContent();
  const historyElements = await page.evaluate(() => document.querySelectorAll('*').length);
  const historyHeap = await jsHeapMb(page);
  const rss = statusKb(child.child.pid!, 'VmRSS') / 1024;
  const peak = statusKb(child.child.pid!, 'VmHWM') / 1024;

  const startup = info.servicesMs + median(loads.map((l) => l.fcp));
  console.log(`\n${info.sites} sites, ${info.procedures} procedures; medians of ${RUNS} page loads; history shows ${rows} rows (“${count}”).\n`);
  console.log('| measure | figure | target |');
  console.log('| --- | --- | --- |');
  console.log(`| start-up to first paint (services ${info.servicesMs.toFixed(0)} ms + first contentful paint ${median(loads.map((l) => l.fcp)).toFixed(0)} ms) | ${startup.toFixed(0)} ms | < 1 000 ms |`);
  console.log(`| home shown with data, from navigation | ${median(loads.map((l) => l.homeShown)).toFixed(0)} ms | — |`);
  console.log(`| home render (first render with data → commit) | ${median(loads.map((l) => l.homeRender)).toFixed(1)} ms | < 200 ms |`);
  console.log(`| history first render | ${historyRender.toFixed(1)} ms | — |`);
  console.log(`| history filter, ${filters.length} changes (median / worst) | ${median(filters).toFixed(1)} / ${Math.max(...filters).toFixed(1)} ms | < 50 ms |`);
  console.log(`| procedures.list in main, nothing cached / cached | ${info.listColdMs.toFixed(1)} / ${info.listWarmMs.toFixed(2)} ms | — |`);
  console.log(`| procedures.list through the router (contract check), answer size | ${info.listRoutedMs.toFixed(1)} ms, ${(info.listBytes / 1024).toFixed(0)} KiB | — |`);
  console.log(`| bytes read by start-up | ${(info.readBytes / MB).toFixed(1)} MB | — |`);
  console.log(`| harness RSS (peak); with an empty data folder | ${rss.toFixed(0)} MB (${peak.toFixed(0)} MB); ${emptyRss.toFixed(0)} MB | — |`);
  console.log(`| page JS heap, home / history | ${homeHeap.toFixed(1)} / ${historyHeap.toFixed(1)} MB | — |`);
  console.log(`| DOM elements, home / history | ${homeElements} / ${historyElements} | — |`);
} finally {
  await browser.close();
  await stop(child.child);
  if (!kept) rmSync(dir, { recursive: true, force: true });
}
