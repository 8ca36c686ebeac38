/**
 * The context every upgrade procedure shares, over which the phase builders under steps/ are
 * written, and the pure readings of it that guards and views both use. It holds only JSON.
 */
import type { AppErrorShape } from '../../errors';
import { checkBackupFreshness } from '../../rules/backup-freshness';
import type { CertificateExportDecision } from '../../rules/certificate-export';
import type { PackageOrder } from '../../rules/package-order';
import type {
  CaptureDiagnosticsOutput,
  CertificateFileRecord,
  CertificateSource,
  CheckCredentialsOutput,
  InstallPackageOutput,
  PackageRef,
  ProbeCertificateOutput,
  TakeBackupInput,
  TakeBackupOutput,
} from '../actors';
import type { ProcedureInput } from '../definition';
import type { AftercareContext } from './aftercare-and-report/record';
import type { CancelRecord, StepError } from '../machine-helpers';

export interface BackupRecord extends TakeBackupOutput {
  purpose: TakeBackupInput['purpose'];
}

export interface InstallRecord extends InstallPackageOutput {
  pkg: PackageRef;
}

export interface UpgradeContext extends AftercareContext {
  procedureId: string;
  siteId: string;
  /**
   * The last check of the site's API and admin credentials before the window. Absent from
   * snapshots persisted before the check existed.
   */
  credentials?: CheckCredentialsOutput | null;
  windowStartedAt: string | null;
  backups: BackupRecord[];
  certificateExport: CertificateExportDecision | null;
  /**
   * Where the certificate file comes from, as the operator chose at the export step: read by the
   * export actor, so a restored snapshot runs the same export. Absent in snapshots saved before
   * certificate files were checked.
   */
  certificateSource?: CertificateSource | null;
  /** The certificate file in the vault as inspected; null until one was checked (and while another is). */
  certificateFile?: CertificateFileRecord | null;
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
    credentials: null,
    windowStartedAt: null,
    backups: [],
    certificateExport: null,
    certificateSource: null,
    certificateFile: null,
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
    aftercare: null,
    cancelled: null,
  };
}

/** An operator event as machines receive it: `at` from the host, never from a clock. */
export interface OperatorEventArgs {
  event: { type: string; at: string; note?: string; value?: string };
}
export interface ContextArgs {
  context: UpgradeContext;
}
export interface FailureArgs {
  event: { error: unknown };
}
export interface DoneArgs<T> {
  event: { output: T };
}

/** The certificate file R3 checks: the one the export step went on with; none after a skip. */
export function keptCertificateFile(context: Pick<UpgradeContext, 'certificateExport' | 'certificateFile'>): CertificateFileRecord | null {
  return context.certificateExport?.kind === 'exported' ? (context.certificateFile ?? null) : null;
}

export function latestBackup(context: Pick<UpgradeContext, 'backups'>, purpose: BackupRecord['purpose']): BackupRecord | undefined {
  return context.backups.filter((backup) => backup.purpose === purpose).at(-1);
}

export function currentPackage(context: Pick<UpgradeContext, 'plan' | 'installIndex'>): PackageRef | undefined {
  return context.plan?.order[context.installIndex];
}

export function freshnessOfPreUpgradeBackup(context: UpgradeContext, backup: TakeBackupOutput | undefined) {
  return checkBackupFreshness(backup, { windowStartedAt: context.windowStartedAt });
}

export function freshnessOfBetweenBackup(context: UpgradeContext, backup: TakeBackupOutput | undefined) {
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

export function nothingToInstall(context: Pick<UpgradeContext, 'plan'>): boolean {
  return context.plan !== null && context.plan.order.length === 0;
}
