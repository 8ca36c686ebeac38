/**
 * One appliance of the pair updated by hand across the air gap instead of by the assistant: the
 * operator chooses it at the decision; the restricted side's steps of P2 (clock R6, download key
 * onto media, the bundle back, verified file by file and copied into the vault) run before window 1
 * — the wait for the bundle may last days, so no window is open meanwhile —; after the break the
 * manual upgrade unit uploads and installs from the vault (Manual Installation). State-config
 * builders over FailoverContext; the automatic path keeps its state ids.
 */
import type { JournalParams } from '../../definition';
import { bundleSteps, chooseOtherBundle } from '../../manual-offline/bundle-steps';
import { keySteps } from '../../manual-offline/key-steps';
import { manualTarget, type ManualPlacement } from '../../manual-offline/placement';
import { judgePlan, manualUpgradeUnit } from '../appliance-upgrade/chart';
import type { UnitPlacement } from '../appliance-upgrade/placement';
import type { PairRole } from './actors';
import { other, to } from './context';

const lower = (role: PairRole) => role.toLowerCase() as 'a' | 'b';

/** The state ids of the way chosen between: `<p>-update` after the decision, `<p>-unit` after the break. */
export const routeIds = (role: PairRole) => ({ afterDecision: `${lower(role)}-update`, afterBreak: `${lower(role)}-unit` });

/** The manual unit of the appliance: `<p>-manual-plan`, `<p>-manual-install`, `<p>-manual-support`. */
export function manualUnitPlacement(machine: string, role: PairRole): UnitPlacement {
  return { machine, prefix: `${lower(role)}-manual-`, appliance: role };
}

/** P2's restricted-side steps for the appliance: `<p>-clock-check` … `<p>-import-bundle`; an imported bundle leads to `afterImport`. */
export function manualStepsPlacement(machine: string, role: PairRole, afterImport: string): ManualPlacement {
  return { machine, prefix: `${lower(role)}-`, appliance: role, unit: manualUnitPlacement(machine, role), afterImport: { nothingToInstall: afterImport, safe: afterImport } };
}

/** The decision's choice of how the appliance is updated: by hand across the air gap, or (again) by the assistant. */
export function updateModeChoices(role: PairRole) {
  const choose = (manual: boolean) =>
    ({
      guard: { type: manual ? 'updatedAutomatically' : 'updatedManually', params: { role } },
      actions: [
        { type: 'recordUpdateMode', params: { role, manual } },
        {
          type: 'journal',
          params: (): JournalParams => ({
            step: 'decision',
            event: manual ? `UPDATE_${role}_MANUALLY` : `UPDATE_${role}_AUTOMATICALLY`,
            outcome: 'info',
            who: 'operator',
            detail: manual ? `Appliance ${role} is updated by hand across the air gap: download key out, transfer bundle back.` : `Appliance ${role} is updated by the assistant from the update server.`,
          }),
        },
      ],
    }) as const;
  return role === 'A'
    ? ({ UPDATE_A_MANUALLY: choose(true), UPDATE_A_AUTOMATICALLY: choose(false) } as const)
    : ({ UPDATE_B_MANUALLY: choose(true), UPDATE_B_AUTOMATICALLY: choose(false) } as const);
}

/**
 * The states a pair places for an appliance it may update by hand: the way chosen after the
 * decision (the key and the bundle first, or on to `skip`), the restricted-side steps (a saved key
 * leads to `afterKey` when given, an imported bundle to `afterImport`), the way chosen before its
 * unit (its automatic unit, or its manual unit on the plan the import made, judged again — its
 * fields brought back first if they were set aside) and the manual unit, leaving to `afterUnit`.
 */
export function manualUpdateStates(machine: string, role: PairRole, targets: { skip: string; afterKey?: string; afterImport: string; afterUnit: string }) {
  const steps = { ...manualStepsPlacement(machine, role, targets.afterImport), ...(targets.afterKey ? { afterKey: targets.afterKey } : {}) };
  const unit = manualUnitPlacement(machine, role);
  const manual = { type: 'updatedManually', params: { role } } as const;
  const routes = routeIds(role);
  return {
    [routes.afterDecision]: { always: [{ guard: manual, target: manualTarget(steps, 'clock-check') }, { target: to(machine, targets.skip) }] },
    ...keySteps(steps),
    ...bundleSteps(steps),
    [routes.afterBreak]: {
      entry: { type: 'resumeManual', params: { from: other(role), to: role } },
      always: [{ guard: { type: 'updatedAutomatically', params: { role } }, target: to(machine, `${lower(role)}-check-updates`) }, ...judgePlan(unit, { nothingToInstall: targets.afterUnit })],
    },
    ...manualUpgradeUnit(unit, {
      exits: { aftercare: targets.afterUnit, noAftercare: targets.afterUnit, nothingToInstall: targets.afterUnit },
      plan: { startGuard: 'readyToInstallFromBundle', blockedExits: { CHOOSE_OTHER_MEDIA: chooseOtherBundle(steps, `${lower(role)}-manual-plan`) } },
    }),
  };
}

const handOver = (from: PairRole, to: PairRole) => ({ type: 'handOverManual', params: { from, to } }) as const;

/**
 * The appliances of the pair the operator may update by hand (`first` is updated in window 1),
 * and how the decision leads on to them. With both by hand one trip to the connected computer
 * serves both: the other appliance's key is made first, then the first's, both onto the same
 * stick; when the stick is back the first's bundle is imported, then the other's — whose fields
 * then wait aside for window 2 while the first's are held for window 1.
 */
export function pairManualStates(machine: string, first: PairRole, roles: readonly PairRole[]) {
  const second = other(first);
  const order = [second, first].filter((role) => roles.includes(role));
  const both = order.length === 2;
  const ids = (role: PairRole) => ({ keyOut: `${lower(role)}-key-out`, imported: `${lower(role)}-imported` });
  const junctions = {
    ...(both ? { [ids(second).keyOut]: { always: [{ guard: { type: 'keyToMake', params: { role: first } }, target: manualTarget(manualStepsPlacement(machine, first, ''), 'clock-check'), actions: handOver(second, first) }, { target: manualTarget(manualStepsPlacement(machine, second, ''), 'await-bundle') }] } } : {}),
    ...(roles.includes(second) ? { [ids(second).imported]: { always: { target: to(machine, 'plan-windows'), actions: handOver(second, first) } } } : {}),
    ...(both ? { [ids(first).imported]: { always: [{ guard: { type: 'manualParked', params: { role: second } }, target: manualTarget(manualStepsPlacement(machine, second, ''), 'await-bundle'), actions: handOver(first, second) }, { target: to(machine, 'plan-windows') }] } } : {}),
  };
  const states = order.map((role, index) =>
    manualUpdateStates(machine, role, {
      skip: order[index + 1] ? routeIds(order[index + 1] as PairRole).afterDecision : 'plan-windows',
      ...(both && role === second ? { afterKey: ids(second).keyOut } : {}),
      afterImport: role === second || both ? ids(role).imported : 'plan-windows',
      afterUnit: `verify-${lower(role)}`,
    }),
  );
  return { afterDecision: routeIds(order[0] as PairRole).afterDecision, states: Object.assign({}, junctions, ...states) as Record<string, object> };
}
