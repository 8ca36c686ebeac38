/**
 * P4 with appliance B updated by hand across the air gap (A automatically): the shared suite of
 * failover/manual-suite.ts, and B's air-gap steps, manual unit and the end all reached.
 */
import { describe, expect, it } from 'vitest';
import { failoverAsyncMachine } from '../../../../shared/procedures/failover-async/machine';
import { failoverAsyncView } from '../../../../shared/procedures/failover-async/view';
import type { FailoverContext } from '../../../../shared/procedures/steps/failover/context';
import { FILE_BASE_B, FILE_SITE_B } from './failover/manual-fakes';
import { firstByHandSuite } from './failover/manual-suite';
import { pathOf } from './failover/model';

// B alone by hand here; A by hand (alone or with B) is walked in failover-async-both.test.ts.
const { all, window2 } = firstByHandSuite('P4', failoverAsyncMachine, failoverAsyncView, 'B');

describe('P4 with B by hand: reach', () => {
  it('reaches every air-gap step of B, its manual unit and the end', () => {
    const reached = new Set(all.map((path) => pathOf(path.state)));
    for (const state of ['b-clock-check.blocked', 'b-reinsert-stick.waiting', 'b-reinsert-stick.failed', 'b-await-bundle', 'b-verify-bundle.failed', 'b-compare-code.mismatch', 'b-import-bundle.failed', 'b-manual-plan.blocked', 'b-manual-plan.ready', 'b-manual-install.uploading', 'b-manual-install.backup-between', 'verify-b.reading', 'make-primary.choose', 'a-install.installing'])
      expect(reached).toContain(state);
    const ends = new Set(all.filter((path) => path.state.status === 'done').map((path) => String(path.state.value)));
    expect([...ends].sort()).toEqual(['a-support', 'b-manual-support', 'cancelled', 'done']);
    const done = window2.find((path) => path.state.value === 'done');
    expect((done!.state.context as FailoverContext).updated.B?.installed.map((record) => record.pkg.id)).toEqual([FILE_BASE_B.id, FILE_SITE_B.id]);
    expect((done!.state.context as FailoverContext).established?.fields.primaryHost).toBe('10.20.0.12');
  });
});
