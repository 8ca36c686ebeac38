/** Event sequences that bring P1 to well-known points, for scenario and view tests. */
import type { SingleAutomaticEvent } from '../../../../../shared/procedures/single-automatic/machine';
import { straightAftercareEvents } from './aftercare-fakes';
import { LATER } from './single-automatic-fakes';
import {
  BACKUP_AT,
  BASE,
  BASE_DONE_AT,
  BETWEEN_BACKUP_AT,
  CREDENTIALS_OK,
  GOOD_EXPORT,
  HEALTHY_CERTIFICATE,
  SITE,
  SITE_DONE_AT,
  backup,
  installed,
  updates,
} from './single-automatic-fakes';
import { done, operator } from './single-automatic-model';
import type { PackageRef } from '../../../../../shared/procedures/actors';

/** The site's sign-ins were accepted: the window is offered. */
export const toWindow = [done('checkCredentials', CREDENTIALS_OK)];

/** The backup is in the vault: the certificate export asks for a passphrase. */
export const toExportCertificate = [...toWindow, operator('WINDOW_STARTED'), done('takeBackup', backup('pre-upgrade', BACKUP_AT))];

/** The operator typed the passphrase (the host keeps it; the event carries none): the assistant exports. */
export const toExporting = [...toExportCertificate, operator('EXPORT')];

/** The export is in the vault and checked. */
export const toCertificateChecked = [...toExporting, done('exportCertificate', GOOD_EXPORT)];

/** The certificate the site presents is being probed. */
export const toProbing = [...toCertificateChecked, operator('CONFIRM')];

export function toPlanReady(offered: PackageRef[] = [SITE, BASE]) {
  return [
    ...toProbing,
    done('probeCertificate', HEALTHY_CERTIFICATE),
    operator('CONFIRM'),
    done('checkForUpdates', updates(offered)),
  ];
}

export const toBaseInstalling = [...toPlanReady(), operator('START_INSTALL')];

export const toBackupBetween = [...toBaseInstalling, done('installPackage', installed(BASE, BASE_DONE_AT))];

export const toSiteInstalling = [...toBackupBetween, done('takeBackup', backup('between-base-and-site', BETWEEN_BACKUP_AT))];

export const toAftercare = [...toSiteInstalling, done('installPackage', installed(SITE, SITE_DONE_AT))];

export const toDone = [...toAftercare, ...(straightAftercareEvents(LATER) as SingleAutomaticEvent[]), done('releaseHolds', undefined)];
