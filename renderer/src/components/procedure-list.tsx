import type { ProcedureSummary } from '../../../shared/procedures/view';
import { formatDateTime, formatRelativeTime, procedureWhere } from '../format';
import { progressWords } from '../procedure-status';
import { ProcedureStatusBadge } from './procedure-status-badge';
import './procedure-list.css';

interface Props {
  procedures: ProcedureSummary[];
  now: Date;
  /** Label of the button on each row: "Resume" for running procedures, "Open" for finished ones. */
  actionLabel: string;
  onOpen: (id: string) => void;
  /** Also when it started and who started it (the history). */
  showStarted?: boolean;
}

export function ProcedureList({ procedures, now, actionLabel, onOpen, showStarted = false }: Props) {
  return (
    <ul className="procedure-list">
      {procedures.map((p) => (
        <li key={p.id} className="procedure-list__row" data-testid="procedure-summary" data-procedure-id={p.id} data-status={p.status}>
          <div className="procedure-list__main">
            <span className="procedure-list__title">{p.title}</span>
            <span className="procedure-list__meta">
              {procedureWhere(p)}
              {p.currentStepTitle && (
                <>
                  {' · '}
                  <span>
                    {p.status === 'active' ? 'Now: ' : 'Stopped at: '}
                    {p.currentStepTitle}
                  </span>
                </>
              )}
              {showStarted && (
                <>
                  {' · '}
                  <span data-testid="procedure-started">
                    started {formatDateTime(p.startedAt)}
                    {p.operator ? ` by ${p.operator}` : ''}
                  </span>
                </>
              )}
              {progressWords(p) && (
                <>
                  {' · '}
                  <span data-testid="procedure-progress">{progressWords(p)}</span>
                </>
              )}
            </span>
          </div>
          <ProcedureStatusBadge procedure={p} />
          <span className="procedure-list__time" title={formatDateTime(p.updatedAt)}>
            {formatRelativeTime(p.updatedAt, now)}
          </span>
          <button
            type="button"
            className={`button button--small ${p.status === 'active' ? 'button--primary' : 'button--secondary'}`}
            aria-label={`${actionLabel} ${p.title}${p.siteName.trim() !== '' ? ` at ${p.siteName}` : ''}`}
            onClick={() => onOpen(p.id)}
          >
            {actionLabel}
          </button>
        </li>
      ))}
    </ul>
  );
}
