/** Event sequences that bring P2 and P2-fetch to well-known points, for scenario and view tests. */
import { straightAftercareEvents } from './aftercare-fakes';
import { LATER as AFTERCARE_AT } from './single-automatic-fakes';
import type { FilePackageRef } from '../../../../../shared/procedures/actors';
import {
  CLOCK_RIGHT,
  DOWNLOAD_KEY,
  FILE_BASE,
  FILE_SITE,
  KEY_FILE,
  KEY_FILE_CACHED,
  KEY_MEDIA,
  KEY_READ,
  bundle,
  downloaded,
  imported,
  submission,
  uploaded,
  written,
  writtenThroughCache,
} from './air-gap-fakes';
import { done, operator } from './air-gap-model';
import { BACKUP_AT, BASE_DONE_AT, BETWEEN_BACKUP_AT, CREDENTIALS_OK, GOOD_EXPORT, HEALTHY_CERTIFICATE, SITE_DONE_AT, backup, installed } from './single-automatic-fakes';
import { BASE, SITE } from './single-automatic-fakes';

/** The operator typed the passphrase (kept by the host, not in the event): the assistant exports. */
export const p2ToExporting = [operator('EXPORT')];

/** The export is in the vault and checked; the certificate the site presents is being probed. */
export const p2ToProbing = [...p2ToExporting, done('exportCertificate', GOOD_EXPORT), operator('CONFIRM')];

export const p2ToClockCheck = [...p2ToProbing, done('probeCertificate', HEALTHY_CERTIFICATE), operator('CONFIRM')];

export const p2ToSaveKey = [...p2ToClockCheck, done('checkApplianceClock', CLOCK_RIGHT), done('generateDownloadKey', DOWNLOAD_KEY)];

export const p2ToAwaitBundle = [...p2ToSaveKey, operator('SAVE_KEY', { value: KEY_MEDIA }), done('saveKeyFile', KEY_FILE)];

/** The key file was read back only through the cache: the stick is to be removed and re-inserted. */
export const p2ToReinsertKey = [...p2ToSaveKey, operator('SAVE_KEY', { value: KEY_MEDIA }), done('saveKeyFile', KEY_FILE_CACHED)];

/** The stick is back in and its key file is being read from the drive. */
export const p2ToRereadingKey = [...p2ToReinsertKey, operator('REINSERTED')];

export const p2ToVerifying = [...p2ToAwaitBundle, operator('BUNDLE_READY', { value: KEY_MEDIA })];

/** The bundle is verified file by file: the operator compares its code with the one noted on the connected side. */
export function p2ToCompareCode(packages: FilePackageRef[] = [FILE_SITE, FILE_BASE]) {
  return [...p2ToVerifying, done('verifyTransferBundle', bundle(packages))];
}

/** The bundle is verified, its code confirmed, and it is in the vault: the sign-in check comes next, then the window. */
export function p2ToCredentials(packages: FilePackageRef[] = [FILE_SITE, FILE_BASE]) {
  return [...p2ToCompareCode(packages), operator('CODE_MATCHES'), done('importBundle', imported(packages))];
}

/** The sign-ins were accepted: the maintenance window is offered. */
export function p2ToWindow(packages: FilePackageRef[] = [FILE_SITE, FILE_BASE]) {
  return [...p2ToCredentials(packages), done('checkCredentials', CREDENTIALS_OK)];
}

export function p2ToPlan(packages: FilePackageRef[] = [FILE_SITE, FILE_BASE]) {
  return [...p2ToWindow(packages), operator('WINDOW_STARTED'), done('takeBackup', backup('pre-upgrade', BACKUP_AT))];
}

/** START_INSTALL: the Base package's file is being uploaded. */
export const p2ToBaseUploading = [...p2ToPlan(), operator('START_INSTALL')];

export const p2ToBaseInstalling = [...p2ToBaseUploading, done('uploadPackage', uploaded(FILE_BASE))];

export const p2ToSiteInstalling = [
  ...p2ToBaseInstalling,
  done('installPackage', installed(BASE, BASE_DONE_AT)),
  done('takeBackup', backup('between-base-and-site', BETWEEN_BACKUP_AT)),
  done('uploadPackage', uploaded(FILE_SITE)),
];

export const p2ToAftercare = [...p2ToSiteInstalling, done('installPackage', installed(SITE, SITE_DONE_AT))];

export const p2ToDone = [...p2ToAftercare, ...(straightAftercareEvents(AFTERCARE_AT) as typeof p2ToAftercare), done('releaseHolds', undefined)];

export const fetchToReview = [operator('KEY_FROM_MEDIA', { value: KEY_MEDIA }), done('readKeyFile', KEY_READ), done('submitDownloadKey', submission([FILE_SITE, FILE_BASE]))];

export const fetchToChooseMedia = [
  ...fetchToReview,
  operator('START_DOWNLOAD'),
  done('downloadUpdate', downloaded(FILE_BASE)),
  done('downloadUpdate', downloaded(FILE_SITE)),
];

export const fetchToWriting = [...fetchToChooseMedia, operator('WRITE_BUNDLE', { value: KEY_MEDIA })];

/** The bundle is written and proven: its code is shown, to be noted. */
export const fetchToNoteCode = [...fetchToWriting, done('writeTransferBundle', written([FILE_BASE, FILE_SITE]))];

export const fetchToDone = [...fetchToNoteCode, operator('CODE_NOTED')];

/** The bundle matched, but read back only through the cache: the stick is to be removed and re-inserted. */
export const fetchToReinsert = [...fetchToWriting, done('writeTransferBundle', writtenThroughCache([FILE_BASE, FILE_SITE]))];

/** The stick is back in and the bundle is being verified from the drive. */
export const fetchToVerifyingReinserted = [...fetchToReinsert, operator('REINSERTED')];
