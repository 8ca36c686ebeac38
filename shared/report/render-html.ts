/**
 * The customer report as one self-contained HTML document: its own CSP (nothing but the
 * report's stylesheet, by hash, and data: images), no scripts, nothing remote, every text
 * escaped. The same document is shown in the Report tab and printed to the PDF kept in the vault.
 */
import { formatDuration } from '../durations';
import { formatBytes } from '../sizes';
import type { CustomerReport, ReportDowntime, ReportFile, ReportStepStatus, ReportVersionPair, ReportWindow } from './model';
import { REPORT_STYLE, REPORT_STYLE_HASH } from './report-style';

export const REPORT_CSP = `default-src 'none'; style-src ${REPORT_STYLE_HASH}; img-src data:`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** "2026-12-02 15:36:07 UTC": the same on every computer that opens the report. */
export function formatReportTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function downtimeWords(downtime: ReportDowntime): string {
  if (!downtime.measured) return `Not measured: ${downtime.reason}`;
  const unwatched = downtime.unwatchedSeconds > 0 ? `; ${formatDuration(downtime.unwatchedSeconds)} of it not watched` : '';
  return `${formatDuration(downtime.downSeconds)} down${unwatched}`;
}

/** The one line that sums up the downtime of every window. */
export function downtimeSummary(windows: readonly ReportWindow[]): string {
  const measured = windows.flatMap((window) => (window.downtime.measured ? [window.downtime] : []));
  if (measured.length === 0) return 'Downtime measured by the site watch: not measured.';
  const down = measured.reduce((sum, each) => sum + each.downSeconds, 0);
  const over = measured.length === 1 ? 'the maintenance window' : `${measured.length} maintenance windows`;
  const missing = windows.length > measured.length ? ` (${windows.length - measured.length} not measured)` : '';
  return `Downtime measured by the site watch: ${formatDuration(down)} over ${over}${missing}.`;
}

const STATUS_WORDS: Record<ReportStepStatus, string> = {
  done: 'Done',
  failed: 'Failed',
  blocked: 'Blocked',
  pending: 'Not done',
  skipped: 'Skipped',
  active: 'Under way',
};

const e = escapeHtml;
const versionWords = (pair: ReportVersionPair | null) => (pair ? `Site ${e(pair.siteVersion || 'none')} · Base ${e(pair.baseVersion || 'none')}` : '<span class="muted">not read</span>');
/** A table with fixed column widths (per cent), so long words wrap inside their column on A4. */
const table = (head: string[], rows: string[], widths: number[]) =>
  `<table><colgroup>${widths.map((w) => `<col class="w${w}">`).join('')}</colgroup><thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;

const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b/g;

/** A sentence from main with its ISO times read as the report's times are. */
const prose = (text: string) => e(text.replace(ISO_IN_TEXT, (iso) => formatReportTime(iso)));

const span = (from: string | null, to: string | null, none: string) => (from === null && to === null ? none : `${formatReportTime(from)} – ${formatReportTime(to)}`);
const none = (text: string) => `<p class="muted">${e(text)}</p>`;

function headerSection(report: CustomerReport): string {
  const { procedure, site } = report;
  const facts: [string, string][] = [
    ['Site', site.name],
    ...(site.hostname ? ([['Site hostname', site.hostname]] as [string, string][]) : []),
    ['Procedure', `${procedure.kind} · ${procedure.title}`],
    ['Procedure id', procedure.id],
    ['Started', formatReportTime(procedure.startedAt)],
    ['Ended', formatReportTime(procedure.endedAt)],
    ['Technician', report.technician],
    ['Report created', formatReportTime(report.generatedAt)],
  ];
  return `<header class="title">
<p class="kicker">Customer report · Appliance upgrade</p>
<h1>${e(procedure.title)} — ${e(site.name)}</h1>
<p><span class="outcome outcome--${e(procedure.status)}">Outcome: ${e(procedure.outcome)}</span></p>
<dl class="facts">${facts.map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`).join('')}</dl>
</header>`;
}

function appliancesSection(report: CustomerReport): string {
  const rows = report.appliances.map((a) => `<tr><td>${e(a.name)}</td><td>${e(a.address)}</td><td>${e(a.role)}</td><td>${e(a.serial ?? '—')}</td></tr>`);
  const versions = report.versions.map((v) => `<tr><td>${e(v.appliance)}</td><td>${versionWords(v.before)}</td><td>${versionWords(v.after)}</td></tr>`);
  return `<section><h2>Site and appliances</h2>${rows.length ? table(['Appliance', 'Address', 'Role', 'Serial'], rows, [22, 30, 30, 18]) : none('No appliance: this procedure ran away from the site.')}
<h2>Versions before and after</h2>${versions.length ? table(['Appliance', 'Before', 'After'], versions, [30, 35, 35]) : none('This procedure changes no appliance’s version.')}</section>`;
}

function windowsSection(report: CustomerReport): string {
  const rows = report.windows.map(
    (w) =>
      `<tr><td>${e(w.label)}</td><td>${e(span(w.plannedStart, w.plannedEnd, 'Not planned ahead'))}</td><td>${e(span(w.startedAt, w.endedAt, 'Not started'))}</td><td class="downtime">${e(downtimeWords(w.downtime))}</td></tr>`,
  );
  return `<section><h2>Maintenance windows and downtime</h2><p class="downtime">${e(downtimeSummary(report.windows))}</p>${
    rows.length ? table(['Window', 'Planned', 'Actual', 'Downtime'], rows, [18, 27, 27, 28]) : none('No maintenance window was started.')
  }</section>`;
}

function stepsSection(report: CustomerReport): string {
  const rows = report.steps.map(
    (s) =>
      `<tr><td class="num">${s.number}</td><td>${e(s.title)}</td><td class="status status--${e(s.status)}">${e(STATUS_WORDS[s.status])}</td><td>${e(s.who ?? '—')}</td><td class="num">${e(formatReportTime(s.at))}</td><td>${prose(s.outcome)}</td></tr>`,
  );
  return `<section><h2>Steps</h2>${table(['#', 'Step', 'Result', 'Who', 'When', 'Details'], rows, [5, 18, 10, 11, 14, 42])}</section>`;
}

function notesSection(report: CustomerReport): string {
  const rows = report.notes.map((n) => `<tr><td class="num">${e(formatReportTime(n.at))}</td><td>${e(n.who)}</td><td>${e(n.step)}</td><td>${prose(n.text)}</td></tr>`);
  return `<section><h2>Operator notes and confirmations</h2>${rows.length ? table(['When', 'Who', 'Step', 'Note'], rows, [14, 11, 17, 58]) : none('The operator left no notes.')}</section>`;
}

function fileRows(file: ReportFile): string {
  const size = file.size === null ? '—' : formatBytes(file.size);
  // The digest has a row of its own, so it never wraps and reads (and copies) whole.
  return `<tr><td>${e(file.label)}</td><td class="mono">${e(file.fileName)}</td><td class="num">${e(size)}</td><td class="num">${e(formatReportTime(file.at))}</td></tr><tr><td colspan="4" class="mono digest">SHA-256 ${e(file.sha256)}</td></tr>`;
}

function filesSection(report: CustomerReport): string {
  return `<section><h2>Backups, certificates and other files</h2>${
    report.files.length ? table(['What', 'File', 'Size', 'When'], report.files.map(fileRows), [36, 34, 12, 18]) : none('This procedure kept no files.')
  }</section>`;
}

function journalSection(report: CustomerReport): string {
  const journal = report.journal;
  if (!journal) return `<section><h2>The journal</h2>${none('The journal of this procedure carries no chain of digests, so this report cannot vouch for it.')}</section>`;
  return `<section><h2>The journal</h2><p>${e(
    `${journal.lines} ${journal.lines === 1 ? 'line' : 'lines'} when this report was made. Each line carries the SHA-256 of the line before, so the digest of line ${journal.lines} below vouches for every line up to it: an export of this journal that passes “npm run verify-journal” and holds this digest at line ${journal.lines} is the journal this report describes.`,
  )}</p><table class="grid"><tbody><tr><td class="mono digest">Line ${e(String(journal.lines))} · SHA-256 ${e(journal.head)}</td></tr></tbody></table></section>`;
}

function rulesSection(report: CustomerReport): string {
  const rows = report.rules.map((r) => `<tr><td class="num">${e(r.code)}</td><td>${e(r.meaning)}</td><td>${e(r.steps.join(', '))}</td></tr>`);
  return `<section><h2>Rules checked</h2>${rows.length ? table(['Rule', 'What it means', 'Checked at'], rows, [7, 58, 35]) : none('No rule applied to the steps taken.')}</section>`;
}

function openItemsSection(report: CustomerReport): string {
  return `<section><h2>Open items</h2>${
    report.openItems.length ? `<ul class="open">${report.openItems.map((item) => `<li>${e(item)}</li>`).join('')}</ul>` : none('Nothing is left open.')
  }</section>`;
}

function signOffSection(report: CustomerReport): string {
  return `<section class="signoff"><h2>Sign-off</h2><div class="signoff__grid">
<div class="signoff__box"><h3>Technician</h3><p>${e(report.technician)}</p><p>Date: ${e(formatReportTime(report.procedure.endedAt).slice(0, 10))}</p><div class="line"></div><p class="line-label">Signature</p></div>
<div class="signoff__box"><h3>Customer contact</h3><div class="line"></div><p class="line-label">Name</p><div class="line"></div><p class="line-label">Date and signature</p></div>
</div></section>`;
}

export function renderReportHtml(report: CustomerReport): string {
  const body = [
    headerSection(report),
    appliancesSection(report),
    windowsSection(report),
    stepsSection(report),
    notesSection(report),
    filesSection(report),
    journalSection(report),
    rulesSection(report),
    openItemsSection(report),
    signOffSection(report),
    `<footer>Made by the Appliance Upgrade Assistant from the record and journal of procedure ${e(report.procedure.id)}. Times are UTC.</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`Report ${report.procedure.id} — ${report.site.name}`)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
