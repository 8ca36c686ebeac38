/**
 * A real P1 against the lab, finished through the procedure host, gets its customer report:
 * printed by the system Chromium (the harness's PdfPrinter), kept in the vault with its SHA-256
 * and journaled. `pdftotext` shows the versions before and after, every backup's full SHA-256 and
 * the downtime the site watch measured; page 1 rendered by `pdftoppm` is not blank. A first print
 * that fails leaves a clear error and the procedure as it was; "Create the report again" works.
 */
import { AFTERCARE_CHECKS } from '../../shared/procedures/steps/aftercare-and-report/record';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab';
import { practiceLabSite } from '../../electron/lab/practice-site';
import { createSavedFiles } from '../../electron/services/files/saved-files';
import * as media from '../../electron/services/media';
import { createProcedureHost, type ProcedureHost } from '../../electron/services/procedures';
import { createReportService, type ReportService } from '../../electron/services/reports/report-service';
import { createSiteWatch, type SiteWatch } from '../../electron/services/site-watch/site-watch';
import { siteWatchTarget } from '../../electron/services/site-watch/site-target';
import { createVault, type Vault } from '../../electron/services/vault';
import { procedureDefinitions } from '../../shared/procedures/registry';
import type { UpgradeContext } from '../../shared/procedures/steps/context';
import type { ProcedureView } from '../../shared/procedures/view';
import { createChromiumPdfPrinter } from '../harness/desk-ports';
import { clientFactory, labSitesService } from './helpers/lab-actors';

const clock = { now: () => Date.now() };
const PASSPHRASE = 'Report test passphrase 42';

async function waitFor<T>(what: string, read: () => T | Promise<T>, ok: (value: T) => boolean, withinMs = 120_000): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('customer report of a real P1 against the lab', () => {
  let dir: string;
  let lab: RunningLab;
  let vault: Vault;
  let watch: SiteWatch;
  let host: ProcedureHost;
  let reports: ReportService;
  const printer = createChromiumPdfPrinter();
  let printsToFail = 1;
  let procedureId = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aua-report-'));
    lab = await startLab({ timeScale: 600, ports: { appliance: 0, updateServer: 0, control: 0, site: 0 } });
    const sites = labSitesService(dir);
    const site = await sites.upsertPracticeLab(practiceLabSite(lab));
    vault = await createVault({ dir: join(dir, 'vault'), clock });
    watch = createSiteWatch({ dataDir: dir, clock, target: siteWatchTarget(sites), intervalMs: 100 });
    reports = createReportService({
      procedures: { reportSource: (id) => host.reportSource(id), journal: (id) => host.journal(id), journalBytes: (id) => host.journalBytes(id), note: (id, e) => host.note(id, e), measureDowntime: (id, f, t) => host.measureDowntime(id, f, t), list: () => host.list() },
      vault,
      sites,
      pdf: {
        print: async (html) => {
          if (printsToFail-- > 0) throw new Error('the printer went away');
          return printer.print(html);
        },
      },
      savedFiles: createSavedFiles({ saveDialog: { chooseSavePath: async ({ suggestedName }) => join(dir, suggestedName) }, revealer: { showInFolder: async () => undefined }, vaultDir: vault.dir }),
      clock,
    });
    // The host as compose builds it, with the site watch given so this test can start it at the window.
    const onLab = { sites, siteAppliances: sites, vault, clientFactory, clock, media, drives: media.createFolderDriveLister([]) };
    host = createProcedureHost({ ...onLab, dataDir: dir, definitions: procedureDefinitions, operator: 'Alex Field', appVersion: '0.0.0-test', emit: () => undefined, timing: { pollIntervalMs: 100, siteWatchIntervalMs: 100 }, siteWatch: watch, onSettled: (id) => reports.settled(id) });

    const offers = (event: string) => (view: ProcedureView) => view.steps.find((s) => s.id === view.currentStepId)?.actions.some((a) => a.event === event) ?? false;
    const act = async (event: string, extra: { note?: string; value?: string } = {}) => {
      await waitFor(`the action ${event}`, () => host.get(procedureId), offers(event));
      await host.send(procedureId, { type: event, ...extra });
    };
    procedureId = (await host.start('P1', site.id)).id;
    await act('WINDOW_STARTED', { note: 'Users told by mail before the window.' });
    // The site watch over the window (started here in case the procedure does not start one itself; start is idempotent).
    watch.start(procedureId, site.id);
    await act('EXPORT', { value: PASSPHRASE });
    await act('CONFIRM');
    await act('CONFIRM');
    await act('START_INSTALL');
    // Client aftercare: the limit proposed and saved, the clients back, the original put back, all ticked.
    await act('PROPOSE', { value: '100' });
    await act('SET_LIMIT', { value: '40' });
    await act('CONFIRM');
    await act('RESTORE');
    await act('TICKED', { value: AFTERCARE_CHECKS.map((item) => item.id).join(',') });
    await waitFor('the procedure to be done', () => host.get(procedureId), (view) => view.status === 'done');
    watch.stop(procedureId);
  }, 240_000);

  afterAll(async () => {
    await reports?.close();
    await host?.stopAll();
    await printer.close();
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a failed print as a clear error, journaled, with the procedure untouched', async () => {
    const state = await waitFor('the first print to fail', () => reports.get(procedureId), (s) => s.printError !== null);
    expect(state.printError).toMatchObject({ code: 'REPORT_FAILED', message: expect.stringContaining('the printer went away'), hint: expect.stringContaining('Create the report again') });
    expect(state.pdf).toBeNull();
    expect(host.get(procedureId).status).toBe('done');
    expect((await host.journal(procedureId)).some((line) => line.event === 'REPORT_FAILED' && line.outcome === 'failed')).toBe(true);
  });

  it('creates the report again: a PDF in the vault, its SHA-256 recorded and journaled', async () => {
    const state = await reports.create(procedureId);
    expect(state.printError).toBeNull();
    const pdf = state.pdf;
    if (!pdf || !state.pdfPath) throw new Error('no PDF');
    expect(pdf).toMatchObject({ kind: 'report', state: 'ok' });
    expect(pdf.fileName).toMatch(new RegExp(`-${procedureId}-report\\.pdf$`));
    const bytes = readFileSync(state.pdfPath);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf.sha256);
    const saved = (await host.journal(procedureId)).filter((line) => line.event === 'REPORT_SAVED');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.checksums).toEqual({ [pdf.fileName]: pdf.sha256 });
    // Settled once: asking again keeps the one report.
    await reports.settled(procedureId);
    expect(vault.list({ kind: 'report' })).toHaveLength(1);
  });

  it('holds the versions before and after, every backup’s full SHA-256 and the measured downtime (pdftotext)', async () => {
    const { pdfPath } = await reports.get(procedureId);
    const text = execFileSync('pdftotext', ['-layout', pdfPath ?? '', '-'], { encoding: 'utf8' });
    const context = host.reportSource(procedureId).context as UpgradeContext;
    const before = context.versionsBefore;
    const lastSite = context.installed.filter((r) => r.pkg.kind === 'site').at(-1);
    expect(before).not.toBeNull();
    expect(lastSite).toBeDefined();
    expect(text).toContain(`Site ${before?.siteVersion} · Base ${before?.baseVersion}`);
    expect(text).toContain(`Site ${lastSite?.verifiedVersion}`);
    expect(context.backups.length).toBeGreaterThan(0);
    for (const backup of context.backups) expect(text).toContain(`SHA-256 ${backup.sha256}`);
    expect(text).toMatch(/Downtime measured by the site watch: \d[^.]* over the maintenance window\./);
    expect(text).not.toContain('Downtime measured by the site watch: not measured');
    expect(text).toContain('Outcome: Complete');
    expect(text).toContain('Maintenance window started at');
    expect(text).toContain('Customer contact');
    // The report vouches for the journal: the digest it prints is that of the procedure's last line on disk.
    const lines = readFileSync(join(dir, 'procedures', procedureId, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean);
    const last = lines.map((line, index) => ({ line, index })).filter(({ line }) => !line.includes('"REPORT_')).at(-1);
    expect(last).toBeDefined();
    const digest = createHash('sha256').update(last?.line ?? '').digest('hex');
    expect(text.replace(/\s+/g, ' ')).toContain(`Line ${(last?.index ?? 0) + 1} · SHA-256 ${digest}`);
  });

  it('renders page 1 as a finished page (pdftoppm), not a blank one', async () => {
    const { pdfPath } = await reports.get(procedureId);
    const out = join(dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath ?? '', out]);
    expect(statSync(`${out}.png`).size).toBeGreaterThan(5_000);
    // The same page in grey levels (PGM): a fair share of it is ink, not paper.
    execFileSync('pdftoppm', ['-gray', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath ?? '', out]);
    const pgm = readFileSync(`${out}.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error('not a PGM');
    const pixels = pgm.subarray(header[0].length);
    const ink = pixels.filter((value) => value < 200).length;
    expect(Number(header[1])).toBeGreaterThan(400);
    expect(ink / pixels.length).toBeGreaterThan(0.02);
  });
});
