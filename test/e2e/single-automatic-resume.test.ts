/**
 * The services are killed (SIGKILL, as a crash or a pulled power cord would) while the
 * appliance installs; restarted on the same data, the procedure is at the same step with its
 * journal intact, waits for the install it already started (never starting it twice) and
 * finishes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../electron/services/procedures/journal';
import { launchBrowser } from './support/browser';
import { labControl, type LabControl } from './support/lab-control';
import { spawnUntil, stop, type Spawned } from './support/processes';
import { currentStep, finishAfterInstall, prepareAndStartInstall, startSingleAutomaticUpdate, waitForStep } from './flows/single-automatic';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('P1 survives the services being killed mid-install (browser)', () => {
  let labProcess: Spawned;
  let labInfo: string;
  let control: LabControl;
  let harness: Spawned | undefined;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let port: number;

  const startServices = async () =>
    spawnUntil(
      ['test/harness/cli.ts', '--data-dir', dataDir, '--port', String(port), '--lab-info', labInfo, '--poll-ms', '200'],
      'HARNESS_URL',
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aua-resume-'));
    port = await freePort();
    labProcess = await spawnUntil(['test/harness/lab-process.ts'], 'LAB_INFO', { LAB_TIME_SCALE: '100' });
    labInfo = labProcess.value;
    const info = JSON.parse(labInfo) as { controlUrl: string; certificatePem: string };
    control = labControl(info.controlUrl, info.certificatePem);
    harness = await startServices();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(harness.value);
  });

  afterAll(async () => {
    await browser?.close();
    if (harness) await stop(harness.child);
    if (labProcess) await stop(labProcess.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes at the same step with nothing lost', async () => {
    await startSingleAutomaticUpdate(page);
    const procedureId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    await prepareAndStartInstall(page);

    // Wait until the appliance is installing the site package, then kill the services.
    await expect
      .poll(async () => (await control.state()).appliances.A as unknown as { installing?: { updateId: string } }, { timeout: 60_000, interval: 100 })
      .toMatchObject({ installing: { updateId: 'site-23.2.1' } });
    const procedureDir = join(dataDir, 'procedures', procedureId);
    const journalBefore = parseJournal(readFileSync(join(procedureDir, 'journal.jsonl'), 'utf8'));
    await stop(harness!.child, 'SIGKILL');
    harness = undefined;
    await page.locator('html[data-bridge="closed"]').waitFor();

    const snapshot = JSON.parse(readFileSync(join(procedureDir, 'snapshot.json'), 'utf8')) as { value: unknown };
    expect(JSON.stringify(snapshot.value)).toContain('install');

    harness = await startServices();
    await page.reload();
    await waitForStep(page, 'install');
    expect(await currentStep(page).getAttribute('data-status')).toBe('active');
    const items = currentStep(page).getByTestId('step-item');
    expect(await items.first().getAttribute('data-status')).toBe('done'); // Base, verified before the kill

    await finishAfterInstall(page);

    const journalAfter = parseJournal(readFileSync(join(procedureDir, 'journal.jsonl'), 'utf8'));
    expect(journalAfter.slice(0, journalBefore.length)).toEqual(journalBefore);
    expect(journalAfter.some((entry) => entry.event === 'RESUMED')).toBe(true);
    const lab = (await control.state()).appliances.A as unknown as { siteVersion: string; installed: { updateId: string }[] };
    expect(lab.siteVersion).toBe('23.2.1');
    // The install that was under way when the services died was waited for, not started again.
    expect(lab.installed.map((i) => i.updateId)).toEqual(['base-6.2.0', 'site-23.2.1']);
  });
});
