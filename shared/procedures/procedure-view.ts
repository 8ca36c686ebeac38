/**
 * Turns a procedure's (possibly JSON-restored) snapshot into what the renderer draws, for any
 * procedure whose top-level states are its step ids. A procedure describes itself once — its
 * steps, the events each state offers, which sub-states mean failed or blocked, what a step
 * shows — and every status is derived from the state value and the context alone.
 */
import type { AppErrorShape } from '../errors';
import type { ApplianceRole } from './actors';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from './definition';
import { procedureStanding } from './status';
import type { ActionWording, StepCatalogueEntry } from './steps/catalogue';
import { activeStatePath, offeredActions, pageUrl } from './view-helpers';
import type { ProcedureStatus, StepAction, StepStatus, StepView } from './view';

export interface Position<TStep extends string> {
  status: ProcedureStatus;
  /** The step the procedure is at; for a cancelled procedure, the step it was cancelled at. */
  step: TStep | null;
  /** Active state path, e.g. ["install", "failed"]. */
  path: string[];
}

export type StepDetails = Pick<StepView, 'facts' | 'verification' | 'items' | 'code' | 'phase' | 'document' | 'wait'>;

export interface ProcedureViewSpec<TStep extends string, TContext> {
  stepIds: readonly TStep[];
  catalogue: Record<TStep, StepCatalogueEntry<TStep, string>>;
  /**
   * The operator events each state accepts, keyed by its state path. A state missing here
   * offers nothing: the assistant is working, or the procedure has ended.
   */
  offeredEvents: Readonly<Record<string, readonly string[]>>;
  /**
   * Wordings that differ by state from the step's catalogue entry, keyed by state path: e.g. a
   * "Check again" that is the primary action when blocked and a secondary one beside "Confirm".
   */
  stateActions?: Readonly<Record<string, Partial<Record<string, ActionWording>>>>;
  /** Actions shaped by the facts, e.g. the drive to preselect. */
  adjustActions?(step: TStep, actions: StepAction[], context: TContext): StepAction[];
  /** Innermost state names that mean the current step failed, or is blocked by a rule. */
  failedSubstates: ReadonlySet<string>;
  blockedSubstates: ReadonlySet<string>;
  /**
   * A step whose states sit inside another step's state (the backup between Base and site runs
   * inside the install): while it runs the parent stays under way too.
   */
  nested?: { step: TStep; parent: TStep; substates: ReadonlySet<string>; isDone(context: TContext): boolean };
  /** The step the "support" end belongs to (R5). */
  supportStep?: TStep;
  /** The support end's state id where the unit is placed with a prefix (e.g. 'new-support'); default 'support'. */
  supportState?: string;
  /** Where a procedure places the unit more than once (a pair): each support end's state id and the step it belongs to. */
  supportEnds?: Readonly<Record<string, TStep>>;
  cancelledAt(context: TContext): string | null | undefined;
  /** The error that stopped a step, shown on that step while it is failed (or at the support end). */
  errorOf(context: TContext): (AppErrorShape & { step: string }) | null;
  /** Steps the facts already rule out, wherever the procedure stands. */
  isSkipped(step: TStep, context: TContext): boolean;
  /**
   * Steps listed before the current one that the facts say have not happened yet (P2's window
   * comes after the plan is judged, so a blocked plan is listed after a window not yet started).
   */
  notYetReached?(step: TStep, context: TContext): boolean;
  /** The address of another appliance of the site, for steps whose page is on it (StepCatalogueEntry.pageOn); none yet: no link. */
  applianceUrlOf?(role: ApplianceRole, context: TContext): string | null | undefined;
  details(step: TStep, status: StepStatus, position: Position<TStep>, context: TContext): StepDetails;
  banner(position: Position<TStep>, context: TContext): ProcedureViewPart['banner'];
}

function positionOf<TStep extends string, TContext>(spec: ProcedureViewSpec<TStep, TContext>, snapshot: SnapshotLike, context: TContext): Position<TStep> {
  const path = activeStatePath(snapshot.value);
  const [top, sub] = path;
  const asStep = (id: string | null | undefined) => spec.stepIds.find((step) => step === id) ?? null;
  const endOf = top !== undefined ? spec.supportEnds?.[top] : undefined;
  const support = top !== undefined && (endOf !== undefined || top === (spec.supportState ?? 'support'));
  if (top === 'done' || support || top === 'cancelled') {
    const step = support ? (endOf ?? spec.supportStep ?? null) : top === 'cancelled' ? asStep(spec.cancelledAt(context)) : null;
    return { status: support ? 'support' : (top as 'done' | 'cancelled'), step, path };
  }
  const nested = spec.nested;
  if (nested && top === nested.parent && sub !== undefined && nested.substates.has(sub)) return { status: 'active', step: nested.step, path };
  return { status: 'active', step: asStep(top), path };
}

function statusOfCurrent<TStep extends string, TContext>(spec: ProcedureViewSpec<TStep, TContext>, position: Position<TStep>): StepStatus {
  if (position.status === 'support') return 'failed';
  if (position.status === 'cancelled') return 'skipped';
  const sub = position.path.at(-1) ?? '';
  if (spec.failedSubstates.has(sub)) return 'failed';
  if (spec.blockedSubstates.has(sub)) return 'blocked';
  return 'active';
}

function stepStatus<TStep extends string, TContext>(
  spec: ProcedureViewSpec<TStep, TContext>,
  step: TStep,
  position: Position<TStep>,
  context: TContext,
): StepStatus {
  if (step === position.step) return statusOfCurrent(spec, position);
  const nested = spec.nested;
  if (nested && step === nested.parent && position.step === nested.step) return 'active';
  if (spec.isSkipped(step, context)) return 'skipped';
  if (spec.notYetReached?.(step, context)) return position.status === 'active' ? 'pending' : 'skipped';
  if (nested && step === nested.step && nested.isDone(context)) return 'done';
  if (position.status === 'done') return 'done';
  const indexOf = (id: TStep) => spec.stepIds.indexOf(id);
  // A nested step is listed after its parent but happens inside it, so list order says nothing about it.
  const reached = position.step !== null && indexOf(step) < indexOf(position.step) && step !== nested?.step;
  if (reached) return 'done';
  return position.status === 'active' ? 'pending' : 'skipped';
}

export function buildProcedureView<TStep extends string, TContext>(
  spec: ProcedureViewSpec<TStep, TContext>,
  snapshot: SnapshotLike,
  input: ProcedureInput,
): ProcedureViewPart {
  const context = snapshot.context as TContext;
  const position = positionOf(spec, snapshot, context);
  const offered = position.status === 'active' ? (spec.offeredEvents[position.path.join('.')] ?? []) : [];
  const error = spec.errorOf(context);

  const statePath = position.path.join('.');
  const wordingOf = (id: TStep) => ({ ...entryActions(spec.catalogue[id]), ...spec.stateActions?.[statePath] });

  const steps: StepView[] = spec.stepIds.map((id) => {
    const entry = spec.catalogue[id];
    const status = stepStatus(spec, id, position, context);
    const isCurrent = id === position.step && position.status === 'active';
    const shownError = error?.step === id && (status === 'failed' || position.status === 'support') ? error : null;
    const applianceUrl = entry.pageOn ? spec.applianceUrlOf?.(entry.pageOn, context) : input.applianceUrl;
    return {
      id,
      title: entry.title,
      kind: entry.kind,
      rules: entry.rules,
      status,
      instruction: entry.instruction,
      ...(entry.pagePath ? { pagePath: entry.pagePath } : {}),
      // A procedure without a site (the connected side of the air gap) has no pages to link to.
      ...(entry.pageRoute && applianceUrl ? { pageUrl: pageUrl(applianceUrl, entry.pageRoute) } : {}),
      ...spec.details(id, status, position, context),
      actions: isCurrent ? adjust(spec, id, offeredActions(wordingOf(id), offered), context) : [],
      ...(shownError ? { error: { code: shownError.code, message: shownError.message, hint: shownError.hint } } : {}),
    };
  });

  const banner = spec.banner(position, context);
  const counted = steps.map((step) => ({ id: step.id, status: step.status, counts: !spec.isSkipped(step.id as TStep, context) }));
  return {
    status: position.status,
    currentStepId: position.status === 'active' || position.status === 'support' ? position.step : null,
    steps,
    ...procedureStanding(position.status, counted, position.step),
    ...(banner ? { banner } : {}),
  };
}

function entryActions(entry: StepCatalogueEntry<string, string>): Partial<Record<string, ActionWording>> {
  return entry.actions;
}

function adjust<TStep extends string, TContext>(spec: ProcedureViewSpec<TStep, TContext>, step: TStep, actions: StepAction[], context: TContext): StepAction[] {
  return spec.adjustActions ? spec.adjustActions(step, actions, context) : actions;
}
