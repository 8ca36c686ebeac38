/** P4 (failover pair, asynchronous): every path, the view contract, replays and resumes. */
import { describe, expect, it } from 'vitest';
import { failoverAsyncMachine } from '../../../../shared/procedures/failover-async/machine';
import { failoverAsyncView } from '../../../../shared/procedures/failover-async/view';
import { failoverSuite } from './failover/suite';

const { all, done, tops } = failoverSuite('P4', failoverAsyncMachine, failoverAsyncView, 'B');

describe('P4', () => {
  it('updates B first, tests it, makes it primary, and re-establishes with B primary', () => {
    expect(tops.indexOf('b-install')).toBeLessThan(tops.indexOf('test-b'));
    expect(tops.indexOf('test-b')).toBeLessThan(tops.indexOf('make-primary'));
    expect(tops.indexOf('a-install')).toBeGreaterThan(tops.indexOf('window-2'));
    expect(done?.state.context.established?.fields.primaryHost).toBe('10.20.0.12');
  });
  it('reaches every way of making B primary', () => {
    const reached = new Set(all.map((path) => JSON.stringify(path.state.value)));
    for (const sub of ['choose', 'switching', 'guide', 'late', 'integration', 'failed']) expect(reached).toContain(JSON.stringify({ 'make-primary': sub }));
  });
});
