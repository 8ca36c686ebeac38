/**
 * Finding a site's appliances by role, for main and the renderer alike. A stored site has
 * exactly one active `current` appliance, or — a failover pair — none and an active `A` with
 * (once added) its `B` (siteSchema checks it); retired appliances stay in the list with
 * `retiredAt` and are never the answer to a role.
 */
import type { ApplianceRole, Site, SiteAppliance } from './domain';

type WithAppliances = Pick<Site, 'appliances'>;

/** Appliances still in service (not retired), in stored order. */
export function activeAppliances(site: WithAppliances): SiteAppliance[] {
  return site.appliances.filter((a) => a.retiredAt === undefined);
}

/** The active appliance with this role, if the site has one. */
export function applianceOf(site: WithAppliances, role: ApplianceRole): SiteAppliance | undefined {
  return site.appliances.find((a) => a.role === role && a.retiredAt === undefined);
}

/** The appliance serving the site now. Throws only for a site that bypassed siteSchema. */
export function currentAppliance(site: WithAppliances & { name?: string }): SiteAppliance {
  const current = applianceOf(site, 'current');
  if (!current) throw new Error(`Site ${site.name ?? ''} has no current appliance`);
  return current;
}

/**
 * "The site's appliance": the current one, or A of a failover pair. What calls that name no
 * appliance act on. Throws only for a site that bypassed siteSchema.
 */
export function frontAppliance(site: WithAppliances & { name?: string }): SiteAppliance {
  const front = applianceOf(site, 'current') ?? applianceOf(site, 'A');
  if (!front) throw new Error(`Site ${site.name ?? ''} has no current appliance`);
  return front;
}

/** A site served by a failover pair: active A and B appliances, and no current one. */
export function isFailoverPair(site: WithAppliances): boolean {
  return applianceOf(site, 'current') === undefined && applianceOf(site, 'A') !== undefined && applianceOf(site, 'B') !== undefined;
}

/** The appliance with this id (retired ones included), if the site has it. */
export function applianceById(site: WithAppliances, applianceId: string): SiteAppliance | undefined {
  return site.appliances.find((a) => a.id === applianceId);
}

export const APPLIANCE_ROLE_LABELS: Record<ApplianceRole, string> = {
  current: 'Current',
  new: 'New (replacing the current one)',
  A: 'Failover A',
  B: 'Failover B',
};

/** The host of an appliance address, for a label nobody typed. */
export function hostOf(applianceUrl: string): string {
  try {
    return new URL(applianceUrl).host;
  } catch {
    return applianceUrl;
  }
}

/** Every appliance address of these sites (retired ones included): the origins the app may open pages on. */
export function applianceUrlsOf(sites: readonly Pick<Site, 'appliances'>[]): string[] {
  return sites.flatMap((site) => site.appliances.map((a) => a.applianceUrl));
}
