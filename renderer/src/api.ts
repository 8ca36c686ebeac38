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

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.hint = shape.hint;
  }
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
  throw new ApiError({ code: toErrorCode(reply.error.code), message: reply.error.message, hint: reply.error.hint });
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.assistant.on(event, listener);
}
