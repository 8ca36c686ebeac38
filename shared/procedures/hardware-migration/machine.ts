/**
 * P5 — hardware migration (physical → physical, physical ↔ virtual), as a state machine. Its
 * top-level states are the step ids of words.ts. The old appliance's sign-in check, window and
 * backup, the certificate export and the appliance-upgrade unit (placed for the new appliance,
 * prefix 'new-') are the shared phases under steps/; the steps only P5 has live beside this file.
 * Actor inputs say which appliance: 'current' (old) or 'new'; the shared phases placed without a
 * role act on the site's current appliance. The context holds only JSON; no clock is read.
 */
import { setup } from 'xstate';
import type { ProcedureInput } from '../definition';
import type { CheckForUpdatesOutput } from '../actors';
import { planMigrationInstall } from '../../rules/migration-plan';
import { reportStep } from '../steps/aftercare-and-report/chart';
import { automaticUpgradeUnit } from '../steps/appliance-upgrade/chart';
import { exportCertificateStep } from '../steps/certificates/chart';
import { initialUpgradeContext, isReadyToInstall } from '../steps/context';
import { siteWatch, siteWatchPlaceholder } from '../steps/site-watch';
import { assignFor, checkForUpdatesPlaceholder, upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../steps/setup';
import { backupStep, credentialsStep, windowStep } from '../steps/window-and-backup/chart';
import {
  hardwareMigrationActorPlaceholders,
  type AddNewApplianceOutput,
  type AcceptEulaOutput,
  type AssignCertificateOutput,
  type ChangeFactoryPasswordOutput,
  type CheckNewApplianceOutput,
  type CheckOldApplianceGoneOutput,
  type CheckOldApplianceOutput,
  type CheckRestoreOutput,
  type ImportCertificateOutput,
  type PromoteNewApplianceOutput,
  type ReadCertificateWarningsOutput,
  type ReadEulaOutput,
  type ResetOldApplianceOutput,
  type RestoreBackupOutput,
  type ShutDownOldApplianceOutput,
  type SiteAddressAnswer,
  type VerifyRestoreOutput,
  type WaitForFactoryStateOutput,
} from './actors';
import { factoryPasswordStep, newApplianceStep, oldApplianceStep } from './appliance-steps';
import { assignIpStep, importCertificateStep, resolveWarningsStep } from './certificate-steps';
import {
  DNS_WAIT_MINUTES,
  MACHINE,
  certificateFileReady,
  everyItemTicked,
  initialMigrationFields,
  mayResetOld,
  migrationTarget,
  minutesAfter,
  normaliseAddress,
  oldIsVirtual,
  presentsFileCertificate,
  restoreVerified,
  siteServesNew,
  softwareInstallVerified,
  tickedItems,
  type HardwareMigrationContext,
  type HardwareMigrationEvent,
} from './context';
import { deleteOldStep, promoteStep, resetOldStep, shipOldStep, shutDownOldStep } from './retire-steps';
import { acceptEulaStep, pointDnsStep, restoreBackupStep, testSessionsStep } from './site-steps';
import { DELETE_CHECKS, SESSION_CHECKS, SHIPPING_CHECKS } from './words';

export type { HardwareMigrationContext, HardwareMigrationEvent } from './context';

/** The appliance-upgrade unit, placed for the new appliance. */
const NEW_UNIT = { machine: MACHINE, prefix: 'new-' as const, appliance: 'new' as const };

const update = assignFor<HardwareMigrationContext, HardwareMigrationEvent>();

export const hardwareMigrationMachine = setup({
  types: {
    context: {} as HardwareMigrationContext,
    events: {} as HardwareMigrationEvent,
    input: {} as ProcedureInput,
  },
  actors: { ...upgradeActorPlaceholders, ...checkForUpdatesPlaceholder, ...hardwareMigrationActorPlaceholders, ...siteWatchPlaceholder },
  guards: {
    ...upgradeGuards,
    hasValue: ({ event }) => typeof event.value === 'string' && event.value.trim().length > 0,
    isAddress: ({ event }) => normaliseAddress(event.value) !== null,
    isFactory: (_, params: { result: CheckNewApplianceOutput }) => params.result.factory,
    certificateFileReady: ({ context }) => certificateFileReady(context),
    noCertificateWarnings: ({ context }) => (context.certificateWarnings ?? []).length === 0,
    presentsFileCertificate: ({ context }, params: { result: AssignCertificateOutput }) => presentsFileCertificate(context, params.result),
    eulaAccepted: (_, params: { result: ReadEulaOutput }) => params.result.accepted,
    /** A refused plan may list nothing either: it blocks, it does not pass as "nothing to install". */
    nothingToInstall: ({ context }) => context.plan?.ok === true && context.plan.order.length === 0,
    /** The shared START_INSTALL guard, and the new appliance's licence accepted. */
    readyToInstall: ({ context }) => isReadyToInstall(context) && (context.eulaAcceptedAt !== null || context.eula?.accepted === true),
    softwareInstallVerified: ({ context }) => softwareInstallVerified(context),
    restoreNotStarted: (_, params: { result: CheckRestoreOutput }) => params.result.state === 'not-restored',
    restoreVerified: ({ context }, params: { result: VerifyRestoreOutput }) => restoreVerified(context, params.result),
    siteServesNew: (_, params: { answer: SiteAddressAnswer }) => siteServesNew(params.answer),
    sessionsAllTicked: ({ event }) => everyItemTicked(event.value, SESSION_CHECKS),
    shippingAllTicked: ({ event }) => everyItemTicked(event.value, SHIPPING_CHECKS),
    deleteAllTicked: ({ event }) => everyItemTicked(event.value, DELETE_CHECKS),
    oldIsVirtual: ({ context }) => oldIsVirtual(context),
    mayResetOld: ({ context }) => mayResetOld(context),
    oldGone: (_, params: { result: CheckOldApplianceGoneOutput }) => params.result.gone,
  },
  actions: {
    ...upgradeActions<HardwareMigrationContext, HardwareMigrationEvent>(),
    /** The new appliance installs the old one's version, not the newest offered. */
    recordUpdates: update(({ context }, result: CheckForUpdatesOutput) => {
      const target = migrationTarget(context);
      const running = { siteVersion: result.siteVersion, baseVersion: result.baseVersion };
      return {
        versionsBefore: running,
        plan: target
          ? planMigrationInstall(result.updates, running, target)
          : { ok: false as const, order: [], problems: ['The old appliance’s version is not known.'], reason: 'The old appliance’s version is not known.' },
      };
    }),
    recordAddress: update((_, params: { value: string }) => ({ newAddress: normaliseAddress(params.value), newCheck: null, newTrustedAt: null })),
    recordNewCheck: update((_, newCheck: CheckNewApplianceOutput) => ({ newCheck })),
    recordTrust: update((_, params: { at: string }) => ({ newTrustedAt: params.at })),
    recordNewAdded: update((_, newAdded: AddNewApplianceOutput) => ({ newAdded })),
    recordPasswordChanged: update((_, passwordChanged: ChangeFactoryPasswordOutput) => ({ passwordChanged })),
    recordOldAppliance: update((_, oldAppliance: CheckOldApplianceOutput) => ({ oldAppliance })),
    recordCertificateImport: update((_, certificateImport: ImportCertificateOutput) => ({
      certificateImport,
      certificateWarnings: certificateImport.warnings,
      warningsAccepted: null,
    })),
    recordCertificateWarnings: update((_, read: ReadCertificateWarningsOutput) => ({ certificateWarnings: read.warnings })),
    recordWarningsAccepted: update((_, warningsAccepted: { at: string; note: string }) => ({ warningsAccepted })),
    recordCertificateAssigned: update((_, certificateAssigned: AssignCertificateOutput) => ({ certificateAssigned })),
    recordEula: update((_, eula: ReadEulaOutput) => ({ eula })),
    recordEulaAccepted: update((_, accepted: AcceptEulaOutput) => ({ eulaAcceptedAt: accepted.acceptedAt })),
    recordRestoreCheck: update((_, restoreCheck: CheckRestoreOutput) => ({ restoreCheck })),
    recordRestoreUpload: update((_, restoreUpload: RestoreBackupOutput) => ({ restoreUpload })),
    recordRestoreVerification: update((_, restoreVerification: VerifyRestoreOutput) => ({ restoreVerification })),
    recordDnsChanged: update((_, params: { at: string }) => ({ dnsChangedAt: params.at })),
    recordSiteWait: update((_, params: { at: string; minutes: number }) => ({ siteWait: { startedAt: params.at, deadline: minutesAfter(params.at, params.minutes) } })),
    recordSiteAnswer: update((_, siteAnswer: SiteAddressAnswer) => ({ siteAnswer })),
    recordSessionsTested: update((_, params: { at: string; value: string }) => ({ sessionsTested: { at: params.at, items: tickedItems(params.value, SESSION_CHECKS) } })),
    recordOldReset: update((_, oldReset: ResetOldApplianceOutput) => ({ oldReset })),
    recordOldFactory: update((_, oldFactory: WaitForFactoryStateOutput) => ({ oldFactory })),
    recordOldShutDown: update((_, oldShutDown: ShutDownOldApplianceOutput) => ({ oldShutDown })),
    recordShipped: update((_, params: { at: string; value: string }) => ({ shipped: { at: params.at, items: tickedItems(params.value, SHIPPING_CHECKS) } })),
    recordOldDeleted: update((_, params: { at: string; value: string }) => ({ oldDeleted: { at: params.at, items: tickedItems(params.value, DELETE_CHECKS) } })),
    recordOldGone: update((_, oldGone: CheckOldApplianceGoneOutput) => ({ oldGone })),
    recordPromoted: update((_, promoted: PromoteNewApplianceOutput) => ({ promoted })),
  },
}).createMachine({
  id: MACHINE,
  initial: 'new-appliance',
  invoke: siteWatch(),
  context: ({ input }) => ({ ...initialUpgradeContext(input), ...initialMigrationFields }),
  states: {
    'new-appliance': newApplianceStep(),
    'factory-password': factoryPasswordStep(),
    'check-credentials': credentialsStep(MACHINE, 'old-appliance'),
    'old-appliance': oldApplianceStep('window'),
    window: windowStep(MACHINE, 'backup'),
    backup: backupStep(MACHINE, 'export-certificate'),
    // R2 is required here. Once the certificate phase of the contract lands it leaves only with a checked file.
    'export-certificate': exportCertificateStep(MACHINE, 'import-certificate', { required: true }),
    'import-certificate': importCertificateStep(),
    'resolve-warnings': resolveWarningsStep(),
    'assign-ip': assignIpStep(),
    'accept-eula': acceptEulaStep('new-check-updates'),
    ...automaticUpgradeUnit(NEW_UNIT, { exits: { aftercare: 'restore-backup', noAftercare: 'restore-backup', nothingToInstall: 'restore-backup' } }),
    'restore-backup': restoreBackupStep('point-dns', 'new-check-updates'),
    'point-dns': pointDnsStep('test-sessions', DNS_WAIT_MINUTES),
    'test-sessions': testSessionsStep({ physical: 'reset-old', virtual: 'delete-old' }),
    'reset-old': resetOldStep('shut-down-old'),
    'shut-down-old': shutDownOldStep('ship-old'),
    'ship-old': shipOldStep('promote'),
    'delete-old': deleteOldStep('promote'),
    promote: promoteStep('report'),
    report: reportStep(MACHINE),
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
