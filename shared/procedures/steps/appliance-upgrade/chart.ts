/**
 * The appliance-upgrade unit: everything one appliance goes through from "which packages" to
 * "verified" — check for updates (automatic) or take the packages received (manual), the install
 * plan (R4), the install loop with the backup between Base and site, the version check after
 * each package and the support end (R5). `applianceUpgradeUnit` returns the unit's top-level
 * states for a chart to spread in; a procedure places it once per appliance it upgrades.
 */
import { packageLabel } from '../../../package-label';
import type { CheckForUpdatesOutput } from '../../actors';
import type { JournalParams } from '../../definition';
import { failWith, recordDone, retryTo } from '../../machine-helpers';
import { cancelFrom } from '../cancel';
import type { ContextArgs, OperatorEventArgs } from '../context';
import { fileInstallStep, installStep, supportEnd, type UnitExits } from './install-loop';
import { stepIdOf, targetOf, unitInput, type UnitPlacement } from './placement';
import { countOf } from '../../../counting';

export type { UnitExits } from './install-loop';
export type { UnitPlacement } from './placement';

/**
 * Where a freshly computed plan leads: `nothingToInstall` when empty, the plan step when R4
 * fails (blocked), otherwise `safeTarget` — the plan itself, or (P2) the steps that open the
 * window on it. Targets are state ids of the placing machine.
 */
export function judgePlan(placement: UnitPlacement, targets: { nothingToInstall: string; safe?: string }) {
  const step = stepIdOf(placement, 'plan');
  return [
    { guard: 'nothingToInstall', target: `#${placement.machine}.${targets.nothingToInstall}` },
    { guard: 'planIsSafe', target: targets.safe ? `#${placement.machine}.${targets.safe}` : targetOf(placement, 'plan', 'ready') },
    {
      target: targetOf(placement, 'plan', 'blocked'),
      actions: {
        type: 'journal',
        params: ({ context }: ContextArgs): JournalParams => ({
          step,
          event: 'PLAN_BLOCKED',
          outcome: 'blocked',
          who: 'assistant',
          detail: context.plan?.reason ?? '',
        }),
      },
    },
  ] as const;
}

/** The automatic unit asks the appliance which packages it is offered, as "Check for updates" does. */
export function checkUpdatesStep(placement: UnitPlacement, targets: { nothingToInstall: string }) {
  const step = stepIdOf(placement, 'check-updates');
  return {
    initial: 'running',
    states: {
      running: {
        invoke: {
          id: 'checkForUpdates',
          src: 'checkForUpdates',
          input: ({ context }: ContextArgs) => unitInput(placement, context, step),
          onDone: recordDone('judging', 'recordUpdates', step, 'UPDATES_CHECKED', (result: CheckForUpdatesOutput) => ({
            detail: `Running site ${result.siteVersion}, Base ${result.baseVersion}; ${countOf(result.updates.length, 'update')} offered: ${result.updates.map((pkg) => `${packageLabel(pkg)}`).join(', ') || 'none'}.`,
          })),
          onError: failWith('failed', step, 'CHECK_FAILED'),
        },
        on: { CANCEL: cancelFrom(placement.machine, step) },
      },
      judging: { always: judgePlan(placement, targets) },
      failed: {
        on: { RETRY: retryTo('running', step), CANCEL: cancelFrom(placement.machine, step) },
      },
    },
  } as const;
}

/**
 * The plan step. `startGuard` is the guard START_INSTALL must pass (at least `readyToInstall`);
 * `blockedExits` are the ways out of a blocked plan besides CANCEL.
 */
export function planStep<TStartGuard extends string, TBlockedExits extends object>(
  placement: UnitPlacement,
  options: { startGuard: TStartGuard; blockedExits: TBlockedExits },
) {
  const step = stepIdOf(placement, 'plan');
  return {
    initial: 'ready',
    states: {
      ready: {
        on: {
          START_INSTALL: {
            guard: options.startGuard,
            target: targetOf(placement, 'install'),
            actions: [
              { type: 'recordInstallStart', params: ({ event }: OperatorEventArgs) => ({ at: event.at }) },
              {
                type: 'journal',
                params: ({ context }: ContextArgs): JournalParams => ({
                  step,
                  event: 'START_INSTALL',
                  outcome: 'ok',
                  who: 'operator',
                  detail: context.plan?.reason ?? '',
                }),
              },
            ],
          },
          CANCEL: cancelFrom(placement.machine, step),
        },
      },
      blocked: {
        on: { ...options.blockedExits, CANCEL: cancelFrom(placement.machine, step) },
      },
    },
  } as const;
}

interface UnitOptions<TStartGuard extends string, TBlockedExits extends object> {
  exits: UnitExits & { nothingToInstall: string };
  /** Manual units only: the guard START_INSTALL must pass and the ways out of a blocked plan. */
  plan?: { startGuard: TStartGuard; blockedExits: TBlockedExits };
}

/**
 * The unit for an appliance the assistant updates itself: check for updates → plan → install.
 * Its states: `<prefix>check-updates`, `<prefix>plan`, `<prefix>install`, `<prefix>support`.
 */
export function automaticUpgradeUnit<TPrefix extends string = ''>(placement: UnitPlacement<TPrefix>, options: UnitOptions<string, object>) {
  const plan = planStep(placement, { startGuard: 'readyToInstall', blockedExits: { RECHECK: targetOf(placement, 'check-updates') } });
  return {
    [stepIdOf(placement, 'check-updates')]: checkUpdatesStep(placement, { nothingToInstall: options.exits.nothingToInstall }),
    [stepIdOf(placement, 'plan')]: plan,
    [stepIdOf(placement, 'install')]: installStep(placement, options.exits),
    [stepIdOf(placement, 'support')]: supportEnd(placement),
  } as Record<`${TPrefix}check-updates`, ReturnType<typeof checkUpdatesStep>> &
    Record<`${TPrefix}plan`, typeof plan> &
    Record<`${TPrefix}install`, ReturnType<typeof installStep>> &
    Record<`${TPrefix}support`, ReturnType<typeof supportEnd>>;
}

/**
 * The unit for an appliance updated from package files (received across the air gap): plan →
 * upload and install each. The procedure brings the packages in (and judges the plan with
 * `judgePlan`) before placing it. Its states: `<prefix>plan`, `<prefix>install`, `<prefix>support`.
 */
export function manualUpgradeUnit<TStartGuard extends string, TBlockedExits extends object, TPrefix extends string = ''>(
  placement: UnitPlacement<TPrefix>,
  options: Required<UnitOptions<TStartGuard, TBlockedExits>>,
) {
  const plan = planStep(placement, options.plan);
  return {
    [stepIdOf(placement, 'plan')]: plan,
    [stepIdOf(placement, 'install')]: fileInstallStep(placement, options.exits),
    [stepIdOf(placement, 'support')]: supportEnd(placement),
  } as Record<`${TPrefix}plan`, typeof plan> &
    Record<`${TPrefix}install`, ReturnType<typeof fileInstallStep>> &
    Record<`${TPrefix}support`, ReturnType<typeof supportEnd>>;
}
