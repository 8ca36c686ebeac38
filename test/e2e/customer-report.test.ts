/**
 * A person finishes P1 on the practice lab, opens the Report tab and takes the customer report
 * away: the report is drawn styled in its sandboxed frame with no CSP violation, the screen passes
 * axe, "Save PDF as…" writes the PDF (the harness saves into <dataDir>/saved/), and pdftotext of
 * that saved file holds the versions before and after and every backup's full SHA-256.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpgradeContext } from '../../shared/procedures/steps/context';
import { expectAccessible } from './support/axe';
import { startWorld, type World } from './support/world';
import { completeSingleAutomaticUpdate } from './flows/single-automatic';

describe('customer report of a finished P1 (browser)', () => {
  let world: World;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    world = await startWorld({ scenario: 'single', timeScale: 600, name: 'report' });
    world.page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('shows the report, saves its PDF, and the saved PDF holds the versions and digests', async () => {
    const { page, harness, dataDir } = world;
    await completeSingleAutomaticUpdate(page);
    const procedureId = harness.services.procedures.list()[0]?.id ?? '';

    await page.getByRole('tab', { name: 'Report' }).click();
    const panel = page.getByTestId('report-panel');
    await panel.getByTestId('report-pdf').waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'report tab');

    // The document in the frame is styled by its own stylesheet (allowed by hash), not the browser's defaults.
    const title = page.frameLocator('[data-testid="report-frame"]').locator('h1');
    await title.waitFor();
    expect(await title.textContent()).toContain('Single appliance, automatic update');
    const heading = page.frameLocator('[data-testid="report-frame"]').locator('h2').first();
    expect(await heading.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(31, 78, 121)');
    expect(cspViolations).toEqual([]);

    // The PDF kept in the vault, its full SHA-256 shown.
    const vaultPdf = harness.services.vault.list({ kind: 'report' })[0];
    expect(vaultPdf?.fileName).toMatch(new RegExp(`-${procedureId}-report\\.pdf$`));
    expect(await panel.getByTestId('report-pdf').getByTestId('digest').getAttribute('data-value')).toBe(vaultPdf?.sha256);

    await panel.getByRole('button', { name: 'Save PDF as…' }).click();
    const savedPath = join(dataDir, 'saved', `${procedureId}-report.pdf`);
    await expect.poll(() => panel.getByTestId('report-saved-path').textContent().catch(() => null)).toBe(savedPath);
    const saved = readFileSync(savedPath);
    expect(createHash('sha256').update(saved).digest('hex')).toBe(vaultPdf?.sha256);

    await panel.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => harness.revealed.length).toBe(1);
    expect(harness.revealed[0]).toBe(harness.services.vault.filePath(vaultPdf?.id ?? ''));
    await expectAccessible(page, 'report tab after saving');

    const text = execFileSync('pdftotext', ['-layout', savedPath, '-'], { encoding: 'utf8' });
    const context = harness.services.procedures.reportSource(procedureId).context as UpgradeContext;
    expect(text).toContain(`Site ${context.versionsBefore?.siteVersion} · Base ${context.versionsBefore?.baseVersion}`);
    expect(text).toContain('Site 23.2.1 · Base 6.2.0');
    expect(context.backups).toHaveLength(2);
    for (const backup of context.backups) expect(text).toContain(`SHA-256 ${backup.sha256}`);
    expect(text).toMatch(/Downtime measured by the site watch: /);
  });
});
