/**
 * Before a maintenance window starts, both of the site's accounts must still sign in: the API
 * account (backups, health) and the admin account (updates, status). Finding a wrong password
 * after the site went down would leave it down while someone looks for the right one.
 */
import type { CheckCredentialsOutput } from '../procedures/actors';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export function checkSiteCredentials(result: CheckCredentialsOutput | null | undefined): RuleVerdict {
  if (!result) return fails('The site’s API and admin sign-ins have not been checked yet.');
  const refused = [
    ...(result.api.ok ? [] : [`API account: ${result.api.message}`]),
    ...(result.admin.ok ? [] : [`Admin account: ${result.admin.message}`]),
  ];
  if (refused.length > 0) return fails(`The appliance refused ${refused.length === 2 ? 'both sign-ins' : 'a sign-in'}. ${refused.join(' ')}`);
  return holds(`The API account and the admin account both signed in at ${result.checkedAt}.`);
}
