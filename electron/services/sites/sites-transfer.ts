/**
 * Sites to and from a file, so a technician's replacement laptop knows the same appliances.
 * The file holds names, addresses, roles, account names and certificate pins — never a secret:
 * API client secrets and admin passwords stay in this computer's SecretStore, and an imported
 * appliance asks for them before it is used. The file says what it is and which layout it uses
 * (formatVersion); a truncated, foreign or newer file is refused whole with the reason, and an
 * import adds every new site in one settings write or none.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { applianceRoleSchema, siteSchema, type Site } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { activeAppliances } from '../../../shared/sites';
import { applianceAddress } from '../appliance/address';
import { toDiskError } from '../fs/atomic-write';
import type { SavedFiles } from '../files/saved-files';
import type { Clock, FileChooser } from '../ports';

export const SITES_EXPORT_FORMAT = 'appliance-upgrade-assistant/sites';
export const SITES_EXPORT_VERSION = 1;
/** Far above any real list of sites (a few hundred bytes each); a bigger file is not an export. */
export const SITES_EXPORT_MAX_BYTES = 8 * 1024 * 1024;

const https = z.string().regex(/^https:\/\/[^\s/]+(:\d+)?$/, 'an https://host[:port] address');

/** Strict objects: a key the format does not know (a password someone added by hand) refuses the file. */
const exportedApplianceSchema = z
  .object({
    id: z.string().min(1).max(200),
    role: applianceRoleSchema,
    label: z.string().min(1).max(100),
    applianceUrl: https,
    apiClientId: z.string().max(200),
    adminUser: z.string().max(200),
    pinnedFingerprint256: z.string().min(1).max(200).optional(),
    retiredAt: z.string().optional(),
  })
  .strict();

const exportedSiteSchema = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().trim().min(1).max(200),
    siteHostname: z.string().trim().min(1).max(300),
    siteAddress: https.optional(),
    appliances: z.array(exportedApplianceSchema).min(1).max(20),
  })
  .strict();

export const sitesExportSchema = z
  .object({
    format: z.literal(SITES_EXPORT_FORMAT),
    formatVersion: z.literal(SITES_EXPORT_VERSION),
    exportedAt: z.string(),
    /** The assistant's version that wrote it, for whoever reads the file. */
    exportedBy: z.string(),
    sites: z.array(exportedSiteSchema).max(10_000),
  })
  .strict();
export type SitesExport = z.infer<typeof sitesExportSchema>;
type ExportedSite = SitesExport['sites'][number];

/** The file's content for these sites; the practice lab's site is this computer's own and stays out. */
export function buildSitesExport(sites: readonly Site[], at: string, appVersion: string): SitesExport {
  return {
    format: SITES_EXPORT_FORMAT,
    formatVersion: SITES_EXPORT_VERSION,
    exportedAt: at,
    exportedBy: appVersion,
    sites: sites
      .filter((site) => !site.isPracticeLab)
      .map((site) => ({
        id: site.id,
        name: site.name,
        siteHostname: site.siteHostname,
        ...(site.siteAddress !== undefined ? { siteAddress: site.siteAddress } : {}),
        // Named field by field: whatever a site gains later reaches the file only when added here.
        appliances: site.appliances.map((a) => ({
          id: a.id,
          role: a.role,
          label: a.label,
          applianceUrl: a.applianceUrl,
          apiClientId: a.apiClientId,
          adminUser: a.adminUser,
          ...(a.pinnedFingerprint256 !== undefined ? { pinnedFingerprint256: a.pinnedFingerprint256 } : {}),
          ...(a.retiredAt !== undefined ? { retiredAt: a.retiredAt } : {}),
        })),
      })),
  };
}

const notAnExport = (fileName: string, why: string) =>
  new AppError('INVALID_INPUT', `${fileName} is not a sites export of this assistant: ${why}.`, 'Choose the .json file written by “Export sites…”. Nothing was imported.');

/** The file's text checked whole: what it is, which layout, every field; throws with the reason. */
export function parseSitesExport(text: string, fileName: string): SitesExport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (text.includes(SITES_EXPORT_FORMAT)) {
      throw new AppError(
        'INVALID_INPUT',
        `${fileName} is incomplete: it ends before the list of sites does (it was cut off while being copied or saved).`,
        'Export the sites again on the old computer, or copy the file again. Nothing was imported.',
      );
    }
    throw notAnExport(fileName, 'it is not JSON');
  }
  const head = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (head.format !== SITES_EXPORT_FORMAT) throw notAnExport(fileName, 'it does not say it holds sites');
  const version = head.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > SITES_EXPORT_VERSION) {
    throw new AppError(
      'INVALID_INPUT',
      `${fileName} was written by a newer version of the assistant (format ${version}; this one reads format ${SITES_EXPORT_VERSION}).`,
      'Update the assistant on this computer, then import the file again. Nothing was imported.',
    );
  }
  const parsed = sitesExportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new AppError('INVALID_INPUT', `${fileName} cannot be imported: ${issue.message}${where}.`, 'Export the sites again on the old computer; a file edited by hand may have lost its shape. Nothing was imported.');
  }
  return parsed.data;
}

/** A site of the file as this computer stores it: no secret is stored, so none is claimed. */
function toSite(exported: ExportedSite): Site | AppError {
  const site = siteSchema.safeParse({
    ...exported,
    isPracticeLab: false,
    appliances: exported.appliances.map((a) => ({ ...a, hasApiSecret: false, hasAdminPassword: false })),
  });
  if (site.success) return site.data;
  return new AppError('INVALID_INPUT', `The site “${exported.name}” in the file cannot be used: ${site.error.issues[0]!.message}`, 'Export the sites again on the old computer. Nothing was imported.');
}

export interface ImportPlan {
  add: Site[];
  /** Sites of the file this computer already has, by id or by an appliance's address; left as they are here. */
  skipped: { id: string; name: string; reason: string }[];
}

/**
 * Which sites of the file are new here. One already here (same id, or an active appliance at
 * the same address) is skipped, not overwritten: this computer's copy has its secrets and may
 * have newer pins and reports. Throws when any site of the file is unusable, so nothing is half-imported.
 */
export function planImport(existing: readonly Site[], file: SitesExport): ImportPlan {
  const ids = new Set(existing.map((s) => s.id));
  const addresses = new Map<string, string>();
  const remember = (site: Site) => {
    for (const a of activeAppliances(site)) {
      const address = applianceAddress(a.applianceUrl);
      if (address !== undefined && !addresses.has(address)) addresses.set(address, site.name);
    }
  };
  existing.forEach(remember);
  const plan: ImportPlan = { add: [], skipped: [] };
  for (const exported of file.sites) {
    const site = toSite(exported);
    if (site instanceof AppError) throw site;
    if (ids.has(site.id)) {
      plan.skipped.push({ id: site.id, name: site.name, reason: 'already here' });
      continue;
    }
    const twin = activeAppliances(site)
      .map((a) => applianceAddress(a.applianceUrl))
      .find((address) => address !== undefined && addresses.has(address));
    if (twin !== undefined) {
      plan.skipped.push({ id: site.id, name: site.name, reason: `its appliance at ${twin} is already here in “${addresses.get(twin)}”` });
      continue;
    }
    ids.add(site.id);
    remember(site);
    plan.add.push(site);
  }
  return plan;
}

/** Reads the chosen file with a size limit and checks it; throws DISK_ERROR or INVALID_INPUT. */
export async function readSitesExport(path: string): Promise<SitesExport> {
  const fileName = basename(path);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw notAnExport(fileName, 'it is not a file');
    if (info.size > SITES_EXPORT_MAX_BYTES) throw notAnExport(fileName, `it is ${Math.round(info.size / 1024 / 1024)} MiB, far larger than any list of sites`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw toDiskError(error, path);
  }
  return parseSitesExport(text, fileName);
}

export interface SitesExportResult {
  /** False: the operator cancelled the dialog and nothing was written. */
  saved: boolean;
  sites: number;
  path?: string;
  fileName?: string;
  sha256?: string;
}

export interface SitesImportResult {
  /** False: the operator cancelled the dialog. */
  chosen: boolean;
  fileName?: string;
  imported: { id: string; name: string }[];
  skipped: { id: string; name: string; reason: string }[];
}

export interface SitesTransfer {
  exportSites(): Promise<SitesExportResult>;
  importSites(): Promise<SitesImportResult>;
}

export interface SitesTransferDeps {
  sites: { list(): Site[]; importSites(sites: Site[]): Site[] };
  savedFiles: Pick<SavedFiles, 'saveAs'>;
  fileChooser: FileChooser;
  clock: Clock;
  appVersion: string;
}

export function createSitesTransfer(deps: SitesTransferDeps): SitesTransfer {
  return {
    async exportSites() {
      const at = new Date(deps.clock.now()).toISOString();
      const file = buildSitesExport(deps.sites.list(), at, deps.appVersion);
      const saved = await deps.savedFiles.saveAs({
        title: 'Export sites',
        suggestedName: `sites-${at.slice(0, 10)}.json`,
        extensions: ['json'],
        content: `${JSON.stringify(file, null, 2)}\n`,
      });
      if (!saved) return { saved: false, sites: file.sites.length };
      return { saved: true, sites: file.sites.length, path: saved.path, fileName: saved.fileName, sha256: saved.sha256 };
    },
    async importSites() {
      const path = await deps.fileChooser.chooseFile({ title: 'Import sites', extensions: ['json'] });
      if (path === undefined) return { chosen: false, imported: [], skipped: [] };
      const plan = planImport(deps.sites.list(), await readSitesExport(path));
      const added = plan.add.length > 0 ? deps.sites.importSites(plan.add) : [];
      return { chosen: true, fileName: basename(path), imported: added.map((s) => ({ id: s.id, name: s.name })), skipped: plan.skipped };
    },
  };
}
