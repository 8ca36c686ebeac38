import type { Progress } from '../../../shared/domain';
import type { StepView } from '../../../shared/procedures/view';
import { humaniseTimestamps } from '../format';
import { ErrorPanel } from './error-panel';
import { ProgressView } from './progress-view';
import { StatusIcon, statusLabel } from './status-icon';
import { StepActions } from './step-actions';
import { WaitCountdown } from './wait-countdown';
import './step-detail.css';

const KIND_LABELS: Record<StepView['kind'], string> = {
  auto: 'The assistant does this',
  guided: 'You do this in the appliance web interface',
  decision: 'Your decision',
  gate: 'A rule that must hold before going on',
  wait: 'Waiting for the appliance',
};

interface Props {
  step: StepView;
  /** False when the operator is looking back at another step: nothing can be sent from here. */
  interactive: boolean;
  progress: Progress | undefined;
  busy: boolean;
  sendError: { code: string; message: string; hint: string } | undefined;
  onSend: (event: string, note: string | undefined) => void;
  onOpenPage: (url: string) => void;
  onBackToCurrent: (() => void) | undefined;
}

export function StepDetail({ step, interactive, progress, busy, sendError, onSend, onOpenPage, onBackToCurrent }: Props) {
  const paragraphs = step.instruction.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <article className="step-detail" data-testid="current-step" data-step-id={step.id} data-status={step.status}>
      {onBackToCurrent && (
        <div className="step-detail__readonly" role="note">
          <span>You are looking at another step. Nothing can be changed from here.</span>
          <button type="button" className="button button--secondary button--small" onClick={onBackToCurrent}>
            Back to the current step
          </button>
        </div>
      )}
      <header className="step-detail__header">
        <StatusIcon status={step.status} />
        <div className="step-detail__heading">
          <h2 className="step-detail__title">{step.title}</h2>
          <p className="step-detail__meta">
            <span className={`tag tag--kind tag--${step.kind}`}>{step.kind}</span>
            <span>{KIND_LABELS[step.kind]}</span>
            <span aria-hidden="true">·</span>
            <span>{statusLabel(step.status)}</span>
            {step.rules.map((rule) => (
              <span key={rule} className="tag tag--rule">
                {rule}
              </span>
            ))}
          </p>
        </div>
      </header>

      <div className="step-detail__instruction">
        {paragraphs.map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
      </div>

      {step.pagePath && (
        <div className="step-detail__page">
          <span className="step-detail__page-label">Page</span>
          <code className="step-detail__page-path">{step.pagePath}</code>
          {step.pageUrl && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => onOpenPage(step.pageUrl as string)}
            >
              Open page
            </button>
          )}
        </div>
      )}

      {step.wait && <WaitCountdown wait={step.wait} running={step.status === 'active'} />}
      {progress && step.status === 'active' && <ProgressView progress={progress} />}

      {step.items && step.items.length > 0 && (
        <ul className="step-detail__items" aria-label="Items">
          {step.items.map((item, i) => (
            <li key={`${item.label}-${i}`} className="step-detail__item" data-testid="step-item" data-status={item.status}>
              <StatusIcon status={item.status} />
              <span className="step-detail__item-label">{humaniseTimestamps(item.label)}</span>
              <span className="step-detail__item-detail">
                {item.detail !== undefined ? humaniseTimestamps(item.detail) : statusLabel(item.status)}
              </span>
            </li>
          ))}
        </ul>
      )}

      {step.facts.length > 0 && (
        <table className="facts" data-testid="facts">
          <tbody>
            {step.facts.map((fact, i) => (
              <tr key={`${fact.label}-${i}`}>
                <th scope="row">{fact.label}</th>
                <td
                  className={`${fact.mono ? 'mono ' : ''}${fact.tone ? `tone-${fact.tone}` : ''}`.trim() || undefined}
                  title={fact.mono ? fact.value : undefined}
                >
                  {humaniseTimestamps(fact.value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {step.verification && (
        <div
          className={`verification verification--${step.verification.ok ? 'ok' : 'bad'}`}
          data-testid="verification"
          data-ok={String(step.verification.ok)}
        >
          <strong>{step.verification.ok ? 'Verified' : 'Verification failed'}</strong>
          <span>{humaniseTimestamps(step.verification.text)}</span>
        </div>
      )}

      {step.error && <ErrorPanel error={step.error} />}
      {interactive && sendError && <ErrorPanel error={sendError} title="The assistant could not do that" />}

      {interactive && step.actions.length > 0 && <StepActions actions={step.actions} busy={busy} onSend={onSend} />}
    </article>
  );
}
