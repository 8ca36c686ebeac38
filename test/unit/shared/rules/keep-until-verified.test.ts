import { describe, expect, it } from 'vitest';
import {
  REDOWNLOAD_WARNING,
  checkHoldsMayBeReleased,
  checkPackageMayLeaveVault,
  deletionWarning,
} from '../../../../shared/rules/keep-until-verified';

const base = { id: 'b62', name: 'Base Software', version: '6.2.0' };
const site = { id: 's232', name: 'Site Software', version: '23.2.1' };
const baseInstalled = { pkg: base, verifiedVersion: '6.2.0' };

describe('R7 keep every package until its install is verified', () => {
  it('lets a package leave the vault only once its install was verified', () => {
    expect(checkPackageMayLeaveVault(base, []).holds).toBe(false);
    expect(checkPackageMayLeaveVault(base, [baseInstalled]).holds).toBe(true);
    expect(checkPackageMayLeaveVault(site, [baseInstalled])).toMatchObject({ holds: false, reason: expect.stringContaining('support') });
  });

  it('releases a procedure’s holds only when every package is verified', () => {
    expect(checkHoldsMayBeReleased([base, site], [baseInstalled])).toMatchObject({ holds: false, reason: expect.stringContaining('Site Software 23.2.1') });
    expect(checkHoldsMayBeReleased([base, site], [baseInstalled, { pkg: site, verifiedVersion: '23.2.1' }]).holds).toBe(true);
    expect(checkHoldsMayBeReleased([], []).holds).toBe(true);
  });

  it('warns before a deletion, louder when the install is not verified', () => {
    expect(deletionWarning(site, [])).toMatch(/not verified as installed yet.*will not offer it again/);
    expect(deletionWarning(base, [baseInstalled])).toMatch(/installed and verified/);
  });

  it('says that a downloaded package leaves the server’s list', () => {
    expect(REDOWNLOAD_WARNING).toMatch(/no longer lists it/);
    expect(REDOWNLOAD_WARNING).toMatch(/support/);
  });
});
