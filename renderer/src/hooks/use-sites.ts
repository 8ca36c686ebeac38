import { useEffect } from 'react';
import { call, subscribe } from '../api';
import type { Site } from '../../../shared/domain';
import { useRemote, type Remote } from './use-remote';

/** The configured sites, kept current by `sites.updated`. */
export function useSites(): Remote<Site[]> {
  const remote = useRemote(() => call('sites.list', {}), []);
  const { set } = remote;
  useEffect(() => subscribe('sites.updated', set), [set]);
  return remote;
}
