/**
 * The appliance client: the public API (OAuth, XML commands, backup) and the admin web
 * interface, both over HTTPS pinned to the certificate the operator trusted.
 */
import { createAdminSession } from './admin-session';
import { createApplianceApi, type ApplianceApiOptions } from './client';
import type { AdminSession, ApplianceApi, ApplianceEndpoint } from './types';

export * from './types';
export { createApplianceApi, type ApplianceApiOptions } from './client';
export { createAdminSession, parseAvailableUpdates } from './admin-session';
export { applianceOffError } from './admin-migration';
export { passwordChangeRequired } from './admin-connection';
export { probeSiteAddress, probeSiteServer, type SiteAnswer, type SiteProbe, type SiteServerAnswer } from './site-probe';
export {
  assessCertificate,
  describeCertificate,
  hostnameCovered,
  normaliseFingerprint,
  probeCertificate,
  type CertificateFinding,
  type CertificateFindingCode,
  type PresentedCertificate,
} from './tls';
export { parseApiInfo, parseHealth, parseCommandXml } from './xml';
export { DEFAULT_TIMEOUT_MS, type TransportOptions } from './transport';

export interface ApplianceClient {
  api: ApplianceApi;
  admin: AdminSession;
}

export function createApplianceClient(endpoint: ApplianceEndpoint, options: ApplianceApiOptions = {}): ApplianceClient {
  return { api: createApplianceApi(endpoint, options), admin: createAdminSession(endpoint, options) };
}
