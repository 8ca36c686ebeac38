/**
 * A stand-in for the preload bridge: answers each channel from a table (a value, a function
 * of the input, or an error shape) and lets a test push events as main would.
 */
import { vi } from 'vitest';
import type { AssistantApi, Channel, EventName, EventPayload, RequestInput, RequestOutput } from '../../../../shared/contract';

type ErrorReply = { error: { code: string; message: string; hint: string } };
type Handler<C extends Channel> = RequestOutput<C> | ErrorReply | ((input: RequestInput<C>) => RequestOutput<C> | ErrorReply);
export type Handlers = { [C in Channel]?: Handler<C> };

export function isErrorReply(value: unknown): value is ErrorReply {
  return typeof value === 'object' && value !== null && 'error' in value && !Array.isArray(value);
}

export function installFakeAssistant(handlers: Handlers) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const invoke = vi.fn(async (channel: Channel, input: unknown) => {
    const handler = handlers[channel] as unknown;
    if (handler === undefined) {
      return { ok: false as const, error: { code: 'NOT_FOUND', message: `No fake for ${channel}`, hint: 'Add one to the test.' } };
    }
    const result = typeof handler === 'function' ? (handler as (i: unknown) => unknown)(input) : handler;
    if (isErrorReply(result)) return { ok: false as const, error: result.error };
    return { ok: true as const, value: result };
  });
  const api = {
    invoke,
    on(event: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as AssistantApi;
  window.assistant = api;
  return {
    invoke,
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    /** Inputs of every call made on one channel, in order. */
    calls<C extends Channel>(channel: C): RequestInput<C>[] {
      return invoke.mock.calls.filter(([c]) => c === channel).map(([, input]) => input as RequestInput<C>);
    },
  };
}
