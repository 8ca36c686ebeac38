/**
 * Pushed events from main to every connected view (Electron window or harness socket).
 * Payloads are validated against the contract before they leave, like replies.
 */
import { events, type EventName, type EventPayload } from '../../shared/contract';

export type EventListener = (event: EventName, payload: unknown) => void;

export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(onInvalid?: (event: EventName, error: unknown) => void): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      const checked = events[event].safeParse(payload);
      if (!checked.success) {
        onInvalid?.(event, checked.error);
        return;
      }
      for (const listener of listeners) listener(event, checked.data);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
