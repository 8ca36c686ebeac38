/** What the app needs to know of a running lab to offer it as the "Practice lab" site (and its update server). */
import type { PracticeLabSite } from '../services/sites/sites-service';
import type { RunningLab } from './types';

export function practiceLabSite(lab: RunningLab): PracticeLabSite {
  const appliance = lab.appliances.A;
  if (!appliance) throw new Error('the lab scenario has no appliance A');
  return {
    applianceUrl: appliance.url,
    siteHostname: lab.siteHostname,
    // The front door: users reach the site there, whichever appliance the lab's DNS names.
    siteAddress: lab.siteUrl,
    fingerprint256: appliance.fingerprint256,
    ...lab.credentials,
    ...(lab.appliances.B ? { pair: { label: 'Appliance B', applianceUrl: lab.appliances.B.url, fingerprint256: lab.appliances.B.fingerprint256 } } : {}),
  };
}

/** The lab's update server as the services' `updateServer` (it presents a leaf of the same lab CA). */
export function practiceUpdateServer(lab: RunningLab): { url: string; pinnedFingerprint256: string } {
  return { url: lab.updateServerUrl, pinnedFingerprint256: lab.fingerprint256 };
}
