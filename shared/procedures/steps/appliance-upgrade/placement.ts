/**
 * Where a procedure places the appliance-upgrade unit: in which machine, for which appliance,
 * and under which state-id prefix, so one chart can hold the unit for appliance A and for
 * appliance B. P1 and P2 place it once, without prefix or role: their state ids, journal steps
 * and actor inputs are those they always had.
 */
import type { ActorBaseInput, ApplianceRole } from '../../actors';
import { actorInput } from '../../machine-helpers';

export interface UnitPlacement<TPrefix extends string = string> {
  /** The machine id, for absolute targets (`#machine.state`). */
  machine: string;
  /** Prefix of the unit's state ids and journal steps, e.g. 'a-' for appliance A; '' (default) for the one appliance. */
  prefix?: TPrefix;
  /** Carried in every actor input of the unit, so the host acts on that appliance; absent for the site's one appliance. */
  appliance?: ApplianceRole;
}

export function stepIdOf(placement: UnitPlacement, step: 'check-updates' | 'plan' | 'install' | 'backup-between' | 'support'): string {
  return `${placement.prefix ?? ''}${step}`;
}

/** `#machine.<prefix>step`, optionally with a sub-state path. */
export function targetOf(placement: UnitPlacement, step: 'check-updates' | 'plan' | 'install' | 'support', sub?: string): string {
  return `#${placement.machine}.${stepIdOf(placement, step)}${sub ? `.${sub}` : ''}`;
}

export function unitInput(placement: UnitPlacement, context: { procedureId: string; siteId: string }, stepId: string): ActorBaseInput {
  return { ...actorInput(context, stepId), ...(placement.appliance ? { appliance: placement.appliance } : {}) };
}
