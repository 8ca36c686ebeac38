import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSUMED_CLIENT_DOWNLOAD_MIB,
  JUMP_CLIENT_LIMIT_MAX,
  explainProposal,
  parseJumpClientLimit,
  parsePositiveNumber,
  proposeJumpClientLimit,
} from '../../../../shared/rules/jump-client-limit';

const clients = fc.integer({ min: 1, max: 5000 });
const bandwidth = fc.double({ min: 0.01, max: 100_000, noNaN: true });
const size = fc.option(fc.double({ min: 1, max: 2000, noNaN: true }), { nil: null });

describe('proposeJumpClientLimit', () => {
  it('works the example through: 100 Mbit/s, 40 MiB, 40 clients', () => {
    const p = proposeJumpClientLimit({ clients: 40, bandwidthMbps: 100 });
    expect(p.downloadMiB).toBe(ASSUMED_CLIENT_DOWNLOAD_MIB);
    expect(p.downloadGiven).toBe(false);
    expect(p.budgetMbps).toBe(50);
    expect(p.perClientMbps).toBeCloseTo(1.118, 3);
    expect(p.fits).toBe(44);
    expect(p).toMatchObject({ limit: 40, clampedBy: 'clients' });
    expect(explainProposal(p)).toMatch(/50 % of 100 Mbit\/s leaves 50 Mbit\/s.*our assumption.*gives 44 at once, but there are only 40 Jump Clients, so 40/);
  });

  it('takes the operator’s download size instead of the assumption', () => {
    const p = proposeJumpClientLimit({ clients: 400, bandwidthMbps: 100, downloadMiB: 80 });
    expect(p).toMatchObject({ downloadMiB: 80, downloadGiven: true, fits: 22, limit: 22, clampedBy: null });
    expect(explainProposal(p)).toMatch(/80 MiB \(your figure\)/);
  });

  it('never goes below 1 on a thin link', () => {
    expect(proposeJumpClientLimit({ clients: 40, bandwidthMbps: 0.5 })).toMatchObject({ fits: 0, limit: 1, clampedBy: 'minimum' });
  });

  it('is monotonic in bandwidth', () => {
    fc.assert(
      fc.property(clients, bandwidth, bandwidth, size, (n, b1, b2, mib) => {
        const [low, high] = b1 <= b2 ? [b1, b2] : [b2, b1];
        expect(proposeJumpClientLimit({ clients: n, bandwidthMbps: low, downloadMiB: mib }).limit).toBeLessThanOrEqual(
          proposeJumpClientLimit({ clients: n, bandwidthMbps: high, downloadMiB: mib }).limit,
        );
      }),
    );
  });

  it('is never above the client count nor the field’s maximum, never below 1, always whole', () => {
    fc.assert(
      fc.property(clients, bandwidth, size, (n, b, mib) => {
        const { limit } = proposeJumpClientLimit({ clients: n, bandwidthMbps: b, downloadMiB: mib });
        expect(Number.isInteger(limit)).toBe(true);
        expect(limit).toBeGreaterThanOrEqual(1);
        expect(limit).toBeLessThanOrEqual(Math.min(n, JUMP_CLIENT_LIMIT_MAX));
      }),
    );
  });
});

describe('parsing what the operator types', () => {
  it('reads bandwidths and sizes, with a decimal comma', () => {
    expect(parsePositiveNumber(' 100 ', 1000)).toBe(100);
    expect(parsePositiveNumber('2,5', 1000)).toBe(2.5);
    for (const bad of ['', '0', '-3', 'ten', '1e3', '2000', undefined]) expect(parsePositiveNumber(bad, 1000)).toBeNull();
  });

  it('reads a limit the field takes: a whole number from 1 to 1000', () => {
    expect(parseJumpClientLimit('20')).toBe(20);
    for (const bad of ['0', '1001', '2.5', 'x', '', undefined]) expect(parseJumpClientLimit(bad)).toBeNull();
  });
});
