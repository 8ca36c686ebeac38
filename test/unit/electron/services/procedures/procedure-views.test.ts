import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRecord } from '../../../../../electron/services/procedures/procedure-record';
import { listSummaryOf } from '../../../../../electron/services/procedures/procedure-views';
import { tinyProcedure } from './fixtures/tiny-procedure';

describe('the procedure list', () => {
  it('lists a procedure whose view cannot be computed as needing attention, not as in progress', () => {
    const broken = { ...tinyProcedure, view: () => { throw new Error('unreadable snapshot'); } };
    const record = newRecord(join(tmpdir(), 'never-written'), {
      id: 'P1-broken',
      kind: 'P1',
      startedAt: '2026-12-01T10:00:00.000Z',
      input: { procedureId: 'P1-broken', siteId: 'site-1', siteName: 'Support site', applianceUrl: 'https://a.test', operator: 'Alex' },
    } as never, broken);
    record.persisted = { status: 'active', value: 'nonsense', context: {} };
    const summary = listSummaryOf(record);
    expect(summary).toMatchObject({ id: 'P1-broken', status: 'active', statusLabel: 'Needs attention', attention: true, currentStepId: null });
  });
});
