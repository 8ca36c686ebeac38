/**
 * The practice lab's site: created or refreshed from the lab running inside the app, in the lab's
 * shape — one current appliance, or a failover pair A and B — with the certificates pinned
 * directly, since the app knows them first-hand.
 */
import type { Site } from '../../../shared/domain';
import { applianceOf, frontAppliance } from '../../../shared/sites';
import type { SitesService } from './sites-service';

export interface PracticeLabSite {
  applianceUrl: string;
  siteHostname: string;
  /** The lab's site front door (RunningLab.siteUrl). */
  siteAddress?: string;
  fingerprint256: string;
  apiClientId: string;
  apiClientSecret: string;
  adminUser: string;
  adminPassword: string;
  /** The lab's appliance B when it runs a failover pair: the site then has A and B and no current appliance. */
  pair?: { label: string; applianceUrl: string; fingerprint256: string };
}

export interface PracticeLabDeps {
  service: SitesService;
  read(): Site[];
  update(id: string, change: (site: Site) => Site): Site;
  dropSecrets(siteId: string, applianceId: string): Promise<void>;
}

export async function upsertPracticeLab(lab: PracticeLabSite, { service, read, update, dropSecrets }: PracticeLabDeps): Promise<Site> {
  const role = lab.pair ? 'A' : 'current';
  const existing = read().find((s) => s.isPracticeLab);
  if (existing && frontAppliance(existing).role !== role) {
    // The lab started with another scenario: the practice site takes its shape, keeping its id.
    const front = frontAppliance(existing);
    for (const other of existing.appliances) if (other.id !== front.id) await dropSecrets(existing.id, other.id);
    update(existing.id, (s) => ({ ...s, appliances: [{ ...front, role }] }));
  }
  const saved = await service.save({
    id: existing?.id,
    name: existing?.name ?? 'Practice lab',
    siteHostname: lab.siteHostname,
    siteAddress: lab.siteAddress ?? '',
    applianceUrl: lab.applianceUrl,
    apiClientId: lab.apiClientId,
    apiClientSecret: lab.apiClientSecret,
    adminUser: lab.adminUser,
    adminPassword: lab.adminPassword,
    applianceRole: role,
  });
  // The lab runs inside this app, so its certificates are known first-hand: pin them directly.
  const pins = new Map([[frontAppliance(saved).id, lab.fingerprint256]]);
  if (lab.pair) {
    const account = { applianceUrl: lab.pair.applianceUrl, adminUser: lab.adminUser, adminPassword: lab.adminPassword, apiClientId: lab.apiClientId, apiClientSecret: lab.apiClientSecret };
    // Refreshed in place, never removed and added again: a resumed procedure may be acting on B right now.
    const known = applianceOf(saved, 'B');
    const { appliance } = known
      ? await service.updateAppliance(saved.id, known.id, account)
      : await service.addAppliance(saved.id, { role: 'B', label: lab.pair.label, ...account });
    pins.set(appliance.id, lab.pair.fingerprint256);
  }
  return update(saved.id, (s) => ({
    ...s,
    isPracticeLab: true,
    appliances: s.appliances.map((a) => (pins.has(a.id) ? { ...a, pinnedFingerprint256: pins.get(a.id) } : a)),
  }));
}
