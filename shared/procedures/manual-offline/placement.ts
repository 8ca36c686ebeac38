/**
 * Where a procedure places P2's restricted-side steps (the clock, the key, the bundle): in which
 * machine, for which appliance, under which state-id prefix, and the manual unit whose plan the
 * import judges. P2 places them once, without prefix or role: its state ids, journal steps and
 * actor inputs are those it always had; a pair places them for the appliance it updates by hand.
 */
import type { ActorBaseInput } from '../actors';
import { unitInput, type UnitPlacement } from '../steps/appliance-upgrade/placement';

export type ManualStep = 'clock-check' | 'download-key' | 'save-key' | 'reinsert-stick' | 'await-bundle' | 'verify-bundle' | 'compare-code' | 'import-bundle';

export interface ManualPlacement<TPrefix extends string = string> extends UnitPlacement<TPrefix> {
  /** The manual upgrade unit placed for the same appliance. */
  unit: UnitPlacement;
  /** Where an imported bundle leads: an empty plan, and a plan R4 accepts (P2: the sign-ins before the window). */
  afterImport: { nothingToInstall: string; safe: string };
  /** Where a key saved (or carried by hand) leads; absent: the wait for the bundle (a pair may first make the other appliance's key). */
  afterKey?: string;
}

/** The steps' state ids, prefixed as placed: `{ [prefix + step]: config }`. */
export type Placed<TPrefix extends string, T> = { [K in keyof T as `${TPrefix}${K & string}`]: T[K] };

export function placed<TPrefix extends string, T extends object>(placement: ManualPlacement<TPrefix>, states: T): Placed<TPrefix, T> {
  const prefix = placement.prefix ?? '';
  return Object.fromEntries(Object.entries(states).map(([step, config]) => [`${prefix}${step}`, config])) as Placed<TPrefix, T>;
}

/** The placed step's state id and journal step. */
export function manualStepId(placement: Pick<UnitPlacement, 'prefix'>, step: ManualStep): string {
  return `${placement.prefix ?? ''}${step}`;
}

/** `#machine.<prefix>step`, optionally with a sub-state path. */
export function manualTarget(placement: UnitPlacement, step: ManualStep, sub?: string): string {
  return `#${placement.machine}.${manualStepId(placement, step)}${sub ? `.${sub}` : ''}`;
}

/** Where a key saved (or carried by hand) leads. */
export function afterKeyTarget(placement: ManualPlacement): string {
  return placement.afterKey ? `#${placement.machine}.${placement.afterKey}` : manualTarget(placement, 'await-bundle');
}

/** The actor input of a placed step: the appliance, when placed for one, goes with it. */
export function manualInput(placement: UnitPlacement, context: { procedureId: string; siteId: string }, step: ManualStep): ActorBaseInput {
  return unitInput(placement, context, manualStepId(placement, step));
}
