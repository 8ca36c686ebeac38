/**
 * The health of an appliance that has no API account yet (a new appliance before its settings
 * are restored), as its Status > Basics page tells it. Only `checkHealth` can be answered this
 * way; anything else the API alone does says plainly that the account is missing.
 */
import { AppError } from '../../../shared/errors';
import type { AdminSession, ApplianceApi, Health } from './types';

export function healthFromStatusPage(admin: Pick<AdminSession, 'statusBasics'>, baseUrl: string): ApplianceApi {
  const noAccount = () =>
    new AppError(
      'UNAUTHORISED',
      `The appliance at ${baseUrl} has no API account yet, so the assistant can use only its admin pages.`,
      'Restore the site’s settings onto it (they bring the API account), or add an API account on its /login > Management > API Configuration page.',
    );
  return {
    async checkHealth(): Promise<Health> {
      const basics = await admin.statusBasics();
      const healthy = basics.status !== 'needs-support';
      return {
        applianceId: basics.serial,
        hostname: basics.hostname,
        version: basics.siteVersion,
        success: healthy,
        ...(healthy ? {} : { errorMessage: `The appliance reports ${basics.status}.` }),
        failoverRole: 'none',
        sharedIps: [],
        lastSyncAt: null,
        lastSyncStatus: '',
      };
    },
    getApiInfo: () => Promise.reject(noAccount()),
    setFailoverRole: () => Promise.reject(noAccount()),
    downloadBackup: () => Promise.reject(noAccount()),
  };
}
