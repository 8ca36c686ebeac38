import type { AppErrorShape } from '../../../shared/errors';
import { humaniseTimestamps } from '../format';
import './error-panel.css';

interface Props {
  error: Pick<AppErrorShape, 'message' | 'hint'> & { code: string };
  title?: string;
}

/** A failure as the operator needs it: what happened, what to do next, and the code for support. */
export function ErrorPanel({ error, title = 'This did not work' }: Props) {
  return (
    <section className="error-panel" data-testid="error-panel" role="alert" aria-label={title}>
      <header className="error-panel__header">
        <span className="error-panel__title">{title}</span>
        <code className="error-panel__code" data-testid="error-code">
          {error.code}
        </code>
      </header>
      <dl className="error-panel__body">
        <dt>What happened</dt>
        <dd data-testid="error-message">{humaniseTimestamps(error.message)}</dd>
        <dt>What to do next</dt>
        <dd data-testid="error-hint">{humaniseTimestamps(error.hint)}</dd>
      </dl>
    </section>
  );
}
