import { describe, expect, it } from 'vitest';
import { procedureStanding, type CountedStep } from '../../../../shared/procedures/status';

const steps = (statuses: CountedStep['status'][], counts: boolean[] = statuses.map(() => true)): CountedStep[] =>
  statuses.map((status, index) => ({ id: `s${index + 1}`, status, counts: counts[index] ?? true }));

describe('procedureStanding: where a procedure stands, in numbers and words', () => {
  it('counts steps done, not steps reached, out of the steps the procedure takes', () => {
    expect(procedureStanding('active', steps(['done', 'done', 'active', 'pending', 'skipped'], [true, true, true, true, false]), 's3')).toEqual({
      progress: { done: 2, total: 4 },
      statusLabel: 'In progress',
      attention: false,
    });
  });

  it.each(['failed', 'blocked'] as const)('reads "Needs attention" for a current step that is %s, never "In progress"', (status) => {
    expect(procedureStanding('active', steps(['done', status, 'pending']), 's2')).toEqual({
      progress: { done: 1, total: 3 },
      statusLabel: 'Needs attention',
      attention: true,
    });
  });

  it('reads "Cancelled at step N" with N the step it was on, and never counts the steps it did not take as done', () => {
    const standing = procedureStanding('cancelled', steps(['done', 'done', 'skipped', 'skipped', 'skipped']), 's3');
    expect(standing).toEqual({ progress: { done: 2, total: 5 }, statusLabel: 'Cancelled at step 3', attention: false });
  });

  it('reads plain "Cancelled" when the step is unknown', () => {
    expect(procedureStanding('cancelled', steps(['skipped']), null).statusLabel).toBe('Cancelled');
  });

  it('reads "Needs attention" at the support end and says not to restart', () => {
    expect(procedureStanding('support', steps(['done', 'failed', 'skipped']), 's2')).toMatchObject({ attention: true, statusLabel: expect.stringMatching(/^Needs attention.*do not restart/) });
  });

  it('reads "Complete" when done, with the steps ruled out by the facts left out of the count', () => {
    expect(procedureStanding('done', steps(['done', 'skipped', 'done'], [true, false, true]), null)).toEqual({
      progress: { done: 2, total: 2 },
      statusLabel: 'Complete',
      attention: false,
    });
  });
});
