/** What the actor modules share: reaching a site's appliance, and the site a vault file belongs to. */
import type { Site } from '../../../shared/domain';
import type { ApplianceRole } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { APPLIANCE_ROLE_LABELS, applianceOf } from '../../../shared/sites';
import { healthFromStatusPage } from '../appliance/admin-health';
import type { ApplianceEndpoint } from '../appliance/types';
import type { ApplianceClients, ProcedureActorDeps } from './actors';

/**
 * The clients of the site's appliance with that role (default: its front one, shared/sites.ts
 * frontAppliance), built from its endpoint with its secrets. An appliance without an API
 * account yet (a new one before its settings are restored) answers health from its status page.
 */
export async function connect(
  deps: Pick<ProcedureActorDeps, 'sites' | 'clientFactory'>,
  siteId: string,
  role?: ApplianceRole,
): Promise<{ site: Site; clients: ApplianceClients; endpoint: ApplianceEndpoint }> {
  const site = await deps.sites.get(siteId);
  let applianceId: string | undefined;
  // No role: the site's front appliance (its current one, or A of a failover pair), the endpoint's default.
  if (role !== undefined && role !== 'current') {
    const appliance = applianceOf(site, role);
    if (!appliance) {
      throw new AppError('NOT_FOUND', `${site.name} has no appliance with the role “${APPLIANCE_ROLE_LABELS[role]}”.`, 'Go back to the step that adds that appliance to the site.');
    }
    applianceId = appliance.id;
  }
  const endpoint = await deps.sites.endpoint(siteId, applianceId);
  const clients = deps.clientFactory(endpoint);
  if (endpoint.apiClientId === '') return { site, endpoint, clients: { ...clients, api: healthFromStatusPage(clients.admin, endpoint.baseUrl) } };
  return { site, endpoint, clients };
}

/** The name a procedure without a site (P2-fetch on the connected computer) goes by. */
export const CONNECTED_SIDE_NAME = 'Connected side';

/** Name of the site files are filed under in the vault; the connected side has none. */
export async function siteNameOf(deps: Pick<ProcedureActorDeps, 'sites'>, siteId: string): Promise<string> {
  return siteId === '' ? CONNECTED_SIDE_NAME : (await deps.sites.get(siteId)).name;
}
