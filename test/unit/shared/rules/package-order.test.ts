import { describe, expect, it } from 'vitest';
import { isBaseFollowedBySite, orderPackages } from '../../../../shared/rules/package-order';
import type { PackageRef } from '../../../../shared/procedures/actors';

const base62: PackageRef = { id: 'b62', name: 'Base Software', kind: 'base', version: '6.2.0', size: 1 };
const base63: PackageRef = { id: 'b63', name: 'Base Software', kind: 'base', version: '6.3.0', size: 1 };
const site232: PackageRef = { id: 's232', name: 'Site Software', kind: 'site', version: '23.2.1', requires: '6.2.0', size: 1 };
const site240: PackageRef = { id: 's240', name: 'Site Software', kind: 'site', version: '24.0.0', requires: '6.3.0', size: 1 };

describe('R4 package order', () => {
  it('puts Base software before the site package that needs it, whatever the listed order', () => {
    const result = orderPackages([site232, base62], '6.1.0');
    expect(result.ok).toBe(true);
    expect(result.order.map((p) => p.id)).toEqual(['b62', 's232']);
    expect(result.reason).toBe('Install order: Base Software 6.2.0, then Site Software 23.2.1.');
  });

  it('orders several Base and site packages by version, all Base first', () => {
    const result = orderPackages([site240, base63, site232, base62], '6.1.0');
    expect(result.order.map((p) => p.id)).toEqual(['b62', 'b63', 's232', 's240']);
  });

  it('accepts a site package whose Base requirement is already installed', () => {
    const result = orderPackages([site232], '6.2.0');
    expect(result).toMatchObject({ ok: true, order: [site232] });
  });

  it('accepts a later installed Base than the one required', () => {
    expect(orderPackages([site232], '6.10.0').ok).toBe(true);
  });

  it('blocks a site package whose Base is neither installed nor listed', () => {
    const result = orderPackages([site240, base62], '6.1.0');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'Site Software needs Base software 6.3.0 or later; the appliance runs 6.1.0 and no listed Base package provides it.',
    ]);
  });

  it('blocks a requirement that is not a version it can compare', () => {
    const result = orderPackages([{ ...site232, requires: 'latest' }], '6.1.0');
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/"latest"/);
  });

  it('blocks a package with an unreadable version', () => {
    expect(orderPackages([{ ...base62, version: '6.2-beta' }], '6.1.0').ok).toBe(false);
  });

  it('has nothing to order when nothing is offered', () => {
    expect(orderPackages([], '6.1.0')).toEqual({ ok: true, order: [], reason: 'There is nothing to install.' });
  });

  it('knows where the backup between Base and site belongs', () => {
    const order = [base62, base63, site232, site240];
    expect(order.map((_, index) => isBaseFollowedBySite(order, index))).toEqual([false, true, false, false]);
    expect(isBaseFollowedBySite([base62], 0)).toBe(false);
    expect(isBaseFollowedBySite([site232], -1)).toBe(false);
  });

  it('keeps what a package that travels as a file carries (SHA-256, vault file) through the ordering', () => {
    const asFile = (pkg: PackageRef) => ({ ...pkg, sha256: 'a'.repeat(64), vaultId: `vault-${pkg.id}` });
    const result = orderPackages([asFile(site232), asFile(base62)], '6.1.0');
    expect(result.order.map((pkg) => [pkg.id, pkg.vaultId])).toEqual([
      ['b62', 'vault-b62'],
      ['s232', 'vault-s232'],
    ]);
  });
});
