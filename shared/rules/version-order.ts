/**
 * Appliance software versions are dotted numbers (e.g. "6.2.0", "23.2.1"). Anything else is
 * treated as unknown rather than guessed at, so an odd catalogue entry blocks instead of
 * being ordered wrongly.
 */
const DOTTED_VERSION = /^\d+(\.\d+)*$/;

export function isKnownVersion(version: string): boolean {
  return DOTTED_VERSION.test(version.trim());
}

/** Negative when a < b, zero when equal, positive when a > b; null if either is not a dotted version. */
export function compareVersions(a: string, b: string): number | null {
  if (!isKnownVersion(a) || !isKnownVersion(b)) return null;
  const left = a.trim().split('.').map(Number);
  const right = b.trim().split('.').map(Number);
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
