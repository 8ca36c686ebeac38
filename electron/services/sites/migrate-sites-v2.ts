/**
 * Settings layout 1 → 2: a site held one appliance's fields; now it holds a list of
 * appliances. Each layout-1 site becomes a site with one appliance of role `current`, keeping
 * its address, credential flags, certificate pin and last report.
 *
 * Secrets cannot move here (the SecretStore is another, asynchronous store), so the migrated
 * appliance takes the site's own id: its secrets stay under the layout-1 keys
 * `site:<siteId>:apiClientSecret|adminPassword`, which is exactly where sites-service looks
 * for the appliance whose id is the site id (see applianceSecretKey there).
 *
 * The layout-1 shape is frozen below on purpose: this step must read old files the same way
 * however the current schema changes. A site that is not a readable layout-1 site is left
 * exactly as it is (shown as unreadable, never dropped); one that already has `appliances`
 * is left too, so running the step twice (a crash before the version was stamped) is harmless.
 */
import { z } from 'zod';
import { connectionReportSchema } from '../../../shared/domain';
import type { SettingsStore } from '../ports';

const SITES_KEY = 'sites';

const siteV1Schema = z.object({
  id: z.string(),
  name: z.string(),
  siteHostname: z.string(),
  applianceUrl: z.string(),
  apiClientId: z.string(),
  hasApiSecret: z.boolean(),
  adminUser: z.string(),
  hasAdminPassword: z.boolean(),
  pinnedFingerprint256: z.string().optional(),
  isPracticeLab: z.boolean().default(false),
  // A site whose report did not parse was unreadable in layout 1 too: it stays as it is.
  lastReport: connectionReportSchema.optional(),
});

export function migrateSitesV1ToV2(settings: SettingsStore): void {
  const raw = settings.get<unknown>(SITES_KEY);
  if (!Array.isArray(raw)) return;
  settings.set(SITES_KEY, raw.map(siteV1ToV2));
}

function siteV1ToV2(item: unknown): unknown {
  if (typeof item === 'object' && item !== null && 'appliances' in item) return item;
  const parsed = siteV1Schema.safeParse(item);
  if (!parsed.success) return item;
  const v1 = parsed.data;
  return {
    id: v1.id,
    name: v1.name,
    siteHostname: v1.siteHostname,
    isPracticeLab: v1.isPracticeLab,
    appliances: [
      {
        id: v1.id,
        role: 'current',
        label: labelOf(v1),
        applianceUrl: v1.applianceUrl,
        apiClientId: v1.apiClientId,
        hasApiSecret: v1.hasApiSecret,
        adminUser: v1.adminUser,
        hasAdminPassword: v1.hasAdminPassword,
        ...(v1.pinnedFingerprint256 !== undefined ? { pinnedFingerprint256: v1.pinnedFingerprint256 } : {}),
        // The report exactly as stored (not as parsed), so nothing is added to it.
        ...(v1.lastReport !== undefined ? { lastReport: (item as { lastReport: unknown }).lastReport } : {}),
      },
    ],
  };
}

/** The hostname the appliance last reported, else the host of its address. */
function labelOf(v1: z.infer<typeof siteV1Schema>): string {
  if (v1.lastReport && v1.lastReport.hostname !== '') return v1.lastReport.hostname;
  try {
    return new URL(v1.applianceUrl).host;
  } catch {
    return v1.applianceUrl;
  }
}
