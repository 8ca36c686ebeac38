/** Site records for tests: a site with one current appliance, written the short way. */
import type { Site, SiteAppliance } from '../../../shared/domain';

export type OneApplianceSite = Pick<Site, 'id' | 'name' | 'siteHostname'> &
  Partial<Pick<Site, 'siteAddress' | 'isPracticeLab'>> &
  Pick<SiteAppliance, 'applianceUrl'> &
  Partial<Omit<SiteAppliance, 'id' | 'role' | 'applianceUrl'>>;

/** The site as stored: its one appliance is `current` and has the site's id (like a migrated or newly saved site). */
export function siteRecord(fields: OneApplianceSite): Site {
  const { id, name, siteHostname, siteAddress, isPracticeLab, ...appliance } = fields;
  return {
    id,
    name,
    siteHostname,
    ...(siteAddress !== undefined ? { siteAddress } : {}),
    isPracticeLab: isPracticeLab ?? false,
    appliances: [
      {
        id,
        role: 'current',
        label: appliance.label ?? new URL(appliance.applianceUrl).host,
        apiClientId: 'client',
        hasApiSecret: true,
        adminUser: 'admin',
        hasAdminPassword: true,
        ...appliance,
      },
    ],
  };
}

/** The same site with its current appliance changed. */
export function withCurrent(site: Site, changes: Partial<SiteAppliance>): Site {
  return { ...site, appliances: site.appliances.map((a) => (a.role === 'current' && a.retiredAt === undefined ? { ...a, ...changes } : a)) };
}
