/**
 * The customer report of a settled procedure: assembled from its record, journal and vault files,
 * rendered to one self-contained HTML document, printed to PDF through the PdfPrinter port and
 * kept in the vault (kind `report`, `<procedureId>-report.pdf`, SHA-256 recorded and journaled as
 * REPORT_SAVED). Created once when a procedure settles, at start-up for one settled in the last
 * week without a report, and otherwise when a report without a PDF is first opened; a failed print is kept as the report's error (journaled), the procedure untouched.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Site, VaultEntry } from '../../../shared/domain';
import { AppError, toAppErrorShape, type AppErrorShape } from '../../../shared/errors';
import type { CustomerReport, ReportFacts, ReportWindow } from '../../../shared/report/model';
import { renderReportHtml } from '../../../shared/report/render-html';
import { writeFileAtomic } from '../fs/atomic-write';
import type { SavedFile, SavedFiles } from '../files/saved-files';
import type { Clock, PdfPrinter } from '../ports';
import type { ProcedureHost } from '../procedures/host';
import type { Vault } from '../vault/vault';
import { assembleReport } from './report-assembly';

export interface ReportServiceDeps {
  procedures: Pick<ProcedureHost, 'reportSource' | 'journal' | 'journalBytes' | 'note' | 'measureDowntime' | 'list'>;
  vault: Vault;
  sites: { get(siteId: string): Promise<Site> };
  pdf: PdfPrinter;
  savedFiles: SavedFiles;
  clock: Clock;
}

export interface ReportState {
  html: string;
  /** The PDF in the vault; null until one was printed. */
  pdf: VaultEntry | null;
  pdfPath: string | null;
  /** Why the last attempt to create the PDF failed; null when it did not. */
  printError: AppErrorShape | null;
}

export interface ReportService {
  get(id: string): Promise<ReportState>;
  /** Prints the report again and keeps the new PDF (the previous one stays in the vault). */
  create(id: string): Promise<ReportState>;
  /** "Save as…" of the PDF (as kept in the vault) or the HTML; null when the operator cancelled. */
  saveAs(id: string, format: 'pdf' | 'html'): Promise<SavedFile | null>;
  /** A procedure settled: its report is created unless it has one. Never rejects. */
  settled(id: string): Promise<void>;
  /** Start-up: a report for each procedure settled in the last week without one (at most 20), one after another. Never rejects. */
  createMissing(): Promise<void>;
  /** Resolves once no report is being created. */
  whenIdle(): Promise<void>;
  /** Starts no further report (shutdown) and waits for the one being created. */
  close(): Promise<void>;
}

const EMPTY_FACTS: ReportFacts = { appliances: [], versions: [], windows: [], files: [] };

export const reportFileName = (id: string) => `${id}-report.pdf`;

/** Start-up prints the missing reports of procedures settled this recently, at most this many. */
const MISSING_REPORTS_WITHIN_MS = 7 * 24 * 3600_000;
const MISSING_REPORTS_AT_START = 20;

export function createReportService(deps: ReportServiceDeps): ReportService {
  const failures = new Map<string, AppErrorShape>();
  let closed = false;
  const creating = new Map<string, Promise<VaultEntry>>();
  const isoNow = () => new Date(deps.clock.now()).toISOString();

  const pdfOf = (id: string): VaultEntry | null =>
    deps.vault.list({ kind: 'report' }).find((entry) => entry.fileName.endsWith(`-${reportFileName(id)}`) && entry.state !== 'missing') ?? null;

  function entryOf(vaultId: string): VaultEntry | undefined {
    try {
      return deps.vault.get(vaultId);
    } catch {
      return undefined;
    }
  }

  async function siteOf(siteId: string): Promise<Site | null> {
    if (siteId === '') return null;
    return deps.sites.get(siteId).catch(() => null);
  }

  async function windowsOf(id: string, facts: ReportFacts, endedAt: string): Promise<ReportWindow[]> {
    return Promise.all(
      facts.windows.map(async (window): Promise<ReportWindow> => {
        if (window.downtime) return { ...window, downtime: window.downtime };
        if (!window.startedAt) return { ...window, downtime: { measured: false, reason: 'the window never started.' } };
        const to = window.endedAt ?? endedAt;
        const measure = await deps.procedures.measureDowntime(id, window.startedAt, to);
        if (!measure || measure.intervals.length === 0) {
          return { ...window, endedAt: to, downtime: { measured: false, reason: 'the site watch did not run during this window.' } };
        }
        const { from, downSeconds, unwatchedSeconds } = measure;
        return { ...window, endedAt: to, downtime: { measured: true, from, to: measure.to, downSeconds, unwatchedSeconds } };
      }),
    );
  }

  async function render(id: string, generatedAt: string): Promise<{ html: string; report: CustomerReport }> {
    const source = deps.procedures.reportSource(id);
    const site = await siteOf(source.meta.input.siteId);
    const siteInput = { siteAppliances: (site?.appliances ?? []).map((a) => ({ role: a.role, label: a.label, applianceUrl: a.applianceUrl })) };
    const facts = source.context !== undefined && source.definition.reportFacts ? source.definition.reportFacts(source.context, source.meta.input, siteInput) : EMPTY_FACTS;
    const report = assembleReport({
      view: source.view,
      journal: await deps.procedures.journal(id),
      journalBytes: await deps.procedures.journalBytes(id),
      facts,
      windows: await windowsOf(id, facts, source.view.updatedAt),
      operator: source.meta.input.operator,
      siteHostname: site?.siteHostname ?? null,
      generatedAt,
      vaultEntry: entryOf,
    });
    return { html: renderReportHtml(report), report };
  }

  async function printAndKeep(id: string): Promise<VaultEntry> {
    const source = deps.procedures.reportSource(id);
    const generatedAt = isoNow();
    const { html, report } = await render(id, generatedAt);
    let pdf: Buffer;
    try {
      pdf = await deps.pdf.print(html);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new AppError('REPORT_FAILED', `The report could not be printed to PDF: ${why}`, 'Create the report again; the procedure and its journal are kept as they are.');
    }
    const { input } = source.meta;
    const path = await deps.vault.reservePath('report', input.siteId || 'connected-side', reportFileName(id));
    await writeFileAtomic(path, pdf, { mode: 0o600 });
    const entry = await deps.vault.add({
      kind: 'report',
      siteId: input.siteId,
      siteName: input.siteName,
      appliance: input.applianceUrl,
      // The version the (first) appliance runs afterwards, as the vault lists each file with one.
      version: report.versions[0]?.after?.siteVersion ?? '',
      path,
      createdAt: generatedAt,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
    });
    await deps.procedures.note(id, {
      at: isoNow(),
      who: 'assistant',
      step: 'report',
      event: 'REPORT_SAVED',
      outcome: 'ok',
      detail: `Customer report kept in the vault: ${entry.fileName} (SHA-256 ${entry.sha256}).`,
      checksums: { [entry.fileName]: entry.sha256 },
    });
    return entry;
  }

  async function createOnce(id: string): Promise<VaultEntry> {
    const running = creating.get(id);
    if (running) return running;
    const attempt = printAndKeep(id)
      .then((entry) => {
        failures.delete(id);
        return entry;
      })
      .catch(async (error: unknown) => {
        const shape = toAppErrorShape(error);
        failures.set(id, shape);
        await deps.procedures
          .note(id, { at: isoNow(), who: 'assistant', step: 'report', event: 'REPORT_FAILED', outcome: 'failed', detail: `${shape.message} ${shape.hint}` })
          .catch(() => undefined);
        throw error;
      })
      .finally(() => creating.delete(id));
    creating.set(id, attempt);
    return attempt;
  }

  function settledOrRefuse(id: string): void {
    const { view } = deps.procedures.reportSource(id);
    if (view.status === 'active') {
      throw new AppError('INVALID_INPUT', 'This procedure is still in progress, so it has no report yet.', 'Finish or cancel the procedure; its report is then created by itself.');
    }
  }

  const service: ReportService = {
    async get(id) {
      settledOrRefuse(id);
      // Settled before reports existed, or long ago: printed now, once.
      if (!closed && !pdfOf(id) && !failures.has(id)) await createOnce(id).catch(() => undefined);
      const pdf = pdfOf(id);
      // The document shown is the one printed: same facts, same creation time.
      return { html: (await render(id, pdf?.createdAt ?? isoNow())).html, pdf, pdfPath: pdf ? deps.vault.filePath(pdf.id) : null, printError: pdf ? null : (failures.get(id) ?? null) };
    },
    async create(id) {
      settledOrRefuse(id);
      await createOnce(id).catch(() => undefined);
      return service.get(id);
    },
    async saveAs(id, format) {
      const state = await service.get(id);
      if (format === 'html') {
        return (await deps.savedFiles.saveAs({ title: 'Save the report as HTML', suggestedName: `${id}-report.html`, extensions: ['html'], content: state.html })) ?? null;
      }
      if (!state.pdf || !state.pdfPath) {
        throw new AppError('REPORT_FAILED', 'There is no PDF of this report yet.', 'Use “Create the report again” first.');
      }
      const content = await readFile(state.pdfPath);
      return (await deps.savedFiles.saveAs({ title: 'Save the report as PDF', suggestedName: reportFileName(id), extensions: ['pdf'], content })) ?? null;
    },
    async settled(id) {
      if (closed || pdfOf(id)) return;
      await createOnce(id).catch(() => undefined);
    },
    async createMissing() {
      // Only the recently settled (a crash between the end and the print): a year of history is
      // not printed at every start; an older procedure's report is printed when it is first opened.
      const since = deps.clock.now() - MISSING_REPORTS_WITHIN_MS;
      const recent = deps.procedures
        .list()
        .filter((summary) => summary.status !== 'active' && Date.parse(summary.updatedAt) >= since)
        .slice(0, MISSING_REPORTS_AT_START);
      for (const summary of recent) await service.settled(summary.id);
    },
    async whenIdle() {
      await Promise.all([...creating.values()].map((attempt) => attempt.catch(() => undefined)));
    },
    async close() {
      closed = true;
      await service.whenIdle();
    },
  };
  return service;
}
