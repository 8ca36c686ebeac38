import { humaniseTimestamps } from '../format';
import './banner.css';
import './app-warnings.css';

export interface AppWarning {
  code: string;
  message: string;
  hint: string;
}

interface Props {
  warnings: AppWarning[];
  onDismiss: () => void;
}

/**
 * What main could not do at start-up (typically a procedure it could not resume), said once
 * on the home screen. Nothing was dropped silently: each warning says what happened and what
 * to do; the operator dismisses the banner when they have read it.
 */
export function AppWarnings({ warnings, onDismiss }: Props) {
  const title =
    warnings.length === 1
      ? 'The assistant found a problem when it started'
      : `The assistant found ${warnings.length} problems when it started`;
  return (
    <section className="app-warnings banner banner--warn" data-testid="app-warning" role="alert" aria-label={title}>
      <div className="app-warnings__header">
        <h2 className="banner__title">{title}</h2>
        <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul className="app-warnings__list">
        {warnings.map((warning, i) => (
          <li key={`${warning.code}-${i}`} className="app-warnings__item" data-testid="app-warning-item" data-code={warning.code}>
            <p className="app-warnings__message">
              {humaniseTimestamps(warning.message)} <code className="app-warnings__code">{warning.code}</code>
            </p>
            <p className="app-warnings__hint">{humaniseTimestamps(warning.hint)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
