/**
 * The appliance's /appliance admin web interface, driven the way a person's browser does it:
 * a cookie session and login (admin-connection.ts), the pages and forms it reads and posts
 * (admin-pages.ts), the Manual Installation upload (admin-upload.ts), Security > Certificates
 * (admin-certificates.ts), the pages of a hardware migration (admin-migration.ts) and those of a
 * failover pair (admin-failover.ts).
 */
import { createAdminCertificates } from './admin-certificates';
import { createAdminConnection } from './admin-connection';
import { createFailoverPages } from './admin-failover';
import { createMigrationPages } from './admin-migration';
import { createAdminPages } from './admin-pages';
import { createManualUpload } from './admin-upload';
import type { TransportOptions } from './transport';
import type { AdminSession, ApplianceEndpoint } from './types';

export { parseAvailableUpdates, parseNtpServers } from './admin-pages';
export { parseFailoverStatus, parseJumpClients, parseSharedIps } from './admin-failover';

export function createAdminSession(endpoint: ApplianceEndpoint, options: TransportOptions = {}): AdminSession {
  const connection = createAdminConnection(endpoint, options);
  return {
    ...createAdminPages(connection),
    uploadPackage: createManualUpload(connection),
    ...createAdminCertificates(connection),
    ...createMigrationPages(connection),
    ...createFailoverPages(connection),
  };
}
