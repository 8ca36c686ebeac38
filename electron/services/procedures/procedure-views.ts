/** What the renderer sees of a procedure: its view and its list summary, from the snapshot on disk. */
import { getInitialSnapshot } from 'xstate';
import type { SnapshotLike } from '../../../shared/procedures/definition';
import { summaryOfView, type ProcedureSummary, type ProcedureView } from '../../../shared/procedures/view';
import type { Running } from './procedure-record';

export function viewOf(record: Running): ProcedureView {
  const { meta, definition } = record;
  return {
    id: meta.id,
    kind: meta.kind,
    title: definition.title,
    siteId: meta.input.siteId,
    siteName: meta.input.siteName,
    startedAt: meta.startedAt,
    updatedAt: record.updatedAt,
    ...definition.view(record.persisted ?? initialSnapshot(record), meta.input),
  };
}

/**
 * Before the first snapshot reaches disk (just started, or resumed from meta.json alone) the
 * procedure is at its machine's initial state: computed without running anything.
 */
function initialSnapshot(record: Running): SnapshotLike {
  return JSON.parse(JSON.stringify(getInitialSnapshot(record.definition.machine, record.meta.input))) as SnapshotLike;
}

export function currentStepOf(record: Running): string | null {
  return record.persisted ? viewOf(record).currentStepId : null;
}

/**
 * The last summary computed per record, with the snapshot it came from. The list is asked for
 * on every change of any procedure; with a year of history (1 000 settled procedures) computing
 * each view again per call would cost tens of milliseconds, so a summary is computed once per
 * snapshot that reaches disk (`persisted` is replaced, never mutated, when one does).
 */
const summaries = new WeakMap<Running, { persisted: SnapshotLike | undefined; updatedAt: string; summary: ProcedureSummary }>();

export function summaryOf(record: Running): ProcedureSummary {
  return summaryOfView(viewOf(record), record.meta.input.operator);
}

/** A procedure whose view cannot be computed still appears in the list, so the others stay reachable. */
export function listSummaryOf(record: Running): ProcedureSummary {
  const cached = summaries.get(record);
  if (cached && cached.persisted === record.persisted && cached.updatedAt === record.updatedAt) return cached.summary;
  const summary = computeListSummary(record);
  summaries.set(record, { persisted: record.persisted, updatedAt: record.updatedAt, summary });
  return summary;
}

function computeListSummary(record: Running): ProcedureSummary {
  try {
    return summaryOf(record);
  } catch {
    const { meta } = record;
    return {
      id: meta.id,
      kind: meta.kind,
      title: record.definition.title,
      siteId: meta.input.siteId,
      siteName: meta.input.siteName,
      status: 'active',
      startedAt: meta.startedAt,
      updatedAt: record.updatedAt,
      currentStepId: null,
      currentStepTitle: null,
      operator: meta.input.operator,
      // Its state could not be read, so nobody should take it for one running smoothly.
      statusLabel: 'Needs attention',
      attention: true,
    };
  }
}

/**
 * Computes the summaries not cached yet, `batch` at a time with the event loop free in between,
 * so the first list after start-up (the home screen's) finds a year of history ready.
 */
export function warmSummaries(records: Iterable<Running>, batch = 50): Promise<void> {
  const pending = [...records];
  return new Promise((resolve) => {
    const next = () => {
      for (const record of pending.splice(0, batch)) listSummaryOf(record);
      if (pending.length > 0) setImmediate(next);
      else resolve();
    };
    setImmediate(next);
  });
}
