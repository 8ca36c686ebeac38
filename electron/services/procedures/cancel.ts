/** Cancellation shared by the actors: an aborted signal always surfaces as AppError CANCELLED. */
import { AppError } from '../../../shared/errors';

export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'The step was stopped before it finished.', 'It runs again from the start of the step when the procedure resumes.');
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancelledError();
}

/** Waits `ms`, or rejects with CANCELLED as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
