/** The home screen's site search: pure, so 100 sites filter as fast as they are typed. */
import type { Site } from '../../shared/domain';
import { fold } from './history-filter';

/** From this many sites on, home offers a search box and shows the sites a page at a time. */
export const SITE_SEARCH_FROM = 7;

/** Sites whose name, hostname, addresses or appliance labels hold every typed word, in their order. */
export function searchSites(sites: readonly Site[], text: string): Site[] {
  const terms = fold(text).split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return [...sites];
  return sites.filter((site) => {
    const words = fold([site.name, site.siteHostname, site.siteAddress ?? '', ...site.appliances.flatMap((a) => [a.label, a.applianceUrl])].join('\n'));
    return terms.every((t) => words.includes(t));
  });
}
