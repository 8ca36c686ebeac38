/**
 * A person finishes P1, verifies the journal in the Journal tab, exports it as JSONL into
 * "Save as…", and anyone holding the file checks it with `npm run verify-journal` (a copy with
 * one line changed fails). At the support end the support bundle is created, saved and carries
 * no secret.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipEntries } from '../unit/helpers/zip-entries';
import { expectAccessible } from './support/axe';
import { startWorld, type World } from './support/world';
import { CERTIFICATE_PASSPHRASE, completeSingleAutomaticUpdate, prepareAndStartInstall, startSingleAutomaticUpdate } from './flows/single-automatic';

function verifyJournalCli(file: string) {
  const result = spawnSync('npm', ['run', '--silent', 'verify-journal', '--', file], { cwd: resolve('.'), encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('the journal that proves itself (browser)', () => {
  let world: World;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    world = await startWorld({ scenario: 'single', timeScale: 300, name: 'journal' });
    ({ page, dataDir } = world);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('verifies the journal after P1, exports it as JSONL, and the export passes verify-journal while a changed copy fails', async () => {
    await completeSingleAutomaticUpdate(page);
    await page.getByRole('tab', { name: /Journal/ }).click();
    await page.getByRole('button', { name: 'Verify journal' }).click();
    const verdict = page.getByTestId('journal-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    expect(await verdict.textContent()).toMatch(/\d+ lines, chain intact/);
    const head = await verdict.getByTestId('digest').getAttribute('data-value');
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    await expectAccessible(page, 'journal verified');

    await page.getByRole('button', { name: 'Export JSONL…' }).click();
    const saved = page.getByTestId('saved-file');
    await saved.waitFor();
    const path = (await saved.getAttribute('data-path'))!;
    expect(dirname(path)).toBe(join(dataDir, 'saved'));
    expect(path).toMatch(/practice-lab-P1-\d{4}-\d\d-\d\d-journal\.jsonl$/);
    expect(existsSync(path)).toBe(true);
    await saved.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => world.harness.revealed).toContain(path);
    await expectAccessible(page, 'journal exported');

    const good = verifyJournalCli(path);
    expect(good.out).toMatch(new RegExp(`^OK: \\d+ lines, chain intact, sealed, head ${head}$`, 'm'));
    expect(good.code).toBe(0);

    const lines = readFileSync(path, 'utf8').split('\n');
    const changedAt = lines.findIndex((l) => l.includes('"BACKUP_TAKEN"'));
    expect(changedAt).toBeGreaterThan(0);
    lines[changedAt] = lines[changedAt]!.replace('"outcome":"ok"', '"outcome":"info"');
    const tampered = join(dataDir, 'tampered-journal.jsonl');
    writeFileSync(tampered, lines.join('\n'));
    const bad = verifyJournalCli(tampered);
    expect(bad.out).toMatch(new RegExp(`^FAILED at line ${changedAt + 1}: Line ${changedAt + 1} was changed`, 'm'));
    expect(bad.code).toBe(1);
  });

  it('at the support end offers the support bundle prominently: created in the vault, saved, and holding no secret', async () => {
    await world.control.post('/lab/reset', { scenario: 'single' });
    await world.control.fault('base-install-failure', true);
    await page.goto(world.harness.url);
    await startSingleAutomaticUpdate(page);
    await prepareAndStartInstall(page);
    await page.locator('[data-testid="procedure-screen"][data-status="support"]').waitFor({ timeout: 120_000 });

    const panel = page.getByTestId('support-bundle');
    await panel.getByRole('heading', { name: 'Send this to technical support' }).waitFor();
    await panel.getByRole('button', { name: 'Create support bundle' }).click();
    const made = panel.getByTestId('support-bundle-made');
    await made.waitFor({ timeout: 30_000 });
    const zipSha = await made.getByTestId('digest').getAttribute('data-value');
    const [entry] = world.harness.services.vault.list({ kind: 'support-bundle' });
    expect(entry).toMatchObject({ sha256: zipSha, state: 'ok' });
    await expectAccessible(page, 'support bundle created');

    await made.getByRole('button', { name: 'Save as…' }).click();
    const saved = panel.getByTestId('saved-file');
    await saved.waitFor();
    const path = (await saved.getAttribute('data-path'))!;
    expect(dirname(path)).toBe(join(dataDir, 'saved'));
    await made.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => world.harness.revealed).toContain(world.harness.services.vault.filePath(entry!.id));

    const files = await zipEntries(path);
    expect([...files.keys()].filter((n) => n.startsWith('diagnostics/'))).toHaveLength(1);
    const secrets = [CERTIFICATE_PASSPHRASE, ...Object.entries(world.lab.credentials).filter(([k]) => /secret|password/i.test(k)).map(([, v]) => String(v))];
    expect(secrets.length).toBeGreaterThan(1);
    for (const [name, content] of files) for (const secret of secrets) expect(content.includes(secret), `${name} holds a secret`).toBe(false);
  });
});
