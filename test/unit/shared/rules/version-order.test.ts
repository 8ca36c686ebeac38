import { describe, expect, it } from 'vitest';
import { compareVersions, isKnownVersion } from '../../../../shared/rules/version-order';

describe('version order', () => {
  it('compares dotted versions numerically, not as text', () => {
    expect(compareVersions('6.10.0', '6.9.9')).toBeGreaterThan(0);
    expect(compareVersions('23.1.1', '23.2.1')).toBeLessThan(0);
    expect(compareVersions('6.2', '6.2.0')).toBe(0);
  });

  it('refuses to guess about versions that are not dotted numbers', () => {
    expect(compareVersions('6.2-beta', '6.2.0')).toBeNull();
    expect(isKnownVersion('')).toBe(false);
    expect(isKnownVersion('23.2.1')).toBe(true);
  });
});
