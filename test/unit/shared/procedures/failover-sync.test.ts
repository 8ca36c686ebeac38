/** P3 (failover pair, synchronous): every path, the view contract, replays and resumes. */
import { describe, expect, it } from 'vitest';
import { failoverSyncMachine } from '../../../../shared/procedures/failover-sync/machine';
import { failoverSyncView } from '../../../../shared/procedures/failover-sync/view';
import { procedureDefinitions } from '../../../../shared/procedures/registry';
import { failoverSuite } from './failover/suite';

const { all } = failoverSuite('P3', failoverSyncMachine, failoverSyncView, 'A');

describe('P3', () => {
  it('is registered as kind P3', () => expect(procedureDefinitions.P3?.machine).toBe(failoverSyncMachine));
  it('updates A in window 1 and B in window 2, re-establishing with A primary', () => {
    const done = all.find((path) => path.state.value === 'done');
    const tops = (done?.steps ?? []).map((step) => Object.keys(typeof step.state.value === 'object' ? step.state.value : { [String(step.state.value)]: 1 })[0]);
    expect(tops.indexOf('a-install')).toBeLessThan(tops.indexOf('window-2'));
    expect(tops.indexOf('b-install')).toBeGreaterThan(tops.indexOf('window-2'));
    expect(done?.state.context.established?.fields.primaryHost).toBe('10.20.0.11');
  });
});
