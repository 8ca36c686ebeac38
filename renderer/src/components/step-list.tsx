import type { StepView } from '../../../shared/procedures/view';
import { StatusIcon, statusLabel } from './status-icon';
import './step-list.css';

interface Props {
  steps: StepView[];
  currentStepId: string | null;
  selectedStepId: string | null;
  onSelect: (stepId: string) => void;
}

/** The whole procedure at a glance: every step with its status (the rules behind a step are in its "Why?"). */
export function StepList({ steps, currentStepId, selectedStepId, onSelect }: Props) {
  return (
    <nav className="step-list" aria-label="Procedure steps">
      <ol className="step-list__items">
        {steps.map((step, index) => {
          const isCurrent = step.id === currentStepId;
          const isSelected = step.id === selectedStepId;
          return (
            <li key={step.id} className={`step-list__item step-list__item--${step.status}`}>
              <button
                type="button"
                className={`step-list__button${isSelected ? ' step-list__button--selected' : ''}`}
                data-testid="procedure-step"
                data-step-id={step.id}
                data-status={step.status}
                aria-current={isCurrent ? 'step' : undefined}
                aria-pressed={isSelected}
                onClick={() => onSelect(step.id)}
              >
                <StatusIcon status={step.status} />
                <span className="step-list__text">
                  <span className="step-list__title">
                    <span className="step-list__number">{index + 1}.</span> {step.title}
                  </span>
                  <span className="visually-hidden">, {statusLabel(step.status)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
