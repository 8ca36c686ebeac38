/**
 * Which appliance answers at the site address: the API's check_health sent through the
 * address users reach (in the lab, its front door), asking for the site hostname by TLS SNI
 * and Host, as a user's browser or a Jump Client does once DNS points there. It proves the
 * DNS change of a migration with a real request, not with the record alone. A failover pair
 * may answer with either appliance's certificate: probeSiteServer reads which one first.
 */
import { createApplianceApi } from './client';
import { applianceOffError } from './admin-migration';
import { findAppError } from './errors';
import { hostnameCovered, normaliseFingerprint, probeCertificate, type PresentedCertificate } from './tls';
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

export interface SiteServerAnswer {
  /** The certificate presented for the site hostname. */
  certificate: PresentedCertificate;
  /** It covers the site hostname. */
  coversSiteHostname: boolean;
  /** What check_health said; absent when the certificate is none of the trusted ones (nothing was sent). */
  answer?: SiteAnswer;
}

/**
 * Asks `siteAddress` as a user's browser would for the site hostname, when more than one
 * certificate may rightly answer (the two appliances of a pair): reads the certificate first
 * and sends check_health, pinned to it, only when it is one of `trusted`. Rejects like
 * probeSiteAddress (APPLIANCE_OFF, UNREACHABLE, TIMEOUT, APPLIANCE_DOWN…).
 */
export async function probeSiteServer(
  probe: Omit<SiteProbe, 'pinnedFingerprint256'> & { trusted: readonly string[] },
  options: Omit<TransportOptions, 'serverName'> = {},
): Promise<SiteServerAnswer> {
  const certificate = await probeCertificate(probe.siteAddress, options.timeoutMs, probe.siteHostname);
  const coversSiteHostname = hostnameCovered(certificate, probe.siteHostname);
  const presented = normaliseFingerprint(certificate.fingerprint256);
  const pin = probe.trusted.find((f) => normaliseFingerprint(f) === presented);
  if (!pin) return { certificate, coversSiteHostname };
  const answer = await probeSiteAddress({ ...probe, pinnedFingerprint256: pin }, options);
  return { certificate, coversSiteHostname, answer };
}
