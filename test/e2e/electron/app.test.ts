/**
 * The Electron suite: the same person-level checks through the real window, preload and IPC.
 * Runs where the Electron runtime is installed; elsewhere it is skipped with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSingleAutomaticUpdate } from '../flows/single-automatic';
import { findElectronRuntime } from './electron-runtime';

const runtime = findElectronRuntime();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = runtime.reason ?? (noDisplay ? 'no display (set DISPLAY, e.g. run under xvfb-run).' : undefined);
if (skipReason) console.log(`[electron e2e] skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'aua-electron-'));
    app = await _electron.launch({
      executablePath: runtime.path!,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '.'],
      env: { ...process.env, AUA_USER_DATA: userData } as Record<string, string>,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('isolates the page: no node, only the typed bridge', async () => {
    const exposed = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      assistant: Object.keys((window as unknown as { assistant: object }).assistant).sort(),
      popup: window.open('https://example.invalid/') === null,
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', assistant: ['invoke', 'on'], popup: true });
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const web = BrowserWindow.getAllWindows()[0]!.webContents;
      return { url: web.getURL() };
    });
    expect(prefs.url.startsWith('app://renderer/')).toBe(true);
  });

  it('refuses a call with invalid input through the real preload', async () => {
    const reply = await page.evaluate(() =>
      (window as unknown as { assistant: { invoke: (c: string, i: unknown) => Promise<unknown> } }).assistant.invoke('sites.remove', { id: '' }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('completes a single-appliance automatic update on the practice lab', async () => {
    await completeSingleAutomaticUpdate(page);
  });
});
