/**
 * `checkCredentials`: before a maintenance window can start, a fresh sign-in with the stored
 * API and admin credentials (API get_api_info, /appliance login and Status > Basics), so a
 * changed password is found before anything is touched. It never rejects for a refused
 * credential: each line says ok or why not, and the machine decides.
 */
import { fromPromise } from 'xstate';
import type { ActorBaseInput, CheckCredentialsOutput, CredentialVerdict } from '../../../shared/procedures/actors';
import { checkAdminSignIn, checkApiSignIn, failedLine, type CredentialLine } from '../appliance/credential-check';
import type { ProcedureActorDeps } from './actors';
import { connect } from './actor-support';
import { throwIfCancelled } from './cancel';

const line = ({ ok, message }: CredentialLine): CredentialVerdict => ({ ok, message });

export async function checkSiteCredentials(deps: Pick<ProcedureActorDeps, 'sites' | 'clientFactory' | 'clock'>, siteId: string, signal: AbortSignal): Promise<CheckCredentialsOutput> {
  let connected;
  try {
    connected = await connect(deps, siteId);
  } catch (error) {
    // No stored secret (e.g. secrets kept only for the last session): neither can sign in.
    const failed = line(failedLine(error));
    return { api: failed, admin: failed, checkedAt: new Date(deps.clock.now()).toISOString() };
  }
  throwIfCancelled(signal);
  const { clients, endpoint } = connected;
  // A fresh client per check: a cached token or cookie must not stand in for the password.
  const [api, admin] = await Promise.all([checkApiSignIn(clients.api), checkAdminSignIn(clients.admin, endpoint.adminUser)]);
  throwIfCancelled(signal);
  return { api: line(api), admin: line(admin), checkedAt: new Date(deps.clock.now()).toISOString() };
}

export function createCheckCredentials(deps: Pick<ProcedureActorDeps, 'sites' | 'clientFactory' | 'clock'>) {
  return fromPromise<CheckCredentialsOutput, ActorBaseInput>(({ input, signal }) => checkSiteCredentials(deps, input.siteId, signal));
}
