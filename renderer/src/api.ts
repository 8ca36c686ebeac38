/**
 * The renderer's only door to main: a typed wrapper over `window.assistant` (the preload
 * bridge in Electron, a websocket shim in the test harness). Replies become values or
 * thrown ApiErrors, so components handle one error shape.
 */
import type {
  AssistantApi,
  Channel,
  EventName,
  EventPayload,
  RequestInput,
  RequestOutput,
} from '../../shared/contract';
import { ERROR_CODES, type AppErrorShape, type ErrorCode } from '../../shared/errors';

declare global {
  interface Window {
    assistant: AssistantApi;
  }
}

export class ApiError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  readonly hint: string;
  /** The code as main sent it, also when this build does not know it yet (it reads INTERNAL in `code`). */
  readonly sentCode: string;
  /** What main attached for the UI to act on, e.g. the procedure already running. */
  readonly details: Record<string, unknown> | undefined;

  constructor(shape: AppErrorShape, sentCode: string = shape.code, details?: Record<string, unknown>) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.hint = shape.hint;
    this.sentCode = sentCode;
    this.details = details;
  }
}

/**
 * The procedure already running on this appliance, when a start was refused for it
 * (PROCEDURE_ACTIVE, with the running procedure's id in the details); otherwise null.
 */
export function activeProcedureId(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.sentCode !== 'PROCEDURE_ACTIVE') return null;
  const details = error.details ?? {};
  const id = details.procedureId ?? details.existingProcedureId ?? details.id;
  return typeof id === 'string' && id !== '' ? id : null;
}

function toErrorCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

/** Any thrown value as the shape a person reads; transport failures must not show a stack. */
export function asAppError(error: unknown): AppErrorShape {
  if (error instanceof ApiError) return { code: error.code, message: error.message, hint: error.hint };
  return {
    code: 'INTERNAL',
    message: 'The assistant lost contact with its background service while doing this.',
    hint: 'Try again. If it repeats, restart the assistant; procedures resume where they stopped.',
  };
}

export async function call<C extends Channel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>> {
  const reply = await window.assistant.invoke(channel, input);
  if (reply.ok) return reply.value;
  const { details } = reply.error as { details?: unknown };
  throw new ApiError(
    { code: toErrorCode(reply.error.code), message: reply.error.message, hint: reply.error.hint },
    reply.error.code,
    typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined,
  );
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.assistant.on(event, listener);
}
