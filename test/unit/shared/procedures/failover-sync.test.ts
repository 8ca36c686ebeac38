/** P3 (failover pair, synchronous): every path, the view contract, replays and resumes. */
import { describe, expect, it } from 'vitest';
import { failoverSyncMachine } from '../../../../shared/procedures/failover-sync/machine';
import { failoverSyncView } from '../../../../shared/procedures/failover-sync/view';
import { failoverSuite } from './failover/suite';

const { done, tops } = failoverSuite('P3', failoverSyncMachine, failoverSyncView, 'A');

describe('P3', () => {
  it('updates A in window 1 and B in window 2, re-establishing with A primary', () => {
    expect(tops.indexOf('a-install')).toBeLessThan(tops.indexOf('window-2'));
    expect(tops.indexOf('b-install')).toBeGreaterThan(tops.indexOf('window-2'));
    expect(done?.state.context.established?.fields.primaryHost).toBe('10.20.0.11');
  });
});
