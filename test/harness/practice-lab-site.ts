import type { RunningLab } from '../../electron/lab';
import type { PracticeLabSite } from '../../electron/services/sites/sites-service';

/** What the services need to know of a running lab to offer it as the "Practice lab" site. */
export function practiceLabSite(lab: RunningLab): PracticeLabSite {
  const appliance = lab.appliances.A;
  if (!appliance) throw new Error('the lab scenario has no appliance A');
  return {
    applianceUrl: appliance.url,
    siteHostname: lab.siteHostname,
    fingerprint256: appliance.fingerprint256,
    ...lab.credentials,
  };
}

/** The lab's update server as the services' `updateServer` (same certificate as the appliance). */
export function practiceUpdateServer(lab: RunningLab): { url: string; pinnedFingerprint256: string } {
  return { url: lab.updateServerUrl, pinnedFingerprint256: lab.fingerprint256 };
}
