/**
 * R1: a settings backup of the appliance about to be updated exists in the local vault, is
 * non-empty, carries its SHA-256, and was taken after the maintenance window started (and,
 * for the backup between Base and site packages, after the Base install finished).
 */
import { fails, holds, type RuleVerdict } from './rule-verdict';
import { formatBytes } from '../sizes';

export interface BackupFacts {
  fileName: string;
  size: number;
  sha256: string;
  /** ISO time the download into the vault completed. */
  createdAt: string;
}

export interface FreshnessRequirement {
  /** ISO time the operator started the maintenance window; null if not started yet. */
  windowStartedAt: string | null;
  /** A later moment the backup must also follow, e.g. the end of the Base install. */
  notBefore?: { at: string; what: string };
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

export function checkBackupFreshness(
  backup: BackupFacts | null | undefined,
  requirement: FreshnessRequirement,
): RuleVerdict {
  if (!backup) return fails('No settings backup of this appliance is in the vault yet.');
  if (!(backup.size > 0)) return fails(`The backup ${backup.fileName} is empty, so it could not restore anything.`);
  if (!isSha256Hex(backup.sha256)) {
    return fails(`The backup ${backup.fileName} has no valid SHA-256, so its integrity cannot be proven later.`);
  }
  const createdAt = Date.parse(backup.createdAt);
  if (Number.isNaN(createdAt)) return fails(`The backup ${backup.fileName} has no readable creation time.`);
  if (requirement.windowStartedAt === null) {
    return fails('The maintenance window has not been started, so no backup can count as taken inside it.');
  }
  const windowStart = Date.parse(requirement.windowStartedAt);
  if (Number.isNaN(windowStart)) return fails('The start of the maintenance window is not a readable time.');
  if (createdAt < windowStart) {
    return fails(
      `The backup ${backup.fileName} was taken at ${backup.createdAt}, before the maintenance window started at ${requirement.windowStartedAt}; settings may have changed since.`,
    );
  }
  if (requirement.notBefore) {
    const notBefore = Date.parse(requirement.notBefore.at);
    if (Number.isNaN(notBefore) || createdAt < notBefore) {
      return fails(
        `The backup ${backup.fileName} was taken at ${backup.createdAt}, not after ${requirement.notBefore.what} (${requirement.notBefore.at}).`,
      );
    }
  }
  return holds(`Backup ${backup.fileName} (${formatBytes(backup.size)}, SHA-256 ${backup.sha256}) was taken at ${backup.createdAt}, inside the maintenance window.`);
}
