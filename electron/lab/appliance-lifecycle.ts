/**
 * The appliance's own life beyond updates: the forced change of the factory password, a
 * settings restore (120 lab s `restoring`), Reset to Factory Defaults (300 lab s `resetting`)
 * and power. Jobs are finished by Appliance.settle() when the lab clock says they are done.
 */
import { AdminSessions } from './admin-sessions';
import { copySettings, factorySettings, type ApplianceSettings } from './appliance-settings';
import type { Appliance, BackupRecord, RestoredFrom } from './appliance-state';

export const RESTORE_S = 120;
export const FACTORY_RESET_S = 300;
const MIN_PASSWORD_LENGTH = 8;

export interface LifecycleJob {
  status: 'restoring' | 'resetting';
  startedAtMs: number;
  endsAtMs: number;
  /** For a restore: what it brings back. */
  restore?: { settings: ApplianceSettings; restoredFrom: RestoredFrom };
}

/** A backup some appliance of the lab served, with the serial of the appliance that made it. */
export interface ServedBackup {
  serial: string;
  record: BackupRecord;
}

/** Why the appliance refuses the new password, or null when it takes it. */
export function passwordRefusal(
  appliance: Appliance,
  form: { current: string; next: string; confirm: string },
): string | null {
  const admin = appliance.settings.adminUsers[0];
  if (!admin || form.current !== admin.password) return 'The current password is not correct.';
  if (form.next !== form.confirm) return 'The new password and its confirmation do not match.';
  if (form.next === form.current) return 'The new password must differ from the current one.';
  if (form.next.length < MIN_PASSWORD_LENGTH) {
    return `The new password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (!/[0-9]/.test(form.next) || !/[A-Za-z]/.test(form.next)) {
    return 'The new password must contain at least one letter and one digit.';
  }
  if (appliance.faults['password-change-refused']) {
    return 'The password could not be changed because of an internal error. Try again later.';
  }
  return null;
}

export function changeAdminPassword(appliance: Appliance, next: string): void {
  const admin = appliance.settings.adminUsers[0];
  if (admin) admin.password = next;
  appliance.passwordChangeRequired = false;
}

/** Why this appliance refuses to restore `backup`, or null when it accepts. */
export function restoreRefusal(appliance: Appliance, backup: ServedBackup | undefined): string | null {
  if (!backup) {
    return 'This file is not a settings backup made by a B Series appliance, or it is damaged. Download the backup again.';
  }
  const here = appliance.siteVersion === '' ? 'no site software' : `site software ${appliance.siteVersion}`;
  if (backup.record.siteVersion !== appliance.siteVersion) {
    return `This backup was made with site software ${backup.record.siteVersion}; this appliance runs ${here}. Install site software ${backup.record.siteVersion} first, then restore.`;
  }
  if (appliance.faults['restore-refused']) return 'The appliance could not restore this backup. Contact BeyondTrust Technical Support.';
  return null;
}

export function startRestore(appliance: Appliance, backup: ServedBackup): void {
  const restoredFrom = { serial: backup.serial, sha256: backup.record.sha256, at: new Date(appliance.clock.wallNow()).toISOString() };
  appliance.restoresStarted += 1;
  startJob(appliance, 'restoring', RESTORE_S, { settings: copySettings(backup.record.settings), restoredFrom });
}

export function startFactoryReset(appliance: Appliance): void {
  startJob(appliance, 'resetting', FACTORY_RESET_S);
}

function startJob(appliance: Appliance, status: LifecycleJob['status'], seconds: number, restore?: LifecycleJob['restore']): void {
  const startedAtMs = appliance.clock.now();
  appliance.status = status;
  appliance.job = { status, startedAtMs, endsAtMs: startedAtMs + seconds * 1000, ...(restore ? { restore } : {}) };
  appliance.scheduleCompletion();
}

/** Called by Appliance.settle() once the job's time is up. */
export function finishJob(appliance: Appliance, job: LifecycleJob): void {
  if (job.restore) {
    appliance.settings = job.restore.settings;
    appliance.restoredFrom = job.restore.restoredFrom;
    appliance.factory = false;
    appliance.passwordChangeRequired = false;
    signEveryoneOut(appliance);
  } else {
    applyFactoryReset(appliance);
  }
  // Powered off meanwhile (lab only): it stays off, with the job's result in place.
  if (appliance.status !== 'off') appliance.status = 'running';
}

/**
 * The one place an appliance returns to factory state: accounts, site, EULA, sessions and
 * tokens. The served-backup records stay: the files exist, and may be restored elsewhere.
 */
export function applyFactoryReset(appliance: Appliance): void {
  appliance.settings = factorySettings();
  appliance.siteVersion = '';
  appliance.factory = true;
  appliance.passwordChangeRequired = true;
  appliance.eulaAccepted = false;
  appliance.restoredFrom = null;
  appliance.available = null;
  appliance.healthError = '';
  // Its certificates go too: it presents a fresh self-signed one of its own.
  appliance.certificates.resetToFactory();
  signEveryoneOut(appliance);
}

function signEveryoneOut(appliance: Appliance): void {
  appliance.sessions = new AdminSessions();
  appliance.tokens.clear();
}

/** `factory` on Status > Basics while a factory-state appliance runs; otherwise its status. */
export function displayedStatus(appliance: Appliance): string {
  return appliance.status === 'running' && appliance.factory ? 'factory' : appliance.status;
}
