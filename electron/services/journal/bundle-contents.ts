/**
 * What a support bundle says besides its files: versions.json (the assistant, the site's
 * appliances and the versions the procedure saw) and the README a support engineer reads
 * first. Pure: built from the view, the site and the persisted snapshot.
 */
import type { Site } from '../../../shared/domain';
import type { ProcedureView } from '../../../shared/procedures/view';

const PRODUCT = 'Appliance Upgrade Assistant';

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The installs a context records (`installed`), as package, kind, version and the version verified after it. */
function installsOf(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((record) => {
    const pkg = isObject(record.pkg) ? record.pkg : {};
    return { package: pkg.name, kind: pkg.kind, version: pkg.version, verifiedVersion: record.verifiedVersion, finishedAt: record.finishedAt };
  });
}

/** The versions a procedure's context holds: before it began, and after each install (per appliance of a pair). */
export function upgradeVersionsOf(context: unknown): Loose {
  if (!isObject(context)) return {};
  const result: Loose = {};
  if (context.versionsBefore) result.versionsBefore = context.versionsBefore;
  const installed = installsOf(context.installed);
  if (installed.length > 0) result.installed = installed;
  if (isObject(context.updated)) {
    result.updatedAppliances = Object.fromEntries(
      Object.entries(context.updated)
        .filter(([, record]) => isObject(record))
        .map(([role, record]) => {
          const r = record as Loose;
          return [role, { versionsBefore: r.versionsBefore ?? null, siteVersionAfter: r.siteVersionAfter ?? null, installed: installsOf(r.installed), verifiedAt: r.verifiedAt ?? null }];
        }),
    );
  }
  return result;
}

export function versionsJson(input: { appVersion: string; view: ProcedureView; site: Site | undefined; context: unknown; createdAt: string }): string {
  const { view, site } = input;
  const versions = {
    createdAt: input.createdAt,
    app: { name: PRODUCT, version: input.appVersion },
    procedure: { id: view.id, kind: view.kind, title: view.title, status: view.status, startedAt: view.startedAt, updatedAt: view.updatedAt, currentStepId: view.currentStepId },
    site: site ? { id: site.id, name: site.name, siteHostname: site.siteHostname } : { id: view.siteId, name: view.siteName },
    // Only what the site record says openly: no credentials are stored there, only whether they exist.
    appliances: (site?.appliances ?? []).map((a) => ({
      role: a.role,
      label: a.label,
      applianceUrl: a.applianceUrl,
      hostname: a.lastReport?.hostname ?? null,
      siteVersion: a.lastReport?.version ?? null,
      versionCheckedAt: a.lastReport?.checkedAt ?? null,
      failoverRole: a.lastReport?.failoverRole ?? null,
      retiredAt: a.retiredAt ?? null,
    })),
    upgrade: upgradeVersionsOf(input.context),
  };
  return JSON.stringify(versions, null, 2);
}

export function readmeText(view: ProcedureView, diagnostics: number): string {
  return [
    `Support bundle of the ${PRODUCT}`,
    '',
    `Procedure: ${view.title} (${view.id}) for ${view.siteName}, started ${view.startedAt}, status ${view.status}.`,
    '',
    'What is inside:',
    '- journal.jsonl: every step with who did it, when and with which result. Each line carries the',
    '  SHA-256 of the line before it and the last line seals the count; check it with',
    '  `npm run verify-journal journal.jsonl` from the assistant\'s source.',
    `- diagnostics/: ${diagnostics === 0 ? 'none were captured for this procedure.' : `${diagnostics} file(s) the assistant captured from the appliance (status page, health answer, journal at that moment).`}`,
    '- versions.json: the assistant\'s version, the site\'s appliances with the versions last read, and the versions before and after each install.',
    '- procedure-view.json: the steps as the technician saw them, with their facts and errors.',
    '- procedure-snapshot.json: the procedure\'s saved state, from which it resumes.',
    '- manifest.json: every file above with its size and SHA-256.',
    '',
    'No passwords, client secrets or passphrases are in this bundle: the assistant never writes them to the journal or the saved state.',
    '',
  ].join('\r\n');
}
