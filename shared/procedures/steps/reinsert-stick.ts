/**
 * The re-insert step both sides of the air gap place after a write read back only through this
 * computer's cache (which proves its memory, not the stick): the operator removes and re-inserts
 * the stick, the file is checked again from the re-mounted drive, and only a check that holds
 * goes on. State-config builder; the step id is `reinsert-stick` on both sides (prefixed where a pair places it for one appliance), and the names of
 * the re-check's state, actions, guard and journal events are the placing side's, as persisted
 * snapshots and the journal have them. Journal texts are part of the behaviour: tests pin them.
 */
import type { RuleVerdict } from '../../rules/rule-verdict';
import type { ActorBaseInput, ApplianceRole } from '../actors';
import type { JournalParams } from '../definition';
import { actorInput, failWith, ruleError, stepError } from '../machine-helpers';

const STEP = 'reinsert-stick';

interface ContextArgs<TContext> {
  context: TContext;
}

interface DoneArgs<TOutput> {
  event: { output: TOutput };
}

interface OperatorArgs {
  event: { at: string };
}

interface FailureArgs {
  event: { error: unknown };
}

/** The `reinsert-stick` step: waiting → (REINSERTED) the re-check → `passTo`, or failed. */
export function reinsertStickStep<
  TContext extends { procedureId: string; siteId: string },
  TOutput,
  TChecking extends string,
  TReinserted extends string,
  TClear extends string,
  TSrc extends string,
  TMoreInput extends object,
  TGuard extends string,
  TGuardParams,
  TRecord extends string,
  TCancel,
  TRetry,
  TOtherWays extends object,
>(step: {
  /** The machine id, for absolute targets (`#machine.state`). */
  machine: string;
  /** The step's state id and journal step when placed for one appliance of several (e.g. 'b-reinsert-stick'); `reinsert-stick` by default. */
  stepId?: string;
  /** Carried in the re-check's input when placed for one appliance of several. */
  appliance?: ApplianceRole;
  /** The re-check's state under `reinsert-stick` ('verifying', 'reading'). */
  checking: TChecking;
  /** The stick, as the context keeps it. */
  mediaPath: (context: TContext) => string | null;
  /** The action that keeps when the operator said the stick is back in (`{ at }`). */
  recordReinserted: TReinserted;
  /** What the REINSERTED line says is done next, e.g. 'checking the bundle from the drive'. */
  rechecking: string;
  /** The re-check actor: its name (also the invoke id) and what its input holds beyond the step's base and `mediaPath` (`{}` for nothing). */
  actor: { src: TSrc; moreInput: (context: TContext) => TMoreInput };
  /** The entry action that forgets the last re-check. */
  clear: TClear;
  /** The guard that says the re-check holds, with its params from the actor's output. */
  holds: { type: TGuard; params: (output: TOutput) => TGuardParams };
  /** The action that keeps the re-check's output, passed or not. */
  record: TRecord;
  /** The rule the re-check is judged by; its reason is the journal's detail and the error's message. */
  verdict: (context: TContext, output: TOutput) => RuleVerdict;
  /** Where a re-check that holds goes (absolute). */
  passTo: string;
  /** Journal events of the re-check, passed and not passed (the latter also for an actor that rejected). */
  journal: { verified: string; notVerified: string };
  /** The way on shown with a re-check that did not pass; never the re-check actor's own. */
  hint: string;
  /** CANCEL, from every state of the step. */
  cancel: TCancel;
  /** RETRY in `failed`: the placing side's write again. */
  retry: TRetry;
  /** The placing side's other ways out of `failed` (another drive, by hand). */
  otherWays: TOtherWays;
}) {
  const stepId = step.stepId ?? STEP;
  const reason = ({ context, event }: ContextArgs<TContext> & DoneArgs<TOutput>) => step.verdict(context, event.output).reason;

  /** The operator says the stick is back in: it is checked from the drive, and the journal keeps who said so. */
  const reinserted = {
    target: `#${step.machine}.${stepId}.${step.checking}`,
    actions: [
      { type: 'clearError' },
      { type: step.recordReinserted, params: ({ event }: OperatorArgs) => ({ at: event.at }) },
      {
        type: 'journal',
        params: ({ context }: ContextArgs<TContext>): JournalParams => ({
          step: stepId,
          event: 'REINSERTED',
          outcome: 'info',
          who: 'operator',
          detail: `The operator removed and re-inserted the stick ${step.mediaPath(context) ?? ''}; ${step.rechecking}.`,
        }),
      },
    ],
  } as const;

  const checking = {
    entry: { type: step.clear },
    invoke: {
      id: step.actor.src,
      src: step.actor.src,
      input: ({ context }: ContextArgs<TContext>): ActorBaseInput & { mediaPath: string } & TMoreInput => ({
        ...actorInput(context, stepId),
        ...(step.appliance ? { appliance: step.appliance } : {}),
        mediaPath: step.mediaPath(context) ?? '',
        ...step.actor.moreInput(context),
      }),
      onDone: [
        {
          guard: { type: step.holds.type, params: ({ event }: DoneArgs<TOutput>) => step.holds.params(event.output) },
          target: step.passTo,
          actions: [
            { type: step.record, params: ({ event }: DoneArgs<TOutput>) => event.output },
            {
              type: 'journal',
              params: (args: ContextArgs<TContext> & DoneArgs<TOutput>): JournalParams => ({
                step: stepId,
                event: step.journal.verified,
                outcome: 'ok',
                who: 'assistant',
                detail: reason(args),
              }),
            },
          ],
        },
        {
          target: 'failed',
          actions: [
            { type: step.record, params: ({ event }: DoneArgs<TOutput>) => event.output },
            { type: 'recordError', params: (args: ContextArgs<TContext> & DoneArgs<TOutput>) => ruleError(stepId, reason(args), step.hint) },
            {
              type: 'journal',
              params: (args: ContextArgs<TContext> & DoneArgs<TOutput>): JournalParams => ({
                step: stepId,
                event: step.journal.notVerified,
                outcome: 'failed',
                who: 'assistant',
                detail: reason(args),
              }),
            },
          ],
        },
      ],
      // The re-check actor's own hints speak to the other side of the gap; here the way on is this step's.
      onError: {
        target: 'failed',
        actions: [
          { type: 'recordError', params: ({ event }: FailureArgs) => ({ ...stepError(stepId, event.error), hint: step.hint }) },
          ...failWith('failed', stepId, step.journal.notVerified).actions.slice(1),
        ],
      },
    },
    on: { CANCEL: step.cancel },
  } as const;

  return {
    initial: 'waiting',
    states: {
      waiting: {
        on: { REINSERTED: reinserted, CANCEL: step.cancel },
      },
      ...({ [step.checking]: checking } as Record<TChecking, typeof checking>),
      // Never on with a stick that did not pass: write again, check again, or the side's other ways.
      failed: {
        on: { RETRY: step.retry, REINSERTED: reinserted, ...step.otherWays, CANCEL: step.cancel },
      },
    },
  } as const;
}
