/**
 * The report service on a real vault with a stand-in host and printer: one report per settled
 * procedure (also from start-up), none for one still running, Save as… of both formats, and no
 * new report once closed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../../shared/domain';
import type { ProcedureSummary, ProcedureView } from '../../../../../shared/procedures/view';
import { singleAutomaticProcedure } from '../../../../../shared/procedures/single-automatic/procedure';
import { createSavedFiles } from '../../../../../electron/services/files/saved-files';
import type { Meta } from '../../../../../electron/services/procedures/procedure-record';
import { createReportService, type ReportServiceDeps } from '../../../../../electron/services/reports/report-service';
import { createVault, type Vault } from '../../../../../electron/services/vault';
import { INPUT } from '../../../shared/procedures/helpers/single-automatic-fakes';
import { siteRecord } from '../../../helpers/site-record';

const clock = { now: () => Date.parse('2026-12-02T16:00:00.000Z') };
const PDF_BYTES = Buffer.from('%PDF-1.7 a tiny stand-in for a printed report');

let dir: string;
let vault: Vault;
let printed: string[];
let journal: JournalEntry[];
let status: ProcedureView['status'];

function fakeHost(ids: string[]): ReportServiceDeps['procedures'] {
  const viewOf = (id: string): ProcedureView => ({ id, kind: 'P1', title: 'Single appliance, automatic update', siteId: 'site-1', siteName: 'Practice lab', startedAt: '2026-12-02T15:00:00.000Z', updatedAt: '2026-12-02T15:40:00.000Z', status, currentStepId: null, steps: [] });
  return {
    reportSource: (id) => ({ meta: { version: 1, id, kind: 'P1', startedAt: '2026-12-02T15:00:00.000Z', input: { ...INPUT, procedureId: id } } satisfies Meta, definition: singleAutomaticProcedure, view: viewOf(id), context: undefined }),
    journal: async () => journal,
    journalBytes: async () => new Uint8Array(),
    note: async (_id, entry) => void journal.push(entry),
    measureDowntime: async () => null,
    list: () => ids.map((id) => ({ ...viewOf(id), currentStepTitle: null }) satisfies ProcedureSummary),
  };
}

function service(ids: string[]) {
  return createReportService({
    procedures: fakeHost(ids),
    vault,
    sites: { get: async () => siteRecord({ id: 'site-1', name: 'Practice lab', siteHostname: 'support.lab.example', applianceUrl: INPUT.applianceUrl }) },
    pdf: { print: async (html) => (printed.push(html), PDF_BYTES) },
    savedFiles: createSavedFiles({ saveDialog: { chooseSavePath: async ({ suggestedName }) => join(dir, suggestedName) }, revealer: { showInFolder: async () => undefined }, vaultDir: join(dir, 'vault') }),
    clock,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reports-'));
  vault = await createVault({ dir: join(dir, 'vault'), clock });
  printed = [];
  journal = [];
  status = 'done';
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('report service', () => {
  it('creates one report for each settled procedure at start-up, and only once', async () => {
    const reports = service(['P1-a', 'P1-b']);
    await reports.createMissing();
    await reports.settled('P1-a');
    expect(printed).toHaveLength(2);
    const kept = vault.list({ kind: 'report' }).map((entry) => entry.fileName.replace(/^[0-9a-f]{8}-/, '')).sort();
    expect(kept).toEqual(['P1-a-report.pdf', 'P1-b-report.pdf']);
    expect(journal.filter((line) => line.event === 'REPORT_SAVED')).toHaveLength(2);
    const state = await reports.get('P1-a');
    expect(state.pdf?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFile(state.pdfPath ?? '')).toEqual(PDF_BYTES);
    // The document shown is the one printed: same creation time, so the same text.
    expect(state.html).toBe(printed[0]);
  });

  it('refuses a report for a procedure still running, and prints nothing for it at start-up', async () => {
    status = 'active';
    const reports = service(['P1-a']);
    await reports.createMissing();
    expect(printed).toEqual([]);
    await expect(reports.get('P1-a')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('saves the PDF as kept in the vault and the HTML as shown', async () => {
    const reports = service(['P1-a']);
    await reports.settled('P1-a');
    const pdf = await reports.saveAs('P1-a', 'pdf');
    expect(pdf?.path).toBe(join(dir, 'P1-a-report.pdf'));
    expect(pdf?.sha256).toBe(vault.list({ kind: 'report' })[0]?.sha256);
    const html = await reports.saveAs('P1-a', 'html');
    expect(await readFile(html?.path ?? '', 'utf8')).toBe((await reports.get('P1-a')).html);
  });

  it('starts no report once closed', async () => {
    const reports = service(['P1-a']);
    await reports.close();
    await reports.settled('P1-a');
    await reports.createMissing();
    expect(printed).toEqual([]);
  });
});
