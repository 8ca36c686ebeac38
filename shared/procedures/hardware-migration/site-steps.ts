/**
 * P5's steps that move the site: the licence agreement shown and accepted by the operator (never
 * silently), the backup restored on the new appliance (only once its software install is
 * verified, and always checking the appliance before uploading), the DNS record pointed at it
 * and waited out, and the operator's test sessions. State-config builders with absolute targets.
 */
import { and } from 'xstate';
import { actorInput, failWith, retryTo } from '../machine-helpers';
import { latestBackup } from '../steps/context';
import type {
  AcceptEulaOutput,
  CheckRestoreOutput,
  ReadEulaOutput,
  RestoreBackupOutput,
  RestoreExpectation,
  SiteAddressAnswer,
  VerifyRestoreOutput,
  WaitForSiteAddressInput,
} from './actors';
import { cancel, describeAnswer, journal, to, type Args, type DoneOf, type EventArgs } from './context';
import { SESSION_CHECKS } from './words';

const EULA = 'accept-eula';

export function acceptEulaStep(next: string) {
  return {
    initial: 'reading',
    states: {
      reading: {
        invoke: {
          id: 'readEula',
          src: 'readEula',
          input: ({ context }: Args) => ({ ...actorInput(context, EULA), appliance: 'new' as const }),
          onDone: [
            {
              guard: { type: 'eulaAccepted', params: ({ event }: DoneOf<ReadEulaOutput>) => ({ result: event.output }) },
              target: to(next),
              actions: [
                { type: 'recordEula', params: ({ event }: DoneOf<ReadEulaOutput>) => event.output },
                journal<DoneOf<ReadEulaOutput>>(
                  { step: EULA, event: 'EULA_ALREADY_ACCEPTED', outcome: 'info', who: 'assistant' },
                  ({ event }) => `The new appliance already shows its licence agreement accepted (text SHA-256 ${event.output.sha256}).`,
                ),
              ],
            },
            { target: 'review', actions: { type: 'recordEula', params: ({ event }: DoneOf<ReadEulaOutput>) => event.output } },
          ],
          onError: failWith('failed', EULA, 'EULA_NOT_READ'),
        },
        on: { CANCEL: cancel(EULA) },
      },
      review: {
        on: {
          ACCEPT_EULA: {
            target: 'accepting',
            actions: journal<Args>(
              { step: EULA, event: 'ACCEPT_EULA', outcome: 'ok', who: 'operator' },
              ({ context }) => `The operator read and accepted the licence agreement (text SHA-256 ${context.eula?.sha256 ?? ''}).`,
            ),
          },
          CANCEL: cancel(EULA),
        },
      },
      accepting: {
        invoke: {
          id: 'acceptEula',
          src: 'acceptEula',
          input: ({ context }: Args) => ({ ...actorInput(context, EULA), appliance: 'new' as const }),
          onDone: {
            target: to(next),
            actions: [
              { type: 'recordEulaAccepted', params: ({ event }: DoneOf<AcceptEulaOutput>) => event.output },
              journal({ step: EULA, event: 'EULA_ACCEPTED', outcome: 'ok', who: 'assistant' }, 'The new appliance recorded the acceptance.'),
            ],
          },
          onError: failWith('failed', EULA, 'EULA_NOT_ACCEPTED'),
        },
      },
      // Trying again reads the agreement afresh and asks the operator again.
      failed: { on: { RETRY: retryTo('reading', EULA), CANCEL: cancel(EULA) } },
    },
  } as const;
}

const RESTORE = 'restore-backup';

function restoreInput({ context }: Args) {
  const backup = latestBackup(context, 'pre-upgrade');
  const expectation: RestoreExpectation = {
    backup: { vaultId: backup?.vaultId ?? '', fileName: backup?.fileName ?? '', sha256: backup?.sha256 ?? '' },
    siteHostname: context.oldAppliance?.siteHostname ?? '',
    siteVersion: context.oldAppliance?.siteVersion ?? '',
  };
  return { ...actorInput(context, RESTORE), appliance: 'new' as const, ...expectation };
}

export function restoreBackupStep(next: string, installStep: string) {
  return {
    initial: 'judging',
    states: {
      // No restore before the software install on the new appliance is verified.
      judging: {
        always: [
          { guard: 'softwareInstallVerified', target: 'checking' },
          {
            target: 'not-ready',
            actions: journal(
              { step: RESTORE, event: 'RESTORE_NOT_READY', outcome: 'blocked', who: 'assistant' },
              'The new appliance’s software is not verified at the old appliance’s version, so the backup cannot be restored yet.',
            ),
          },
        ],
      },
      'not-ready': { on: { RECHECK: to(installStep), CANCEL: cancel(RESTORE) } },
      // Every restore starts by asking the appliance, so a resumed one never uploads blindly.
      checking: {
        invoke: {
          id: 'checkRestore',
          src: 'checkRestore',
          input: restoreInput,
          onDone: [
            {
              guard: { type: 'restoreNotStarted', params: ({ event }: DoneOf<CheckRestoreOutput>) => ({ result: event.output }) },
              target: 'uploading',
              actions: { type: 'recordRestoreCheck', params: ({ event }: DoneOf<CheckRestoreOutput>) => event.output },
            },
            {
              target: 'waiting',
              actions: [
                { type: 'recordRestoreCheck', params: ({ event }: DoneOf<CheckRestoreOutput>) => event.output },
                journal<DoneOf<CheckRestoreOutput>>(
                  { step: RESTORE, event: 'RESTORE_UNDER_WAY', outcome: 'info', who: 'assistant' },
                  ({ event }) => `The new appliance is already ${event.output.state}; nothing is uploaded again.`,
                ),
              ],
            },
          ],
          onError: failWith('failed', RESTORE, 'RESTORE_CHECK_FAILED'),
        },
        on: { CANCEL: cancel(RESTORE) },
      },
      uploading: {
        invoke: {
          id: 'restoreBackup',
          src: 'restoreBackup',
          input: restoreInput,
          onDone: {
            target: 'waiting',
            actions: [
              { type: 'recordRestoreUpload', params: ({ event }: DoneOf<RestoreBackupOutput>) => event.output },
              journal<Args>({ step: RESTORE, event: 'RESTORE_UPLOADED', outcome: 'ok', who: 'assistant' }, ({ context }) => {
                const backup = latestBackup(context, 'pre-upgrade');
                return `Uploaded ${backup?.fileName ?? 'the backup'} (SHA-256 ${backup?.sha256 ?? ''}) through Restore Settings; the new appliance restores it now.`;
              }),
            ],
          },
          onError: failWith('failed', RESTORE, 'RESTORE_FAILED'),
        },
      },
      waiting: {
        invoke: {
          id: 'verifyRestore',
          src: 'verifyRestore',
          input: restoreInput,
          onDone: [
            {
              guard: { type: 'restoreVerified', params: ({ event }: DoneOf<VerifyRestoreOutput>) => ({ result: event.output }) },
              target: to(next),
              actions: [
                { type: 'recordRestoreVerification', params: ({ event }: DoneOf<VerifyRestoreOutput>) => event.output },
                journal<DoneOf<VerifyRestoreOutput>>(
                  { step: RESTORE, event: 'RESTORE_VERIFIED', outcome: 'ok', who: 'assistant' },
                  ({ event }) =>
                    `The new appliance answers the API with the old appliance’s credentials and reports site ${event.output.siteHostname}, version ${event.output.siteVersion}.`,
                ),
              ],
            },
            {
              target: 'not-verified',
              actions: [
                { type: 'recordRestoreVerification', params: ({ event }: DoneOf<VerifyRestoreOutput>) => event.output },
                journal({ step: RESTORE, event: 'RESTORE_NOT_VERIFIED', outcome: 'blocked', who: 'assistant' }, 'The restored appliance does not match the old one.'),
              ],
            },
          ],
          onError: failWith('failed', RESTORE, 'RESTORE_FAILED'),
        },
      },
      'not-verified': { on: { RECHECK: 'waiting', CANCEL: cancel(RESTORE) } },
      // Trying again asks the appliance first: it uploads only if the appliance has nothing restored.
      failed: { on: { RETRY: retryTo('checking', RESTORE), CANCEL: cancel(RESTORE) } },
    },
  } as const;
}

const DNS = 'point-dns';

function waitInput({ context }: Args): WaitForSiteAddressInput {
  return {
    ...actorInput(context, DNS),
    deadline: context.siteWait?.deadline ?? '',
    newSerial: context.passwordChanged?.facts.serial ?? '',
    oldSerial: context.oldAppliance?.serial ?? '',
  };
}

/** Watching the site address: until `minutes` after the event (0: ask once now). */
function watchFor(minutes: number, event: string) {
  return {
    target: 'waiting',
    actions: [
      { type: 'recordSiteWait', params: ({ event }: EventArgs) => ({ at: event.at, minutes }) },
      journal({ step: DNS, event, outcome: 'info', who: 'operator' }),
    ],
  } as const;
}

export function pointDnsStep(next: string, minutes: number) {
  return {
    initial: 'guide',
    states: {
      guide: {
        on: {
          DNS_CHANGED: {
            target: 'waiting',
            actions: [
              { type: 'recordDnsChanged', params: ({ event }: EventArgs) => ({ at: event.at }) },
              { type: 'recordSiteWait', params: ({ event }: EventArgs) => ({ at: event.at, minutes }) },
              journal<Args>(
                { step: DNS, event: 'DNS_CHANGED', outcome: 'info', who: 'operator' },
                ({ context }) => `The operator pointed the DNS record of ${context.oldAppliance?.siteHostname ?? 'the site'} at the new appliance.`,
              ),
            ],
          },
          CANCEL: cancel(DNS),
        },
      },
      waiting: {
        invoke: {
          id: 'waitForSiteAddress',
          src: 'waitForSiteAddress',
          input: waitInput,
          onDone: [
            {
              guard: { type: 'siteServesNew', params: ({ event }: DoneOf<SiteAddressAnswer>) => ({ answer: event.output }) },
              target: to(next),
              actions: [
                { type: 'recordSiteAnswer', params: ({ event }: DoneOf<SiteAddressAnswer>) => event.output },
                journal<DoneOf<SiteAddressAnswer>>({ step: DNS, event: 'SITE_SERVED_BY_NEW', outcome: 'ok', who: 'assistant' }, ({ event }) => describeAnswer(event.output)),
              ],
            },
            {
              target: 'late',
              actions: [
                { type: 'recordSiteAnswer', params: ({ event }: DoneOf<SiteAddressAnswer>) => event.output },
                journal<DoneOf<SiteAddressAnswer>>({ step: DNS, event: 'SITE_NOT_YET_NEW', outcome: 'blocked', who: 'assistant' }, ({ event }) => describeAnswer(event.output)),
              ],
            },
          ],
          onError: failWith('failed', DNS, 'SITE_ADDRESS_UNCHECKED'),
        },
        on: { CANCEL: cancel(DNS) },
      },
      late: { on: { RECHECK: watchFor(0, 'RECHECK'), WAIT_LONGER: watchFor(minutes, 'WAIT_LONGER'), CANCEL: cancel(DNS) } },
      failed: {
        on: {
          RETRY: { target: 'waiting', actions: [{ type: 'clearError' }, ...watchFor(0, 'RETRY').actions] },
          CANCEL: cancel(DNS),
        },
      },
    },
  } as const;
}

const SESSIONS = 'test-sessions';

/** The operator ticked every check; the old appliance is then retired the way its model needs. */
export function testSessionsStep(targets: { physical: string; virtual: string }) {
  const confirmed = (target: string) => ({
    target: to(target),
    actions: [
      { type: 'recordSessionsTested', params: ({ event }: EventArgs) => ({ at: event.at, value: event.value ?? '' }) },
      journal<EventArgs>(
        { step: SESSIONS, event: 'CONFIRM', outcome: 'ok', who: 'operator' },
        () => `Tested on the new appliance: ${SESSION_CHECKS.map((item) => item.label).join('; ')}.`,
      ),
    ],
  }) as const;
  return {
    on: {
      CONFIRM: [
        { guard: and(['sessionsAllTicked', 'oldIsVirtual']), ...confirmed(targets.virtual) },
        { guard: 'sessionsAllTicked', ...confirmed(targets.physical) },
      ],
      CANCEL: cancel(SESSIONS),
    },
  } as const;
}
