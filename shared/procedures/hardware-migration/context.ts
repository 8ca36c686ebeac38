/**
 * The context and events of P5 (hardware migration), and the pure readings of them that its
 * steps, guards and view share: which appliance serves the site, whether the software install,
 * the restore and the certificate are verified. The context holds only JSON.
 */
import type { JournalParams } from '../definition';
import { cancelFrom } from '../steps/cancel';
import { checkMigrationSoftware, type MigrationTarget } from '../../rules/migration-plan';
import { checkHoldsMayBeReleased } from '../../rules/keep-until-verified';
import type { UpgradeContext } from '../steps/context';
import type {
  AddNewApplianceOutput,
  AssignCertificateOutput,
  CertificateWarning,
  ChangeFactoryPasswordOutput,
  CheckNewApplianceOutput,
  CheckOldApplianceGoneOutput,
  CheckOldApplianceOutput,
  CheckRestoreOutput,
  ImportCertificateOutput,
  PromoteNewApplianceOutput,
  ReadEulaOutput,
  ResetOldApplianceOutput,
  RestoreBackupOutput,
  ShutDownOldApplianceOutput,
  SiteAddressAnswer,
  VerifyRestoreOutput,
  WaitForFactoryStateOutput,
} from './actors';
import type { HardwareMigrationOperatorEventType } from './words';
export { everyItemTicked, tickedItems } from '../steps/checklist';

export const MACHINE = 'hardwareMigration';

/** How long the site address is watched after the DNS change before the operator is asked (minutes). */
export const DNS_WAIT_MINUTES = 15;

export interface HardwareMigrationContext extends UpgradeContext {
  /** The new appliance's address as the operator gave it (https://host[:port]). */
  newAddress: string | null;
  newCheck: CheckNewApplianceOutput | null;
  /** When the operator said the fingerprint matches the new appliance's console. */
  newTrustedAt: string | null;
  newAdded: AddNewApplianceOutput | null;
  passwordChanged: ChangeFactoryPasswordOutput | null;
  oldAppliance: CheckOldApplianceOutput | null;
  /** The certificate phase's checked file in the vault (null until then). */
  certificateImport: ImportCertificateOutput | null;
  /** The warnings the new appliance lists for the imported certificate, as last read. */
  certificateWarnings: CertificateWarning[] | null;
  warningsAccepted: { at: string; note: string } | null;
  certificateAssigned: AssignCertificateOutput | null;
  eula: ReadEulaOutput | null;
  eulaAcceptedAt: string | null;
  restoreCheck: CheckRestoreOutput | null;
  restoreUpload: RestoreBackupOutput | null;
  /** The last verification of the restore; kept when it failed, so it can be shown. */
  restoreVerification: VerifyRestoreOutput | null;
  dnsChangedAt: string | null;
  siteWait: { startedAt: string; deadline: string } | null;
  /** The last answer of the site address (the wait after the DNS change, the check right before the reset). */
  siteAnswer: SiteAddressAnswer | null;
  sessionsTested: { at: string; items: string[] } | null;
  oldReset: ResetOldApplianceOutput | null;
  oldFactory: WaitForFactoryStateOutput | null;
  oldShutDown: ShutDownOldApplianceOutput | null;
  shipped: { at: string; items: string[] } | null;
  oldDeleted: { at: string; items: string[] } | null;
  oldGone: CheckOldApplianceGoneOutput | null;
  promoted: PromoteNewApplianceOutput | null;
}

export type HardwareMigrationEvent = {
  type: HardwareMigrationOperatorEventType;
  at: string;
  note?: string;
  value?: string;
};

export const initialMigrationFields = {
  newAddress: null,
  newCheck: null,
  newTrustedAt: null,
  newAdded: null,
  passwordChanged: null,
  oldAppliance: null,
  certificateImport: null,
  certificateWarnings: null,
  warningsAccepted: null,
  certificateAssigned: null,
  eula: null,
  eulaAcceptedAt: null,
  restoreCheck: null,
  restoreUpload: null,
  restoreVerification: null,
  dnsChangedAt: null,
  siteWait: null,
  siteAnswer: null,
  sessionsTested: null,
  oldReset: null,
  oldFactory: null,
  oldShutDown: null,
  shipped: null,
  oldDeleted: null,
  oldGone: null,
  promoted: null,
} satisfies Omit<HardwareMigrationContext, keyof UpgradeContext>;

export type Args = { context: HardwareMigrationContext };
export type EventArgs = { event: HardwareMigrationEvent };
export type DoneOf<T> = { event: { output: T } };

/** A journal action with a fixed or computed detail. */
export function journal<TArgs>(
  entry: Omit<JournalParams, 'detail'>,
  detail?: string | ((args: TArgs) => string),
): { type: 'journal'; params: (args: TArgs) => JournalParams } {
  return {
    type: 'journal',
    params: (args: TArgs) => ({ ...entry, ...(detail === undefined ? {} : { detail: typeof detail === 'string' ? detail : detail(args) }) }),
  };
}

/** https://host or https://host:port, as the site editor accepts an appliance address; null for anything else. */
export function normaliseAddress(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return /^https:\/\/[^\s/:]+(:\d{1,5})?\/?$/.test(trimmed) ? trimmed.replace(/\/$/, '') : null;
}

/** The version the new appliance must reach: the old one's. */
export function migrationTarget(context: HardwareMigrationContext): MigrationTarget | null {
  const old = context.oldAppliance;
  return old ? { siteVersion: old.siteVersion, baseVersion: old.baseVersion } : null;
}

/** The certificate file is in the vault and was checked, with nothing its rule fails on. */
export function certificateFileReady(context: Pick<HardwareMigrationContext, 'certificateFile'>): boolean {
  const file = context.certificateFile;
  return (
    file !== null &&
    file !== undefined &&
    file.vaultId.length > 0 &&
    file.checkedAt.length > 0 &&
    file.findings.every((finding) => finding.severity !== 'fail')
  );
}

/** The new appliance presents the certificate of the file: the old appliance's certificate. */
export function presentsFileCertificate(context: HardwareMigrationContext, assigned: AssignCertificateOutput | null = context.certificateAssigned): boolean {
  const file = context.certificateFile ?? null;
  return assigned !== null && file !== null && assigned.presentedFingerprint256 === file.fingerprint256;
}

/**
 * The software install on the new appliance is verified: it runs the old one's site version,
 * as checked before (nothing to install) or as the last verified install reported.
 */
export function softwareInstallVerified(context: HardwareMigrationContext): boolean {
  const plan = context.plan;
  if (plan === null || !plan.ok || context.versionsBefore === null) return false;
  const target = migrationTarget(context);
  if (plan.order.length === 0) return checkMigrationSoftware(context.versionsBefore, target).holds;
  const lastSite = context.installed.filter((record) => record.pkg.kind === 'site').at(-1);
  return (
    context.installIndex >= plan.order.length &&
    checkHoldsMayBeReleased(plan.order, context.installed).holds &&
    checkMigrationSoftware(lastSite ? { siteVersion: lastSite.verifiedVersion } : null, target).holds
  );
}

/** The restore is verified: the API answers with the old credentials, same site hostname and version. */
export function restoreVerified(context: HardwareMigrationContext, result: VerifyRestoreOutput | null = context.restoreVerification): boolean {
  const old = context.oldAppliance;
  return result !== null && old !== null && result.apiAnswered && result.siteHostname === old.siteHostname && result.siteVersion === old.siteVersion;
}

export function siteServesNew(answer: SiteAddressAnswer | null | undefined): boolean {
  return answer?.answeredBy === 'new';
}

/** No reset before the new appliance serves the site and its restore is verified. */
export function mayResetOld(context: HardwareMigrationContext): boolean {
  return siteServesNew(context.siteAnswer) && restoreVerified(context);
}

export function oldIsVirtual(context: Pick<HardwareMigrationContext, 'oldAppliance'>): boolean {
  return context.oldAppliance?.model === 'virtual';
}

/** The old appliance is retired: reset, shut down and shipped (physical), or deleted and gone (virtual). */
export function oldRetired(context: HardwareMigrationContext): boolean {
  if (oldIsVirtual(context)) return context.oldDeleted !== null && context.oldGone?.gone === true;
  return context.oldFactory !== null && context.oldShutDown !== null && context.shipped !== null;
}

/** The vault may stop holding the backup and the certificate file: the migration is verified end to end. */
export function migrationVerified(context: HardwareMigrationContext): boolean {
  return softwareInstallVerified(context) && restoreVerified(context) && siteServesNew(context.siteAnswer) && oldRetired(context);
}

/** Minutes after an ISO time, as an ISO time (the machine never reads a clock; this only adds). */
export function minutesAfter(at: string, minutes: number): string {
  return new Date(Date.parse(at) + minutes * 60_000).toISOString();
}

/** Which appliance answered the site address, in words. */
export function describeAnswer(answer: SiteAddressAnswer): string {
  switch (answer.answeredBy) {
    case 'new':
      return `The site address answers with the new appliance (serial ${answer.serial ?? 'unknown'}).`;
    case 'current':
      return `The site address still answers with the old appliance (serial ${answer.serial ?? 'unknown'}).`;
    case 'other':
      return `The site address answers with an appliance that is neither the old nor the new one (serial ${answer.serial ?? 'unknown'}).`;
    case 'none':
      return 'Nothing answers at the site address.';
  }
}

/** What the journal says of a cancel without a note, once the migration has its own steps under way. */
export const MIGRATION_CANCEL_DETAIL = 'Migration cancelled by the operator; what was done so far stays as it is.';

/** `#hardwareMigration.<step>`: builders target other steps absolutely. */
export function to(step: string): string {
  return `#${MACHINE}.${step}`;
}

export function cancel(step: string) {
  return cancelFrom(MACHINE, step, MIGRATION_CANCEL_DETAIL);
}
