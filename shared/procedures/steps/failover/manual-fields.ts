/**
 * With both appliances updated by hand, the restricted side's fields (clock, key, bundle, and the
 * plan its import made) serve one appliance at a time; the other's are set aside in
 * `manualParked` and brought back when its steps or its unit run again. Pure readings and
 * updates of the context, JSON only.
 */
import { initialManualOfflineFields, type ManualOfflineFields } from '../../manual-offline/context';
import type { PairRole } from './actors';
import { updatedManually, type FailoverContext, type ParkedManual } from './context';

const MANUAL_KEYS = Object.keys(initialManualOfflineFields) as (keyof ManualOfflineFields)[];

function heldNow(context: FailoverContext): ParkedManual {
  const fields = Object.fromEntries(MANUAL_KEYS.map((key) => [key, context[key] ?? null])) as unknown as ManualOfflineFields;
  return { ...fields, plan: context.plan, versionsBefore: context.versionsBefore };
}

/**
 * The fields now held go aside for `from` (when it is updated by hand); `to`'s come back if set
 * aside, else they start empty.
 */
export function handOver(context: FailoverContext, from: PairRole, to: PairRole): Partial<FailoverContext> {
  const parked = { ...(context.manualParked ?? {}), ...(updatedManually(context, from) ? { [from]: heldNow(context) } : {}) };
  const back = parked[to];
  delete parked[to];
  return { ...(back ?? { ...initialManualOfflineFields, plan: null, versionsBefore: null }), manualParked: parked };
}

/** `to`'s fields brought back when set aside (a unit about to run on them); nothing otherwise. */
export function resumeManual(context: FailoverContext, from: PairRole, to: PairRole): Partial<FailoverContext> {
  return isParked(context, to) ? handOver(context, from, to) : {};
}

export function isParked(context: FailoverContext, role: PairRole): boolean {
  return context.manualParked?.[role] !== undefined;
}

/** The context as `role`'s restricted-side steps see it: its own fields, whether held now or set aside. */
export function manualFieldsOf(context: FailoverContext, role: PairRole): FailoverContext {
  const parked = context.manualParked?.[role];
  return parked ? { ...context, ...parked } : context;
}
