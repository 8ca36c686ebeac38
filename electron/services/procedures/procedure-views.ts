/** What the renderer sees of a procedure: its view and its list summary, from the snapshot on disk. */
import { getInitialSnapshot } from 'xstate';
import type { SnapshotLike } from '../../../shared/procedures/definition';
import type { ProcedureSummary, ProcedureView } from '../../../shared/procedures/view';
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

export function summaryOf(record: Running): ProcedureSummary {
  const view = viewOf(record);
  return {
    id: view.id,
    kind: view.kind,
    title: view.title,
    siteId: view.siteId,
    siteName: view.siteName,
    status: view.status,
    startedAt: view.startedAt,
    updatedAt: view.updatedAt,
    currentStepId: view.currentStepId,
    currentStepTitle: view.steps.find((s) => s.id === view.currentStepId)?.title ?? null,
    // The honest standing (steps done, "Cancelled at step N", "Needs attention") travels with the summary.
    ...(view.progress ? { progress: view.progress } : {}),
    ...(view.statusLabel !== undefined ? { statusLabel: view.statusLabel } : {}),
    ...(view.attention !== undefined ? { attention: view.attention } : {}),
  };
}

/** A procedure whose view cannot be computed still appears in the list, so the others stay reachable. */
export function listSummaryOf(record: Running): ProcedureSummary {
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
      // Its state could not be read, so nobody should take it for one running smoothly.
      statusLabel: 'Needs attention',
      attention: true,
    };
  }
}
