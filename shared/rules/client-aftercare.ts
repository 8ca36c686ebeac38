/**
 * R14: only a new site (product) version makes clients update. Base software and license
 * add-ons leave consoles, Jump Clients and installers untouched.
 */
import type { PackageRef } from '../procedures/actors';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export function checkClientAftercareNeeded(installed: readonly Pick<PackageRef, 'kind' | 'name'>[]): RuleVerdict {
  const sitePackages = installed.filter((pkg) => pkg.kind === 'site');
  if (sitePackages.length > 0) {
    return holds(`A new site version was installed (${sitePackages.map((p) => p.name).join(', ')}), so clients update and installers must be regenerated.`);
  }
  if (installed.length === 0) return fails('Nothing was installed, so clients need no attention.');
  return fails('Only Base software was installed, which clients do not depend on.');
}
