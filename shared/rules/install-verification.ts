/**
 * Each install counts only once the appliance reports the version the package carries;
 * "the install finished" alone is not proof.
 */
import type { InstallPackageOutput, PackageRef } from '../procedures/actors';
import { compareVersions } from './version-order';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export function checkInstalledVersion(pkg: PackageRef, result: InstallPackageOutput): RuleVerdict {
  if (compareVersions(result.verifiedVersion, pkg.version) === 0) {
    return holds(`${pkg.name} is installed: the appliance now reports version ${result.verifiedVersion}.`);
  }
  return fails(`After installing ${pkg.name} the appliance reports version ${result.verifiedVersion}, not ${pkg.version}.`);
}
