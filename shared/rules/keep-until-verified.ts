/**
 * R7: the update server lists a package only until it has been downloaded once; getting it
 * again takes the vendor's support. So every downloaded package stays held in the vault until
 * the appliance reports the version it carries, and anything that would delete one warns first.
 */
import type { PackageRef } from '../procedures/actors';
import { fails, holds, type RuleVerdict } from './rule-verdict';
import { packageLabel } from '../package-label';

/** A verified install: the package and the version the appliance reported afterwards. */
export interface VerifiedInstall {
  pkg: Pick<PackageRef, 'id' | 'name' | 'version'>;
  verifiedVersion: string;
}

export const REDOWNLOAD_WARNING =
  'Once a package is downloaded, the update server no longer lists it; downloading it again needs the vendor’s technical support. The assistant keeps every downloaded package in its vault until the appliance runs that version.';

function isVerified(pkg: Pick<PackageRef, 'id'>, installs: readonly VerifiedInstall[]): boolean {
  return installs.some((install) => install.pkg.id === pkg.id);
}

/** Whether one package may leave the vault: only once its install was verified. */
export function checkPackageMayLeaveVault(
  pkg: Pick<PackageRef, 'id' | 'name' | 'version'>,
  installs: readonly VerifiedInstall[],
): RuleVerdict {
  if (isVerified(pkg, installs)) return holds(`${packageLabel(pkg)} is installed and verified, so its file is no longer needed.`);
  return fails(`${packageLabel(pkg)} is not verified as installed yet; without this file it could only be downloaded again through the vendor’s support.`);
}

/** Whether a procedure may release its vault holds: every package it brought is verified as installed. */
export function checkHoldsMayBeReleased(
  packages: readonly Pick<PackageRef, 'id' | 'name' | 'version'>[],
  installs: readonly VerifiedInstall[],
): RuleVerdict {
  const waiting = packages.filter((pkg) => !isVerified(pkg, installs));
  if (waiting.length > 0) {
    return fails(`Still waiting for a verified install of ${waiting.map((pkg) => `${packageLabel(pkg)}`).join(', ')}, so the vault keeps holding the files.`);
  }
  if (packages.length === 0) return holds('The procedure brought no package, so there is nothing to keep.');
  return holds('Every package is installed and verified, so the vault no longer needs to hold the files.');
}

/** The sentence shown before anything deletes a package file from the vault. */
export function deletionWarning(pkg: Pick<PackageRef, 'id' | 'name' | 'version'>, installs: readonly VerifiedInstall[]): string {
  if (isVerified(pkg, installs)) {
    return `Delete ${packageLabel(pkg)} from the vault? It is installed and verified; a later reinstall would need a new download.`;
  }
  return `Delete ${packageLabel(pkg)} from the vault? It is not verified as installed yet, and the update server will not offer it again: getting it back needs the vendor’s technical support.`;
}
