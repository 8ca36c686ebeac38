/** What the actor modules share: reaching a site's appliance, and the site a vault file belongs to. */
import type { Site } from '../../../shared/domain';
import type { ApplianceEndpoint } from '../appliance/types';
import type { ApplianceClients, ProcedureActorDeps } from './actors';

/** The site's appliance clients, built from its endpoint with its secrets. */
export async function connect(
  deps: Pick<ProcedureActorDeps, 'sites' | 'clientFactory'>,
  siteId: string,
  /** Default: the site's current appliance. */
  applianceId?: string,
): Promise<{ site: Site; clients: ApplianceClients; endpoint: ApplianceEndpoint }> {
  const [site, endpoint] = await Promise.all([deps.sites.get(siteId), deps.sites.endpoint(siteId, applianceId)]);
  return { site, endpoint, clients: deps.clientFactory(endpoint) };
}

/** The name a procedure without a site (P2-fetch on the connected computer) goes by. */
export const CONNECTED_SIDE_NAME = 'Connected side';

/** Name of the site files are filed under in the vault; the connected side has none. */
export async function siteNameOf(deps: Pick<ProcedureActorDeps, 'sites'>, siteId: string): Promise<string> {
  return siteId === '' ? CONNECTED_SIDE_NAME : (await deps.sites.get(siteId)).name;
}
