/**
 * Which appliance answers at the site address: the API's check_health sent through the
 * address users reach (in the lab, its front door), asking for the site hostname by TLS SNI
 * and Host, as a user's browser or a Jump Client does once DNS points there. It proves the
 * DNS change of a migration with a real request, not with the record alone.
 */
import { createApplianceApi } from './client';
import { applianceOffError } from './admin-migration';
import { findAppError } from './errors';
import type { TransportOptions } from './transport';

export interface SiteProbe {
  /** https://host[:port] users reach (the lab's front door: https://127.0.0.1:PORT). */
  siteAddress: string;
  /** The site's DNS name, sent as SNI and Host. */
  siteHostname: string;
  /** The certificate the site is expected to present (the appliance serving it). */
  pinnedFingerprint256: string;
  apiClientId: string;
  apiClientSecret: string;
}

export interface SiteAnswer {
  /** The serial of the appliance that answered (check_health's appliance id). */
  applianceId: string;
  /** Its site software version. */
  version: string;
}

/**
 * Rejects with APPLIANCE_OFF when the address refuses or drops the connection before any TLS
 * (the appliance behind it is shut down), and otherwise with the API client's codes
 * (TLS_CHANGED when another certificate answers, UNAUTHORISED for other credentials…).
 */
export async function probeSiteAddress(probe: SiteProbe, options: Omit<TransportOptions, 'serverName'> = {}): Promise<SiteAnswer> {
  const api = createApplianceApi(
    {
      baseUrl: probe.siteAddress,
      pinnedFingerprint256: probe.pinnedFingerprint256,
      apiClientId: probe.apiClientId,
      apiClientSecret: probe.apiClientSecret,
    },
    { ...options, serverName: probe.siteHostname },
  );
  try {
    const health = await api.checkHealth();
    return { applianceId: health.applianceId, version: health.version };
  } catch (error) {
    const found = findAppError(error);
    const reason = String(found?.details?.reason ?? '');
    if (found?.code === 'UNREACHABLE' && /refused|closed before/.test(reason)) {
      throw applianceOffError(
        probe.siteAddress,
        `Nothing answers at the site address ${probe.siteAddress} (${probe.siteHostname}): ${reason}. The appliance the site’s DNS record points at may be shut down.`,
      );
    }
    throw error;
  }
}
