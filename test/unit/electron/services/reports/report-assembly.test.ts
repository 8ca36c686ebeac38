/**
 * The report's assembly for P1 from real machine snapshots (replayed with fake actors, round-
 * tripped through JSON as the host keeps them): done, cancelled and ended at support.
 */
import type { EventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { JournalEntry, VaultEntry } from '../../../../../shared/domain';
import type { SnapshotLike } from '../../../../../shared/procedures/definition';
import { singleAutomaticProcedure } from '../../../../../shared/procedures/single-automatic/procedure';
import type { ProcedureView } from '../../../../../shared/procedures/view';
import { renderReportHtml } from '../../../../../shared/report/render-html';
import { assembleReport, openItemsOf, outcomeWords } from '../../../../../electron/services/reports/report-assembly';
import { BACKUP_AT, BASE, DIAGNOSTICS, INPUT, SITE, errors } from '../../../shared/procedures/helpers/single-automatic-fakes';
import { toBaseInstalling, toDone, toPlanReady } from '../../../shared/procedures/helpers/single-automatic-journeys';
import { done, failed, operator, replay } from '../../../shared/procedures/helpers/single-automatic-model';

const SITE_INPUT = { siteAppliances: [{ role: 'current', label: 'Lab B300', applianceUrl: 'https://127.0.0.1:9443' }] };

async function settledAfter(events: readonly EventObject[]) {
  const { actor } = await replay(events);
  const snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as SnapshotLike;
  actor.stop();
  const view: ProcedureView = {
    id: INPUT.procedureId,
    kind: 'P1',
    title: singleAutomaticProcedure.title,
    siteId: INPUT.siteId,
    siteName: INPUT.siteName,
    startedAt: '2025-06-01T19:55:00.000Z',
    updatedAt: '2025-06-01T21:00:00.000Z',
    ...singleAutomaticProcedure.view(snapshot, INPUT),
  };
  const facts = singleAutomaticProcedure.reportFacts?.(snapshot.context, INPUT, SITE_INPUT);
  if (!facts) throw new Error('P1 supplies no report facts');
  return { view, facts, context: snapshot.context };
}

const journal: JournalEntry[] = [
  { at: '2025-06-01T19:55:00.000Z', who: 'operator', step: 'procedure', event: 'START', outcome: 'info', detail: 'Dana Field started it.' },
  { at: '2025-06-01T20:00:00.000Z', who: 'operator', step: 'window', event: 'WINDOW_STARTED', outcome: 'info', detail: 'Users told by mail.' },
  { at: BACKUP_AT, who: 'assistant', step: 'backup', event: 'BACKUP_TAKEN', outcome: 'ok', detail: 'Backup kept.' },
  { at: '2025-06-01T20:03:00.000Z', who: 'assistant', step: 'backup', event: 'RESUMED', outcome: 'info', detail: 'The assistant restarted.' },
  { at: '2025-06-01T21:01:00.000Z', who: 'assistant', step: 'report', event: 'REPORT_SAVED', outcome: 'ok', detail: 'Kept.' },
];

const vaultEntry = (id: string): VaultEntry | undefined =>
  id === DIAGNOSTICS.vaultId
    ? { id, kind: 'diagnostics', siteId: 'site-1', siteName: 'Practice lab', appliance: 'a', version: '', createdAt: '2025-06-01T20:30:00.000Z', size: 1234, sha256: DIAGNOSTICS.sha256, fileName: 'proc-1-diagnostics.json', heldBy: [], state: 'ok' }
    : undefined;

function assemble(parts: Awaited<ReturnType<typeof settledAfter>>) {
  return assembleReport({ view: parts.view, journal, facts: parts.facts, windows: [], operator: INPUT.operator, siteHostname: 'support.lab.example', generatedAt: '2025-06-01T21:01:00.000Z', vaultEntry });
}

describe('customer report assembly: P1', () => {
  it('done: versions before and after, both backups with full digests, the certificate file, no open items', async () => {
    const parts = await settledAfter(toDone);
    const report = assemble(parts);
    expect(report.procedure).toMatchObject({ status: 'done', outcome: 'Complete', kind: 'P1' });
    expect(report.appliances).toEqual([{ name: 'Lab B300', address: 'https://127.0.0.1:9443', role: 'The appliance serving the site' }]);
    const before = (parts.context as { versionsBefore: unknown }).versionsBefore;
    expect(report.versions).toEqual([{ appliance: 'Lab B300', before, after: { siteVersion: SITE.version, baseVersion: BASE.version } }]);
    expect(report.files.filter((f) => f.kind === 'backup').map((f) => [f.label, f.sha256])).toEqual([
      ['Settings backup before the upgrade', 'a'.repeat(64)],
      ['Settings backup between Base and site package', 'b'.repeat(64)],
    ]);
    expect(report.files.some((f) => f.kind === 'certificate' && /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(report.openItems).toEqual([]);
    expect(parts.facts.windows).toEqual([{ label: 'Maintenance window', plannedStart: null, plannedEnd: null, startedAt: expect.any(String), endedAt: expect.any(String) }]);
  });

  it('takes who and when of each step from the journal, the operator’s notes, and the rules of the steps taken', async () => {
    const parts = await settledAfter(toDone);
    const report = assemble(parts);
    const backupStep = report.steps[parts.view.steps.findIndex((s) => s.id === 'backup')];
    expect(backupStep).toMatchObject({ who: 'assistant', status: 'done', at: BACKUP_AT });
    expect(report.steps.find((s) => s.who === 'Dana Field')?.at).toBe('2025-06-01T20:00:00.000Z');
    // The start line is the assistant's wording and the report's own line tells nothing of the steps.
    expect(report.notes.map((n) => n.text)).toEqual(['Users told by mail.']);
    expect(report.steps.some((s) => s.at === '2025-06-01T21:01:00.000Z')).toBe(false);
    expect(report.rules.map((r) => r.code)).toEqual(expect.arrayContaining(['R1', 'R2', 'R3', 'R4']));
    expect(report.rules.every((r) => r.meaning.length > 20 && r.steps.length > 0)).toBe(true);
    const numbers = report.rules.map((r) => Number(r.code.slice(1)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('cancelled: says at which step, and lists every step not done as open', async () => {
    const parts = await settledAfter([...toPlanReady(), operator('CANCEL', 'Customer asked to wait.')]);
    const report = assemble(parts);
    expect(report.procedure.outcome).toMatch(/^Cancelled at step \d+$/);
    const at = Number(/\d+/.exec(report.procedure.outcome)?.[0]);
    expect(report.openItems.length).toBe(report.steps.length - at + 1);
    expect(report.openItems[0]).toMatch(new RegExp(`^Step ${at}, .*: not done$`));
    // Nothing was installed: the version after is the version before.
    expect(report.versions[0]?.after).toEqual(report.versions[0]?.before);
  });

  it('ended at support: the failed install and the support instruction are open, the diagnostics listed with the vault’s name', async () => {
    const parts = await settledAfter([...toBaseInstalling, failed('installPackage', errors.baseInstall), done('captureDiagnostics', DIAGNOSTICS)]);
    expect(parts.view.status).toBe('support');
    const report = assemble(parts);
    expect(report.procedure.outcome).toBe('Ended — contact support');
    expect(report.files.find((f) => f.kind === 'diagnostics')).toMatchObject({ sha256: DIAGNOSTICS.sha256, fileName: 'proc-1-diagnostics.json', size: 1234 });
    expect(report.openItems.some((item) => /failed — The Base software update failed\./.test(item))).toBe(true);
    expect(report.openItems.at(-1)).toMatch(/restart/i);
    const html = renderReportHtml(report);
    expect(html).toContain(DIAGNOSTICS.sha256);
    expect(html).toContain('Ended — contact support');
  });

  it('words each outcome', () => {
    expect(outcomeWords({ status: 'done' })).toBe('Complete');
    expect(outcomeWords({ status: 'cancelled', statusLabel: 'Cancelled at step 3' })).toBe('Cancelled at step 3');
    expect(outcomeWords({ status: 'support' })).toBe('Ended — contact support');
  });

  it('lists unticked items of a step taken as open', async () => {
    const { view } = await settledAfter(toDone);
    const withItems = { ...view, steps: view.steps.map((s, i) => (i === 0 ? { ...s, items: [{ label: 'Jump Clients back online', status: 'pending' as const }, { label: 'Consoles', status: 'done' as const }] } : s)) };
    expect(openItemsOf(withItems)).toEqual([`Step 1, ${view.steps[0]?.title}: “Jump Clients back online” not ticked off`]);
  });
});
