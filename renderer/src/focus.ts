/**
 * Where keyboard focus goes as a procedure moves on: to the current step's heading, so a
 * screen reader reads the new step and Tab continues inside it. The skip link asks the
 * procedure screen for the current step through one window event, as it lives in the app shell.
 */
export const CURRENT_STEP_HEADING_ID = 'current-step-heading';
export const SHOW_CURRENT_STEP_EVENT = 'assistant:show-current-step';

export function focusCurrentStepHeading(): boolean {
  const heading = document.getElementById(CURRENT_STEP_HEADING_ID);
  if (!heading) return false;
  heading.focus();
  return true;
}

export function requestCurrentStep(): void {
  window.dispatchEvent(new Event(SHOW_CURRENT_STEP_EVENT));
}
