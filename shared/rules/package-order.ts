/**
 * R4: Base software installs before the site packages that need it, and a site package whose
 * required Base version is neither installed nor on the list cannot be installed at all.
 * After a Base install that a site package follows, a fresh backup is taken and the site
 * package goes in at once.
 */
import type { PackageRef } from '../procedures/actors';
import { compareVersions, isKnownVersion } from './version-order';
import { packageLabel } from '../package-label';

/** Generic so a package that travels as a file (P2) keeps its file details through the ordering. */
export type PackageOrder<P extends PackageRef = PackageRef> =
  | { ok: true; order: P[]; reason: string }
  | { ok: false; order: P[]; problems: string[]; reason: string };

function byVersion(a: PackageRef, b: PackageRef): number {
  return compareVersions(a.version, b.version) ?? 0;
}

/** A listed or installed Base version at or above `required` satisfies it. */
function satisfies(baseVersion: string, required: string): boolean {
  const comparison = compareVersions(baseVersion, required);
  return comparison !== null && comparison >= 0;
}

function describe(order: readonly PackageRef[]): string {
  return order.map((pkg) => `${packageLabel(pkg)}`).join(', then ');
}

export function orderPackages<P extends PackageRef>(updates: readonly P[], installedBaseVersion: string): PackageOrder<P> {
  const problems: string[] = [];
  for (const pkg of updates) {
    if (!isKnownVersion(pkg.version)) problems.push(`${pkg.name} has no readable version ("${pkg.version}").`);
  }
  const bases = updates.filter((pkg) => pkg.kind === 'base').sort(byVersion);
  const sites = updates.filter((pkg) => pkg.kind === 'site').sort(byVersion);

  for (const site of sites) {
    const required = site.requires;
    if (required === undefined) continue;
    if (!isKnownVersion(required)) {
      problems.push(`${site.name} needs Base software "${required}", which is not a version the assistant can compare.`);
      continue;
    }
    const met = satisfies(installedBaseVersion, required) || bases.some((base) => satisfies(base.version, required));
    if (!met) {
      problems.push(
        `${site.name} needs Base software ${required} or later; the appliance runs ${installedBaseVersion} and no listed Base package provides it.`,
      );
    }
  }

  const order = [...bases, ...sites];
  if (problems.length > 0) {
    return { ok: false, order, problems, reason: `The updates cannot be installed in a safe order: ${problems.join(' ')}` };
  }
  if (order.length === 0) return { ok: true, order, reason: 'There is nothing to install.' };
  return { ok: true, order, reason: `Install order: ${describe(order)}.` };
}

/** True when the package at `index` is Base software and a site package comes right after it. */
export function isBaseFollowedBySite(order: readonly PackageRef[], index: number): boolean {
  return order[index]?.kind === 'base' && order[index + 1]?.kind === 'site';
}
