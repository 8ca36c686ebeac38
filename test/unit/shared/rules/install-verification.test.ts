import { describe, expect, it } from 'vitest';
import { checkInstalledVersion } from '../../../../shared/rules/install-verification';
import type { PackageRef } from '../../../../shared/procedures/actors';

const site: PackageRef = { id: 's', name: 'Site Software', kind: 'site', version: '23.2.1', requires: '6.2.0', size: 1 };

describe('install verification', () => {
  it('holds when the appliance reports the package version', () => {
    const verdict = checkInstalledVersion(site, { verifiedVersion: '23.2.1', finishedAt: 'x', health: 'healthy' });
    expect(verdict).toEqual({ holds: true, reason: 'Site Software is installed: the appliance now reports version 23.2.1.' });
  });

  it('fails when the appliance still reports another version', () => {
    const verdict = checkInstalledVersion(site, { verifiedVersion: '23.1.1', finishedAt: 'x', health: 'healthy' });
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toContain('23.1.1, not 23.2.1');
  });
});
