/**
 * A year of history through the real renderer: procedures run on the lab and copied in real
 * shapes (test/harness/seed-history.ts) are found by search and filters in the history view,
 * home shows the recent ones and a site search; then the sites are exported and imported on
 * a fresh harness, where each card asks for credentials.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcedureSummary } from '../../shared/procedures/view';
import { cloneHistory, recordTemplates, seedSites } from '../harness/seed-history';
import { startHarness, type RunningHarness } from '../harness/server';
import { expectAccessible } from './support/axe';
import { startWorld, type World } from './support/world';

describe('history at scale and sites export/import (browser)', () => {
  let world: World;
  let all: ProcedureSummary[];

  beforeAll(async () => {
    world = await startWorld({ scenario: 'single', timeScale: 100_000, name: 'history' });
    const services = world.harness.services;
    const sites = await seedSites(services, 11);
    const templates = await recordTemplates(services, world.control);
    await services.flush();
    const lab = services.sites.list().filter((s) => s.isPracticeLab);
    await cloneHistory({ dataDir: world.dataDir, templates, sites: [...lab, ...sites], count: 57, now: Date.now() });
    // The services read the copies on start, as the app does after a restart.
    await world.restartHarness();
    all = world.harness.services.procedures.list();
  });

  afterAll(async () => {
    await world?.close();
  });

  const rows = (page: Page) => page.getByTestId('history-list').getByTestId('procedure-summary');

  it('finds procedures by search and filters, a page at a time, from home’s recent list', async () => {
    const { page } = world;
    expect(all).toHaveLength(60);
    await page.getByTestId('site-card').first().waitFor();
    // Home: twelve sites, so a site search; the eight most recent finished procedures; the way to all of them.
    expect(await page.getByTestId('site-count').textContent()).toBe('12 sites');
    await page.getByTestId('site-search').fill('bergen');
    await expect.poll(() => page.getByTestId('site-card').count()).toBe(1);
    expect(await page.getByTestId('site-card').textContent()).toContain('Bergen');
    expect(await page.getByTestId('site-count').textContent()).toBe('1 of 12 sites');
    await page.getByTestId('site-search').fill('');
    expect(await page.getByTestId('procedures-finished').getByTestId('procedure-summary').count()).toBe(8);
    await expectAccessible(page, 'home with history');

    await page.getByTestId('open-history').click();
    expect(await page.getByTestId('open-history').count()).toBe(0);
    await page.getByTestId('history-list').waitFor();
    expect(await page.getByTestId('history-count').textContent()).toBe('60 procedures');
    expect(await rows(page).count()).toBe(25);
    expect(await page.getByTestId('history-page').textContent()).toBe('Page 1 of 3');
    // Newest first.
    const newest = [...all].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]!;
    expect(await rows(page).first().getAttribute('data-procedure-id')).toBe(newest.id);
    await expectAccessible(page, 'history');

    // Search by site name.
    const bergen = all.filter((p) => p.siteName.includes('Bergen'));
    expect(bergen.length).toBeGreaterThan(0);
    await page.getByTestId('history-search').fill('bergen');
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe(`${bergen.length} of 60 procedures`);
    expect(await rows(page).count()).toBe(bergen.length);
    for (const text of await rows(page).allTextContents()) expect(text).toContain('Bergen');

    // Search by operator, then an outcome on top.
    await page.getByTestId('history-search').fill('sam rivera');
    const sam = all.filter((p) => p.operator === 'Sam Rivera');
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe(`${sam.length} of 60 procedures`);
    await page.getByTestId('history-outcome').selectOption('cancelled');
    const samCancelled = sam.filter((p) => p.status === 'cancelled');
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe(`${samCancelled.length} of 60 procedures`);
    for (const status of await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(status).toBe('cancelled');

    // The support end, across every site.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('history-outcome').selectOption('support');
    const support = all.filter((p) => p.status === 'support');
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe(`${support.length} of 60 procedures`);
    expect(support.length).toBeGreaterThan(0);
    await expectAccessible(page, 'history filtered');

    // A date range that holds nothing, then one site.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('history-from').fill('2001-01-01');
    await page.getByTestId('history-to').fill('2001-12-31');
    await page.getByTestId('history-none').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    const graz = all.find((p) => p.siteName.startsWith('Graz'))!;
    await page.getByTestId('history-site').selectOption(graz.siteId);
    const atGraz = all.filter((p) => p.siteId === graz.siteId);
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe(`${atGraz.length} of 60 procedures`);

    // Page 3 of the whole history, then one procedure opens.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByRole('button', { name: 'Older' }).click();
    expect(await page.getByTestId('history-page').textContent()).toBe('Page 3 of 3');
    expect(await rows(page).count()).toBe(10);
    await rows(page).first().getByRole('button', { name: /^Open / }).click();
    await page.getByTestId('procedure-screen').waitFor();
  });

  it('exports the sites and imports them on a fresh harness, where each asks for its credentials', async () => {
    const { page } = world;
    await page.goto(world.harness.url);
    await page.getByTestId('sites-export').click();
    await expect.poll(() => page.getByTestId('sites-transfer-outcome').textContent()).toMatch(/^11 sites exported to sites-\d{4}-\d{2}-\d{2}\.json, without passwords or API secrets\.$/);
    const [file] = readdirSync(join(world.dataDir, 'saved'));
    const exported = join(world.dataDir, 'saved', file!);

    const freshDir = mkdtempSync(join(tmpdir(), 'aua-history-fresh-'));
    let fresh: RunningHarness | undefined;
    try {
      fresh = await startHarness({ dataDir: freshDir, rendererDir: resolve('out/renderer'), pickFile: () => exported });
      await page.goto(fresh.url);
      await page.getByRole('heading', { name: 'No sites yet' }).waitFor();
      await page.getByTestId('sites-import').click();
      await expect.poll(() => page.getByTestId('sites-transfer-outcome').textContent()).toMatch(/^11 sites imported from sites-.*\.json\. Enter the credentials/);
      await expect.poll(() => page.getByTestId('credentials-needed').count()).toBe(11);
      await expectAccessible(page, 'home after import');
      // Once more: every site is already here.
      await page.getByTestId('sites-import').click();
      await expect.poll(() => page.getByTestId('sites-transfer-outcome').textContent()).toMatch(/^0 sites imported, 11 already here/);
      // Test connection asks for the credentials: the editor opens on that site.
      const card = page.getByTestId('site-card').first();
      const name = await card.getByRole('heading').textContent();
      await card.getByRole('button', { name: 'Test connection' }).click();
      await page.getByRole('heading', { name: new RegExp(`Edit ${name}`) }).waitFor();
      await expectAccessible(page, 'site editor after import');
    } finally {
      // The page lets go of the fresh harness first, so its server closes without waiting on the connection.
      await page.goto('about:blank');
      await fresh?.close();
      rmSync(freshDir, { recursive: true, force: true });
    }
  });
});
