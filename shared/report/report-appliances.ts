/** Appliances in the report under the names the operator gave them in the site's settings. */
import type { ReportAppliance, ReportFactsInput } from './model';

/** "host[:port]" of an https address, or the text itself when it is a bare host or IP. */
export function hostOf(address: string): string {
  return address.replace(/^https?:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

/** The appliance at `address` (its own address, hostname or IP), named by the site's label for it where there is one. */
export function reportAppliance(site: ReportFactsInput, address: string, role: string, serial?: string): ReportAppliance {
  const host = hostOf(address);
  const bare = (value: string) => value.replace(/:\d+$/, '');
  // The same host and port; a bare host or IP (as a pair reads its appliances) matches any port.
  const known =
    site.siteAppliances.find((each) => hostOf(each.applianceUrl) === host) ??
    (host === bare(host) ? site.siteAppliances.find((each) => bare(hostOf(each.applianceUrl)) === host) : undefined);
  return { name: known?.label || host || 'Unknown appliance', address, role, ...(serial ? { serial } : {}) };
}
