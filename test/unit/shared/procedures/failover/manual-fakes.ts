/**
 * Deterministic stand-ins for the restricted-side actors of P4's appliance B updated by hand: its
 * clock, its download key and key file, the transfer bundle coming back and its import, and the
 * uploads of the manual unit — the outcomes each may report, by state path.
 */
import type { EventObject } from 'xstate';
import type { FilePackageRef, GenerateDownloadKeyOutput, ReadKeyFileOutput } from '../../../../../shared/procedures/actors';
import type { FailoverContext } from '../../../../../shared/procedures/steps/failover/context';
import { CLOCK_RIGHT, CLOCK_WRONG, DOWNLOAD_KEY, KEY_FILE, KEY_FILE_CACHED, KEY_READ, airGapErrors, bundle, imported, tamperedBundle, uploaded } from '../helpers/air-gap-fakes';
import { actorDone as done, actorFailed as failed } from '../helpers/model-events';
import { errors } from '../helpers/single-automatic-fakes';
import { NEW_BASE, NEW_SITE, SITE_ON_NEW_BASE } from '../hardware-migration/fakes';
import { pairActorOutcomes } from './fakes';

export const MANUAL_ACTORS = ['checkApplianceClock', 'generateDownloadKey', 'saveKeyFile', 'readKeyFile', 'verifyTransferBundle', 'importBundle', 'uploadPackage'] as const;

/** B's key: B's serial and name, the versions the pair runs. */
export const KEY_B: GenerateDownloadKeyOutput = { ...DOWNLOAD_KEY, applianceSerial: 'LAB-B-1002', applianceHostname: 'appliance-b.lab.example', siteVersion: '23.1.1', baseVersion: '6.1.0' };
const KEY_READ_B: ReadKeyFileOutput = { ...KEY_READ, key: KEY_B.key, applianceSerial: KEY_B.applianceSerial, applianceHostname: KEY_B.applianceHostname, siteVersion: KEY_B.siteVersion, baseVersion: KEY_B.baseVersion, generatedAt: KEY_B.generatedAt };

export const FILE_BASE_B: FilePackageRef = { ...NEW_BASE, sha256: 'e'.repeat(64) };
export const FILE_SITE_B: FilePackageRef = { ...SITE_ON_NEW_BASE, sha256: 'f'.repeat(64) };
/** A site package needing a Base the bundle does not bring: R4 refuses the plan. */
const FILE_SITE_UNLISTED_BASE: FilePackageRef = { ...NEW_SITE, id: 'site-24.1.0', version: '24.1.0', requires: '7.0.0', sha256: '9'.repeat(64) };

/** Every outcome the invoked restricted-side actor of this state may report (the manual unit's installs as the automatic unit's). */
export function manualPairOutcomes(statePath: string, context: FailoverContext): EventObject[] {
  const [top, sub] = statePath.split('.');
  if (top === 'b-manual-install' && sub !== 'uploading') return pairActorOutcomes(`b-install.${sub ?? ''}`, context);
  switch (statePath) {
    case 'b-clock-check.checking':
      return [done('checkApplianceClock', CLOCK_RIGHT), done('checkApplianceClock', CLOCK_WRONG), failed('checkApplianceClock', airGapErrors.unreachable)];
    case 'b-download-key.generating':
      return [done('generateDownloadKey', KEY_B), failed('generateDownloadKey', airGapErrors.unreachable)];
    case 'b-save-key.saving':
      return [done('saveKeyFile', KEY_FILE), done('saveKeyFile', KEY_FILE_CACHED), failed('saveKeyFile', airGapErrors.mediaReadOnly)];
    case 'b-reinsert-stick.reading':
      return [done('readKeyFile', KEY_READ_B), done('readKeyFile', { ...KEY_READ_B, key: 'AUA1.OTHER' }), failed('readKeyFile', airGapErrors.mediaRemoved)];
    case 'b-verify-bundle.verifying':
      return [
        done('verifyTransferBundle', bundle([FILE_BASE_B, FILE_SITE_B])),
        done('verifyTransferBundle', bundle([FILE_SITE_UNLISTED_BASE])),
        done('verifyTransferBundle', tamperedBundle([FILE_BASE_B, FILE_SITE_B])),
        failed('verifyTransferBundle', airGapErrors.wrongAppliance),
      ];
    case 'b-import-bundle.importing': {
      const packages = context.bundle?.packages ?? [];
      return [done('importBundle', imported(packages)), ...(packages.length > 1 ? [done('importBundle', imported(packages.slice(1)))] : []), failed('importBundle', airGapErrors.disk)];
    }
    case 'b-manual-install.uploading': {
      const pkg = context.plan?.order[context.installIndex] as FilePackageRef | undefined;
      if (!pkg) return [];
      return [done('uploadPackage', uploaded(pkg)), failed('uploadPackage', airGapErrors.uploadInterrupted), ...(pkg.kind === 'base' ? [failed('uploadPackage', errors.baseInstall)] : [])];
    }
    default:
      return [];
  }
}
