/**
 * P5's opening steps: the new appliance found at the address the operator gives, checked to be
 * in factory state and trusted by the fingerprint the operator compares on its console; its
 * factory password changed; and the old appliance's facts read (its model decides how it is
 * retired, its version what the new one installs). State-config builders with absolute targets.
 */
import { actorInput, failWith, retryTo, type StepError } from '../machine-helpers';
import type {
  AddNewApplianceInput,
  AddNewApplianceOutput,
  ChangeFactoryPasswordInput,
  ChangeFactoryPasswordOutput,
  CheckNewApplianceInput,
  CheckNewApplianceOutput,
  CheckOldApplianceInput,
  CheckOldApplianceOutput,
} from './actors';
import { cancel, journal, to, type Args, type DoneOf, type EventArgs } from './context';
import { migrationHints } from './step-words';

const NEW = 'new-appliance';

/** An address given: checked when it is one, otherwise the step says why not. */
function addressGiven(target: string) {
  return [
    {
      guard: 'isAddress',
      target,
      actions: [
        { type: 'recordAddress', params: ({ event }: EventArgs) => ({ value: event.value ?? '' }) },
        { type: 'clearError' },
        journal<EventArgs>({ step: NEW, event: 'ADDRESS', outcome: 'info', who: 'operator' }, ({ event }) => `New appliance address given: ${event.value?.trim() ?? ''}.`),
      ],
    },
    {
      guard: 'hasValue',
      target: `${to(NEW)}.invalid-address`,
      actions: {
        type: 'recordError',
        params: ({ event }: EventArgs): StepError => ({
          code: 'INVALID_INPUT',
          message: `“${event.value?.trim() ?? ''}” is not an appliance address.`,
          hint: migrationHints.address,
          step: NEW,
        }),
      },
    },
  ] as const;
}

export function newApplianceStep() {
  return {
    initial: 'ask',
    states: {
      ask: { on: { ADDRESS: addressGiven('checking'), CANCEL: cancel(NEW) } },
      'invalid-address': { on: { ADDRESS: addressGiven(`${to(NEW)}.checking`), CANCEL: cancel(NEW) } },
      checking: {
        invoke: {
          id: 'checkNewAppliance',
          src: 'checkNewAppliance',
          input: ({ context }: Args): CheckNewApplianceInput => ({ ...actorInput(context, NEW), appliance: 'new', url: context.newAddress ?? '' }),
          onDone: [
            {
              guard: { type: 'isFactory', params: ({ event }: DoneOf<CheckNewApplianceOutput>) => ({ result: event.output }) },
              target: 'compare',
              actions: [
                { type: 'recordNewCheck', params: ({ event }: DoneOf<CheckNewApplianceOutput>) => event.output },
                journal<DoneOf<CheckNewApplianceOutput>>(
                  { step: NEW, event: 'NEW_APPLIANCE_FOUND', outcome: 'ok', who: 'assistant' },
                  ({ event }) => `${event.output.message} Certificate ${event.output.certificate.subject}, SHA-256 ${event.output.certificate.fingerprint256}.`,
                ),
              ],
            },
            {
              target: 'not-factory',
              actions: [
                { type: 'recordNewCheck', params: ({ event }: DoneOf<CheckNewApplianceOutput>) => event.output },
                journal<DoneOf<CheckNewApplianceOutput>>({ step: NEW, event: 'NOT_FACTORY', outcome: 'blocked', who: 'assistant' }, ({ event }) => event.output.message),
              ],
            },
          ],
          onError: failWith('failed', NEW, 'NEW_APPLIANCE_UNREACHABLE'),
        },
        on: { CANCEL: cancel(NEW) },
      },
      // The operator compares the fingerprint with the one the appliance's console shows.
      compare: {
        on: {
          TRUST: {
            target: 'adding',
            actions: [
              { type: 'recordTrust', params: ({ event }: EventArgs) => ({ at: event.at }) },
              journal<Args>(
                { step: NEW, event: 'TRUST', outcome: 'ok', who: 'operator' },
                ({ context }) => `The operator compared the fingerprint ${context.newCheck?.certificate.fingerprint256 ?? ''} with the new appliance’s console and trusted it.`,
              ),
            ],
          },
          ADDRESS: addressGiven('checking'),
          CANCEL: cancel(NEW),
        },
      },
      'not-factory': { on: { RECHECK: 'checking', ADDRESS: addressGiven('checking'), CANCEL: cancel(NEW) } },
      failed: { on: { RETRY: retryTo('checking', NEW), ADDRESS: addressGiven('checking'), CANCEL: cancel(NEW) } },
      adding: {
        invoke: {
          id: 'addNewAppliance',
          src: 'addNewAppliance',
          input: ({ context }: Args): AddNewApplianceInput => ({
            ...actorInput(context, NEW),
            appliance: 'new',
            url: context.newAddress ?? '',
            fingerprint256: context.newCheck?.certificate.fingerprint256 ?? '',
          }),
          onDone: {
            target: to('factory-password'),
            actions: [
              { type: 'recordNewAdded', params: ({ event }: DoneOf<AddNewApplianceOutput>) => event.output },
              journal<Args>(
                { step: NEW, event: 'NEW_APPLIANCE_ADDED', outcome: 'ok', who: 'assistant' },
                ({ context }) => `Added ${context.newAddress ?? ''} to the site as its new appliance, trusted by fingerprint.`,
              ),
            ],
          },
          onError: failWith('add-failed', NEW, 'NEW_APPLIANCE_NOT_SAVED'),
        },
      },
      'add-failed': { on: { RETRY: retryTo('adding', NEW), CANCEL: cancel(NEW) } },
    },
  } as const;
}

const PASSWORD = 'factory-password';

/** The password reaches the host's memory, never the machine: the event carries no value. */
const passwordGiven = {
  target: `${to(PASSWORD)}.changing`,
  actions: [
    { type: 'clearError' },
    journal({ step: PASSWORD, event: 'SET_PASSWORD', outcome: 'info', who: 'operator' }, 'The operator set the new admin password (not recorded).'),
  ],
} as const;

export function factoryPasswordStep() {
  return {
    initial: 'ask',
    states: {
      ask: { on: { SET_PASSWORD: passwordGiven, CANCEL: cancel(PASSWORD) } },
      changing: {
        invoke: {
          id: 'changeFactoryPassword',
          src: 'changeFactoryPassword',
          input: ({ context }: Args): ChangeFactoryPasswordInput => ({ ...actorInput(context, PASSWORD), appliance: 'new' }),
          onDone: {
            target: to('check-credentials'),
            actions: [
              { type: 'recordPasswordChanged', params: ({ event }: DoneOf<ChangeFactoryPasswordOutput>) => event.output },
              journal<DoneOf<ChangeFactoryPasswordOutput>>(
                { step: PASSWORD, event: 'PASSWORD_CHANGED', outcome: 'ok', who: 'assistant' },
                ({ event }) => {
                  const facts = event.output.facts;
                  return `Factory password replaced and stored; signed in with the new one. New appliance: ${facts.modelName} (${facts.model}), serial ${facts.serial}, ${facts.hostname}, IP ${facts.ip}.`;
                },
              ),
            ],
          },
          onError: failWith('failed', PASSWORD, 'PASSWORD_NOT_CHANGED'),
        },
      },
      failed: { on: { SET_PASSWORD: passwordGiven, CANCEL: cancel(PASSWORD) } },
    },
  } as const;
}

const OLD = 'old-appliance';

export function oldApplianceStep(next: string) {
  return {
    initial: 'checking',
    states: {
      checking: {
        invoke: {
          id: 'checkOldAppliance',
          src: 'checkOldAppliance',
          input: ({ context }: Args): CheckOldApplianceInput => ({ ...actorInput(context, OLD), appliance: 'current' }),
          onDone: {
            target: to(next),
            actions: [
              { type: 'recordOldAppliance', params: ({ event }: DoneOf<CheckOldApplianceOutput>) => event.output },
              journal<DoneOf<CheckOldApplianceOutput>>(
                { step: OLD, event: 'OLD_APPLIANCE_READ', outcome: 'ok', who: 'assistant' },
                ({ event }) =>
                  `Old appliance: ${event.output.modelName} (${event.output.model}), serial ${event.output.serial}, site ${event.output.siteHostname}, site ${event.output.siteVersion} on Base ${event.output.baseVersion}.`,
              ),
            ],
          },
          onError: failWith('failed', OLD, 'OLD_APPLIANCE_CHECK_FAILED'),
        },
        on: { CANCEL: cancel(OLD) },
      },
      failed: { on: { RETRY: retryTo('checking', OLD), CANCEL: cancel(OLD) } },
    },
  } as const;
}

