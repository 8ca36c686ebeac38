import { describe, expect, it } from 'vitest';
import type { ProcedureSummary } from '../../../shared/procedures/view';
import { EMPTY_QUERY, filterHistory, fold, historySites, indexHistory, isFiltered, outcomeOf, pageOf, type HistoryQuery } from '../../../renderer/src/history-filter';
import { searchSites } from '../../../renderer/src/site-search';
import { siteRecord } from '../helpers/site-record';

function summary(fields: Partial<ProcedureSummary> & Pick<ProcedureSummary, 'id'>): ProcedureSummary {
  return {
    kind: 'P1',
    title: 'Single appliance – automatic update',
    siteId: 'site-lyon',
    siteName: 'Lyon Clinic',
    status: 'done',
    startedAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    currentStepId: null,
    currentStepTitle: null,
    operator: 'Alex Field',
    ...fields,
  };
}

const history: ProcedureSummary[] = [
  summary({ id: 'P1-a', updatedAt: '2026-01-10T10:00:00.000Z' }),
  summary({ id: 'P1-b', siteId: 'site-zurich', siteName: 'Zürich Head office', status: 'cancelled', operator: 'Sam Rivera', updatedAt: '2026-02-10T10:00:00.000Z' }),
  summary({ id: 'P2-c', kind: 'P2', title: 'Manual update across the air gap', status: 'support', updatedAt: '2026-03-10T10:00:00.000Z' }),
  summary({ id: 'P5-d', kind: 'P5', title: 'Hardware migration', siteId: 'site-zurich', siteName: 'Zürich Head office', status: 'active', updatedAt: '2026-04-10T10:00:00.000Z' }),
  summary({ id: 'P2-fetch-e', kind: 'P2-fetch', title: 'Fetch updates', siteId: '', siteName: 'Connected side', updatedAt: '2026-05-10T10:00:00.000Z' }),
];
const index = indexHistory(history);
const ids = (query: Partial<HistoryQuery>) => filterHistory(index, { ...EMPTY_QUERY, ...query }).map((p) => p.id);

describe('the history filter', () => {
  it('lists everything newest first when nothing is asked', () => {
    expect(ids({})).toEqual(['P2-fetch-e', 'P5-d', 'P2-c', 'P1-b', 'P1-a']);
    expect(isFiltered(EMPTY_QUERY)).toBe(false);
  });

  it('finds by site name without accents or case, by title, id and operator, every word required', () => {
    expect(ids({ text: 'zurich' })).toEqual(['P5-d', 'P1-b']);
    expect(ids({ text: 'ZÜRICH migration' })).toEqual(['P5-d']);
    expect(ids({ text: 'air gap' })).toEqual(['P2-c']);
    expect(ids({ text: 'p1-a' })).toEqual(['P1-a']);
    expect(ids({ text: 'rivera' })).toEqual(['P1-b']);
    expect(ids({ text: 'lyon rivera' })).toEqual([]);
    expect(isFiltered({ ...EMPTY_QUERY, text: 'x' })).toBe(true);
    expect(isFiltered({ ...EMPTY_QUERY, text: '   ' })).toBe(false);
  });

  it('filters by site, procedure and outcome, each of the four outcomes', () => {
    expect(ids({ siteId: 'site-zurich' })).toEqual(['P5-d', 'P1-b']);
    expect(ids({ kind: 'P2' })).toEqual(['P2-c']);
    expect(ids({ outcome: 'complete' })).toEqual(['P2-fetch-e', 'P1-a']);
    expect(ids({ outcome: 'cancelled' })).toEqual(['P1-b']);
    expect(ids({ outcome: 'support' })).toEqual(['P2-c']);
    expect(ids({ outcome: 'in-progress' })).toEqual(['P5-d']);
    expect(ids({ siteId: 'site-zurich', outcome: 'cancelled', text: 'sam' })).toEqual(['P1-b']);
    expect(outcomeOf('done')).toBe('complete');
  });

  it('takes a date range of whole local days, both ends included; an impossible range matches nothing', () => {
    const day = (iso: string) => {
      const d = new Date(iso);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    expect(ids({ from: day('2026-02-10T10:00:00.000Z'), to: day('2026-03-10T10:00:00.000Z') })).toEqual(['P2-c', 'P1-b']);
    expect(ids({ to: day('2026-01-10T10:00:00.000Z') })).toEqual(['P1-a']);
    expect(ids({ from: day('2026-05-10T10:00:00.000Z') })).toEqual(['P2-fetch-e']);
    expect(ids({ from: '2026-06-01', to: '2026-01-01' })).toEqual([]);
    expect(ids({ from: 'yesterday' })).toEqual([]);
  });

  it('names the sites of the history once each, by name, the connected side included', () => {
    expect(historySites(history)).toEqual([
      { id: '', name: 'Connected side' },
      { id: 'site-lyon', name: 'Lyon Clinic' },
      { id: 'site-zurich', name: 'Zürich Head office' },
    ]);
  });

  it('pages a long list and keeps a page past the end on the last one', () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    expect(pageOf(items, 0, 25)).toEqual({ items: items.slice(0, 25), page: 0, pages: 3 });
    expect(pageOf(items, 2, 25).items).toEqual(items.slice(50));
    expect(pageOf(items, 9, 25).page).toBe(2);
    expect(pageOf([], 0, 25)).toEqual({ items: [], page: 0, pages: 1 });
  });

  it('filters 1 000 procedures in well under the 50 ms the history allows', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      summary({ id: `P1-${i}`, siteId: `site-${i % 100}`, siteName: i % 100 === 42 ? 'Lyon Clinic' : `Site ${i % 100}`, updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString() }),
    );
    const big = indexHistory(many);
    const started = performance.now();
    const found = filterHistory(big, { ...EMPTY_QUERY, text: 'lyon', outcome: 'complete' });
    const elapsed = performance.now() - started;
    expect(found).toHaveLength(10);
    expect(elapsed).toBeLessThan(50);
  });

  it('folds accents for search', () => {
    expect(fold('Kraków Zürich')).toBe('krakow zurich');
  });
});

describe('the site search on home', () => {
  const sites = [
    siteRecord({ id: 's1', name: 'Lyon Clinic', siteHostname: 'support.lyon.example', applianceUrl: 'https://b300-1.lyon.example' }),
    siteRecord({ id: 's2', name: 'Zürich Plant', siteHostname: 'support.zurich.example', applianceUrl: 'https://b300-2.zurich.example' }),
  ];
  it('matches name, hostname and appliance address; empty text keeps every site in order', () => {
    expect(searchSites(sites, '').map((s) => s.id)).toEqual(['s1', 's2']);
    expect(searchSites(sites, 'zurich').map((s) => s.id)).toEqual(['s2']);
    expect(searchSites(sites, 'b300-1').map((s) => s.id)).toEqual(['s1']);
    expect(searchSites(sites, 'lyon plant')).toEqual([]);
  });
});

describe('the list kept current from pushed views', () => {
  it('replaces the line of the procedure that changed and keeps its operator; an unknown one asks for the list', async () => {
    const { withUpdatedSummary } = await import('../../../renderer/src/hooks/use-procedure-list');
    const view = {
      id: 'P1-b',
      kind: 'P1' as const,
      title: 'Single appliance – automatic update',
      siteId: 'site-zurich',
      siteName: 'Zürich Head office',
      status: 'done' as const,
      startedAt: '2026-02-10T09:00:00.000Z',
      updatedAt: '2026-06-01T10:00:00.000Z',
      currentStepId: 'report',
      steps: [{ id: 'report', title: 'Report', kind: 'auto' as const, status: 'done' as const, actions: [] }],
      statusLabel: 'Complete',
    };
    const next = withUpdatedSummary(history, view as never)!;
    expect(next).toHaveLength(history.length);
    expect(next.find((p) => p.id === 'P1-b')).toMatchObject({ status: 'done', currentStepTitle: 'Report', statusLabel: 'Complete', operator: 'Sam Rivera' });
    expect(history.find((p) => p.id === 'P1-b')!.status).toBe('cancelled');
    expect(withUpdatedSummary(history, { ...view, id: 'P1-new' } as never)).toBeUndefined();
  });
});
