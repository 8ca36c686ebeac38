/** What the report shows: the versions before and after, and the backups kept. Aftercare's own view is aftercare-view.ts. */
import type { Position, StepDetails } from '../../procedure-view';
import { fact } from '../../view-helpers';
import type { UpgradeContext } from '../context';

function versionsAfter(context: UpgradeContext): { siteVersion: string; baseVersion: string } | null {
  if (!context.versionsBefore) return null;
  let { siteVersion, baseVersion } = context.versionsBefore;
  for (const record of context.installed) {
    if (record.pkg.kind === 'site') siteVersion = record.verifiedVersion;
    else baseVersion = record.verifiedVersion;
  }
  return { siteVersion, baseVersion };
}

export function describeVersions(context: UpgradeContext): string {
  const before = context.versionsBefore;
  const after = versionsAfter(context);
  if (!before || !after) return 'Versions unknown';
  return `Site ${before.siteVersion} → ${after.siteVersion}, Base ${before.baseVersion} → ${after.baseVersion}`;
}

export function describeBackups(context: UpgradeContext): string {
  if (context.backups.length === 0) return 'none';
  return context.backups.map((backup) => `${backup.fileName} (SHA-256 ${backup.sha256})`).join(', ');
}


export function reportDetails(position: Position<string>, context: UpgradeContext): StepDetails {
  return {
    facts:
      position.status === 'done' || position.step === 'report'
        ? [fact('Versions', describeVersions(context)), fact('Backups', describeBackups(context), { mono: true })]
        : [],
  };
}
