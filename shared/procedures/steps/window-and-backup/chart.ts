/**
 * The phase that opens every upgrade: the site's sign-ins checked again (the window cannot start
 * on a wrong password), the maintenance window (R13) and the settings backup taken inside it
 * (R1). State-config builders; targets are absolute (`#machine.step`) because a builder does not
 * know where its neighbours sit. Journal texts are part of the behaviour: tests pin them.
 */
import { checkSiteCredentials } from '../../../rules/site-credentials';
import type { ApplianceRole, CheckCredentialsInput, CheckCredentialsOutput, TakeBackupInput, TakeBackupOutput } from '../../actors';
import type { JournalParams } from '../../definition';
import { actorInput, failWith, retryTo, ruleError, type StepError } from '../../machine-helpers';
import { cancelFrom } from '../cancel';
import { freshnessOfPreUpgradeBackup, type BackupRecord, type ContextArgs, type DoneArgs, type OperatorEventArgs } from '../context';
import { windowAndBackupHints } from './words';
import { formatBytes } from '../../../sizes';

function refusedCredentials(result: CheckCredentialsOutput): StepError {
  return {
    code: result.api.ok ? 'ADMIN_LOGIN_FAILED' : 'UNAUTHORISED',
    message: checkSiteCredentials(result).reason,
    hint: windowAndBackupHints.credentialsRefused,
    step: 'check-credentials',
  };
}

/** Signs in with the site's API and admin accounts; only then is the window offered. */
export function credentialsStep(machine: string, next = 'window') {
  return {
    initial: 'checking',
    states: {
      checking: {
        entry: { type: 'clearCredentials' },
        invoke: {
          id: 'checkCredentials',
          src: 'checkCredentials',
          input: ({ context }: ContextArgs): CheckCredentialsInput => actorInput(context, 'check-credentials'),
          onDone: [
            {
              guard: { type: 'credentialsAccepted', params: ({ event }: DoneArgs<CheckCredentialsOutput>) => ({ result: event.output }) },
              target: `#${machine}.${next}`,
              actions: [
                { type: 'recordCredentials', params: ({ event }: DoneArgs<CheckCredentialsOutput>) => event.output },
                {
                  type: 'journal',
                  params: ({ event }: DoneArgs<CheckCredentialsOutput>): JournalParams => ({
                    step: 'check-credentials',
                    event: 'CREDENTIALS_CHECKED',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: checkSiteCredentials(event.output).reason,
                  }),
                },
              ],
            },
            {
              target: 'failed',
              actions: [
                { type: 'recordCredentials', params: ({ event }: DoneArgs<CheckCredentialsOutput>) => event.output },
                { type: 'recordError', params: ({ event }: DoneArgs<CheckCredentialsOutput>) => refusedCredentials(event.output) },
                {
                  type: 'journal',
                  params: ({ event }: DoneArgs<CheckCredentialsOutput>): JournalParams => ({
                    step: 'check-credentials',
                    event: 'CREDENTIALS_REFUSED',
                    outcome: 'failed',
                    who: 'assistant',
                    detail: checkSiteCredentials(event.output).reason,
                  }),
                },
              ],
            },
          ],
          onError: failWith('failed', 'check-credentials', 'CREDENTIALS_CHECK_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, 'check-credentials') },
      },
      // The operator fixes the site's credentials in the site editor, then checks again.
      failed: {
        on: { RETRY: retryTo('checking', 'check-credentials'), CANCEL: cancelFrom(machine, 'check-credentials') },
      },
    },
  } as const;
}

export function windowStep(machine: string, next: string) {
  return {
    on: {
      WINDOW_STARTED: {
        guard: 'credentialsChecked',
        target: `#${machine}.${next}`,
        actions: [
          { type: 'recordWindowStart', params: ({ event }: OperatorEventArgs) => ({ at: event.at }) },
          {
            type: 'journal',
            params: ({ event }: OperatorEventArgs): JournalParams => ({
              step: 'window',
              event: 'WINDOW_STARTED',
              outcome: 'ok',
              who: 'operator',
              detail: `Maintenance window started at ${event.at}.`,
            }),
          },
        ],
      },
      // Sign-ins may change while the window is awaited (and a snapshot saved before the check existed has none).
      RECHECK: `#${machine}.check-credentials`,
      CANCEL: cancelFrom(machine, 'window'),
    },
  } as const;
}

/**
 * The pre-upgrade backup (R1). A procedure with more than one appliance places it per appliance:
 * `step` is then its state id and journal step (e.g. 'backup-a') and `appliance` goes into the input.
 */
export function backupStep(machine: string, next: string, placement: { step?: string; appliance?: ApplianceRole } = {}) {
  const step = placement.step ?? 'backup';
  const input = (context: ContextArgs['context']): TakeBackupInput => ({
    ...actorInput(context, step),
    ...(placement.appliance ? { appliance: placement.appliance } : {}),
    purpose: 'pre-upgrade',
  });
  return {
    initial: 'running',
    states: {
      running: {
        invoke: {
          id: 'takeBackup',
          src: 'takeBackup',
          input: ({ context }: ContextArgs): TakeBackupInput => input(context),
          onDone: [
            {
              guard: { type: 'preUpgradeBackupIsFresh', params: ({ event }: DoneArgs<TakeBackupOutput>) => ({ backup: event.output }) },
              target: `#${machine}.${next}`,
              actions: [
                { type: 'recordBackup', params: ({ event }: DoneArgs<TakeBackupOutput>): BackupRecord => ({ ...event.output, purpose: 'pre-upgrade' }) },
                {
                  type: 'journal',
                  params: ({ event }: DoneArgs<TakeBackupOutput>): JournalParams => ({
                    step,
                    event: 'BACKUP_TAKEN',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: `${event.output.fileName}, ${formatBytes(event.output.size)}, SHA-256 ${event.output.sha256}, appliance version ${event.output.applianceVersion}.`,
                    checksums: { [event.output.fileName]: event.output.sha256 },
                  }),
                },
              ],
            },
            {
              target: 'failed',
              actions: [
                {
                  type: 'recordError',
                  params: ({ context, event }: ContextArgs & DoneArgs<TakeBackupOutput>) =>
                    ruleError(step, freshnessOfPreUpgradeBackup(context, event.output).reason, windowAndBackupHints.backupNotFresh),
                },
                {
                  type: 'journal',
                  params: ({ context, event }: ContextArgs & DoneArgs<TakeBackupOutput>): JournalParams => ({
                    step,
                    event: 'BACKUP_REJECTED',
                    outcome: 'failed',
                    who: 'assistant',
                    detail: freshnessOfPreUpgradeBackup(context, event.output).reason,
                  }),
                },
              ],
            },
          ],
          onError: failWith('failed', step, 'BACKUP_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, step) },
      },
      failed: {
        on: { RETRY: retryTo('running', step), CANCEL: cancelFrom(machine, step) },
      },
    },
  } as const;
}
