import { useCallback, useEffect, useRef, useState } from 'react';
import { SHOW_CURRENT_STEP_EVENT, focusCurrentStepHeading } from '../focus';

interface Options {
  currentStepId: string | null;
  /** The view has arrived (the first draw with a step). */
  loaded: boolean;
  /** The step panel: focus already inside it stays where it is after an action. */
  panelId: string;
  /** The procedure moved to another step: the screen shows the step tab again. */
  onMoved: () => void;
  /** The skip link asked for the current step: the screen shows it. */
  onShowCurrent: () => void;
}

/**
 * Keyboard focus that follows a procedure: to the new step's heading when the procedure moves
 * on, back to the step when an action leaves focus nowhere, and to the current step when the
 * skip link asks. On the first draw focus moves only if it is nowhere (the button that opened
 * the screen is gone), so Tab goes on from the step; an open dialog always keeps focus.
 */
export function useStepFocus({ currentStepId, loaded, panelId, onMoved, onShowCurrent }: Options) {
  // Counted requests, carried out after the render that draws the step.
  const [request, setRequest] = useState(0);
  const forceHeading = useRef(false);
  const seenStepId = useRef<string | null | undefined>(undefined);
  const latest = useRef({ onMoved, onShowCurrent });
  latest.current = { onMoved, onShowCurrent };

  const requestFocus = useCallback(() => setRequest((n) => n + 1), []);
  const focusHeading = useCallback(() => {
    forceHeading.current = true;
    setRequest((n) => n + 1);
  }, []);

  useEffect(() => {
    const moved = seenStepId.current !== undefined && currentStepId !== null && currentStepId !== seenStepId.current;
    const opened = seenStepId.current === undefined && loaded && (document.activeElement === null || document.activeElement === document.body);
    if (moved) {
      latest.current.onMoved();
      focusHeading();
    } else if (opened) requestFocus();
    if (loaded) seenStepId.current = currentStepId;
  }, [currentStepId, loaded, focusHeading, requestFocus]);

  useEffect(() => {
    const show = () => {
      latest.current.onShowCurrent();
      focusHeading();
    };
    window.addEventListener(SHOW_CURRENT_STEP_EVENT, show);
    return () => window.removeEventListener(SHOW_CURRENT_STEP_EVENT, show);
  }, [focusHeading]);

  useEffect(() => {
    if (request === 0) return;
    // An open dialog keeps focus: it is the one thing the operator can act on.
    if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
    const active = document.activeElement;
    // Focus still on something in the step (a field with a refused value) stays there.
    const inStep = active !== null && active !== document.body && document.getElementById(panelId)?.contains(active);
    if (inStep && !forceHeading.current) return;
    forceHeading.current = false;
    focusCurrentStepHeading();
  }, [request, panelId]);

  return { requestFocus, focusHeading };
}
