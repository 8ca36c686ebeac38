/**
 * The transport-agnostic service router generated from shared/contract.ts. Electron IPC
 * (electron/platform/ipc-main.ts) and the test harness's websocket both hand raw calls to
 * `dispatch`, which validates the input, runs the handler, validates the output and turns
 * every failure into `{code, message, hint}`.
 */
import type { z } from 'zod';
import { requests, type Channel, type Reply, type RequestOutput, type Requests } from '../../shared/contract';
import { AppError, toAppErrorShape } from '../../shared/errors';

export type Handler<C extends Channel> = (
  input: z.output<Requests[C]['input']>,
) => Promise<RequestOutput<C>> | RequestOutput<C>;

export type Handlers = { [C in Channel]: Handler<C> };

export interface Router {
  dispatch(channel: unknown, input: unknown): Promise<Reply<unknown>>;
}

export interface RouterOptions {
  /** Called with unexpected (non-AppError) failures so they reach the log, not the UI. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requests, value);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  return {
    async dispatch(channel, rawInput) {
      if (!isChannel(channel)) {
        return fail(new AppError('INVALID_INPUT', 'The window asked for an action the assistant does not have.', 'Restart the assistant; if it repeats, report it.'));
      }
      const schema = requests[channel];
      const parsed = schema.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        return fail(new AppError('INVALID_INPUT', describeIssues(parsed.error), 'Correct the highlighted value and try again.'));
      }
      try {
        const handler = handlers[channel] as (input: unknown) => unknown;
        const value = await handler(parsed.data);
        const checked = schema.output.safeParse(value);
        if (!checked.success) {
          options.onUnexpectedError?.(channel, checked.error);
          return fail(new Error(`output of ${channel} does not match the contract`));
        }
        return { ok: true, value: checked.data };
      } catch (error) {
        if (!(error instanceof AppError)) options.onUnexpectedError?.(channel, error);
        return fail(error);
      }
    },
  };
}

function fail(error: unknown): Reply<never> {
  return { ok: false, error: toAppErrorShape(error) };
}
