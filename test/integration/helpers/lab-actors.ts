/**
 * The real sites service and procedure actors as the actor tests against the lab build them:
 * file secret store, memory settings, real appliance clients; only what a test looks at differs.
 */
import { join } from 'node:path';
import type { RunningLab } from '../../../electron/lab';
import { createApplianceClient, probeCertificate } from '../../../electron/services/appliance';
import * as media from '../../../electron/services/media';
import { createProcedureActors, type ProcedureActorDeps } from '../../../electron/services/procedures/actors';
import { createProcedureSecrets } from '../../../electron/services/procedures/procedure-secrets';
import { createSitesService, type SitesService } from '../../../electron/services/sites/sites-service';
import type { Vault } from '../../../electron/services/vault';
import { createFileSecretStore } from '../../harness/file-secret-store';
import { memorySettings } from './memory-settings';

export const clientFactory = (endpoint: Parameters<typeof createApplianceClient>[0]) => createApplianceClient(endpoint);

/** The sites service on memory settings and a file secret store under `dir`. */
export function labSitesService(dir: string): SitesService {
  return createSitesService({
    settings: memorySettings(),
    secrets: createFileSecretStore(join(dir, 'secrets')),
    clock: { now: () => Date.now() },
    createApi: (endpoint) => clientFactory(endpoint).api,
    createAdmin: (endpoint) => clientFactory(endpoint).admin,
    probeCertificate: (url) => probeCertificate(url),
  });
}

/** The lab's failover pair as a site: A and B with their certificates trusted, no current appliance. Returns the site id. */
export async function labPairSite(sites: SitesService, lab: RunningLab): Promise<string> {
  const { A: a, B: b } = lab.appliances as Record<'A' | 'B', RunningLab['appliances'][string]>;
  const saved = await sites.save({ name: 'Support pair', siteHostname: lab.siteHostname, siteAddress: lab.siteUrl, applianceUrl: a.url, applianceRole: 'A', ...lab.credentials });
  await sites.trustCertificate(saved.id, a.fingerprint256);
  const added = await sites.addAppliance(saved.id, { role: 'B', label: 'Appliance B', applianceUrl: b.url, ...lab.credentials });
  await sites.trustCertificate(saved.id, b.fingerprint256, added.appliance.id);
  return saved.id;
}

/** Every actor, on the real sites service and vault; polls every 50 ms. */
export function labActors(sites: SitesService, vault: Vault, overrides: Partial<ProcedureActorDeps> = {}) {
  return createProcedureActors({
    sites,
    siteAppliances: sites,
    vault,
    clientFactory,
    certificateCheck: async () => {
      throw new Error('not used here');
    },
    clock: { now: () => Date.now() },
    timing: { pollIntervalMs: 50, installTimeoutMs: 20_000 },
    operator: 'Alex Field',
    appVersion: '0.0.0-test',
    media,
    drives: media.createFolderDriveLister([]),
    updateServer: undefined,
    emitProgress: () => undefined,
    readJournal: async () => [],
    secrets: createProcedureSecrets(),
    ...overrides,
  });
}
