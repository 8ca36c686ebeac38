/** Test connection: the API's identity, health, permissions and clock, then the admin sign-in, as one report. */
import type { CertificateInfo, ConnectionReport } from '../../../shared/domain';
import { checkAdminSignIn } from '../appliance/credential-check';
import type { AdminSession, ApplianceApi, ApplianceEndpoint } from '../appliance/types';
import type { Clock } from '../ports';

/** Permissions the assistant needs, with the value that grants them. */
const REQUIRED_PERMISSIONS: Record<string, (value: string | undefined) => boolean> = {
  perm_backup: (v) => v === '1' || v === 'true',
  perm_command: (v) => v === 'full',
};

export interface ConnectionTestDeps {
  clock: Clock;
  createApi: (endpoint: ApplianceEndpoint) => ApplianceApi;
  createAdmin: (endpoint: ApplianceEndpoint) => Pick<AdminSession, 'statusBasics'>;
  probeCertificate: (baseUrl: string) => Promise<CertificateInfo>;
}

export async function runConnectionTest(deps: ConnectionTestDeps, endpoint: ApplianceEndpoint): Promise<ConnectionReport> {
  const api = deps.createApi(endpoint);
  const certificate = await deps.probeCertificate(endpoint.baseUrl);
  const before = deps.clock.now();
  const info = await api.getApiInfo();
  const after = deps.clock.now();
  const health = await api.checkHealth();
  // The appliance stamped its clock somewhere within the round trip: compare with the middle.
  const clockOffsetSeconds = Math.round(info.timestamp - (before + after) / 2000);
  // A wrong admin password is caught here, in the site editor, not in the maintenance window.
  const signIn = await checkAdminSignIn(deps.createAdmin(endpoint), endpoint.adminUser);
  const admin = { ok: signIn.ok, message: signIn.message, ...(signIn.code !== undefined ? { code: signIn.code } : {}) };
  const missingPermissions = Object.entries(REQUIRED_PERMISSIONS)
    .filter(([name, grants]) => !grants(info.permissions[name]))
    .map(([name]) => name);
  return {
    checkedAt: new Date(after).toISOString(),
    apiVersion: info.apiVersion,
    permissions: info.permissions,
    missingPermissions,
    applianceId: health.applianceId,
    hostname: health.hostname,
    version: health.version,
    failoverRole: health.failoverRole,
    healthy: health.success,
    healthMessage: health.errorMessage || undefined,
    clockOffsetSeconds,
    certificate,
    admin,
  };
}
