import { useMemo, useState, type ChangeEvent } from 'react';
import { nounFor } from '../../../shared/counting';
import type { ProcedureKind } from '../../../shared/procedures/view';
import { ErrorPanel } from '../components/error-panel';
import { ProcedureList } from '../components/procedure-list';
import { formatCount } from '../format';
import {
  EMPTY_QUERY,
  OUTCOME_LABELS,
  filterHistory,
  historySites,
  indexHistory,
  isFiltered,
  pageOf,
  type HistoryQuery,
  type Outcome,
} from '../history-filter';
import { useNow } from '../hooks/use-now';
import { useProcedureList } from '../hooks/use-procedure-list';
import { markInput, useCommitMeasure, useFirstRenderMeasure } from '../hooks/use-render-measure';
import './history-screen.css';

/** Rows per page: a page is read at a glance, and the page never holds a year of rows. */
export const HISTORY_PAGE_SIZE = 25;

interface Props {
  onBack: () => void;
  onOpenProcedure: (procedureId: string) => void;
}

/** Every procedure run from this computer, newest first, with search and filters. */
export function HistoryScreen({ onBack, onOpenProcedure }: Props) {
  const procedures = useProcedureList();
  const now = useNow(30_000);
  const [query, setQuery] = useState<HistoryQuery>(EMPTY_QUERY);
  const [page, setPage] = useState(0);
  const all = procedures.data;
  const index = useMemo(() => indexHistory(all ?? []), [all]);
  const sites = useMemo(() => historySites(all ?? []), [all]);
  const kinds = useMemo(() => {
    const titles = new Map<ProcedureKind, string>();
    for (const p of all ?? []) if (!titles.has(p.kind)) titles.set(p.kind, p.title);
    return [...titles].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all]);
  const matches = useMemo(() => filterHistory(index, query), [index, query]);
  const shown = pageOf(matches, page, HISTORY_PAGE_SIZE);
  useFirstRenderMeasure('history-render', all !== undefined);
  useCommitMeasure('history-filter', matches);

  const change = (key: keyof HistoryQuery) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    markInput('history-filter');
    setQuery((q) => ({ ...q, [key]: event.target.value }));
    setPage(0);
  };
  const total = all?.length ?? 0;
  const badRange = query.from !== '' && query.to !== '' && query.from > query.to;

  return (
    <div className="screen history" data-testid="history-screen">
      <button type="button" className="back-link" onClick={onBack}>
        ← All sites and procedures
      </button>
      <header className="section-header">
        <div>
          <h1 className="screen__title">History</h1>
          <p className="screen__subtitle">Every procedure run from this computer, the newest first.</p>
        </div>
      </header>
      {procedures.error && <ErrorPanel error={procedures.error} title="The procedures could not be read" />}

      <form className="history__filters card" role="search" aria-label="Search the history" onSubmit={(e) => e.preventDefault()}>
        <label className="field history__search">
          <span className="field__label">Search</span>
          <input
            className="field__input"
            type="search"
            data-testid="history-search"
            placeholder="Site, procedure, id or operator"
            value={query.text}
            onChange={change('text')}
          />
        </label>
        <Choice label="Site" testId="history-site" value={query.siteId} onChange={change('siteId')} any="All sites" options={sites.map((s) => [s.id, s.name])} />
        <Choice label="Procedure" testId="history-kind" value={query.kind} onChange={change('kind')} any="All procedures" options={kinds} />
        <Choice
          label="Outcome"
          testId="history-outcome"
          value={query.outcome}
          onChange={change('outcome')}
          any="Any outcome"
          options={(Object.keys(OUTCOME_LABELS) as Outcome[]).map((o) => [o, OUTCOME_LABELS[o]])}
        />
        <label className="field">
          <span className="field__label">From</span>
          <input className="field__input" type="date" data-testid="history-from" value={query.from} onChange={change('from')} />
        </label>
        <label className="field">
          <span className="field__label">To</span>
          <input className="field__input" type="date" data-testid="history-to" value={query.to} onChange={change('to')} aria-invalid={badRange || undefined} />
        </label>
      </form>

      <div className="history__summary">
        <p className="history__count" role="status" data-testid="history-count">
          {all === undefined
            ? 'Reading the history…'
            : isFiltered(query)
              ? `${formatCount(matches.length)} of ${formatCount(total)} ${nounFor(total, 'procedure')}`
              : `${formatCount(total)} ${nounFor(total, 'procedure')}`}
        </p>
        <button
          type="button"
          className="button button--secondary history__clear"
          disabled={!isFiltered(query)}
          onClick={() => {
            markInput('history-filter');
            setQuery(EMPTY_QUERY);
            setPage(0);
          }}
        >
          Clear filters
        </button>
      </div>
      {badRange && <p className="field__error">The “From” date is after the “To” date, so nothing can match.</p>}

      {all !== undefined && matches.length === 0 && !badRange && (
        <p className="muted" data-testid="history-none">
          {total === 0 ? 'No procedures yet. They appear here once one has started.' : 'No procedure matches. Change the search or clear the filters.'}
        </p>
      )}
      {shown.items.length > 0 && (
        <div className="card card--flush" data-testid="history-list">
          <ProcedureList
            procedures={shown.items}
            now={now}
            actionLabel="Open"
            onOpen={onOpenProcedure}
            showStarted
          />
        </div>
      )}
      {shown.pages > 1 && (
        <nav className="history__pages" aria-label="Pages of the history">
          <button type="button" className="button button--secondary button--small" disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>
            Newer
          </button>
          <span data-testid="history-page">
            Page {shown.page + 1} of {shown.pages}
          </span>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={shown.page >= shown.pages - 1}
            onClick={() => setPage(shown.page + 1)}
          >
            Older
          </button>
        </nav>
      )}
    </div>
  );
}

interface ChoiceProps {
  label: string;
  testId: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
  /** The first option, which filters nothing. */
  any: string;
  options: readonly (readonly [string, string])[];
}

/** One of the history's drop-down filters. */
function Choice({ label, testId, value, onChange, any, options }: ChoiceProps) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <select className="field__input" data-testid={testId} value={value} onChange={onChange}>
        <option value="">{any}</option>
        {options.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
