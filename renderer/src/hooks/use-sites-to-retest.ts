import { useCallback, useEffect, useRef, useState } from 'react';
import { subscribe } from '../api';

/**
 * Sites whose connection should be tested again because a procedure on them just finished:
 * their card still shows the version from before the upgrade. Kept above the screens, because
 * the procedure usually finishes while the operator is looking at it, not at the site card;
 * the card runs the test when it is next on screen and then takes the site off the list.
 */
export function useSitesToRetest(): { siteIds: ReadonlySet<string>; taken: (siteId: string) => void } {
  const [siteIds, setSiteIds] = useState<ReadonlySet<string>>(() => new Set());
  // A finished procedure's view may be pushed again (a late note, a restart); one retest per procedure.
  const finished = useRef(new Set<string>());

  useEffect(
    () =>
      subscribe('procedures.updated', (view) => {
        // A procedure without a site (fetching updates on the connected side) changed no appliance.
        if (view.status !== 'done' || view.siteId === '' || finished.current.has(view.id)) return;
        finished.current.add(view.id);
        setSiteIds((previous) => new Set(previous).add(view.siteId));
      }),
    [],
  );

  const taken = useCallback((siteId: string) => {
    setSiteIds((previous) => {
      if (!previous.has(siteId)) return previous;
      const next = new Set(previous);
      next.delete(siteId);
      return next;
    });
  }, []);

  return { siteIds, taken };
}
