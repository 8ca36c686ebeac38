/**
 * A hardware migration restores the old appliance's backup onto the new one, and an appliance
 * restores only a backup of the site version it runs itself. So the new appliance is brought to
 * exactly the old one's site version — not the newest offered — with the Base software that
 * version needs first (R4). Anything else cannot be installed for a migration.
 */
import type { PackageRef } from '../procedures/actors';
import { packageLabel } from '../package-label';
import { orderPackages, type PackageOrder } from './package-order';
import { compareVersions } from './version-order';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export interface MigrationTarget {
  siteVersion: string;
  baseVersion: string;
}

function atLeast(version: string, required: string): boolean {
  const comparison = compareVersions(version, required);
  return comparison !== null && comparison >= 0;
}

/**
 * The packages the new appliance installs to run `target.siteVersion`: that site package and,
 * when the Base software it runs is too old for it, the lowest offered Base package that is not.
 * Nothing when it already runs the target; a refusal when the target is not offered.
 */
export function planMigrationInstall<P extends PackageRef>(
  offered: readonly P[],
  running: { siteVersion: string; baseVersion: string },
  target: MigrationTarget,
): PackageOrder<P> {
  if (running.siteVersion === target.siteVersion) {
    return { ok: true, order: [], reason: `The new appliance already runs site ${target.siteVersion}, the version of the old one; nothing to install.` };
  }
  const site = offered.find((pkg) => pkg.kind === 'site' && pkg.version === target.siteVersion);
  if (!site) {
    const problem = `The new appliance is not offered site ${target.siteVersion}, the version the old appliance runs, so its backup could not be restored there. Offered: ${offered.map((pkg) => packageLabel(pkg)).join(', ') || 'nothing'}.`;
    return { ok: false, order: [...offered], problems: [problem], reason: problem };
  }
  const needed = site.requires;
  const bases =
    needed === undefined || atLeast(running.baseVersion, needed)
      ? []
      : offered
          .filter((pkg) => pkg.kind === 'base' && atLeast(pkg.version, needed))
          .sort((a, b) => compareVersions(a.version, b.version) ?? 0)
          .slice(0, 1);
  return orderPackages([...bases, site], running.baseVersion);
}

/** The new appliance runs the old one's site version, as the check for updates or the last verified install reported it. */
export function checkMigrationSoftware(
  reported: { siteVersion: string } | null | undefined,
  target: MigrationTarget | null | undefined,
): RuleVerdict {
  if (!target) return fails('The old appliance’s version is not known yet.');
  if (!reported) return fails('The new appliance’s software has not been checked yet.');
  if (reported.siteVersion !== target.siteVersion) {
    return fails(`The new appliance runs site ${reported.siteVersion || 'no site software'}; the old one runs ${target.siteVersion}.`);
  }
  return holds(`The new appliance runs site ${target.siteVersion}, the same version as the old one.`);
}
