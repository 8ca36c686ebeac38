import { useState } from 'react';
import type { StepAction } from '../../../shared/procedures/view';
import { dialogWords } from '../step-action-words';
import { ConfirmDialog } from './confirm-dialog';

interface Props {
  /** Actions without an input; those with one are drawn as forms by StepActionForm. */
  actions: StepAction[];
  busy: boolean;
  onSend: (event: string, note: string | undefined) => void;
}

/**
 * The events main offers for this step, as buttons. An action with a `confirm` sentence or
 * a required note opens a dialog first; nothing is sent until the operator agrees.
 */
export function StepActions({ actions, busy, onSend }: Props) {
  const [pending, setPending] = useState<StepAction | null>(null);

  const choose = (action: StepAction) => {
    if (action.confirm || action.needsNote) setPending(action);
    else onSend(action.event, undefined);
  };

  return (
    <div className="step-actions" role="group" aria-label="Step actions">
      {actions.map((action) => (
        <button
          key={action.event}
          type="button"
          className={`button button--${action.tone}`}
          data-testid="step-action"
          data-event={action.event}
          disabled={busy}
          aria-haspopup={action.confirm || action.needsNote ? 'dialog' : undefined}
          onClick={() => choose(action)}
        >
          {action.label}
        </button>
      ))}
      {pending && (
        <ConfirmDialog
          {...dialogWords(pending)}
          message={pending.confirm}
          needsNote={pending.needsNote}
          busy={busy}
          onCancel={() => setPending(null)}
          onConfirm={(note) => {
            setPending(null);
            onSend(pending.event, note);
          }}
        />
      )}
    </div>
  );
}
