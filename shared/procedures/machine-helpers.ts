/**
 * Small pieces every procedure machine uses: the placeholder for a side effect the host has
 * not provided, the base input of every actor, the error a step keeps for the view, and the
 * RETRY, done and failure transitions. They name actions (`journal`, `recordError`, `clearError`)
 * that each machine's setup() implements.
 */
import { AppError, toAppErrorShape, type AppErrorShape } from '../errors';
import type { ActorBaseInput } from './actors';
import type { JournalParams } from './definition';

/** An error kept for the view, with the step it stopped. */
export interface StepError extends AppErrorShape {
  step: string;
}

export interface CancelRecord {
  at: string;
  step: string;
  note?: string;
}

export function notProvided(name: string): never {
  throw new AppError(
    'INTERNAL',
    `The assistant has no implementation for "${name}".`,
    'This is a fault in the assistant itself; export the journal and contact the project team.',
  );
}

export function stepError(step: string, error: unknown): StepError {
  return { ...toAppErrorShape(error), step };
}

export function ruleError(step: string, message: string, hint: string): StepError {
  return { code: 'RULE_NOT_MET', message, hint, step };
}

export function actorInput(context: { procedureId: string; siteId: string }, stepId: string): ActorBaseInput {
  return { procedureId: context.procedureId, siteId: context.siteId, stepId };
}

interface FailureArgs {
  event: { error: unknown };
}

interface DoneArgs<TOutput> {
  event: { output: TOutput };
}

/** What the journal says of an actor's result: `ok` unless a rule judged the result otherwise. */
export interface DoneJournal {
  detail: string;
  outcome?: JournalParams['outcome'];
  checksums?: Record<string, string>;
}

/**
 * An actor finished: keep its output with the machine's `record` action, write what the
 * assistant did on `step` to the journal, and go on to `target`.
 */
export function recordDone<TRecord extends string, TOutput>(
  target: string,
  record: TRecord,
  step: string,
  journalEvent: string,
  describe: (output: TOutput) => DoneJournal,
) {
  return {
    target,
    actions: [
      { type: record, params: ({ event }: DoneArgs<TOutput>) => event.output },
      {
        type: 'journal',
        params: ({ event }: DoneArgs<TOutput>): JournalParams => {
          const { detail, outcome = 'ok', checksums } = describe(event.output);
          return { step, event: journalEvent, outcome, who: 'assistant', detail, ...(checksums ? { checksums } : {}) };
        },
      },
    ],
  } as const;
}

/** RETRY after a failed automatic step: the error is cleared and the step runs again. */
export function retryTo(target: string, step: string) {
  return {
    target,
    actions: [
      { type: 'clearError' },
      { type: 'journal', params: { step, event: 'RETRY', outcome: 'info', who: 'operator' } satisfies JournalParams },
    ],
  } as const;
}

/** An actor rejected: keep its error for the view and write it to the journal. */
export function failWith(target: string, step: string, journalEvent: string) {
  return {
    target,
    actions: [
      { type: 'recordError', params: ({ event }: FailureArgs) => stepError(step, event.error) },
      {
        type: 'journal',
        params: ({ event }: FailureArgs): JournalParams => ({
          step,
          event: journalEvent,
          outcome: 'failed',
          who: 'assistant',
          detail: toAppErrorShape(event.error).message,
        }),
      },
    ],
  } as const;
}
