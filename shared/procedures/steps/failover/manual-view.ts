/**
 * What the pair's view shows of an appliance updated by hand across the air gap: the events its
 * restricted-side steps and manual unit offer (P2's, placed for the appliance), which of the
 * appliance's steps the chosen way skips, and the facts of its air-gap steps (P2's own).
 */
import type { StepDetails } from '../../procedure-view';
import { airGapDetails, MANUAL_OFFLINE_OFFERED_EVENTS, reinsertNotNeeded } from '../../manual-offline/view';
import { manualOfflineStateActions } from '../../manual-offline/words';
import type { StepAction } from '../../view';
import type { ActionWording } from '../catalogue';
import type { PairRole } from './actors';
import { manualRoles, updatedManually, type FailoverContext } from './context';
import { manualFieldsOf } from './manual-fields';
import type { FailoverOperatorEvent } from './words';

const AIR_GAP = ['clock-check', 'download-key', 'save-key', 'reinsert-stick', 'await-bundle', 'verify-bundle', 'compare-code', 'import-bundle'] as const;
type AirGapStep = (typeof AIR_GAP)[number];
const UNIT = ['plan', 'install'] as const;

/** P2's state path placed for the appliance: air-gap steps under `<p>-`, the unit's under `<p>-manual-`; null for P2's other steps. */
function placedPath(path: string, p: string): string | null {
  const [step = '', ...rest] = path.split('.');
  const placedStep = (AIR_GAP as readonly string[]).includes(step) ? `${p}-${step}` : (UNIT as readonly string[]).includes(step) ? `${p}-manual-${step}` : null;
  return placedStep ? [placedStep, ...rest].join('.') : null;
}

function placedTable<T>(table: Readonly<Record<string, T>>, role: PairRole): Record<string, T> {
  const p = role.toLowerCase();
  return Object.fromEntries(Object.entries(table).flatMap(([path, value]) => {
    const placed = placedPath(path, p);
    return placed ? [[placed, value]] : [];
  }));
}

/** The events of the appliance's manual steps, and the decision's choice (the view shows only the way not yet chosen). */
export function manualOfferedEvents(role: PairRole): Readonly<Record<string, readonly FailoverOperatorEvent[]>> {
  return placedTable(MANUAL_OFFLINE_OFFERED_EVENTS as Readonly<Record<string, readonly FailoverOperatorEvent[]>>, role);
}

export function manualStateActions(role: PairRole): Record<string, Partial<Record<string, ActionWording>>> {
  return placedTable(manualOfflineStateActions, role);
}

export const updateModeEvents = (role: PairRole) => [`UPDATE_${role}_MANUALLY`, `UPDATE_${role}_AUTOMATICALLY`] as FailoverOperatorEvent[];

/** At the decision, only the way of updating each appliance not chosen yet. */
export function updateModeActions(actions: StepAction[], context: FailoverContext, roles: readonly PairRole[]): StepAction[] {
  const chosen = roles.map((role) => (updatedManually(context, role) ? `UPDATE_${role}_MANUALLY` : `UPDATE_${role}_AUTOMATICALLY`));
  return actions.filter((action) => !chosen.includes(action.event));
}

function airGapStepOf(step: string, role: PairRole): AirGapStep | null {
  const p = `${role.toLowerCase()}-`;
  const bare = step.startsWith(p) ? step.slice(p.length) : '';
  return (AIR_GAP as readonly string[]).includes(bare) ? (bare as AirGapStep) : null;
}

/** The way not chosen is skipped: the air-gap steps and the manual unit when automatic, the automatic unit when by hand. */
export function skippedByUpdateMode(step: string, context: FailoverContext, role: PairRole): boolean {
  const p = role.toLowerCase();
  const manual = updatedManually(context, role);
  const airGap = airGapStepOf(step, role);
  if (airGap) return !manual || (airGap === 'reinsert-stick' && reinsertNotNeeded(manualFieldsOf(context, role)));
  if (step.startsWith(`${p}-manual-`)) return !manual;
  if ([`${p}-check-updates`, `${p}-plan`, `${p}-install`].includes(step)) return manual;
  return false;
}

/** The facts of an air-gap step of an appliance updated by hand (from its own fields, held or set aside); null for any other step. */
export function manualStepDetails(step: string, context: FailoverContext): StepDetails | null {
  for (const role of manualRoles(context)) {
    const airGap = airGapStepOf(step, role);
    if (airGap) return airGapDetails(airGap, manualFieldsOf(context, role));
  }
  return null;
}

/** The view's parts for the appliances `roles` that may be updated by hand. */
export function manualViewParts(roles: readonly PairRole[]) {
  return {
    offered: Object.assign({}, ...roles.map(manualOfferedEvents)) as Readonly<Record<string, readonly FailoverOperatorEvent[]>>,
    choices: roles.flatMap(updateModeEvents),
    stateActions: Object.assign({}, ...roles.map(manualStateActions)) as Record<string, Partial<Record<string, ActionWording>>>,
    supportEnds: Object.fromEntries(roles.map((role) => [`${role.toLowerCase()}-manual-support`, `${role.toLowerCase()}-manual-install`])) as Record<string, string>,
    isSkipped: (step: string, context: FailoverContext) => roles.some((role) => skippedByUpdateMode(step, context, role)),
  };
}
