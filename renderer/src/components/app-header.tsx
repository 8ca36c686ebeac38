import type { AppInfo } from '../hooks/use-app-info';
import { useNow } from '../hooks/use-now';
import { formatWindowClock } from '../format';
import { procedureStatusWords, progressWords, type StatusSource } from '../procedure-status';
import './app-header.css';

/** The open procedure, as the header shows it: status, steps done, the maintenance window's clock. */
export interface HeaderProcedure extends StatusSource {
  title: string;
  /** When the maintenance window started; absent until it has. */
  windowStartedAt?: string;
  /** The procedure has a maintenance window still to start (so the header says it has not). */
  windowPending?: boolean;
  /** The window's planned end, where the operator or the procedure gives one. */
  windowPlannedEnd?: string;
}

interface Props {
  info: AppInfo | undefined;
  practiceLab: boolean;
  onHome: () => void;
  /** Shown while a procedure is open. */
  procedure?: HeaderProcedure;
}

export function AppHeader({ info, practiceLab, onHome, procedure }: Props) {
  return (
    <header className={`app-header${procedure ? ' app-header--with-procedure' : ''}`}>
      <button type="button" className="app-header__brand" onClick={onHome} aria-label="Appliance Upgrade Assistant — home">
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" className="app-header__logo">
          <rect x="3" y="4" width="18" height="6" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <rect x="3" y="14" width="18" height="6" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <circle cx="7" cy="7" r="1" fill="currentColor" />
          <circle cx="7" cy="17" r="1" fill="currentColor" />
          <path d="M14 17l2-2 2 2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="app-header__name">Appliance Upgrade Assistant</span>
      </button>
      {practiceLab && (
        <span className="app-header__lab" data-testid="practice-lab-indicator" title="Simulated appliances are configured">
          Practice lab
        </span>
      )}
      {procedure && <HeaderProcedureStatus procedure={procedure} />}
      <span className="app-header__spacer" />
      {info && (
        <span className="app-header__meta">
          <span className="app-header__operator" title={`Operator: ${info.operator} — recorded in every journal entry`}>
            Operator: {info.operator}
          </span>
          <span className="app-header__version">v{info.version}</span>
        </span>
      )}
    </header>
  );
}

function HeaderProcedureStatus({ procedure }: { procedure: HeaderProcedure }) {
  const running = procedure.status === 'active' || procedure.status === 'support';
  const now = useNow(15_000, running && procedure.windowStartedAt !== undefined);
  const words = procedureStatusWords(procedure);
  const steps = progressWords(procedure);
  const clock =
    procedure.windowStartedAt !== undefined && running
      ? formatWindowClock(procedure.windowStartedAt, procedure.windowPlannedEnd, now)
      : null;
  return (
    <span className="app-header__procedure" data-testid="header-procedure">
      <span className={`badge badge--${words.tone}`} data-testid="header-status">
        {words.label}
      </span>
      {steps && <span data-testid="header-progress">{steps}</span>}
      {clock && (
        <span className={`app-header__clock${clock.overrun ? ' app-header__clock--overrun' : ''}`} data-testid="window-clock">
          {clock.text}
        </span>
      )}
      {!clock && procedure.windowPending && procedure.status === 'active' && (
        <span className="app-header__clock" data-testid="window-clock">
          Window not started
        </span>
      )}
    </span>
  );
}
