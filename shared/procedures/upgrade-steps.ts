/**
 * The steps every single-appliance upgrade shares — maintenance window, backup, certificate
 * export and health, the install plan, the install loop with its backup between Base and site
 * and the support end (R5), client aftercare and the report — as state-config builders over
 * one context shape. P1 and P2 spread `upgradeGuards`, `upgradeActions` and
 * `upgradeActorPlaceholders` into their own setup() and place the builders in their chart, so
 * both run the very same steps. Targets are absolute (`#machine.step`) because a builder does
 * not know where its neighbours sit. Journal texts are part of the behaviour: P1's tests pin them.
 */
import { and, assign, fromPromise, not, type EventObject, type ParameterizedObject } from 'xstate';
import { toAppErrorShape, type AppErrorShape } from '../errors';
import { checkBackupFreshness } from '../rules/backup-freshness';
import { checkCertificateExport, type CertificateExportDecision } from '../rules/certificate-export';
import { checkCertificateHealth } from '../rules/certificate-health';
import { checkClientAftercareNeeded } from '../rules/client-aftercare';
import { checkInstalledVersion } from '../rules/install-verification';
import { checkHoldsMayBeReleased } from '../rules/keep-until-verified';
import { isMeaningfulNote } from '../rules/operator-note';
import { isBaseFollowedBySite, type PackageOrder } from '../rules/package-order';
import type {
  ActorBaseInput,
  CaptureDiagnosticsInput,
  CaptureDiagnosticsOutput,
  FilePackageRef,
  InstallPackageInput,
  InstallPackageOutput,
  PackageRef,
  ProbeCertificateOutput,
  ReleaseHoldsInput,
  TakeBackupInput,
  TakeBackupOutput,
  UploadPackageInput,
  UploadPackageOutput,
} from './actors';
import type { JournalParams, ProcedureInput } from './definition';
import { actorInput, failWith, notProvided, recordDone, retryTo, ruleError, type CancelRecord, type StepError } from './machine-helpers';
import { UPLOAD_STOPPED_MESSAGE, upgradeHints } from './steps/upgrade';
import { packageLabel } from '../package-label';


export interface BackupRecord extends TakeBackupOutput {
  purpose: TakeBackupInput['purpose'];
}

export interface InstallRecord extends InstallPackageOutput {
  pkg: PackageRef;
}

export interface UpgradeContext {
  procedureId: string;
  siteId: string;
  windowStartedAt: string | null;
  backups: BackupRecord[];
  certificateExport: CertificateExportDecision | null;
  certificateProbe: ProbeCertificateOutput | null;
  /** Set when the operator went on although the certificate check failed. */
  certificateRiskAccepted: { at: string; note: string } | null;
  versionsBefore: { siteVersion: string; baseVersion: string } | null;
  /** R4's answer for the packages to install; null until they are known. */
  plan: PackageOrder | null;
  installStartedAt: string | null;
  /** Index in plan.order of the package being (or next to be) installed. */
  installIndex: number;
  installed: InstallRecord[];
  diagnostics: CaptureDiagnosticsOutput | null;
  /** The error that stopped the current step; cleared when the step is tried again. */
  error: StepError | null;
  /** Kept apart from `error`: failing to save diagnostics must not hide why the Base install failed. */
  diagnosticsError: AppErrorShape | null;
  aftercareConfirmedAt: string | null;
  cancelled: CancelRecord | null;
}

export function initialUpgradeContext(input: ProcedureInput): UpgradeContext {
  return {
    procedureId: input.procedureId,
    siteId: input.siteId,
    windowStartedAt: null,
    backups: [],
    certificateExport: null,
    certificateProbe: null,
    certificateRiskAccepted: null,
    versionsBefore: null,
    plan: null,
    installStartedAt: null,
    installIndex: 0,
    installed: [],
    diagnostics: null,
    error: null,
    diagnosticsError: null,
    aftercareConfirmedAt: null,
    cancelled: null,
  };
}

/** An operator event as machines receive it: `at` from the host, never from a clock. */
export interface OperatorEventArgs {
  event: { type: string; at: string; note?: string; value?: string };
}
interface ContextArgs {
  context: UpgradeContext;
}
interface FailureArgs {
  event: { error: unknown };
}
interface DoneArgs<T> {
  event: { output: T };
}

export function latestBackup(context: Pick<UpgradeContext, 'backups'>, purpose: BackupRecord['purpose']): BackupRecord | undefined {
  return context.backups.filter((backup) => backup.purpose === purpose).at(-1);
}

export function currentPackage(context: Pick<UpgradeContext, 'plan' | 'installIndex'>): PackageRef | undefined {
  return context.plan?.order[context.installIndex];
}

function freshnessOfPreUpgradeBackup(context: UpgradeContext, backup: TakeBackupOutput | undefined) {
  return checkBackupFreshness(backup, { windowStartedAt: context.windowStartedAt });
}

function freshnessOfBetweenBackup(context: UpgradeContext, backup: TakeBackupOutput | undefined) {
  const base = context.installed.at(-1);
  return checkBackupFreshness(backup, {
    windowStartedAt: context.windowStartedAt,
    notBefore: base ? { at: base.finishedAt, what: `the ${base.pkg.name} install finished` } : undefined,
  });
}

/** R1 and R4 once more at the moment the site goes down: enforced, not only shown. */
export function isReadyToInstall(context: UpgradeContext): boolean {
  return (
    context.plan?.ok === true &&
    context.plan.order.length > 0 &&
    freshnessOfPreUpgradeBackup(context, latestBackup(context, 'pre-upgrade')).holds
  );
}

/** CANCEL before the install starts: recorded with the step and the operator's note. */
export function cancelFrom(machine: string, step: string) {
  return {
    target: `#${machine}.cancelled`,
    actions: [
      {
        type: 'recordCancel',
        params: ({ event }: OperatorEventArgs): CancelRecord => ({ at: event.at, step, ...(event.note ? { note: event.note } : {}) }),
      },
      {
        type: 'journal',
        params: ({ event }: OperatorEventArgs): JournalParams => ({
          step,
          event: 'CANCEL',
          outcome: 'info',
          who: 'operator',
          detail: event.note ?? 'Cancelled before anything was installed.',
        }),
      },
    ],
  } as const;
}

/* ---------- what setup() needs for these steps ---------- */

export const upgradeActorPlaceholders = {
  takeBackup: fromPromise<TakeBackupOutput, TakeBackupInput>(async () => notProvided('takeBackup')),
  probeCertificate: fromPromise<ProbeCertificateOutput, ActorBaseInput>(async () => notProvided('probeCertificate')),
  installPackage: fromPromise<InstallPackageOutput, InstallPackageInput>(async () => notProvided('installPackage')),
  captureDiagnostics: fromPromise<CaptureDiagnosticsOutput, CaptureDiagnosticsInput>(async () => notProvided('captureDiagnostics')),
  releaseHolds: fromPromise<void, ReleaseHoldsInput>(async () => notProvided('releaseHolds')),
};

export const upgradeGuards = {
  hasNote: ({ event }: OperatorEventArgs) => isMeaningfulNote(event.note),
  preUpgradeBackupIsFresh: ({ context }: ContextArgs, params: { backup: TakeBackupOutput }) =>
    freshnessOfPreUpgradeBackup(context, params.backup).holds,
  betweenBackupIsFresh: ({ context }: ContextArgs, params: { backup: TakeBackupOutput }) =>
    freshnessOfBetweenBackup(context, params.backup).holds,
  certificateIsHealthy: ({ context }: ContextArgs) => checkCertificateHealth(context.certificateProbe).holds,
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
    recordWindowStart: shared((_, params: { at: string }) => ({ windowStartedAt: params.at })),
    recordBackup: shared(({ context }, backup: BackupRecord) => ({ backups: [...context.backups, backup] })),
    recordCertificateExport: shared((_, certificateExport: CertificateExportDecision) => ({ certificateExport })),
    clearProbe: shared(() => ({ certificateProbe: null })),
    recordProbe: shared((_, probe: ProbeCertificateOutput) => ({ certificateProbe: probe })),
    recordRiskAccepted: shared((_, accepted: { at: string; note: string }) => ({ certificateRiskAccepted: accepted })),
    recordInstallStart: shared((_, params: { at: string }) => ({ installStartedAt: params.at, installIndex: 0 })),
    recordInstall: shared(({ context }, result: InstallPackageOutput) => ({
      installed: [...context.installed, { ...result, pkg: currentPackage(context) as PackageRef }],
      installIndex: context.installIndex + 1,
    })),
    recordDiagnostics: shared((_, diagnostics: CaptureDiagnosticsOutput) => ({ diagnostics })),
    recordDiagnosticsError: shared((_, diagnosticsError: AppErrorShape) => ({ diagnosticsError })),
    recordAftercare: shared((_, params: { at: string }) => ({ aftercareConfirmedAt: params.at })),
  };
}

/* ---------- the steps ---------- */

export function windowStep(machine: string, next: string) {
  return {
    on: {
      WINDOW_STARTED: {
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
      CANCEL: cancelFrom(machine, 'window'),
    },
  } as const;
}

export function backupStep(machine: string, next: string) {
  return {
    initial: 'running',
    states: {
      running: {
        invoke: {
          id: 'takeBackup',
          src: 'takeBackup',
          input: ({ context }: ContextArgs): TakeBackupInput => ({ ...actorInput(context, 'backup'), purpose: 'pre-upgrade' }),
          onDone: [
            {
              guard: { type: 'preUpgradeBackupIsFresh', params: ({ event }: DoneArgs<TakeBackupOutput>) => ({ backup: event.output }) },
              target: `#${machine}.${next}`,
              actions: [
                { type: 'recordBackup', params: ({ event }: DoneArgs<TakeBackupOutput>): BackupRecord => ({ ...event.output, purpose: 'pre-upgrade' }) },
                {
                  type: 'journal',
                  params: ({ event }: DoneArgs<TakeBackupOutput>): JournalParams => ({
                    step: 'backup',
                    event: 'BACKUP_TAKEN',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: `${event.output.fileName}, ${event.output.size} bytes, appliance version ${event.output.applianceVersion}.`,
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
                    ruleError('backup', freshnessOfPreUpgradeBackup(context, event.output).reason, upgradeHints.backupNotFresh),
                },
                {
                  type: 'journal',
                  params: ({ context, event }: ContextArgs & DoneArgs<TakeBackupOutput>): JournalParams => ({
                    step: 'backup',
                    event: 'BACKUP_REJECTED',
                    outcome: 'failed',
                    who: 'assistant',
                    detail: freshnessOfPreUpgradeBackup(context, event.output).reason,
                  }),
                },
              ],
            },
          ],
          onError: failWith('failed', 'backup', 'BACKUP_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, 'backup') },
      },
      failed: {
        on: { RETRY: retryTo('running', 'backup'), CANCEL: cancelFrom(machine, 'backup') },
      },
    },
  } as const;
}

export function exportCertificateStep(machine: string, next: string) {
  return {
    on: {
      CONFIRM: {
        target: `#${machine}.${next}`,
        actions: [
          { type: 'recordCertificateExport', params: ({ event }: OperatorEventArgs): CertificateExportDecision => ({ kind: 'exported', at: event.at }) },
          {
            type: 'journal',
            params: {
              step: 'export-certificate',
              event: 'CONFIRM',
              outcome: 'ok',
              who: 'operator',
              detail: checkCertificateExport({ kind: 'exported', at: '' }, { required: false }).reason,
            } satisfies JournalParams,
          },
        ],
      },
      SKIP: {
        guard: 'hasNote',
        target: `#${machine}.${next}`,
        actions: [
          {
            type: 'recordCertificateExport',
            params: ({ event }: OperatorEventArgs): CertificateExportDecision => ({ kind: 'skipped', at: event.at, note: event.note ?? '' }),
          },
          {
            type: 'journal',
            params: ({ event }: OperatorEventArgs): JournalParams => ({
              step: 'export-certificate',
              event: 'SKIP',
              outcome: 'info',
              who: 'operator',
              detail: checkCertificateExport({ kind: 'skipped', at: event.at, note: event.note ?? '' }, { required: false }).reason,
            }),
          },
        ],
      },
      CANCEL: cancelFrom(machine, 'export-certificate'),
    },
  } as const;
}

export function certificateHealthStep(machine: string, next: string) {
  const target = `#${machine}.${next}`;
  return {
    initial: 'probing',
    states: {
      probing: {
        entry: { type: 'clearProbe' },
        invoke: {
          id: 'probeCertificate',
          src: 'probeCertificate',
          input: ({ context }: ContextArgs) => actorInput(context, 'certificate-health'),
          onDone: recordDone('judging', 'recordProbe', 'certificate-health', 'PROBED', (probe: ProbeCertificateOutput) => {
            const verdict = checkCertificateHealth(probe);
            return { outcome: verdict.holds ? 'ok' : 'blocked', detail: verdict.reason };
          }),
          onError: failWith('probe-failed', 'certificate-health', 'PROBE_FAILED'),
        },
        on: { CANCEL: cancelFrom(machine, 'certificate-health') },
      },
      judging: {
        always: [{ guard: 'certificateIsHealthy', target: 'healthy' }, { target: 'unhealthy' }],
      },
      healthy: {
        on: {
          CONFIRM: {
            target,
            actions: {
              type: 'journal',
              params: {
                step: 'certificate-health',
                event: 'CONFIRM',
                outcome: 'ok',
                who: 'operator',
                detail: 'Certificate healthy; the operator checked the certificate stores.',
              } satisfies JournalParams,
            },
          },
          RECHECK: 'probing',
          CANCEL: cancelFrom(machine, 'certificate-health'),
        },
      },
      unhealthy: {
        on: {
          RECHECK: 'probing',
          ACCEPT_RISK: {
            guard: 'hasNote',
            target,
            actions: [
              { type: 'recordRiskAccepted', params: ({ event }: OperatorEventArgs) => ({ at: event.at, note: event.note ?? '' }) },
              {
                type: 'journal',
                params: ({ context, event }: ContextArgs & OperatorEventArgs): JournalParams => ({
                  step: 'certificate-health',
                  event: 'ACCEPT_RISK',
                  outcome: 'info',
                  who: 'operator',
                  detail: `Went on despite: ${checkCertificateHealth(context.certificateProbe).reason} Reason given: ${event.note ?? ''}`,
                }),
              },
            ],
          },
          CANCEL: cancelFrom(machine, 'certificate-health'),
        },
      },
      'probe-failed': {
        on: { RETRY: retryTo('probing', 'certificate-health'), CANCEL: cancelFrom(machine, 'certificate-health') },
      },
    },
  } as const;
}

/**
 * Where a freshly computed plan leads: the report when empty, the plan step when R4 fails
 * (blocked), otherwise `safeTarget` — the plan itself, or (P2) the window that opens on it.
 */
export function judgePlan(machine: string, safeTarget = 'plan.ready') {
  return [
    { guard: 'nothingToInstall', target: `#${machine}.report` },
    { guard: 'planIsSafe', target: `#${machine}.${safeTarget}` },
    {
      target: `#${machine}.plan.blocked`,
      actions: {
        type: 'journal',
        params: ({ context }: ContextArgs): JournalParams => ({
          step: 'plan',
          event: 'PLAN_BLOCKED',
          outcome: 'blocked',
          who: 'assistant',
          detail: context.plan?.reason ?? '',
        }),
      },
    },
  ] as const;
}

/**
 * The plan step. `startGuard` is the guard START_INSTALL must pass (at least `readyToInstall`);
 * `blockedExits` are the ways out of a blocked plan besides CANCEL.
 */
export function planStep<TStartGuard extends string, TBlockedExits extends object>(
  machine: string,
  options: { startGuard: TStartGuard; blockedExits: TBlockedExits },
) {
  return {
    initial: 'ready',
    states: {
      ready: {
        on: {
          START_INSTALL: {
            guard: options.startGuard,
            target: `#${machine}.install`,
            actions: [
              { type: 'recordInstallStart', params: ({ event }: OperatorEventArgs) => ({ at: event.at }) },
              {
                type: 'journal',
                params: ({ context }: ContextArgs): JournalParams => ({
                  step: 'plan',
                  event: 'START_INSTALL',
                  outcome: 'ok',
                  who: 'operator',
                  detail: context.plan?.reason ?? '',
                }),
              },
            ],
          },
          CANCEL: cancelFrom(machine, 'plan'),
        },
      },
      blocked: {
        on: { ...options.blockedExits, CANCEL: cancelFrom(machine, 'plan') },
      },
    },
  } as const;
}

function unverifiedInstallError(context: UpgradeContext, result: InstallPackageOutput, hint: string): StepError {
  return ruleError('install', checkInstalledVersion(currentPackage(context) as PackageRef, result).reason, hint);
}

function journalUnverifiedInstall(context: UpgradeContext, result: InstallPackageOutput): JournalParams {
  return {
    step: 'install',
    event: 'INSTALL_NOT_VERIFIED',
    outcome: 'failed',
    who: 'assistant',
    detail: checkInstalledVersion(currentPackage(context) as PackageRef, result).reason,
  };
}

/** An install (or upload) rejected: R5's support end for a failed Base install, else a failed step. */
const installFailure = [
  {
    guard: { type: 'isBaseInstallFailure', params: ({ event }: FailureArgs) => ({ error: event.error }) },
    ...failWith('capturing-diagnostics', 'install', 'BASE_INSTALL_FAILED'),
  },
  failWith('failed', 'install', 'INSTALL_FAILED'),
] as const;

/**
 * Installs plan.order one by one, verifying the version after each. `start` is the state each
 * package begins in: `installing` when the appliance fetches it (P1), `uploading` when its vault
 * file is sent first (P2, see fileInstallStep).
 */
export function installStep(machine: string, start: 'installing' | 'uploading' = 'installing') {
  return {
    initial: start,
    states: {
      installing: {
        invoke: {
          id: 'installPackage',
          src: 'installPackage',
          input: ({ context }: ContextArgs): InstallPackageInput => ({ ...actorInput(context, 'install'), pkg: currentPackage(context) as PackageRef }),
          onDone: [
            {
              guard: { type: 'installIsVerified', params: ({ event }: DoneArgs<InstallPackageOutput>) => ({ result: event.output }) },
              target: 'next',
              actions: [
                {
                  type: 'journal',
                  params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>): JournalParams => ({
                    step: 'install',
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
                    unverifiedInstallError(context, event.output, upgradeHints.baseNotVerified),
                },
                { type: 'journal', params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>) => journalUnverifiedInstall(context, event.output) },
              ],
            },
            {
              target: 'failed',
              actions: [
                {
                  type: 'recordError',
                  params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>) =>
                    unverifiedInstallError(context, event.output, upgradeHints.installNotVerified),
                },
                { type: 'journal', params: ({ context, event }: ContextArgs & DoneArgs<InstallPackageOutput>) => journalUnverifiedInstall(context, event.output) },
              ],
            },
          ],
          onError: installFailure,
        },
      },
      next: {
        always: [
          { guard: and(['allPackagesInstalled', 'clientAftercareNeeded']), target: `#${machine}.aftercare` },
          {
            guard: and(['allPackagesInstalled', not('clientAftercareNeeded')]),
            target: `#${machine}.report`,
            actions: {
              type: 'journal',
              params: ({ context }: ContextArgs): JournalParams => ({
                step: 'aftercare',
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
        on: { RETRY: retryTo(start, 'install') },
      },
      'backup-between': {
        invoke: {
          id: 'takeBackup',
          src: 'takeBackup',
          input: ({ context }: ContextArgs): TakeBackupInput => ({ ...actorInput(context, 'backup-between'), purpose: 'between-base-and-site' }),
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
                    step: 'backup-between',
                    event: 'BACKUP_TAKEN',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: `${event.output.fileName}, ${event.output.size} bytes, taken after the Base install; the site package follows at once.`,
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
                    ruleError('backup-between', freshnessOfBetweenBackup(context, event.output).reason, upgradeHints.backupNotFresh),
                },
                {
                  type: 'journal',
                  params: ({ context, event }: ContextArgs & DoneArgs<TakeBackupOutput>): JournalParams => ({
                    step: 'backup-between',
                    event: 'BACKUP_REJECTED',
                    outcome: 'failed',
                    who: 'assistant',
                    detail: freshnessOfBetweenBackup(context, event.output).reason,
                  }),
                },
              ],
            },
          ],
          onError: failWith('backup-between-failed', 'backup-between', 'BACKUP_FAILED'),
        },
      },
      // Only a retry: R4 allows nothing else between the Base and the site package.
      'backup-between-failed': {
        on: { RETRY: retryTo('backup-between', 'backup-between') },
      },
      'capturing-diagnostics': {
        invoke: {
          id: 'captureDiagnostics',
          src: 'captureDiagnostics',
          input: ({ context }: ContextArgs): CaptureDiagnosticsInput => ({
            ...actorInput(context, 'install'),
            reason: context.error?.message ?? 'Base software update failed.',
          }),
          onDone: {
            target: `#${machine}.support`,
            actions: [
              { type: 'recordDiagnostics', params: ({ event }: DoneArgs<CaptureDiagnosticsOutput>) => event.output },
              {
                type: 'journal',
                params: ({ event }: DoneArgs<CaptureDiagnosticsOutput>): JournalParams => ({
                  step: 'install',
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
            target: `#${machine}.support`,
            actions: [
              { type: 'recordDiagnosticsError', params: ({ event }: FailureArgs) => toAppErrorShape(event.error) },
              {
                type: 'journal',
                params: ({ event }: FailureArgs): JournalParams => ({
                  step: 'install',
                  event: 'DIAGNOSTICS_FAILED',
                  outcome: 'failed',
                  who: 'assistant',
                  detail: toAppErrorShape(event.error).message,
                }),
              },
            ],
          },
        },
      },
    },
  } as const;
}

function describeUpload(pkg: FilePackageRef, upload: UploadPackageOutput): string {
  return upload.bytes > 0
    ? `${packageLabel(pkg)} uploaded through Manual Installation (${upload.bytes} bytes, SHA-256 ${pkg.sha256.slice(0, 12)}…); the appliance installs it now.`
    : `${packageLabel(pkg)}: the appliance already has it (installing or installed); nothing uploaded.`;
}

/**
 * The install step for packages that travel as files (P2): each is first uploaded (`uploading`,
 * the only state that offers CANCEL_UPLOAD — aborting the upload leaves nothing installed),
 * then waited for and verified (`installing`). Once the appliance has the file it installs on
 * its own, so nothing stops it any more. RETRY starts at the upload, which checks the appliance first.
 */
export function fileInstallStep(machine: string) {
  const step = installStep(machine, 'uploading');
  return {
    ...step,
    states: {
      ...step.states,
      uploading: {
        invoke: {
          id: 'uploadPackage',
          src: 'uploadPackage',
          input: ({ context }: ContextArgs): UploadPackageInput => ({ ...actorInput(context, 'install'), pkg: currentPackage(context) as FilePackageRef }),
          onDone: {
            target: 'installing',
            actions: {
              type: 'journal',
              params: ({ context, event }: ContextArgs & DoneArgs<UploadPackageOutput>): JournalParams => {
                const pkg = currentPackage(context) as FilePackageRef;
                return {
                  step: 'install',
                  event: 'PACKAGE_UPLOADED',
                  outcome: 'ok',
                  who: 'assistant',
                  detail: describeUpload(pkg, event.output),
                  checksums: { [`${packageLabel(pkg)}`]: pkg.sha256 },
                };
              },
            },
          },
          onError: installFailure,
        },
        on: {
          CANCEL_UPLOAD: {
            target: 'failed',
            actions: [
              {
                type: 'recordError',
                params: { code: 'CANCELLED', message: UPLOAD_STOPPED_MESSAGE, hint: upgradeHints.uploadStopped, step: 'install' } satisfies StepError,
              },
              {
                type: 'journal',
                params: ({ context, event }: ContextArgs & OperatorEventArgs): JournalParams => ({
                  step: 'install',
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

export function aftercareStep(machine: string) {
  return {
    on: {
      CONFIRM: {
        target: `#${machine}.report`,
        actions: [
          { type: 'recordAftercare', params: ({ event }: OperatorEventArgs) => ({ at: event.at }) },
          {
            type: 'journal',
            params: {
              step: 'aftercare',
              event: 'CONFIRM',
              outcome: 'ok',
              who: 'operator',
              detail: 'Consoles, Jump Clients, Jumpoints, Integration Clients and installers looked after.',
            } satisfies JournalParams,
          },
        ],
      },
    },
  } as const;
}

/** Releases the vault holds (R7: reached only once every planned install is verified), then ends. */
export function reportStep(machine: string) {
  return {
    initial: 'releasing',
    states: {
      releasing: {
        invoke: {
          id: 'releaseHolds',
          src: 'releaseHolds',
          input: ({ context }: ContextArgs): ReleaseHoldsInput => actorInput(context, 'report'),
          onDone: {
            target: `#${machine}.done`,
            actions: {
              type: 'journal',
              params: { step: 'report', event: 'COMPLETED', outcome: 'ok', who: 'assistant', detail: 'Vault holds released; procedure complete.' } satisfies JournalParams,
            },
          },
          onError: failWith('failed', 'report', 'RELEASE_FAILED'),
        },
      },
      failed: {
        on: { RETRY: retryTo('releasing', 'report') },
      },
    },
  } as const;
}

/** R5: no event leaves this state — no retry, no restart. */
export function supportEnd() {
  return {
    type: 'final',
    entry: {
      type: 'journal',
      params: ({ context }: ContextArgs): JournalParams => ({
        step: 'install',
        event: 'SUPPORT_NEEDED',
        outcome: 'failed',
        who: 'assistant',
        detail: context.error?.message ?? 'Base software update failed.',
      }),
    },
  } as const;
}
