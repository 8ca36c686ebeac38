import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRecord } from '../../../../../electron/services/procedures/procedure-record';
import { listSummaryOf, warmSummaries } from '../../../../../electron/services/procedures/procedure-views';
import { tinyProcedure } from './fixtures/tiny-procedure';

const meta = {
  id: 'P1-broken',
  kind: 'P1',
  startedAt: '2026-12-01T10:00:00.000Z',
  input: { procedureId: 'P1-broken', siteId: 'site-1', siteName: 'Support site', applianceUrl: 'https://a.test', operator: 'Alex' },
} as never;

describe('the procedure list', () => {
  it('lists a procedure whose view cannot be computed as needing attention, not as in progress', () => {
    const broken = { ...tinyProcedure, view: () => { throw new Error('unreadable snapshot'); } };
    const record = newRecord(join(tmpdir(), 'never-written'), meta, broken);
    record.persisted = { status: 'active', value: 'nonsense', context: {} };
    const summary = listSummaryOf(record);
    expect(summary).toMatchObject({ id: 'P1-broken', status: 'active', statusLabel: 'Needs attention', attention: true, currentStepId: null, operator: 'Alex' });
  });

  it('computes a summary once per snapshot on disk, and again when a new one lands', () => {
    let views = 0;
    const counted = { ...tinyProcedure, view: (...args: Parameters<typeof tinyProcedure.view>) => (views++, tinyProcedure.view(...args)) };
    const record = newRecord(join(tmpdir(), 'never-written'), meta, counted);
    const first = listSummaryOf(record);
    expect(listSummaryOf(record)).toBe(first);
    expect(views).toBe(1);
    expect(first.operator).toBe('Alex');
    // A new snapshot on disk is a new object (persistSnapshot parses what it wrote).
    record.persisted = JSON.parse(JSON.stringify({ status: 'done', value: 'done', context: {} }));
    record.updatedAt = '2026-12-01T11:00:00.000Z';
    const second = listSummaryOf(record);
    expect(views).toBe(2);
    expect(second).not.toBe(first);
    expect(second.updatedAt).toBe('2026-12-01T11:00:00.000Z');
  });

  it('warms the summaries in batches with the event loop free in between', async () => {
    let views = 0;
    const counted = { ...tinyProcedure, view: (...args: Parameters<typeof tinyProcedure.view>) => (views++, tinyProcedure.view(...args)) };
    const records = Array.from({ length: 5 }, () => newRecord(join(tmpdir(), 'never-written'), meta, counted));
    let between = -1;
    const warmed = warmSummaries(records, 2);
    setImmediate(() => (between = views));
    await warmed;
    expect(views).toBe(5);
    // The first batch ran, then other work got its turn before the rest.
    expect(between).toBe(2);
    for (const record of records) listSummaryOf(record);
    expect(views).toBe(5);
  });
});
