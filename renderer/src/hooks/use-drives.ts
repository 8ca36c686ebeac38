import { useEffect, useState } from 'react';
import { asAppError, call } from '../api';
import type { RemovableDriveView } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';

export const DRIVE_POLL_MS = 2_000;

export interface DrivesState {
  /** Undefined until the first answer. */
  drives: RemovableDriveView[] | undefined;
  error: AppErrorShape | undefined;
}

/**
 * The removable drives main sees now, asked again every two seconds while mounted: the
 * operator plugs a stick in (or pulls it) while looking at the step, and the list must
 * follow without a refresh button. The next poll is scheduled after the answer, so a slow
 * lister never piles up requests.
 */
export function useDrives(intervalMs: number = DRIVE_POLL_MS): DrivesState {
  const [state, setState] = useState<DrivesState>({ drives: undefined, error: undefined });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const drives = await call('media.drives', {});
        if (!stopped) setState({ drives, error: undefined });
      } catch (e) {
        // Keep the last list: one failed look-up is not a pulled drive.
        if (!stopped) setState((previous) => ({ drives: previous.drives, error: asAppError(e) }));
      } finally {
        if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [intervalMs]);

  return state;
}
