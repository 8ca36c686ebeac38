/**
 * The install loop of the appliance-upgrade unit: installs plan.order one by one and verifies the
 * version after each, takes the fresh backup between a Base package and its site package with
 * nothing else in between (R4), and ends a failed Base install at the support end with
 * diagnostics captured (R5). Packages that travel as files (P2) are uploaded first.
 */
import { and, not } from 'xstate';
import { toAppErrorShape } from '../../../errors';
import { checkClientAftercareNeeded } from '../../../rules/client-aftercare';
import { checkInstalledVersion } from '../../../rules/install-verification';
import { packageLabel } from '../../../package-label';
import type {
  CaptureDiagnosticsInput,
  CaptureDiagnosticsOutput,
  FilePackageRef,
  InstallPackageInput,
  InstallPackageOutput,
  PackageRef,
  TakeBackupInput,
  TakeBackupOutput,
  UploadPackageInput,
  UploadPackageOutput,
} from '../../actors';
import type { JournalParams } from '../../definition';
import { failWith, retryTo, ruleError, type StepError } from '../../machine-helpers';
import {
  currentPackage,
  freshnessOfBetweenBackup,
  type BackupRecord,
  type ContextArgs,
  type DoneArgs,
  type FailureArgs,
  type OperatorEventArgs,
  type UpgradeContext,
} from '../context';
import { windowAndBackupHints } from '../window-and-backup/words';
import { stepIdOf, unitInput, type UnitPlacement } from './placement';
import { UPLOAD_STOPPED_MESSAGE, installHints } from './words';
import { formatBytes } from '../../../sizes';

/** Where the unit goes once every planned install is verified: client aftercare when R14 asks for it, else on. */
export interface UnitExits {
  aftercare: string;
  noAftercare: string;
}

function unverifiedInstallError(step: string, context: UpgradeContext, result: InstallPackageOutput, hint: string): StepError {
  return ruleError(step, checkInstalledVersion(currentPackage(context) as PackageRef, result).reason, hint);
}

function journalUnverifiedInstall(step: string, context: UpgradeContext, result: InstallPackageOutput): JournalParams {
  return {
    step,
    event: 'INSTALL_NOT_VERIFIED',
    outcome: 'failed',
    who: 'assistant',
    detail: checkInstalledVersion(currentPackage(context) as PackageRef, result).reason,
  };
}

/** An install (or upload) rejected: R5's support end for a failed Base install, else a failed step. */
function installFailure(step: string) {
  return [
    {
      guard: { type: 'isBaseInstallFailure', params: ({ event }: FailureArgs) => ({ error: event.error }) },
      ...failWith('capturing-diagnostics', step, 'BASE_INSTALL_FAILED'),
    },
    failWith('failed', step, 'INSTALL_FAILED'),
  ] as const;
}

function betweenBackupState(placement: UnitPlacement, start: string) {
  const step = stepIdOf(placement, 'backup-between');
  return {
    invoke: {
      id: 'takeBackup',
      src: 'takeBackup',
      input: ({ context }: ContextArgs): TakeBackupInput => ({ ...unitInput(placement, context, step), purpose: 'between-base-and-site' }),
      onDone: [
        {
          guard: { type: 'betweenBackupIsFresh', params: ({ event }: DoneArgs<TakeBackupOutput>) => ({ backup: event.output }) },
          target: start,
          actions: [
            {
              type: 'recordBackup',
              params: ({ event }: DoneArgs<TakeBackupOutput>): BackupRecord => ({ ...event.output, purpose: 'between-base-and-site' }),
            },
            {
              type: 'journal',
              params: ({ event }: DoneArgs<TakeBackupOutput>): JournalParams => ({
                step,
                event: 'BACKUP_TAKEN',
                outcome: 'ok',
                who: 'assistant',
                detail: `${event.output.fileName}, ${formatBytes(event.output.size)}, SHA-256 ${event.output.sha256}, taken after the Base install; the site package follows at once.`,
                checksums: { [event.output.fileName]: event.output.sha256 },
              }),
            },
          ],
        },
        {
          target: 'backup-between-failed',
          actions: [
            {
              type: 'recordError',
              params: ({ context, event }: ContextArgs & DoneArgs<TakeBackupOutput>) =>
                ruleError(step, freshnessOfBetweenBackup(context, event.output).reason, windowAndBackupHints.backupNotFresh),
            },
            {
              type: 'journal',
              params: ({ context, event }: ContextArgs & DoneArgs<TakeBackupOutput>): JournalParams => ({
                step,
                event: 'BACKUP_REJECTED',
                outcome: 'failed',
                who: 'assistant',
                detail: freshnessOfBetweenBackup(context, event.output).reason,
              }),
            },
          ],
        },
      ],
      onError: failWith('backup-between-failed', step, 'BACKUP_FAILED'),
    },
  } as const;
}

function capturingDiagnosticsState(placement: UnitPlacement) {
  const step = stepIdOf(placement, 'install');
  const support = `#${placement.machine}.${stepIdOf(placement, 'support')}`;
  return {
    invoke: {
      id: 'captureDiagnostics',
      src: 'captureDiagnostics',
      input: ({ context }: ContextArgs): CaptureDiagnosticsInput => ({
        ...unitInput(placement, context, step),
        reason: context.error?.message ?? 'Base software update failed.',
      }),
      onDone: {
        target: support,
        actions: [
          { type: 'recordDiagnostics', params: ({ event }: DoneArgs<CaptureDiagnosticsOutput>) => event.output },
          {
            type: 'journal',
            params: ({ event }: DoneArgs<CaptureDiagnosticsOutput>): JournalParams => ({
              step,
              event: 'DIAGNOSTICS_SAVED',
              outcome: 'info',
              who: 'assistant',
              detail: `Diagnostics saved to the vault (SHA-256 ${event.output.sha256.slice(0, 12)}…).`,
              checksums: { diagnostics: event.output.sha256 },
            }),
          },
        ],
      },
      // R5 ends in support whatever happens here; the failure is kept for the banner and the journal.
      onError: {
        target: support,
        actions: [
          { type: 'recordDiagnosticsError', params: ({ event }: FailureArgs) => toAppErrorShape(event.error) },
          {
            type: 'journal',
            params: ({ event }: FailureArgs): JournalParams => ({
              step,
              event: 'DIAGNOSTICS_FAILED',
              outcome: 'failed',
              who: 'assistant',
              detail: toAppErrorShape(event.error).message,
            }),
          },
        ],
      },
    },
  } as const;
}

/**
 * Installs plan.order one by one, verifying the version after each. `start` is the state each
 * package begins in: `installing` when the appliance fetches it (P1), `uploading` when its vault
 * file is sent first (P2, see fileInstallStep).
 */
export function installStep(placement: UnitPlacement, exits: UnitExits, start: 'installing' | 'uploading' = 'installing') {
  const step = stepIdOf(placement, 'install');
  return {
    initial: start,
    states: {
      installing: {
        invoke: {
          id: 'installPackage',
          src: 'installPackage',
          input: ({ context }: ContextArgs): InstallPackageInput => ({ ...unitInput(placement, context, step), pkg: currentPackage(context) as PackageRef }),
          onDone: [
            {
              guard: { type: 'installIsVerified', params: ({ event }: DoneArgs<InstallPackageOutput>) => ({ result: event.output }) },
              target: 'next',
              actions: [
                {
                  type: 'journal',
                  params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>): JournalParams => ({
                    step,
                    event: 'INSTALL_VERIFIED',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: `${checkInstalledVersion(currentPackage(context) as PackageRef, event.output).reason} Health: ${event.output.health}`,
                  }),
                },
                { type: 'recordInstall', params: ({ event }: DoneArgs<InstallPackageOutput>) => event.output },
              ],
            },
            {
              guard: 'installingBase',
              target: 'capturing-diagnostics',
              actions: [
                {
                  type: 'recordError',
                  params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>) =>
                    unverifiedInstallError(step, context, event.output, installHints.baseNotVerified),
                },
                { type: 'journal', params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>) => journalUnverifiedInstall(step, context, event.output) },
              ],
            },
            {
              target: 'failed',
              actions: [
                {
                  type: 'recordError',
                  params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>) =>
                    unverifiedInstallError(step, context, event.output, installHints.installNotVerified),
                },
                { type: 'journal', params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>) => journalUnverifiedInstall(step, context, event.output) },
              ],
            },
          ],
          onError: installFailure(step),
        },
      },
      next: {
        always: [
          { guard: and(['allPackagesInstalled', 'clientAftercareNeeded']), target: `#${placement.machine}.${exits.aftercare}` },
          {
            guard: and(['allPackagesInstalled', not('clientAftercareNeeded')]),
            target: `#${placement.machine}.${exits.noAftercare}`,
            actions: {
              type: 'journal',
              params: ({ context }: ContextArgs): JournalParams => ({
                step: exits.aftercare,
                event: 'AFTERCARE_NOT_NEEDED',
                outcome: 'info',
                who: 'assistant',
                detail: checkClientAftercareNeeded(context.installed.map((record) => record.pkg)).reason,
              }),
            },
          },
          { guard: 'baseJustInstalledBeforeSite', target: 'backup-between' },
          { target: start },
        ],
      },
      failed: {
        on: { RETRY: retryTo(start, step) },
      },
      'backup-between': betweenBackupState(placement, start),
      // Only a retry: R4 allows nothing else between the Base and the site package.
      'backup-between-failed': {
        on: { RETRY: retryTo('backup-between', stepIdOf(placement, 'backup-between')) },
      },
      'capturing-diagnostics': capturingDiagnosticsState(placement),
    },
  } as const;
}

function describeUpload(pkg: FilePackageRef, upload: UploadPackageOutput): string {
  return upload.bytes > 0
    ? `${packageLabel(pkg)} uploaded through Manual Installation (${formatBytes(upload.bytes)}, SHA-256 ${pkg.sha256}); the appliance installs it now.`
    : `${packageLabel(pkg)}: the appliance already has it (installing or installed); nothing uploaded.`;
}

/**
 * The install step for packages that travel as files (P2): each is first uploaded (`uploading`,
 * the only state that offers CANCEL_UPLOAD — aborting the upload leaves nothing installed),
 * then waited for and verified (`installing`). Once the appliance has the file it installs on
 * its own, so nothing stops it any more. RETRY starts at the upload, which checks the appliance first.
 */
export function fileInstallStep(placement: UnitPlacement, exits: UnitExits) {
  const step = stepIdOf(placement, 'install');
  const loop = installStep(placement, exits, 'uploading');
  return {
    ...loop,
    states: {
      ...loop.states,
      uploading: {
        invoke: {
          id: 'uploadPackage',
          src: 'uploadPackage',
          input: ({ context }: ContextArgs): UploadPackageInput => ({ ...unitInput(placement, context, step), pkg: currentPackage(context) as FilePackageRef }),
          onDone: {
            target: 'installing',
            actions: {
              type: 'journal',
              params: ({ context, event }: ContextArgs & DoneArgs<UploadPackageOutput>): JournalParams => {
                const pkg = currentPackage(context) as FilePackageRef;
                return {
                  step,
                  event: 'PACKAGE_UPLOADED',
                  outcome: 'ok',
                  who: 'assistant',
                  detail: describeUpload(pkg, event.output),
                  checksums: { [`${packageLabel(pkg)}`]: pkg.sha256 },
                };
              },
            },
          },
          onError: installFailure(step),
        },
        on: {
          CANCEL_UPLOAD: {
            target: 'failed',
            actions: [
              {
                type: 'recordError',
                params: { code: 'CANCELLED', message: UPLOAD_STOPPED_MESSAGE, hint: installHints.uploadStopped, step } satisfies StepError,
              },
              {
                type: 'journal',
                params: ({ context, event }: ContextArgs & OperatorEventArgs): JournalParams => ({
                  step,
                  event: 'CANCEL_UPLOAD',
                  outcome: 'info',
                  who: 'operator',
                  detail: `Stopped the upload of ${currentPackage(context)?.name ?? 'the package'}; nothing was installed.${event.note ? ` ${event.note}` : ''}`,
                }),
              },
            ],
          },
        },
      },
    },
  } as const;
}

/** R5: no event leaves this state — no retry, no restart. */
export function supportEnd(placement: UnitPlacement) {
  const step = stepIdOf(placement, 'install');
  return {
    type: 'final',
    entry: {
      type: 'journal',
      params: ({ context }: ContextArgs): JournalParams => ({
        step,
        event: 'SUPPORT_NEEDED',
        outcome: 'failed',
        who: 'assistant',
        detail: context.error?.message ?? 'Base software update failed.',
      }),
    },
  } as const;
}
