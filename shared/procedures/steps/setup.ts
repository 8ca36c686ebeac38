/**
 * What a procedure's setup() needs for the shared phases: the placeholders of their actors, their
 * guards and their actions. P1, P2 (and the procedures to come) spread these into their own
 * setup() and place the phase builders in their chart, so all of them run the very same steps.
 */
import { assign, fromPromise, type EventObject, type ParameterizedObject } from 'xstate';
import { toAppErrorShape, type AppErrorShape } from '../../errors';
import { checkCertificateFile, type CertificateExportDecision } from '../../rules/certificate-export';
import { checkCertificateHealth } from '../../rules/certificate-health';
import { checkClientAftercareNeeded } from '../../rules/client-aftercare';
import { checkInstalledVersion } from '../../rules/install-verification';
import { checkHoldsMayBeReleased } from '../../rules/keep-until-verified';
import { isMeaningfulNote } from '../../rules/operator-note';
import { parseJumpClientLimit, parsePositiveNumber } from '../../rules/jump-client-limit';
import { aftercareActorPlaceholders } from './aftercare-and-report/actors';
import { AFTERCARE_CHECKS, MAX_MBPS, MAX_MIB, mayRestore, recordOf, type AftercareRecord } from './aftercare-and-report/record';
import { everyItemTicked } from './checklist';
import { isBaseFollowedBySite, orderPackages } from '../../rules/package-order';
import { checkSiteCredentials } from '../../rules/site-credentials';
import type {
  ActorBaseInput,
  CaptureDiagnosticsInput,
  CaptureDiagnosticsOutput,
  CertificateFileRecord,
  CertificateSource,
  CheckCredentialsInput,
  CheckCredentialsOutput,
  CheckForUpdatesOutput,
  ExportCertificateInput,
  InstallPackageInput,
  InstallPackageOutput,
  PackageRef,
  ProbeCertificateOutput,
  ReleaseHoldsInput,
  TakeBackupInput,
  TakeBackupOutput,
} from '../actors';
import type { JournalParams } from '../definition';
import { notProvided, type CancelRecord, type StepError } from '../machine-helpers';
import {
  currentPackage,
  freshnessOfBetweenBackup,
  freshnessOfPreUpgradeBackup,
  isReadyToInstall,
  keptCertificateFile,
  type BackupRecord,
  type ContextArgs,
  type OperatorEventArgs,
  type UpgradeContext,
} from './context';

export const upgradeActorPlaceholders = {
  checkCredentials: fromPromise<CheckCredentialsOutput, CheckCredentialsInput>(async () => notProvided('checkCredentials')),
  takeBackup: fromPromise<TakeBackupOutput, TakeBackupInput>(async () => notProvided('takeBackup')),
  exportCertificate: fromPromise<CertificateFileRecord, ExportCertificateInput>(async () => notProvided('exportCertificate')),
  probeCertificate: fromPromise<ProbeCertificateOutput, ActorBaseInput>(async () => notProvided('probeCertificate')),
  installPackage: fromPromise<InstallPackageOutput, InstallPackageInput>(async () => notProvided('installPackage')),
  captureDiagnostics: fromPromise<CaptureDiagnosticsOutput, CaptureDiagnosticsInput>(async () => notProvided('captureDiagnostics')),
  releaseHolds: fromPromise<void, ReleaseHoldsInput>(async () => notProvided('releaseHolds')),
  ...aftercareActorPlaceholders,
};

/** The automatic unit also asks the appliance what it is offered. */
export const checkForUpdatesPlaceholder = {
  checkForUpdates: fromPromise<CheckForUpdatesOutput, ActorBaseInput>(async () => notProvided('checkForUpdates')),
};

export const upgradeGuards = {
  hasNote: ({ event }: OperatorEventArgs) => isMeaningfulNote(event.note),
  /** A typed value (a path). Never asked of a secret's event: the host takes its value out before the machine sees it. */
  hasValue: ({ event }: OperatorEventArgs) => typeof event.value === 'string' && event.value.trim().length > 0,
  credentialsAccepted: (_: unknown, params: { result: CheckCredentialsOutput }) => checkSiteCredentials(params.result).holds,
  /** The window opens only on credentials that were just accepted (C8). */
  credentialsChecked: ({ context }: ContextArgs) => checkSiteCredentials(context.credentials).holds,
  preUpgradeBackupIsFresh: ({ context }: ContextArgs, params: { backup: TakeBackupOutput }) =>
    freshnessOfPreUpgradeBackup(context, params.backup).holds,
  betweenBackupIsFresh: ({ context }: ContextArgs, params: { backup: TakeBackupOutput }) =>
    freshnessOfBetweenBackup(context, params.backup).holds,
  certificateIsHealthy: ({ context }: ContextArgs) => checkCertificateHealth(context.certificateProbe, keptCertificateFile(context)).holds,
  certificateFileIsGood: ({ context }: ContextArgs) => checkCertificateFile(context.certificateFile).holds,
  /** The host no longer holds the passphrase (it restarted since it was typed): the step asks for it again. */
  isPassphraseNeeded: (_: unknown, params: { error: unknown }) => toAppErrorShape(params.error).code === 'PASSPHRASE_NEEDED',
  nothingToInstall: ({ context }: ContextArgs) => context.plan !== null && context.plan.order.length === 0,
  planIsSafe: ({ context }: ContextArgs) => context.plan?.ok === true,
  readyToInstall: ({ context }: ContextArgs) => isReadyToInstall(context),
  installIsVerified: ({ context }: ContextArgs, params: { result: InstallPackageOutput }) => {
    const pkg = currentPackage(context);
    return pkg !== undefined && checkInstalledVersion(pkg, params.result).holds;
  },
  installingBase: ({ context }: ContextArgs) => currentPackage(context)?.kind === 'base',
  isBaseInstallFailure: (_: unknown, params: { error: unknown }) => toAppErrorShape(params.error).code === 'BASE_INSTALL_FAILED',
  /** R7: the report releases the vault holds, so it is reached only when every planned install is verified. */
  allPackagesInstalled: ({ context }: ContextArgs) =>
    context.plan !== null && context.installIndex >= context.plan.order.length && checkHoldsMayBeReleased(context.plan.order, context.installed).holds,
  baseJustInstalledBeforeSite: ({ context }: ContextArgs) =>
    context.plan !== null && isBaseFollowedBySite(context.plan.order, context.installIndex - 1),
  bandwidthGiven: ({ event }: OperatorEventArgs) => parsePositiveNumber(event.value, MAX_MBPS) !== null,
  downloadSizeGiven: ({ event }: OperatorEventArgs) => parsePositiveNumber(event.value, MAX_MIB) !== null,
  limitGiven: ({ event }: OperatorEventArgs) => parseJumpClientLimit(event.value) !== null,
  mayRestoreLimit: ({ context }: ContextArgs) => mayRestore(context),
  aftercareTicked: ({ event }: OperatorEventArgs) => everyItemTicked(event.value, AFTERCARE_CHECKS),
  clientAftercareNeeded: ({ context }: ContextArgs) => checkClientAftercareNeeded(context.installed.map((record) => record.pkg)).holds,
};

/**
 * An assign action for a machine with context TContext and events TEvent. Built per machine
 * because XState types an action by the events of the machine it runs in.
 */
export function assignFor<TContext extends UpgradeContext, TEvent extends EventObject>() {
  return <TParams extends ParameterizedObject['params'] | undefined>(
    assigner: (args: { context: TContext }, params: TParams) => Partial<TContext>,
  ) => assign<TContext, TEvent, TParams, TEvent, never>(assigner);
}

export function upgradeActions<TContext extends UpgradeContext, TEvent extends EventObject>() {
  const update = assignFor<TContext, TEvent>();
  // The shared steps only write the shared part of the context.
  const shared = <TParams extends ParameterizedObject['params'] | undefined>(
    assigner: (args: { context: TContext }, params: TParams) => Partial<UpgradeContext>,
  ) => update(assigner as (args: { context: TContext }, params: TParams) => Partial<TContext>);
  return {
    /** The host appends these to the procedure's journal with the time and the operator's name. */
    journal: (_: unknown, _params: JournalParams) => undefined,
    recordError: shared((_, error: StepError) => ({ error })),
    clearError: shared(() => ({ error: null })),
    recordCancel: shared((_, cancelled: CancelRecord) => ({ cancelled })),
    recordCredentials: shared((_, credentials: CheckCredentialsOutput) => ({ credentials })),
    clearCredentials: shared(() => ({ credentials: null })),
    recordWindowStart: shared((_, params: { at: string }) => ({ windowStartedAt: params.at })),
    recordBackup: shared(({ context }, backup: BackupRecord) => ({ backups: [...context.backups, backup] })),
    recordCertificateExport: shared((_, certificateExport: CertificateExportDecision) => ({ certificateExport })),
    recordCertificateSource: shared((_, certificateSource: CertificateSource | null) => ({ certificateSource })),
    recordCertificateFile: shared((_, certificateFile: CertificateFileRecord) => ({ certificateFile })),
    clearCertificateFile: shared(() => ({ certificateFile: null, certificateExport: null })),
    clearProbe: shared(() => ({ certificateProbe: null })),
    recordProbe: shared((_, probe: ProbeCertificateOutput) => ({ certificateProbe: probe })),
    recordRiskAccepted: shared((_, accepted: { at: string; note: string }) => ({ certificateRiskAccepted: accepted })),
    recordUpdates: shared((_, result: CheckForUpdatesOutput) => ({
      versionsBefore: { siteVersion: result.siteVersion, baseVersion: result.baseVersion },
      plan: orderPackages(result.updates, result.baseVersion),
    })),
    recordInstallStart: shared((_, params: { at: string }) => ({ installStartedAt: params.at, installIndex: 0 })),
    recordInstall: shared(({ context }, result: InstallPackageOutput) => ({
      installed: [...context.installed, { ...result, pkg: currentPackage(context) as PackageRef }],
      installIndex: context.installIndex + 1,
    })),
    recordDiagnostics: shared((_, diagnostics: CaptureDiagnosticsOutput) => ({ diagnostics })),
    recordDiagnosticsError: shared((_, diagnosticsError: AppErrorShape) => ({ diagnosticsError })),
    recordAftercare: shared((_, params: { at: string }) => ({ aftercareConfirmedAt: params.at })),
    recordAftercarePart: shared(({ context }, part: Partial<AftercareRecord>) => ({ aftercare: { ...recordOf(context), ...part } })),
  };
}
