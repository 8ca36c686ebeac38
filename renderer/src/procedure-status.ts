/**
 * What a procedure's status says in words, on home, in the header and on the procedure
 * screen: one pure function, so no two places can disagree. A cancelled procedure reads
 * "Cancelled at step N", a stopped one "Needs attention"; neither ever reads "In progress"
 * or counts skipped steps as done.
 */
import type { ProcedureStatus, StepStatus } from '../../shared/procedures/view';

export type StatusTone = 'info' | 'ok' | 'failed' | 'neutral';

export interface StatusWords {
  label: string;
  tone: StatusTone;
}

export interface StepsDone {
  done: number;
  total: number;
}

/**
 * What this function reads. `statusLabel`, `attention` and `progress` are the view's own words
 * and counts where main sends them; until then they are computed from the status and steps.
 */
export interface StatusSource {
  status: ProcedureStatus;
  currentStepId: string | null;
  steps?: readonly { id: string; status: StepStatus }[];
  statusLabel?: string;
  attention?: boolean;
  progress?: StepsDone;
}

/** Steps done of all steps; a skipped step is not done work, so it does not count. */
export function stepsDone(source: StatusSource): StepsDone | null {
  if (source.progress) return source.progress;
  if (!source.steps || source.steps.length === 0) return null;
  return { done: source.steps.filter((s) => s.status === 'done').length, total: source.steps.length };
}

/**
 * The step (1-based) a cancelled procedure stopped at. Main marks that step and every later
 * one skipped, so it is the first of the trailing run of skipped steps.
 */
export function cancelledAtStep(steps: readonly { status: StepStatus }[]): number | null {
  let first = steps.length;
  while (first > 0 && steps[first - 1]!.status === 'skipped') first -= 1;
  return first < steps.length ? first + 1 : null;
}

function failedStep(source: StatusSource): boolean {
  return source.steps?.some((s) => s.status === 'failed') ?? false;
}

export function procedureStatusWords(source: StatusSource): StatusWords {
  const attention = source.attention ?? (source.status === 'support' || (source.status === 'active' && failedStep(source)));
  if (source.statusLabel) {
    const tone: StatusTone = attention ? 'failed' : source.status === 'done' ? 'ok' : source.status === 'cancelled' ? 'neutral' : 'info';
    return { label: source.statusLabel, tone };
  }
  if (attention) return { label: 'Needs attention', tone: 'failed' };
  switch (source.status) {
    case 'done':
      return { label: 'Done', tone: 'ok' };
    case 'cancelled': {
      const at = source.steps ? cancelledAtStep(source.steps) : null;
      return { label: at === null ? 'Cancelled' : `Cancelled at step ${at}`, tone: 'neutral' };
    }
    case 'active':
    default:
      return { label: 'In progress', tone: 'info' };
  }
}

/** "3 of 10 steps done"; null when there are no steps to count. */
export function progressWords(source: StatusSource): string | null {
  const counted = stepsDone(source);
  if (!counted) return null;
  return `${counted.done} of ${counted.total} steps done`;
}

/**
 * When the maintenance window started: the window step records it as a fact today. A view
 * field for the window (start and planned end) replaces this reading when main sends one.
 */
export function windowStartedAt(steps: readonly { id: string; facts: readonly { label: string; value: string }[] }[]): string | undefined {
  return steps.find((s) => s.id === 'window')?.facts.find((f) => f.label === 'Window started')?.value;
}
