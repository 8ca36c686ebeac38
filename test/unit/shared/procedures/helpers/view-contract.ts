/**
 * What every procedure view promises about a snapshot, whatever the procedure: the actions it
 * offers are exactly the operator events the machine accepts, each asks for a value or a note
 * exactly when the machine needs one, and the view reads the same from a JSON round trip.
 */
import { expect } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../../../../../shared/procedures/definition';
import { NOTE, operator, type OperatorEvent } from './air-gap-model';

/** Keys whose values are for the machine or a tooltip, never read as text: rule ids, codes, event names. */
const NOT_TEXT = new Set(['rules', 'event', 'id', 'kind', 'status', 'tone', 'confirmTone', 'currentStepId']);

/** Every text a person reads in a view, with where it sits. */
export function textsOf(value: unknown, at = ''): { at: string; text: string }[] {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => textsOf(item, `${at}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => {
      // An error's code is for the journal export; its message and hint are read.
      if (NOT_TEXT.has(key) || (key === 'code' && typeof item === 'string')) return [];
      return textsOf(item, `${at}.${key}`);
    });
  }
  return [];
}

/** Words for technicians: no rule ids ("R4") and no event or error codes ("CLOCK_SKEW") in what the view says. */
export function expectPlainWords(view: ProcedureViewPart): void {
  const coded = textsOf(view).filter(({ text }) => /\bR\d{1,2}\b/.test(text) || /\b[A-Z]{2,}(?:_[A-Z]+)+\b/.test(text));
  expect(coded).toEqual([]);
}

/** One primary action per step, so the next thing to do is never in doubt. */
export function expectOnePrimary(view: ProcedureViewPart): void {
  for (const step of view.steps) expect(step.actions.filter((action) => action.tone === 'primary').length).toBeLessThanOrEqual(1);
}

export function expectViewContract(
  machine: AnyStateMachine,
  view: (snapshot: SnapshotLike, input: ProcedureInput) => ProcedureViewPart,
  snapshot: AnyMachineSnapshot,
  input: ProcedureInput,
  operatorEvents: readonly OperatorEvent[],
  valueOf: (type: string) => string,
): ProcedureViewPart {
  const shown = view(snapshot, input);
  const restored = view(JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))), input);
  expect(restored).toEqual(JSON.parse(JSON.stringify(shown)));

  const offered = shown.steps.flatMap((step) => step.actions.map((action) => action.event)).sort();
  const accepted = [...new Set(operatorEvents.filter((event) => snapshot.can(event)).map((event) => event.type))].sort();
  expect(offered).toEqual(accepted);

  for (const step of shown.steps) if (step.actions.length > 0) expect(step.id).toBe(shown.currentStepId);
  for (const action of shown.steps.flatMap((step) => step.actions)) {
    // A secret (a passphrase) reaches the machine without its value: the host keeps it in memory.
    const typed = action.input !== undefined && action.input.kind !== 'secret';
    const value = typed ? { value: valueOf(action.event) } : {};
    // The value the action asks for is needed: without it the machine refuses the event.
    if (typed) expect(snapshot.can(operator(action.event, { note: NOTE }))).toBe(false);
    const bare = snapshot.can(operator(action.event, value));
    const withNote = snapshot.can(operator(action.event, { ...value, note: NOTE }));
    expect(withNote).toBe(true);
    expect(action.needsNote ?? false).toBe(!bare);
  }

  expectPlainWords(shown);
  expectOnePrimary(shown);

  if (shown.status === 'active') {
    const current = shown.steps.find((step) => step.id === shown.currentStepId);
    expect(['active', 'failed', 'blocked']).toContain(current?.status);
  } else {
    expect(shown.banner).toBeDefined();
    expect(shown.steps.some((step) => step.status === 'pending')).toBe(false);
  }
  return shown;
}
