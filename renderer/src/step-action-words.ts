/**
 * How the buttons and confirm dialogs of a step read. Main offers the actions; this decides
 * only their emphasis and the dialog's words where main does not give them: one primary
 * action per step, and a cancel that reads as what it is.
 */
import type { StepAction } from '../../shared/procedures/view';

/** The first primary action stays primary; any later one is drawn secondary, so one button leads. */
export function withOnePrimary(actions: readonly StepAction[]): StepAction[] {
  let seen = false;
  return actions.map((action) => {
    if (action.tone !== 'primary') return action;
    if (!seen) {
      seen = true;
      return action;
    }
    return { ...action, tone: 'secondary' };
  });
}

export interface DialogWords {
  title: string;
  confirmLabel: string;
  dismissLabel: string;
  tone: StepAction['tone'];
  /** A note the operator may give but need not (the reason for a cancel). */
  noteOptional: boolean;
}

/** Ends the procedure: CANCEL, CANCEL_UPLOAD. */
function isCancel(action: StepAction): boolean {
  return /^CANCEL(?:_|$)/.test(action.event);
}

type WordedAction = StepAction & { confirmLabel?: string; dismissLabel?: string; noteOptional?: boolean };

/**
 * The dialog for an action with a confirm sentence or a note. A cancel reads "Keep working" /
 * the cancel label, in red, with an optional reason; main's own words win where it sends them.
 */
export function dialogWords(action: WordedAction): DialogWords {
  const cancel = isCancel(action);
  return {
    title: action.label,
    confirmLabel: action.confirmLabel ?? action.label,
    dismissLabel: action.dismissLabel ?? (cancel ? 'Keep working' : 'Go back'),
    tone: cancel ? 'danger' : action.tone,
    noteOptional: action.noteOptional ?? (cancel && !action.needsNote),
  };
}
