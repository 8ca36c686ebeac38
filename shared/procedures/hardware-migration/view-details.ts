/** What each P5 step shows besides its words: facts from the context, verifications, the licence text, countdowns. */
import type { Position, StepDetails } from '../procedure-view';
import { backupBetweenDetails, checkUpdatesDetails, installDetails, planDetails } from '../steps/appliance-upgrade/view';
import { exportCertificateDetails } from '../steps/certificates/view';
import { latestBackup } from '../steps/context';
import { backupDetails, backupFacts, credentialsDetails, windowDetails } from '../steps/window-and-backup/view';
import { fact } from '../view-helpers';
import { tickedListItems } from '../steps/checklist';
import type { StepStatus } from '../view';
import { checkMigrationSoftware } from '../../rules/migration-plan';
import {
  describeAnswer,
  migrationTarget,
  minutesAfter,
  presentsFileCertificate,
  restoreVerified,
  siteServesNew,
  type HardwareMigrationContext,
} from './context';
import { DELETE_CHECKS, SESSION_CHECKS, SHIPPING_CHECKS, type HardwareMigrationStepId } from './words';

/** How long the old appliance's reset and the new one's restore may take before a person should look (minutes). */
const RESET_MINUTES = 30;
const RESTORE_MINUTES = 30;

const ticked = tickedListItems;

function newApplianceDetails(context: HardwareMigrationContext, position: Position<string>): StepDetails {
  const check = context.newCheck;
  const facts = [
    ...(context.newAddress ? [fact('Address', context.newAddress, { mono: true })] : []),
    ...(check
      ? [
          fact('Certificate issued to', check.certificate.subject),
          fact('Self-signed', check.certificate.selfSigned ? 'yes (as a factory appliance’s is)' : 'no'),
          fact('Appliance says', check.message, { tone: check.factory ? 'ok' : 'bad' }),
        ]
      : []),
    ...(context.newTrustedAt ? [fact('Trusted by the operator', context.newTrustedAt, { tone: 'ok' })] : []),
  ];
  const comparing = position.path.join('.') === 'new-appliance.compare';
  return {
    facts,
    ...(check && (comparing || context.newTrustedAt) ? { code: { label: 'Certificate fingerprint (SHA-256)', value: check.certificate.fingerprint256 } } : {}),
    ...(check ? { verification: { ok: check.factory, text: check.message } } : {}),
  };
}

function applianceFacts(facts: { modelName: string; model: string; serial: string; hostname: string; ip: string; siteVersion: string; baseVersion: string }) {
  return [
    fact('Model', `${facts.modelName} (${facts.model})`),
    fact('Serial', facts.serial, { mono: true }),
    fact('Hostname', facts.hostname),
    fact('IP address', facts.ip, { mono: true }),
    fact('Software', `site ${facts.siteVersion || 'none yet'}, Base ${facts.baseVersion}`),
  ];
}

function certificateFileFacts(context: HardwareMigrationContext) {
  const file = context.certificateFile;
  if (!file) return [];
  return [fact('Certificate file', file.fileName, { mono: true }), fact('File SHA-256', file.sha256, { mono: true }), fact('Certificate fingerprint', file.fingerprint256, { mono: true })];
}

function warningItems(context: HardwareMigrationContext): StepDetails['items'] {
  const warnings = context.certificateWarnings;
  if (!warnings || warnings.length === 0) return undefined;
  return warnings.map((warning) => ({ label: warning.text, status: 'blocked' as const }));
}

function restoreDetails(context: HardwareMigrationContext, position: Position<string>): StepDetails {
  const result = context.restoreVerification;
  const uploaded = context.restoreUpload?.uploadedAt;
  const waiting = position.path.join('.') === 'restore-backup.waiting' && uploaded;
  return {
    facts: [
      ...backupFacts(latestBackup(context, 'pre-upgrade')),
      ...(context.restoreCheck ? [fact('New appliance was', context.restoreCheck.state.replace('-', ' '))] : []),
      ...(result ? [fact('Site hostname reported', result.siteHostname), fact('Version reported', result.siteVersion)] : []),
    ],
    ...(result
      ? {
          verification: restoreVerified(context)
            ? { ok: true, text: 'The new appliance answers with the old appliance’s credentials, site and version.' }
            : { ok: false, text: `Expected site ${context.oldAppliance?.siteHostname ?? ''} at ${context.oldAppliance?.siteVersion ?? ''}, with the API answering the old appliance’s credentials.` },
        }
      : {}),
    ...(waiting ? { wait: { label: 'The new appliance is restoring the backup', startedAt: uploaded, deadline: minutesAfter(uploaded, RESTORE_MINUTES) } } : {}),
  };
}

function dnsDetails(context: HardwareMigrationContext, position: Position<string>): StepDetails {
  const wait = context.siteWait;
  const waiting = position.path.join('.') === 'point-dns.waiting' && wait && wait.deadline > wait.startedAt;
  return {
    facts: [
      ...(context.oldAppliance ? [fact('Site hostname', context.oldAppliance.siteHostname)] : []),
      ...(context.passwordChanged ? [fact('New appliance IP', context.passwordChanged.facts.ip, { mono: true })] : []),
      ...(context.dnsChangedAt ? [fact('DNS changed at', context.dnsChangedAt)] : []),
    ],
    ...(context.siteAnswer ? { verification: { ok: siteServesNew(context.siteAnswer), text: describeAnswer(context.siteAnswer) } } : {}),
    ...(waiting ? { wait: { label: 'Waiting for the site address to answer with the new appliance', startedAt: wait.startedAt, deadline: wait.deadline } } : {}),
  };
}

export function migrationStepDetails(step: HardwareMigrationStepId, status: StepStatus, position: Position<string>, context: HardwareMigrationContext): StepDetails {
  switch (step) {
    case 'new-appliance':
      return newApplianceDetails(context, position);
    case 'factory-password':
      return context.passwordChanged
        ? { facts: [fact('Changed at', context.passwordChanged.changedAt, { tone: 'ok' }), ...applianceFacts(context.passwordChanged.facts)] }
        : { facts: [] };
    case 'check-credentials':
      return credentialsDetails(context);
    case 'old-appliance':
      return context.oldAppliance ? { facts: [...applianceFacts(context.oldAppliance), fact('Site hostname', context.oldAppliance.siteHostname)] } : { facts: [] };
    case 'window':
      return windowDetails(context);
    case 'backup':
      return backupDetails(context);
    case 'export-certificate': {
      const shared = exportCertificateDetails(context, { required: true });
      return { ...shared, facts: [...shared.facts, ...certificateFileFacts(context)] };
    }
    case 'import-certificate':
      return { facts: [...certificateFileFacts(context), ...(context.certificateImport ? [fact('Imported at', context.certificateImport.importedAt, { tone: 'ok' })] : [])] };
    case 'resolve-warnings':
      return {
        facts: context.warningsAccepted ? [fact('Went on despite the warnings because', context.warningsAccepted.note, { tone: 'warn' })] : [],
        items: warningItems(context),
      };
    case 'assign-ip': {
      const assigned = context.certificateAssigned;
      return {
        facts: [
          ...(context.certificateFile ? [fact('Expected fingerprint', context.certificateFile.fingerprint256, { mono: true })] : []),
          ...(assigned ? [fact('Presented fingerprint', assigned.presentedFingerprint256, { mono: true, tone: presentsFileCertificate(context) ? 'ok' : 'bad' })] : []),
        ],
        ...(assigned
          ? {
              verification: presentsFileCertificate(context)
                ? { ok: true, text: 'The new appliance presents the old appliance’s certificate from the file.' }
                : { ok: false, text: 'The new appliance presents another certificate than the one in the file. Someone may be in between, or the wrong certificate was assigned.' },
            }
          : {}),
      };
    }
    case 'accept-eula':
      return {
        facts: context.eulaAcceptedAt ? [fact('Accepted at', context.eulaAcceptedAt, { tone: 'ok' })] : [],
        ...(context.eula ? { document: { title: 'Licence agreement of the new appliance', text: context.eula.text } } : {}),
      };
    case 'new-check-updates': {
      const shared = checkUpdatesDetails(context);
      const target = migrationTarget(context);
      return { ...shared, facts: [...(target ? [fact('Version to install', `site ${target.siteVersion}`)] : []), ...shared.facts] };
    }
    case 'new-plan':
      return planDetails(context);
    case 'new-install': {
      const shared = installDetails(status, position, context, 'new-install');
      const lastSite = context.installed.filter((record) => record.pkg.kind === 'site').at(-1);
      return lastSite ? { ...shared, verification: { ok: true, text: checkMigrationSoftware({ siteVersion: lastSite.verifiedVersion }, migrationTarget(context)).reason } } : shared;
    }
    case 'new-backup-between':
      return backupBetweenDetails(context);
    case 'restore-backup':
      return restoreDetails(context, position);
    case 'point-dns':
      return dnsDetails(context, position);
    case 'test-sessions':
      return { facts: [], items: ticked(context.sessionsTested, SESSION_CHECKS) };
    case 'reset-old':
      return {
        facts: [
          ...(context.oldAppliance ? [fact('Old appliance', `${context.oldAppliance.hostname}, serial ${context.oldAppliance.serial}`)] : []),
          ...(context.oldReset ? [fact('Reset started', context.oldReset.resetStartedAt)] : []),
          ...(context.oldFactory ? [fact('Factory state since', context.oldFactory.factoryAt, { tone: 'ok' })] : []),
        ],
        ...(position.path.join('.') === 'reset-old.waiting' && context.oldReset
          ? { wait: { label: 'The old appliance is resetting', startedAt: context.oldReset.resetStartedAt, deadline: minutesAfter(context.oldReset.resetStartedAt, RESET_MINUTES) } }
          : {}),
      };
    case 'shut-down-old':
      return { facts: context.oldShutDown ? [fact('Stopped answering at', context.oldShutDown.stoppedAt, { tone: 'ok' })] : [] };
    case 'ship-old':
      return { facts: [], items: ticked(context.shipped, SHIPPING_CHECKS) };
    case 'delete-old':
      return {
        facts: context.oldGone ? [fact('Old address', context.oldGone.gone ? 'no longer answers' : 'still answers', { tone: context.oldGone.gone ? 'ok' : 'bad' })] : [],
        items: ticked(context.oldDeleted, DELETE_CHECKS),
      };
    case 'promote':
      return { facts: context.promoted ? [fact('Site’s appliance since', context.promoted.promotedAt, { tone: 'ok' })] : [] };
    case 'report':
      return { facts: [] };
  }
}

