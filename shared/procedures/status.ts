/**
 * One pure reading of where a procedure stands, for the home list, the header and the tests
 * alike: how many steps are done out of those it will take, a status in words, and whether it
 * waits for a person because something failed. Never "In progress" for a failed step, never
 * "10 of 10 done" for a cancelled procedure.
 */
import type { ProcedureStatus, StepStatus } from './view';

export interface CountedStep {
  id: string;
  status: StepStatus;
  /** False for a step the facts rule out (e.g. no backup between Base and site without a Base package). */
  counts: boolean;
}

export interface ProcedureStanding {
  progress: { done: number; total: number };
  statusLabel: string;
  attention: boolean;
}

/**
 * `atStepId`: the step the procedure is at, or for a cancelled one the step it was cancelled at.
 */
export function procedureStanding(status: ProcedureStatus, steps: readonly CountedStep[], atStepId: string | null): ProcedureStanding {
  const counted = steps.filter((step) => step.counts || step.status === 'done');
  const progress = { done: counted.filter((step) => step.status === 'done').length, total: counted.length };
  const at = atStepId === null ? -1 : steps.findIndex((step) => step.id === atStepId);
  switch (status) {
    case 'done':
      return { progress, statusLabel: 'Complete', attention: false };
    case 'support':
      return { progress, statusLabel: 'Needs attention — do not restart the appliance', attention: true };
    case 'cancelled':
      return { progress, statusLabel: at >= 0 ? `Cancelled at step ${at + 1}` : 'Cancelled', attention: false };
    case 'active': {
      const current = at >= 0 ? steps[at] : undefined;
      const stuck = current?.status === 'failed' || current?.status === 'blocked';
      return { progress, statusLabel: stuck ? 'Needs attention' : 'In progress', attention: stuck };
    }
  }
}
