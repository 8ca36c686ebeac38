/**
 * How the site watch asks a site who answers: check_health through the site address with the
 * site hostname as SNI and Host (appliance/site-probe.ts). A site of one appliance without a
 * separate site address is reached at that appliance's address; a failover pair needs one.
 * The site and its endpoints are read once per target; the watch asks for a new target after
 * a probe that found the site down (a changed pin or credentials are then read afresh). The certificate must be one the
 * operator trusted for one of the site's appliances (a failover pair may present one each);
 * anything else, like any error, counts as down, with the reason kept.
 */
import { AppError, isAppError } from '../../../shared/errors';
import { frontAppliance, isFailoverPair } from '../../../shared/sites';
import { probeSiteAddress } from '../appliance/site-probe';
import type { SiteDirectory } from '../ports';
import type { WatchTarget } from './site-watch';

/** A probe gives up after this long: a hung site is down, not "still being asked". */
const PROBE_TIMEOUT_MS = 8_000;

export function siteWatchTarget(sites: SiteDirectory, timeoutMs = PROBE_TIMEOUT_MS): (siteId: string) => Promise<WatchTarget> {
  return async (siteId) => {
    const site = await sites.get(siteId);
    const siteAddress = site.siteAddress || (isFailoverPair(site) ? undefined : frontAppliance(site).applianceUrl);
    if (!siteAddress) {
      throw new AppError('INVALID_INPUT', `${site.name} has no site address, so the assistant cannot watch what users reach.`, 'Edit the site and enter the address users reach (https://host).');
    }
    const active = site.appliances.filter((a) => a.retiredAt === undefined && a.pinnedFingerprint256);
    const endpoints = await Promise.all(active.map((appliance) => sites.endpoint(siteId, appliance.id)));
    return {
      siteAddress,
      siteHostname: site.siteHostname,
      async ask() {
        let last: unknown = null;
        for (const endpoint of endpoints) {
          try {
            const answer = await probeSiteAddress(
              {
                siteAddress,
                siteHostname: site.siteHostname,
                pinnedFingerprint256: endpoint.pinnedFingerprint256 ?? '',
                apiClientId: endpoint.apiClientId,
                apiClientSecret: endpoint.apiClientSecret,
              },
              { timeoutMs },
            );
            return { up: true, serial: answer.applianceId, version: answer.version };
          } catch (error) {
            last = error;
            // Another appliance's certificate: try the next pin; anything else is the answer.
            if (!(isAppError(error) && error.code === 'TLS_CHANGED')) break;
          }
        }
        const reason = last instanceof Error ? last.message : 'No appliance of the site has a trusted certificate to check the answer with.';
        return { up: false, serial: null, version: null, reason };
      },
    };
  };
}
