/**
 * P1 — single appliance, automatic update, as a state machine. Its top-level states are the
 * step ids of the catalogue (steps/single-automatic.ts), so a persisted snapshot says by
 * itself which step a procedure is at. Side effects are named placeholders the host
 * provides (actors.ts); the context holds only JSON data and the machine never reads a clock.
 */
import { and, assign, fromPromise, not, setup } from 'xstate';
import { AppError, toAppErrorShape, type AppErrorShape } from '../errors';
import { checkBackupFreshness } from '../rules/backup-freshness';
import { checkCertificateExport, type CertificateExportDecision } from '../rules/certificate-export';
import { checkCertificateHealth } from '../rules/certificate-health';
import { checkClientAftercareNeeded } from '../rules/client-aftercare';
import { checkInstalledVersion } from '../rules/install-verification';
import { isMeaningfulNote } from '../rules/operator-note';
import { isBaseFollowedBySite, orderPackages, type PackageOrder } from '../rules/package-order';
import type {
  ActorBaseInput,
  CaptureDiagnosticsInput,
  CaptureDiagnosticsOutput,
  CheckForUpdatesOutput,
  InstallPackageInput,
  InstallPackageOutput,
  PackageRef,
  ProbeCertificateOutput,
  ReleaseHoldsInput,
  TakeBackupInput,
  TakeBackupOutput,
} from './actors';
import type { JournalParams, ProcedureDefinition, ProcedureInput } from './definition';
import { singleAutomaticHints, type SingleAutomaticOperatorEventType, type SingleAutomaticStepId } from './steps/single-automatic';
import { singleAutomaticView } from './single-automatic-view';

export interface BackupRecord extends TakeBackupOutput {
  purpose: TakeBackupInput['purpose'];
}

export interface InstallRecord extends InstallPackageOutput {
  pkg: PackageRef;
}

export interface StepError extends AppErrorShape {
  step: SingleAutomaticStepId;
}

export interface SingleAutomaticContext {
  procedureId: string;
  siteId: string;
  windowStartedAt: string | null;
  backups: BackupRecord[];
  certificateExport: CertificateExportDecision | null;
  certificateProbe: ProbeCertificateOutput | null;
  /** Set when the operator went on although the certificate check failed. */
  certificateRiskAccepted: { at: string; note: string } | null;
  versionsBefore: { siteVersion: string; baseVersion: string } | null;
  /** R4's answer for the updates offered; null until updates were checked. */
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

export interface CancelRecord {
  at: string;
  step: SingleAutomaticStepId;
  note?: string;
}

export type SingleAutomaticEvent = {
  type: SingleAutomaticOperatorEventType;
  at: string;
  note?: string;
};

function notProvided(name: string): never {
  throw new AppError(
    'INTERNAL',
    `The assistant has no implementation for "${name}".`,
    'This is a fault in the assistant itself; export the journal and contact the project team.',
  );
}

function latestBackup(context: SingleAutomaticContext, purpose: TakeBackupInput['purpose']): BackupRecord | undefined {
  return context.backups.filter((backup) => backup.purpose === purpose).at(-1);
}

function currentPackage(context: SingleAutomaticContext): PackageRef | undefined {
  return context.plan?.order[context.installIndex];
}

function lastInstall(context: SingleAutomaticContext): InstallRecord | undefined {
  return context.installed.at(-1);
}

function stepError(step: SingleAutomaticStepId, error: unknown): StepError {
  return { ...toAppErrorShape(error), step };
}

function ruleError(step: SingleAutomaticStepId, message: string, hint: string): StepError {
  return { code: 'RULE_NOT_MET', message, hint, step };
}

function freshnessOfPreUpgradeBackup(context: SingleAutomaticContext, backup: TakeBackupOutput | undefined) {
  return checkBackupFreshness(backup, { windowStartedAt: context.windowStartedAt });
}

function freshnessOfBetweenBackup(context: SingleAutomaticContext, backup: TakeBackupOutput | undefined) {
  const base = lastInstall(context);
  return checkBackupFreshness(backup, {
    windowStartedAt: context.windowStartedAt,
    notBefore: base ? { at: base.finishedAt, what: `the ${base.pkg.name} install finished` } : undefined,
  });
}

function actorInput(context: SingleAutomaticContext, stepId: SingleAutomaticStepId): ActorBaseInput {
  return { procedureId: context.procedureId, siteId: context.siteId, stepId };
}

type OperatorArgs = { event: SingleAutomaticEvent };
type FailureArgs = { event: { error: unknown } };

/** CANCEL before the install starts: recorded with the step and the operator's note. */
function cancelFrom(step: SingleAutomaticStepId) {
  return {
    target: '#singleAutomatic.cancelled',
    actions: [
      {
        type: 'recordCancel',
        params: ({ event }: OperatorArgs) => ({ at: event.at, step, ...(event.note ? { note: event.note } : {}) }),
      },
      {
        type: 'journal',
        params: ({ event }: OperatorArgs): JournalParams => ({
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

/** RETRY after a failed automatic step: the error is cleared and the step runs again. */
function retryTo(target: string, step: SingleAutomaticStepId) {
  return {
    target,
    actions: [
      { type: 'clearError' },
      { type: 'journal', params: { step, event: 'RETRY', outcome: 'info', who: 'operator' } satisfies JournalParams },
    ],
  } as const;
}

/** An actor rejected: keep its error for the view and write it to the journal. */
function failWith(target: string, step: SingleAutomaticStepId, journalEvent: string) {
  return {
    target,
    actions: [
      { type: 'recordError', params: ({ event }: FailureArgs) => stepError(step, event.error) },
      {
        type: 'journal',
        params: ({ event }: FailureArgs): JournalParams => ({
          step,
          event: journalEvent,
          outcome: 'failed',
          who: 'assistant',
          detail: toAppErrorShape(event.error).message,
        }),
      },
    ],
  } as const;
}

export const singleAutomaticMachine = setup({
  types: {
    context: {} as SingleAutomaticContext,
    events: {} as SingleAutomaticEvent,
    input: {} as ProcedureInput,
  },
  actors: {
    takeBackup: fromPromise<TakeBackupOutput, TakeBackupInput>(async () => notProvided('takeBackup')),
    probeCertificate: fromPromise<ProbeCertificateOutput, ActorBaseInput>(async () => notProvided('probeCertificate')),
    checkForUpdates: fromPromise<CheckForUpdatesOutput, ActorBaseInput>(async () => notProvided('checkForUpdates')),
    installPackage: fromPromise<InstallPackageOutput, InstallPackageInput>(async () => notProvided('installPackage')),
    captureDiagnostics: fromPromise<CaptureDiagnosticsOutput, CaptureDiagnosticsInput>(async () =>
      notProvided('captureDiagnostics'),
    ),
    releaseHolds: fromPromise<void, ReleaseHoldsInput>(async () => notProvided('releaseHolds')),
  },
  guards: {
    hasNote: ({ event }) => isMeaningfulNote(event.note),
    preUpgradeBackupIsFresh: ({ context }, params: { backup: TakeBackupOutput }) =>
      freshnessOfPreUpgradeBackup(context, params.backup).holds,
    betweenBackupIsFresh: ({ context }, params: { backup: TakeBackupOutput }) =>
      freshnessOfBetweenBackup(context, params.backup).holds,
    certificateIsHealthy: ({ context }) => checkCertificateHealth(context.certificateProbe).holds,
    nothingToInstall: ({ context }) => context.plan !== null && context.plan.order.length === 0,
    planIsSafe: ({ context }) => context.plan?.ok === true,
    /** R1 and R4 once more at the moment the site goes down: enforced, not only shown. */
    readyToInstall: ({ context }) =>
      context.plan?.ok === true &&
      context.plan.order.length > 0 &&
      freshnessOfPreUpgradeBackup(context, latestBackup(context, 'pre-upgrade')).holds,
    installIsVerified: ({ context }, params: { result: InstallPackageOutput }) => {
      const pkg = currentPackage(context);
      return pkg !== undefined && checkInstalledVersion(pkg, params.result).holds;
    },
    installingBase: ({ context }) => currentPackage(context)?.kind === 'base',
    isBaseInstallFailure: (_, params: { error: unknown }) => toAppErrorShape(params.error).code === 'BASE_INSTALL_FAILED',
    allPackagesInstalled: ({ context }) => context.plan !== null && context.installIndex >= context.plan.order.length,
    baseJustInstalledBeforeSite: ({ context }) =>
      context.plan !== null && isBaseFollowedBySite(context.plan.order, context.installIndex - 1),
    clientAftercareNeeded: ({ context }) =>
      checkClientAftercareNeeded(context.installed.map((record) => record.pkg)).holds,
  },
  actions: {
    /** The host appends these to the procedure's journal with the time and the operator's name. */
    journal: (_, _params: JournalParams) => undefined,
    recordError: assign((_, error: StepError) => ({ error })),
    clearError: assign({ error: null }),
    recordCancel: assign((_, cancelled: CancelRecord) => ({ cancelled })),
    recordBackup: assign(({ context }, backup: BackupRecord) => ({ backups: [...context.backups, backup] })),
    recordProbe: assign((_, probe: ProbeCertificateOutput) => ({ certificateProbe: probe })),
    recordUpdates: assign((_, result: CheckForUpdatesOutput) => ({
      versionsBefore: { siteVersion: result.siteVersion, baseVersion: result.baseVersion },
      plan: orderPackages(result.updates, result.baseVersion),
    })),
    recordInstall: assign(({ context }, result: InstallPackageOutput) => ({
      installed: [...context.installed, { ...result, pkg: currentPackage(context) as PackageRef }],
      installIndex: context.installIndex + 1,
    })),
  },
}).createMachine({
  id: 'singleAutomatic',
  initial: 'window',
  context: ({ input }) => ({
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
  }),
  states: {
    window: {
      on: {
        WINDOW_STARTED: {
          target: 'backup',
          actions: [
            assign({ windowStartedAt: ({ event }) => event.at }),
            {
              type: 'journal',
              params: ({ event }) => ({
                step: 'window',
                event: 'WINDOW_STARTED',
                outcome: 'ok',
                who: 'operator',
                detail: `Maintenance window started at ${event.at}.`,
              }),
            },
          ],
        },
        CANCEL: cancelFrom('window'),
      },
    },
    backup: {
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'takeBackup',
            src: 'takeBackup',
            input: ({ context }) => ({ ...actorInput(context, 'backup'), purpose: 'pre-upgrade' as const }),
            onDone: [
              {
                guard: { type: 'preUpgradeBackupIsFresh', params: ({ event }) => ({ backup: event.output }) },
                target: '#singleAutomatic.export-certificate',
                actions: [
                  { type: 'recordBackup', params: ({ event }) => ({ ...event.output, purpose: 'pre-upgrade' as const }) },
                  {
                    type: 'journal',
                    params: ({ event }) => ({
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
                    params: ({ context, event }) =>
                      ruleError('backup', freshnessOfPreUpgradeBackup(context, event.output).reason, singleAutomaticHints.backupNotFresh),
                  },
                  {
                    type: 'journal',
                    params: ({ context, event }) => ({
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
          on: { CANCEL: cancelFrom('backup') },
        },
        failed: {
          on: { RETRY: retryTo('running', 'backup'), CANCEL: cancelFrom('backup') },
        },
      },
    },
    'export-certificate': {
      on: {
        CONFIRM: {
          target: 'certificate-health',
          actions: [
            assign({ certificateExport: ({ event }) => ({ kind: 'exported' as const, at: event.at }) }),
            {
              type: 'journal',
              params: {
                step: 'export-certificate',
                event: 'CONFIRM',
                outcome: 'ok',
                who: 'operator',
                detail: checkCertificateExport({ kind: 'exported', at: '' }, { required: false }).reason,
              },
            },
          ],
        },
        SKIP: {
          guard: 'hasNote',
          target: 'certificate-health',
          actions: [
            assign({ certificateExport: ({ event }) => ({ kind: 'skipped' as const, at: event.at, note: event.note ?? '' }) }),
            {
              type: 'journal',
              params: ({ event }) => ({
                step: 'export-certificate',
                event: 'SKIP',
                outcome: 'info',
                who: 'operator',
                detail: checkCertificateExport({ kind: 'skipped', at: event.at, note: event.note ?? '' }, { required: false }).reason,
              }),
            },
          ],
        },
        CANCEL: cancelFrom('export-certificate'),
      },
    },
    'certificate-health': {
      initial: 'probing',
      states: {
        probing: {
          entry: assign({ certificateProbe: null }),
          invoke: {
            id: 'probeCertificate',
            src: 'probeCertificate',
            input: ({ context }) => actorInput(context, 'certificate-health'),
            onDone: {
              target: 'judging',
              actions: [
                { type: 'recordProbe', params: ({ event }) => event.output },
                {
                  type: 'journal',
                  params: ({ event }) => ({
                    step: 'certificate-health',
                    event: 'PROBED',
                    outcome: checkCertificateHealth(event.output).holds ? 'ok' : 'blocked',
                    who: 'assistant',
                    detail: checkCertificateHealth(event.output).reason,
                  }),
                },
              ],
            },
            onError: failWith('probe-failed', 'certificate-health', 'PROBE_FAILED'),
          },
          on: { CANCEL: cancelFrom('certificate-health') },
        },
        judging: {
          always: [
            { guard: 'certificateIsHealthy', target: 'healthy' },
            { target: 'unhealthy' },
          ],
        },
        healthy: {
          on: {
            CONFIRM: {
              target: '#singleAutomatic.check-updates',
              actions: {
                type: 'journal',
                params: {
                  step: 'certificate-health',
                  event: 'CONFIRM',
                  outcome: 'ok',
                  who: 'operator',
                  detail: 'Certificate healthy; the operator checked the certificate stores.',
                },
              },
            },
            RECHECK: 'probing',
            CANCEL: cancelFrom('certificate-health'),
          },
        },
        unhealthy: {
          on: {
            RECHECK: 'probing',
            ACCEPT_RISK: {
              guard: 'hasNote',
              target: '#singleAutomatic.check-updates',
              actions: [
                assign({ certificateRiskAccepted: ({ event }) => ({ at: event.at, note: event.note ?? '' }) }),
                {
                  type: 'journal',
                  params: ({ context, event }) => ({
                    step: 'certificate-health',
                    event: 'ACCEPT_RISK',
                    outcome: 'info',
                    who: 'operator',
                    detail: `Went on despite: ${checkCertificateHealth(context.certificateProbe).reason} Reason given: ${event.note ?? ''}`,
                  }),
                },
              ],
            },
            CANCEL: cancelFrom('certificate-health'),
          },
        },
        'probe-failed': {
          on: { RETRY: retryTo('probing', 'certificate-health'), CANCEL: cancelFrom('certificate-health') },
        },
      },
    },
    'check-updates': {
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'checkForUpdates',
            src: 'checkForUpdates',
            input: ({ context }) => actorInput(context, 'check-updates'),
            onDone: {
              target: 'judging',
              actions: [
                { type: 'recordUpdates', params: ({ event }) => event.output },
                {
                  type: 'journal',
                  params: ({ event }) => ({
                    step: 'check-updates',
                    event: 'UPDATES_CHECKED',
                    outcome: 'ok',
                    who: 'assistant',
                    detail: `Running site ${event.output.siteVersion}, Base ${event.output.baseVersion}; ${event.output.updates.length} update(s) offered: ${event.output.updates.map((pkg) => `${pkg.name} ${pkg.version}`).join(', ') || 'none'}.`,
                  }),
                },
              ],
            },
            onError: failWith('failed', 'check-updates', 'CHECK_FAILED'),
          },
          on: { CANCEL: cancelFrom('check-updates') },
        },
        judging: {
          always: [
            { guard: 'nothingToInstall', target: '#singleAutomatic.report' },
            { guard: 'planIsSafe', target: '#singleAutomatic.plan.ready' },
            {
              target: '#singleAutomatic.plan.blocked',
              actions: {
                type: 'journal',
                params: ({ context }) => ({ step: 'plan', event: 'PLAN_BLOCKED', outcome: 'blocked', who: 'assistant', detail: context.plan?.reason ?? '' }),
              },
            },
          ],
        },
        failed: {
          on: { RETRY: retryTo('running', 'check-updates'), CANCEL: cancelFrom('check-updates') },
        },
      },
    },
    plan: {
      initial: 'ready',
      states: {
        ready: {
          on: {
            START_INSTALL: {
              guard: 'readyToInstall',
              target: '#singleAutomatic.install',
              actions: [
                assign({ installStartedAt: ({ event }) => event.at, installIndex: 0 }),
                {
                  type: 'journal',
                  params: ({ context }) => ({ step: 'plan', event: 'START_INSTALL', outcome: 'ok', who: 'operator', detail: context.plan?.reason ?? '' }),
                },
              ],
            },
            CANCEL: cancelFrom('plan'),
          },
        },
        blocked: {
          on: { RECHECK: '#singleAutomatic.check-updates', CANCEL: cancelFrom('plan') },
        },
      },
    },
    install: {
      initial: 'installing',
      states: {
        installing: {
          invoke: {
            id: 'installPackage',
            src: 'installPackage',
            input: ({ context }) => ({ ...actorInput(context, 'install'), pkg: currentPackage(context) as PackageRef }),
            onDone: [
              {
                guard: { type: 'installIsVerified', params: ({ event }) => ({ result: event.output }) },
                target: 'next',
                actions: [
                  {
                    type: 'journal',
                    params: ({ context, event }) => ({
                      step: 'install',
                      event: 'INSTALL_VERIFIED',
                      outcome: 'ok',
                      who: 'assistant',
                      detail: `${checkInstalledVersion(currentPackage(context) as PackageRef, event.output).reason} Health: ${event.output.health}`,
                    }),
                  },
                  { type: 'recordInstall', params: ({ event }) => event.output },
                ],
              },
              {
                guard: 'installingBase',
                target: 'capturing-diagnostics',
                actions: [
                  { type: 'recordError', params: ({ context, event }) => unverifiedInstallError(context, event.output, singleAutomaticHints.baseNotVerified) },
                  { type: 'journal', params: ({ context, event }) => journalUnverifiedInstall(context, event.output) },
                ],
              },
              {
                target: 'failed',
                actions: [
                  { type: 'recordError', params: ({ context, event }) => unverifiedInstallError(context, event.output, singleAutomaticHints.installNotVerified) },
                  { type: 'journal', params: ({ context, event }) => journalUnverifiedInstall(context, event.output) },
                ],
              },
            ],
            onError: [
              {
                guard: { type: 'isBaseInstallFailure', params: ({ event }) => ({ error: event.error }) },
                ...failWith('capturing-diagnostics', 'install', 'BASE_INSTALL_FAILED'),
              },
              failWith('failed', 'install', 'INSTALL_FAILED'),
            ],
          },
        },
        next: {
          always: [
            { guard: and(['allPackagesInstalled', 'clientAftercareNeeded']), target: '#singleAutomatic.aftercare' },
            {
              guard: and(['allPackagesInstalled', not('clientAftercareNeeded')]),
              target: '#singleAutomatic.report',
              actions: {
                type: 'journal',
                params: ({ context }) => ({
                  step: 'aftercare',
                  event: 'AFTERCARE_NOT_NEEDED',
                  outcome: 'info',
                  who: 'assistant',
                  detail: checkClientAftercareNeeded(context.installed.map((record) => record.pkg)).reason,
                }),
              },
            },
            { guard: 'baseJustInstalledBeforeSite', target: 'backup-between' },
            { target: 'installing' },
          ],
        },
        failed: {
          on: { RETRY: retryTo('installing', 'install') },
        },
        'backup-between': {
          invoke: {
            id: 'takeBackup',
            src: 'takeBackup',
            input: ({ context }) => ({ ...actorInput(context, 'backup-between'), purpose: 'between-base-and-site' as const }),
            onDone: [
              {
                guard: { type: 'betweenBackupIsFresh', params: ({ event }) => ({ backup: event.output }) },
                target: 'installing',
                actions: [
                  { type: 'recordBackup', params: ({ event }) => ({ ...event.output, purpose: 'between-base-and-site' as const }) },
                  {
                    type: 'journal',
                    params: ({ event }) => ({
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
                    params: ({ context, event }) =>
                      ruleError('backup-between', freshnessOfBetweenBackup(context, event.output).reason, singleAutomaticHints.backupNotFresh),
                  },
                  {
                    type: 'journal',
                    params: ({ context, event }) => ({
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
            input: ({ context }) => ({ ...actorInput(context, 'install'), reason: context.error?.message ?? 'Base software update failed.' }),
            onDone: {
              target: '#singleAutomatic.support',
              actions: [
                assign({ diagnostics: ({ event }) => event.output }),
                {
                  type: 'journal',
                  params: ({ event }) => ({
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
              target: '#singleAutomatic.support',
              actions: [
                assign({ diagnosticsError: ({ event }) => toAppErrorShape(event.error) }),
                {
                  type: 'journal',
                  params: ({ event }) => ({
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
    },
    aftercare: {
      on: {
        CONFIRM: {
          target: 'report',
          actions: [
            assign({ aftercareConfirmedAt: ({ event }) => event.at }),
            {
              type: 'journal',
              params: {
                step: 'aftercare',
                event: 'CONFIRM',
                outcome: 'ok',
                who: 'operator',
                detail: 'Consoles, Jump Clients, Jumpoints, Integration Clients and installers looked after.',
              },
            },
          ],
        },
      },
    },
    report: {
      initial: 'releasing',
      states: {
        releasing: {
          invoke: {
            id: 'releaseHolds',
            src: 'releaseHolds',
            input: ({ context }) => actorInput(context, 'report'),
            onDone: {
              target: '#singleAutomatic.done',
              actions: {
                type: 'journal',
                params: { step: 'report', event: 'COMPLETED', outcome: 'ok', who: 'assistant', detail: 'Vault holds released; procedure complete.' },
              },
            },
            onError: failWith('failed', 'report', 'RELEASE_FAILED'),
          },
        },
        failed: {
          on: { RETRY: retryTo('releasing', 'report') },
        },
      },
    },
    done: { type: 'final' },
    // R5: no event leaves this state — no retry, no restart.
    support: {
      type: 'final',
      entry: {
        type: 'journal',
        params: ({ context }) => ({
          step: 'install',
          event: 'SUPPORT_NEEDED',
          outcome: 'failed',
          who: 'assistant',
          detail: context.error?.message ?? 'Base software update failed.',
        }),
      },
    },
    cancelled: { type: 'final' },
  },
});

function unverifiedInstallError(context: SingleAutomaticContext, result: InstallPackageOutput, hint: string): StepError {
  return ruleError('install', checkInstalledVersion(currentPackage(context) as PackageRef, result).reason, hint);
}

function journalUnverifiedInstall(context: SingleAutomaticContext, result: InstallPackageOutput): JournalParams {
  return {
    step: 'install',
    event: 'INSTALL_NOT_VERIFIED',
    outcome: 'failed',
    who: 'assistant',
    detail: checkInstalledVersion(currentPackage(context) as PackageRef, result).reason,
  };
}

export const singleAutomaticProcedure: ProcedureDefinition = {
  kind: 'P1',
  title: 'Single appliance, automatic update',
  machine: singleAutomaticMachine,
  view: singleAutomaticView,
};
