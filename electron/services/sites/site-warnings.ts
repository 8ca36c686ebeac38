/** What the sites service tells the operator about stored sites: the same appliance twice, a site it cannot read. */
import { siteSchema, type Site } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import { activeAppliances, frontAppliance } from '../../../shared/sites';
import { applianceAddress } from '../appliance/address';

/**
 * Two records of one appliance would let two procedures act on it: allowed (e.g. a renamed
 * site), but said. Every active appliance of every site counts, the same site's others too;
 * a retired appliance does not (it has been reset, so its address may serve again).
 */
export function sameApplianceWarnings(saved: { siteId: string; applianceId: string; applianceUrl: string }, sites: readonly Site[]): AppErrorShape[] {
  const address = applianceAddress(saved.applianceUrl);
  if (address === undefined) return [];
  const twins: string[] = [];
  for (const site of sites) {
    for (const appliance of activeAppliances(site)) {
      if (site.id === saved.siteId && appliance.id === saved.applianceId) continue;
      if (applianceAddress(appliance.applianceUrl) !== address) continue;
      const current = frontAppliance(site).id === appliance.id;
      twins.push(current ? `“${site.name}”` : `“${site.name}” (its appliance ${appliance.label})`);
    }
  }
  if (twins.length === 0) return [];
  return [
    {
      code: 'DUPLICATE_APPLIANCE',
      message: `${twins.join(', ')} already use${twins.length === 1 ? 's' : ''} the appliance at ${address}.`,
      hint: 'Check the address. If both really are this appliance, only one procedure at a time can run on it; remove the one you no longer need.',
    },
  ];
}

export function unreadableSiteWarning(item: unknown): AppErrorShape {
  const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const name = typeof record.name === 'string' ? `“${record.name}”` : typeof record.id === 'string' ? record.id : 'without a name';
  const issues = siteSchema.safeParse(item).error?.issues.map((i) => `${i.path.join('.') || 'site'}: ${i.message}`) ?? [];
  return {
    code: 'SITE_UNREADABLE',
    message: `A saved site (${name}) could not be read${issues.length > 0 ? ` (${issues.slice(0, 3).join('; ')})` : ''}, so it is not shown.`,
    hint: 'It is kept unchanged in the settings file and nothing was deleted. Add the site again, or send the settings file to the project team.',
  };
}
