import { useCallback, useEffect, useState } from 'react';

/**
 * Where the operator is, kept in the location hash so a reload (or a crash and restart of
 * the window) reopens the same screen, as the procedures themselves resume.
 */
export type Route =
  | { screen: 'home' }
  | { screen: 'history' }
  | { screen: 'new-site' }
  | { screen: 'site'; siteId: string }
  | { screen: 'procedure'; procedureId: string };

export function parseRoute(hash: string): Route {
  const [screen, id] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (screen === 'sites' && id === 'new') return { screen: 'new-site' };
  if (screen === 'sites' && id) return { screen: 'site', siteId: id };
  if (screen === 'history') return { screen: 'history' };
  if (screen === 'procedures' && id) return { screen: 'procedure', procedureId: id };
  return { screen: 'home' };
}

export function routeToHash(route: Route): string {
  switch (route.screen) {
    case 'home':
      return '#/';
    case 'history':
      return '#/history';
    case 'new-site':
      return '#/sites/new';
    case 'site':
      return `#/sites/${encodeURIComponent(route.siteId)}`;
    case 'procedure':
      return `#/procedures/${encodeURIComponent(route.procedureId)}`;
  }
}

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = routeToHash(next);
    setRoute(next);
  }, []);
  return [route, navigate];
}
