import { call } from '../api';
import type { RequestOutput } from '../../../shared/contract';
import { useRemote, type Remote } from './use-remote';

export type AppInfo = RequestOutput<'app.info'>;

export function useAppInfo(): Remote<AppInfo> {
  return useRemote(() => call('app.info', {}), []);
}
