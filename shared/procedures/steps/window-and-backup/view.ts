/** What the opening phase shows: the sign-in check, the window and the backup, from the shared context. */
import { checkBackupFreshness } from '../../../rules/backup-freshness';
import { checkSiteCredentials } from '../../../rules/site-credentials';
import type { StepDetails } from '../../procedure-view';
import { fact } from '../../view-helpers';
import type { Fact } from '../../view';
import { latestBackup, type BackupRecord, type UpgradeContext } from '../context';
import { DOWNTIME } from '../downtime';
import { formatBytes } from '../../../sizes';

export function backupFacts(backup: BackupRecord | undefined): Fact[] {
  if (!backup) return [];
  return [
    fact('Backup file', backup.fileName, { mono: true }),
    fact('Size', formatBytes(backup.size)),
    fact('SHA-256', backup.sha256, { mono: true }),
    fact('Taken at', backup.createdAt),
    fact('Appliance version', backup.applianceVersion),
  ];
}

export function credentialsDetails(context: UpgradeContext): StepDetails {
  const result = context.credentials;
  if (!result) return { facts: [] };
  const verdict = checkSiteCredentials(result);
  return {
    facts: [
      fact('API account', result.api.message, { tone: result.api.ok ? 'ok' : 'bad' }),
      fact('Admin account', result.admin.message, { tone: result.admin.ok ? 'ok' : 'bad' }),
      fact('Checked at', result.checkedAt),
    ],
    verification: { ok: verdict.holds, text: verdict.reason },
  };
}

export function windowDetails(context: UpgradeContext): StepDetails {
  return {
    facts: [...(context.windowStartedAt ? [fact('Window started', context.windowStartedAt)] : []), fact('Expected downtime', DOWNTIME)],
  };
}

export function backupDetails(context: UpgradeContext): StepDetails {
  const backup = latestBackup(context, 'pre-upgrade');
  const verdict = checkBackupFreshness(backup, { windowStartedAt: context.windowStartedAt });
  return { facts: backupFacts(backup), verification: backup ? { ok: verdict.holds, text: verdict.reason } : undefined };
}
