/**
 * The history's search and filters, as pure functions: an index built once per list (each
 * procedure's searchable words folded to lower case without accents, newest first), then a
 * filter that only compares strings, so typing stays instant with a year of history.
 */
import type { ProcedureKind, ProcedureStatus, ProcedureSummary } from '../../shared/procedures/view';
import { procedureWhere } from './format';

/** How a procedure ended, in the words the filter offers. */
export type Outcome = 'complete' | 'cancelled' | 'support' | 'in-progress';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  complete: 'Complete',
  cancelled: 'Cancelled',
  support: 'Ended for support',
  'in-progress': 'In progress',
};

const OUTCOME_OF: Record<ProcedureStatus, Outcome> = { done: 'complete', cancelled: 'cancelled', support: 'support', active: 'in-progress' };

export function outcomeOf(status: ProcedureStatus): Outcome {
  return OUTCOME_OF[status];
}

export interface HistoryQuery {
  /** Words that must all appear in the site name, procedure title, id or operator. */
  text: string;
  /** '' = every site. */
  siteId: string;
  /** '' = every procedure. */
  kind: ProcedureKind | '';
  /** '' = every outcome. */
  outcome: Outcome | '';
  /** Local dates YYYY-MM-DD, inclusive; '' = open. Compared with when the procedure last changed (ended). */
  from: string;
  to: string;
}

export const EMPTY_QUERY: HistoryQuery = { text: '', siteId: '', kind: '', outcome: '', from: '', to: '' };

export interface IndexedProcedure {
  summary: ProcedureSummary;
  words: string;
  outcome: Outcome;
  /** updatedAt in milliseconds. */
  at: number;
}

/** Lower case, accents removed, so “Zürich” is found by “zurich”. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Newest first (by last change), each with its searchable words. */
export function indexHistory(procedures: readonly ProcedureSummary[]): IndexedProcedure[] {
  return procedures
    .map((summary) => ({
      summary,
      words: fold([summary.siteName, summary.title, summary.id, summary.kind, summary.operator ?? ''].join('\n')),
      outcome: outcomeOf(summary.status),
      at: Date.parse(summary.updatedAt),
    }))
    .sort((a, b) => b.at - a.at || b.summary.id.localeCompare(a.summary.id));
}

/** Local midnight of a YYYY-MM-DD date, `days` later; NaN for anything else. */
function localDay(date: string, days: number): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return Number.NaN;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).getTime();
}

/** The procedures that match every part of the query, newest first. */
export function filterHistory(index: readonly IndexedProcedure[], query: HistoryQuery): ProcedureSummary[] {
  const terms = fold(query.text).split(/\s+/).filter((t) => t !== '');
  const from = query.from === '' ? Number.NEGATIVE_INFINITY : localDay(query.from, 0);
  const until = query.to === '' ? Number.POSITIVE_INFINITY : localDay(query.to, 1);
  const matches: ProcedureSummary[] = [];
  for (const item of index) {
    if (query.siteId !== '' && item.summary.siteId !== query.siteId) continue;
    if (query.kind !== '' && item.summary.kind !== query.kind) continue;
    if (query.outcome !== '' && item.outcome !== query.outcome) continue;
    // A date that is not a date matches nothing rather than everything.
    if (!(item.at >= from) || !(item.at < until)) continue;
    if (!terms.every((t) => item.words.includes(t))) continue;
    matches.push(item.summary);
  }
  return matches;
}

/** Whether the query narrows anything (for "Clear filters"). */
export function isFiltered(query: HistoryQuery): boolean {
  return (Object.keys(EMPTY_QUERY) as (keyof HistoryQuery)[]).some((key) => query[key].trim() !== '');
}

/** The sites that appear in the history, by name, for the site filter. */
export function historySites(procedures: readonly ProcedureSummary[]): { id: string; name: string }[] {
  const names = new Map<string, string>();
  for (const p of procedures) if (!names.has(p.siteId)) names.set(p.siteId, procedureWhere(p));
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** One page of a list, pages counted from 0; a page past the end shows the last one. */
export function pageOf<T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const at = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(at * size, at * size + size), page: at, pages };
}
