/**
 * Deterministic stand-ins for the P5 side effects: the lab's old appliance A and new appliance
 * N, fixed times, and the outcomes each invoked actor may report, by state path.
 */
import type { EventObject } from 'xstate';
import { AppError } from '../../../../../shared/errors';
import type { PackageRef } from '../../../../../shared/procedures/actors';
import type { ProcedureInput } from '../../../../../shared/procedures/definition';
import type {
  CertificateFileRecord,
  ChangeFactoryPasswordOutput,
  CheckNewApplianceOutput,
  CheckOldApplianceOutput,
  SiteAddressAnswer,
} from '../../../../../shared/procedures/hardware-migration/actors';
import type { HardwareMigrationContext } from '../../../../../shared/procedures/hardware-migration/context';
import { DELETE_CHECKS, SESSION_CHECKS, SHIPPING_CHECKS } from '../../../../../shared/procedures/hardware-migration/words';
import { actorDone as done, actorFailed as failed, sharedInstallOutcomes } from '../helpers/model-events';
import { BACKUP_AT, BEFORE_WINDOW, DIAGNOSTICS, LATER, backup, errors } from '../helpers/single-automatic-fakes';

export const P5_INPUT: ProcedureInput = {
  procedureId: 'proc-5',
  siteId: 'site-1',
  siteName: 'Practice lab',
  applianceUrl: 'https://127.0.0.1:9443',
  operator: 'Dana Field',
};

export const NEW_URL = 'https://127.0.0.1:9444';
/** What a secret input would hold; the host strips it, and it must never reach a snapshot or the journal anyway. */
export const SECRET = 'Sup3r-Secret-Pass!';
export const ALL_TICKED = [...SESSION_CHECKS, ...SHIPPING_CHECKS, ...DELETE_CHECKS].map((item) => item.id).join(',');
export const HALF_TICKED = SESSION_CHECKS.slice(0, 1).map((item) => item.id).join(',');

export const NEW_FOUND: CheckNewApplianceOutput = {
  url: NEW_URL,
  certificate: { fingerprint256: 'NN:NN:01', selfSigned: true, subject: 'appliance-n.lab.example' },
  factory: true,
  message: 'The factory sign-in works and the appliance asks for a new password: it is in factory state.',
  checkedAt: LATER,
};
export const NEW_SET_UP: CheckNewApplianceOutput = { ...NEW_FOUND, factory: false, message: 'The factory sign-in was refused: this appliance is already set up.' };

export const PASSWORD_CHANGED: ChangeFactoryPasswordOutput = {
  changedAt: LATER,
  facts: { model: 'physical', modelName: 'B300', serial: 'LAB-N-2001', hostname: 'appliance-n.lab.example', ip: '10.20.0.21', siteVersion: '', baseVersion: '6.1.0' },
};

export const OLD_PHYSICAL: CheckOldApplianceOutput = {
  model: 'physical',
  modelName: 'B300',
  serial: 'LAB-A-1001',
  hostname: 'appliance-a.lab.example',
  ip: '10.20.0.11',
  siteVersion: '23.1.1',
  baseVersion: '6.1.0',
  siteHostname: 'support.lab.example',
  checkedAt: LATER,
};
export const OLD_VIRTUAL: CheckOldApplianceOutput = { ...OLD_PHYSICAL, model: 'virtual', modelName: 'Virtual appliance' };

export const CERTIFICATE_FILE: CertificateFileRecord = {
  vaultId: 'vault-cert-1',
  fileName: 'appliance-a.lab.example.p12',
  sha256: 'c'.repeat(64),
  size: 4096,
  source: 'export',
  subject: 'support.lab.example',
  subjectAltNames: ['support.lab.example', 'appliance-a.lab.example'],
  notAfter: '2027-06-01T00:00:00.000Z',
  fingerprint256: 'AA:AA:01',
  encryption: 'modern',
  chainComplete: true,
  keyMatches: true,
  keyBits: 2048,
  findings: [{ id: 'chain', ok: true, severity: 'ok', text: 'Chain complete up to the root.' }],
  checkedAt: LATER,
};

export const NEW_SITE: PackageRef = { id: 'site-23.1.1', name: 'Site Software', kind: 'site', version: '23.1.1', requires: '6.1.0', size: 10_485_760 };
export const NEWER_SITE: PackageRef = { ...NEW_SITE, id: 'site-23.2.1', version: '23.2.1' };
export const NEW_BASE: PackageRef = { id: 'base-6.2.0', name: 'Base Software', kind: 'base', version: '6.2.0', size: 200_000_000 };
export const SITE_ON_NEW_BASE: PackageRef = { ...NEW_SITE, requires: '6.2.0' };

const answer = (answeredBy: SiteAddressAnswer['answeredBy'], serial: string | null): SiteAddressAnswer => ({ answeredBy, serial, checkedAt: LATER });
export const SERVED_BY_NEW = answer('new', 'LAB-N-2001');
export const SERVED_BY_OLD = answer('current', 'LAB-A-1001');

export const p5Errors = {
  unreachable: errors.unreachable,
  refused: new AppError('APPLIANCE_ERROR', 'The appliance refused the new password: it needs a digit and a letter.', 'Choose another password.'),
  passphrase: new AppError('PASSPHRASE_NEEDED', 'The passphrase is no longer in memory.', 'Type the passphrase again.'),
  wrongPassphrase: new AppError('CERTIFICATE_PASSPHRASE_WRONG', 'The passphrase does not open this certificate file.', 'Type it again; it is case-sensitive.'),
  restoreRefused: new AppError('APPLIANCE_ERROR', 'The appliance refused the backup: it is of site 23.1.1, the appliance runs 23.2.1.', 'Install the matching version.'),
  timeout: errors.timeout,
  siteInstall: errors.siteInstall,
  baseInstall: errors.baseInstall,
  disk: errors.diagnostics,
};

export const P5_ACTORS = [
  'checkCredentials',
  'takeBackup',
  'checkForUpdates',
  'installPackage',
  'captureDiagnostics',
  'releaseHolds',
  'checkNewAppliance',
  'addNewAppliance',
  'changeFactoryPassword',
  'checkOldAppliance',
  'exportCertificate',
  'importCertificate',
  'readCertificateWarnings',
  'assignCertificate',
  'readEula',
  'acceptEula',
  'checkRestore',
  'restoreBackup',
  'verifyRestore',
  'waitForSiteAddress',
  'resetOldAppliance',
  'waitForFactoryState',
  'shutDownOldAppliance',
  'checkOldApplianceGone',
  'promoteNewAppliance',
] as const;
export type P5ActorName = (typeof P5_ACTORS)[number];

const WARNING = { code: 'incomplete-chain', text: 'The chain does not reach a root certificate.' };

/** Every outcome the invoked actor of this state may report. */
export function p5ActorOutcomes(statePath: string, context: HardwareMigrationContext): EventObject[] {
  switch (statePath) {
    case 'new-appliance.checking':
      return [done('checkNewAppliance', NEW_FOUND), done('checkNewAppliance', NEW_SET_UP), failed('checkNewAppliance', p5Errors.unreachable)];
    case 'new-appliance.adding':
      return [done('addNewAppliance', { applianceId: 'N', addedAt: LATER }), failed('addNewAppliance', p5Errors.disk)];
    case 'factory-password.changing':
      return [done('changeFactoryPassword', PASSWORD_CHANGED), failed('changeFactoryPassword', p5Errors.refused)];
    case 'old-appliance.checking':
      return [done('checkOldAppliance', OLD_PHYSICAL), done('checkOldAppliance', OLD_VIRTUAL), failed('checkOldAppliance', p5Errors.unreachable)];
    case 'backup.running':
      return [done('takeBackup', backup('pre-upgrade', BACKUP_AT)), done('takeBackup', backup('pre-upgrade', BEFORE_WINDOW)), failed('takeBackup', p5Errors.unreachable)];
    case 'export-certificate.exporting':
      return [done('exportCertificate', CERTIFICATE_FILE), failed('exportCertificate', p5Errors.wrongPassphrase), failed('exportCertificate', p5Errors.passphrase)];
    case 'import-certificate.importing':
      return [
        done('importCertificate', { certificateId: 'cert-7', warnings: [], importedAt: LATER }),
        done('importCertificate', { certificateId: 'cert-7', warnings: [WARNING], importedAt: LATER }),
        failed('importCertificate', p5Errors.passphrase),
      ];
    case 'resolve-warnings.reading':
      return [
        done('readCertificateWarnings', { warnings: [], readAt: LATER }),
        done('readCertificateWarnings', { warnings: [WARNING], readAt: LATER }),
        failed('readCertificateWarnings', p5Errors.unreachable),
      ];
    case 'assign-ip.assigning':
      return [
        done('assignCertificate', { presentedFingerprint256: CERTIFICATE_FILE.fingerprint256, presentedSubject: 'support.lab.example', assignedAt: LATER }),
        done('assignCertificate', { presentedFingerprint256: 'EE:VI:L0', presentedSubject: 'support.lab.example', assignedAt: LATER }),
        failed('assignCertificate', p5Errors.unreachable),
      ];
    case 'accept-eula.reading':
      return [
        done('readEula', { accepted: false, text: 'End user licence agreement…', sha256: 'e'.repeat(64), readAt: LATER }),
        done('readEula', { accepted: true, text: 'End user licence agreement…', sha256: 'e'.repeat(64), readAt: LATER }),
        failed('readEula', p5Errors.unreachable),
      ];
    case 'accept-eula.accepting':
      return [done('acceptEula', { acceptedAt: LATER }), failed('acceptEula', p5Errors.unreachable)];
    case 'new-check-updates.running':
      return [
        done('checkForUpdates', { siteVersion: '', baseVersion: '6.1.0', updates: [NEW_SITE, NEWER_SITE] }),
        done('checkForUpdates', { siteVersion: '', baseVersion: '6.1.0', updates: [NEW_BASE, SITE_ON_NEW_BASE] }),
        done('checkForUpdates', { siteVersion: '', baseVersion: '6.1.0', updates: [NEWER_SITE] }),
        done('checkForUpdates', { siteVersion: '23.1.1', baseVersion: '6.1.0', updates: [] }),
        failed('checkForUpdates', p5Errors.unreachable),
      ];
    case 'new-install.installing': {
      const pkg = context.plan?.order[context.installIndex];
      if (!pkg) return [];
      return [
        done('installPackage', { verifiedVersion: pkg.version, finishedAt: LATER, health: 'healthy' }),
        done('installPackage', { verifiedVersion: '0.0.1', finishedAt: LATER, health: 'healthy' }),
        failed('installPackage', pkg.kind === 'base' ? p5Errors.baseInstall : p5Errors.siteInstall),
      ];
    }
    case 'new-install.backup-between':
      return [done('takeBackup', backup('between-base-and-site', LATER)), failed('takeBackup', p5Errors.unreachable)];
    case 'new-install.capturing-diagnostics':
      return [done('captureDiagnostics', DIAGNOSTICS)];
    case 'restore-backup.checking':
      return [
        done('checkRestore', { state: 'not-restored', checkedAt: LATER }),
        done('checkRestore', { state: 'restoring', checkedAt: LATER }),
        failed('checkRestore', p5Errors.unreachable),
      ];
    case 'restore-backup.uploading':
      return [done('restoreBackup', { uploadedAt: LATER, bytes: 3_145_728 }), failed('restoreBackup', p5Errors.restoreRefused)];
    case 'restore-backup.waiting':
      return [
        done('verifyRestore', { apiAnswered: true, siteHostname: 'support.lab.example', siteVersion: '23.1.1', verifiedAt: LATER }),
        done('verifyRestore', { apiAnswered: false, siteHostname: '', siteVersion: '23.1.1', verifiedAt: LATER }),
        failed('verifyRestore', p5Errors.timeout),
      ];
    case 'point-dns.waiting':
    case 'reset-old.rechecking':
      return [done('waitForSiteAddress', SERVED_BY_NEW), done('waitForSiteAddress', SERVED_BY_OLD), failed('waitForSiteAddress', p5Errors.unreachable)];
    case 'reset-old.resetting':
      return [
        done('resetOldAppliance', { resetStartedAt: LATER, alreadyUnderWay: false }),
        done('resetOldAppliance', { resetStartedAt: LATER, alreadyUnderWay: true }),
        failed('resetOldAppliance', p5Errors.unreachable),
      ];
    case 'reset-old.waiting':
      return [done('waitForFactoryState', { factoryAt: LATER }), failed('waitForFactoryState', p5Errors.timeout)];
    case 'shut-down-old.shutting-down':
      return [done('shutDownOldAppliance', { stoppedAt: LATER }), failed('shutDownOldAppliance', p5Errors.unreachable)];
    case 'delete-old.checking':
      return [
        done('checkOldApplianceGone', { gone: true, checkedAt: LATER }),
        done('checkOldApplianceGone', { gone: false, checkedAt: LATER }),
        failed('checkOldApplianceGone', p5Errors.unreachable),
      ];
    case 'promote.promoting':
      return [done('promoteNewAppliance', { promotedAt: LATER }), failed('promoteNewAppliance', p5Errors.disk)];
    default:
      return sharedInstallOutcomes(statePath);
  }
}
