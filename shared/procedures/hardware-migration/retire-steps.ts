/**
 * P5's closing steps: the old appliance retired the way its model needs — physical: reset to
 * factory defaults (only while the new appliance serves the site, checked once more right
 * before), waited out, shut down (verified: it stops answering), packed and shipped; virtual:
 * deleted (verified: it no longer answers) — then the new appliance made the site's current
 * one. State-config builders with absolute targets.
 */
import { actorInput, failWith, retryTo } from '../machine-helpers';
import type {
  CheckOldApplianceGoneOutput,
  PromoteNewApplianceOutput,
  ResetOldApplianceOutput,
  SiteAddressAnswer,
  ShutDownOldApplianceOutput,
  WaitForFactoryStateOutput,
} from './actors';
import { cancel, describeAnswer, journal, to, type Args, type DoneOf, type EventArgs } from './context';
import { DELETE_CHECKS, SHIPPING_CHECKS } from './words';

const RESET = 'reset-old';

const oldSerial = ({ context }: Args) => context.oldAppliance?.serial ?? '';

/** The site address asked once more, right now. */
const recheckSite = (event: string) =>
  ({
    target: 'rechecking',
    actions: [
      { type: 'clearError' },
      { type: 'recordSiteWait', params: ({ event }: EventArgs) => ({ at: event.at, minutes: 0 }) },
      journal({ step: RESET, event, outcome: 'info', who: 'operator' }),
    ],
  }) as const;

export function resetOldStep(next: string) {
  return {
    initial: 'confirm',
    states: {
      confirm: { on: { RESET_OLD: { guard: 'mayResetOld', ...recheckSite('RESET_OLD') }, CANCEL: cancel(RESET) } },
      rechecking: {
        invoke: {
          id: 'waitForSiteAddress',
          src: 'waitForSiteAddress',
          input: ({ context }: Args) => ({
            ...actorInput(context, RESET),
            deadline: context.siteWait?.deadline ?? '',
            newSerial: context.passwordChanged?.facts.serial ?? '',
            oldSerial: oldSerial({ context }),
          }),
          onDone: [
            {
              guard: { type: 'siteServesNew', params: ({ event }: DoneOf<SiteAddressAnswer>) => ({ answer: event.output }) },
              target: 'resetting',
              actions: { type: 'recordSiteAnswer', params: ({ event }: DoneOf<SiteAddressAnswer>) => event.output },
            },
            {
              target: 'site-not-new',
              actions: [
                { type: 'recordSiteAnswer', params: ({ event }: DoneOf<SiteAddressAnswer>) => event.output },
                journal<DoneOf<SiteAddressAnswer>>(
                  { step: RESET, event: 'RESET_REFUSED', outcome: 'blocked', who: 'assistant' },
                  ({ event }) => `${describeAnswer(event.output)} The old appliance is not reset while the new one does not serve the site.`,
                ),
              ],
            },
          ],
          onError: failWith('failed', RESET, 'SITE_ADDRESS_UNCHECKED'),
        },
        on: { CANCEL: cancel(RESET) },
      },
      'site-not-new': { on: { RECHECK: recheckSite('RECHECK'), CANCEL: cancel(RESET) } },
      resetting: {
        invoke: {
          id: 'resetOldAppliance',
          src: 'resetOldAppliance',
          input: ({ context }: Args) => ({
            ...actorInput(context, RESET),
            appliance: 'current' as const,
            expectSerial: oldSerial({ context }),
            newSerial: context.passwordChanged?.facts.serial ?? '',
          }),
          onDone: {
            target: 'waiting',
            actions: [
              { type: 'recordOldReset', params: ({ event }: DoneOf<ResetOldApplianceOutput>) => event.output },
              journal<Args & DoneOf<ResetOldApplianceOutput>>({ step: RESET, event: 'RESET_STARTED', outcome: 'ok', who: 'assistant' }, ({ context, event }) =>
                event.output.alreadyUnderWay
                  ? `The old appliance (serial ${context.oldAppliance?.serial ?? ''}) was already resetting; nothing was sent again.`
                  : `Reset to factory defaults started on the old appliance (serial ${context.oldAppliance?.serial ?? ''}).`,
              ),
            ],
          },
          onError: failWith('failed', RESET, 'RESET_FAILED'),
        },
      },
      waiting: {
        invoke: {
          id: 'waitForFactoryState',
          src: 'waitForFactoryState',
          input: ({ context }: Args) => ({ ...actorInput(context, RESET), appliance: 'current' as const, expectSerial: oldSerial({ context }) }),
          onDone: {
            target: to(next),
            actions: [
              { type: 'recordOldFactory', params: ({ event }: DoneOf<WaitForFactoryStateOutput>) => event.output },
              journal({ step: RESET, event: 'FACTORY_STATE', outcome: 'ok', who: 'assistant' }, 'The old appliance reports factory state: its settings are erased.'),
            ],
          },
          onError: failWith('failed', RESET, 'RESET_NOT_FINISHED'),
        },
      },
      // Trying again asks the site address and the old appliance first; a reset under way is not sent again.
      failed: { on: { RETRY: recheckSite('RETRY'), CANCEL: cancel(RESET) } },
    },
  } as const;
}

const SHUT = 'shut-down-old';

export function shutDownOldStep(next: string) {
  return {
    initial: 'shutting-down',
    states: {
      'shutting-down': {
        invoke: {
          id: 'shutDownOldAppliance',
          src: 'shutDownOldAppliance',
          input: ({ context }: Args) => ({ ...actorInput(context, SHUT), appliance: 'current' as const, expectSerial: oldSerial({ context }) }),
          onDone: {
            target: to(next),
            actions: [
              { type: 'recordOldShutDown', params: ({ event }: DoneOf<ShutDownOldApplianceOutput>) => event.output },
              journal<DoneOf<ShutDownOldApplianceOutput>>(
                { step: SHUT, event: 'SHUT_DOWN', outcome: 'ok', who: 'assistant' },
                ({ event }) => `The old appliance was shut down and stopped answering at ${event.output.stoppedAt}.`,
              ),
            ],
          },
          onError: failWith('failed', SHUT, 'SHUT_DOWN_FAILED'),
        },
      },
      failed: { on: { RETRY: retryTo('shutting-down', SHUT), CANCEL: cancel(SHUT) } },
    },
  } as const;
}

const SHIP = 'ship-old';

export function shipOldStep(next: string) {
  return {
    on: {
      CONFIRM: {
        guard: 'shippingAllTicked',
        target: to(next),
        actions: [
          { type: 'recordShipped', params: ({ event }: EventArgs) => ({ at: event.at, value: event.value ?? '' }) },
          journal({ step: SHIP, event: 'CONFIRM', outcome: 'ok', who: 'operator' }, `Ticked: ${SHIPPING_CHECKS.map((item) => item.label).join('; ')}.`),
        ],
      },
      CANCEL: cancel(SHIP),
    },
  } as const;
}

const DELETE = 'delete-old';

export function deleteOldStep(next: string) {
  return {
    initial: 'guide',
    states: {
      guide: {
        on: {
          CONFIRM: {
            guard: 'deleteAllTicked',
            target: 'checking',
            actions: [
              { type: 'recordOldDeleted', params: ({ event }: EventArgs) => ({ at: event.at, value: event.value ?? '' }) },
              journal({ step: DELETE, event: 'CONFIRM', outcome: 'ok', who: 'operator' }, `Ticked: ${DELETE_CHECKS.map((item) => item.label).join('; ')}.`),
            ],
          },
          CANCEL: cancel(DELETE),
        },
      },
      checking: {
        invoke: {
          id: 'checkOldApplianceGone',
          src: 'checkOldApplianceGone',
          input: ({ context }: Args) => ({ ...actorInput(context, DELETE), appliance: 'current' as const }),
          onDone: [
            {
              guard: { type: 'oldGone', params: ({ event }: DoneOf<CheckOldApplianceGoneOutput>) => ({ result: event.output }) },
              target: to(next),
              actions: [
                { type: 'recordOldGone', params: ({ event }: DoneOf<CheckOldApplianceGoneOutput>) => event.output },
                journal({ step: DELETE, event: 'OLD_GONE', outcome: 'ok', who: 'assistant' }, 'The old appliance’s address no longer answers.'),
              ],
            },
            {
              target: 'still-answers',
              actions: [
                { type: 'recordOldGone', params: ({ event }: DoneOf<CheckOldApplianceGoneOutput>) => event.output },
                journal({ step: DELETE, event: 'OLD_STILL_ANSWERS', outcome: 'blocked', who: 'assistant' }, 'The old appliance’s address still answers.'),
              ],
            },
          ],
          onError: failWith('failed', DELETE, 'OLD_APPLIANCE_UNCHECKED'),
        },
      },
      'still-answers': { on: { RECHECK: 'checking', CANCEL: cancel(DELETE) } },
      failed: { on: { RETRY: retryTo('checking', DELETE), CANCEL: cancel(DELETE) } },
    },
  } as const;
}

const PROMOTE = 'promote';

export function promoteStep(next: string) {
  return {
    initial: 'promoting',
    states: {
      promoting: {
        invoke: {
          id: 'promoteNewAppliance',
          src: 'promoteNewAppliance',
          input: ({ context }: Args) => ({ ...actorInput(context, PROMOTE), appliance: 'new' as const }),
          onDone: {
            target: to(next),
            actions: [
              { type: 'recordPromoted', params: ({ event }: DoneOf<PromoteNewApplianceOutput>) => event.output },
              journal({ step: PROMOTE, event: 'PROMOTED', outcome: 'ok', who: 'assistant' }, 'The new appliance is now the site’s appliance; the old one is marked retired.'),
            ],
          },
          onError: failWith('failed', PROMOTE, 'PROMOTE_FAILED'),
        },
      },
      failed: { on: { RETRY: retryTo('promoting', PROMOTE) } },
    },
  } as const;
}
