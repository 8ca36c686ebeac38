import type { AppInfo } from '../hooks/use-app-info';
import './app-header.css';

interface Props {
  info: AppInfo | undefined;
  practiceLab: boolean;
  onHome: () => void;
}

export function AppHeader({ info, practiceLab, onHome }: Props) {
  return (
    <header className="app-header">
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
      <span className="app-header__spacer" />
      {info && (
        <span className="app-header__meta">
          <span title="Recorded in every journal entry">Operator: {info.operator}</span>
          <span className="app-header__version">v{info.version}</span>
        </span>
      )}
    </header>
  );
}
