/** versions.json reads the versions a procedure saw, for one appliance and for each of a failover pair. */
import { describe, expect, it } from 'vitest';
import { upgradeVersionsOf } from '../../../../../electron/services/journal/bundle-contents';

const install = (name: string, kind: 'base' | 'site', version: string) => ({
  pkg: { id: `${kind}-${version}`, name, kind, version, size: 1 },
  verifiedVersion: version,
  finishedAt: '2026-12-01T10:00:00.000Z',
  health: 'ok',
});

describe('upgradeVersionsOf', () => {
  it('lists the versions before and each install with the version verified after it', () => {
    const context = { versionsBefore: { siteVersion: '23.1.1', baseVersion: '6.1.0' }, installed: [install('Base 6.2.0', 'base', '6.2.0')], secrets: undefined };
    expect(upgradeVersionsOf(context)).toEqual({
      versionsBefore: { siteVersion: '23.1.1', baseVersion: '6.1.0' },
      installed: [{ package: 'Base 6.2.0', kind: 'base', version: '6.2.0', verifiedVersion: '6.2.0', finishedAt: '2026-12-01T10:00:00.000Z' }],
    });
  });

  it('lists each appliance of a pair that was updated', () => {
    const context = {
      versionsBefore: null,
      installed: [],
      updated: { A: { versionsBefore: { siteVersion: '23.1.1', baseVersion: '6.1.0' }, siteVersionAfter: '23.2.1', installed: [install('Site 23.2.1', 'site', '23.2.1')], backups: [], verifiedAt: 't' } },
    };
    expect(upgradeVersionsOf(context)).toEqual({
      updatedAppliances: { A: { versionsBefore: { siteVersion: '23.1.1', baseVersion: '6.1.0' }, siteVersionAfter: '23.2.1', installed: [expect.objectContaining({ package: 'Site 23.2.1', verifiedVersion: '23.2.1' })], verifiedAt: 't' } },
    });
  });

  it('says nothing of a context it cannot read', () => {
    expect(upgradeVersionsOf(undefined)).toEqual({});
    expect(upgradeVersionsOf([1, 2])).toEqual({});
  });
});
