/**
 * How a package is named to a person. Vendors often put the version in the package name
 * ("Base Software 6.2.0"); the version is added only when the name does not already say it.
 */
export function packageLabel(pkg: { name: string; version: string }): string {
  return pkg.name.includes(pkg.version) ? pkg.name : `${pkg.name} ${pkg.version}`;
}
