/**
 * The real side effects behind the actor names machines invoke (shared/procedures/actors.ts).
 * Each is a promise actor that honours its AbortSignal (the host stops actors on shutdown) and
 * rejects with an AppError. All are safe to restart after a crash: a restored snapshot re-runs
 * whatever was in flight. The P2 actors live in manual-update-actors.ts (restricted side) and
 * fetch-actors.ts (connected side); every definition gets the whole set.
 */
import { fromPromise } from 'xstate';
import type { JournalEntry, Progress, Site, VaultKind } from '../../../shared/domain';
import { toAppErrorShape } from '../../../shared/errors';
import type {
  ActorBaseInput,
  CaptureDiagnosticsInput,
  CaptureDiagnosticsOutput,
  CheckForUpdatesOutput,
  InstallPackageInput,
  InstallPackageOutput,
  ProbeCertificateOutput,
  ReleaseHoldsInput,
  TakeBackupInput,
  TakeBackupOutput,
} from '../../../shared/procedures/actors';
import type { AdminSession, ApplianceApi, ApplianceEndpoint } from '../appliance/types';
import type * as media from '../media';
import type { Clock, DriveLister, SiteDirectory } from '../ports';
import type { UpdateServerClient } from '../update-server';
import type { Vault } from '../vault';
import { writeFileAtomic } from '../fs/atomic-write';
import { connect } from './actor-support';
import { throwIfCancelled } from './cancel';
import { createCheckCredentials } from './check-credentials';
import { createFetchActors } from './fetch-actors';
import { installPackage } from './install-package';
import { createManualUpdateActors } from './manual-update-actors';
import { transferReporter } from './progress-reporter';

export interface ApplianceClients {
  api: ApplianceApi;
  admin: AdminSession;
}

/** `createApplianceClient` from electron/services/appliance, or a fake in tests. */
export type ClientFactory = (endpoint: ApplianceEndpoint) => ApplianceClients;

/** R3: inspects the certificate the site presents (the appliance module's probe + assessment). */
export type CertificateCheck = (site: Site, endpoint: ApplianceEndpoint, signal: AbortSignal) => Promise<ProbeCertificateOutput>;

export interface ProcedureTiming {
  pollIntervalMs: number;
  installTimeoutMs: number;
  /** Between two probes of the site address while the site watch runs. */
  siteWatchIntervalMs?: number;
}

export const defaultTiming: ProcedureTiming = { pollIntervalMs: 5_000, installTimeoutMs: 2 * 60 * 60 * 1000 };

/** The media service's functions the P2 actors use (electron/services/media; fakes in tests). */
export type MediaService = Pick<typeof media, 'writeKeyFile' | 'readKeyFiles' | 'findBundles' | 'verifyBundle' | 'readManifestFile' | 'assemblePackage' | 'writeBundle'>;

import type { ProcedureSecrets } from './procedure-secrets';
import type { SiteAppliances } from '../ports';
import { createAftercareActors } from './aftercare-actors';
import { createCertificateActors } from './certificate-actors';
import { createFailoverActors } from './failover-actors';
import { createFailoverNetworkActors } from './failover-network-actors';
import { createMigrationActors } from './migration-actors';
import { createRetireActors } from './retire-actors';
import { compactTime } from '../fs/compact-time';

export interface ProcedureActorDeps {
  sites: SiteDirectory;
  vault: Vault;
  clientFactory: ClientFactory;
  certificateCheck: CertificateCheck;
  clock: Clock;
  timing: ProcedureTiming;
  /** Who runs the procedures: recorded in key files and bundle manifests. */
  operator: string;
  /** Recorded in bundle manifests. */
  appVersion: string;
  media: MediaService;
  /** Removable drives: the file system of the drive a bundle is written to. */
  drives: DriveLister;
  /** The update server (connected side); undefined when none is configured. */
  updateServer: UpdateServerClient | undefined;
  emitProgress(progress: Progress): void;
  readJournal(procedureId: string): Promise<JournalEntry[]>;
  /** Secrets typed into steps (passphrases, passwords), in memory only. */
  secrets: ProcedureSecrets;
  /** Changes to the site's appliances (P5); absent where no procedure makes any. */
  siteAppliances?: SiteAppliances;
}

export function createProcedureActors(deps: ProcedureActorDeps) {
  const isoNow = () => new Date(deps.clock.now()).toISOString();

  return {
    ...createManualUpdateActors(deps),
    ...createFetchActors(deps),
    ...createCertificateActors(deps),
    ...createMigrationActors(deps),
    ...createRetireActors(deps),
    ...createFailoverActors(deps),
    ...createFailoverNetworkActors(deps),
    ...createAftercareActors(deps),
    checkCredentials: createCheckCredentials(deps),

    takeBackup: fromPromise<TakeBackupOutput, TakeBackupInput>(async ({ input, signal }) => {
      const { site, clients } = await connect(deps, input.siteId, input.appliance);
      const health = await clients.api.checkHealth();
      throwIfCancelled(signal);
      const fileName = `${health.hostname}-${compactTime(deps.clock.now())}-${input.purpose}.nsb`;
      const path = await deps.vault.reservePath('backup', site.id, fileName);
      const progress = transferReporter(deps, input, 'Downloading the settings backup', null);
      const streamed = await clients.api.downloadBackup(path, { signal, onProgress: progress.onProgress });
      progress.finish(streamed.size);
      const createdAt = isoNow();
      // add() re-hashes the file from disk and refuses it if it differs from what was streamed.
      const entry = await deps.vault.add({
        kind: 'backup',
        siteId: site.id,
        siteName: site.name,
        appliance: health.hostname,
        version: health.version,
        path,
        createdAt,
        sha256: streamed.sha256,
        size: streamed.size,
      });
      await deps.vault.hold(entry.id, input.procedureId);
      return { vaultId: entry.id, fileName: entry.fileName, size: entry.size, sha256: entry.sha256, createdAt, applianceVersion: health.version };
    }),

    probeCertificate: fromPromise<ProbeCertificateOutput, ActorBaseInput>(async ({ input, signal }) => {
      const { site, endpoint } = await connect(deps, input.siteId, input.appliance);
      return deps.certificateCheck(site, endpoint, signal);
    }),

    checkForUpdates: fromPromise<CheckForUpdatesOutput, ActorBaseInput>(async ({ input, signal }) => {
      const { clients } = await connect(deps, input.siteId, input.appliance);
      const updates = await clients.admin.checkForUpdates();
      throwIfCancelled(signal);
      const basics = await clients.admin.statusBasics();
      return {
        siteVersion: basics.siteVersion,
        baseVersion: basics.baseVersion,
        updates: updates.map((u) => ({
          id: u.id,
          name: u.name,
          kind: u.kind,
          version: u.version,
          size: u.size,
          ...(u.requires ? { requires: u.requires } : {}),
        })),
      };
    }),

    installPackage: fromPromise<InstallPackageOutput, InstallPackageInput>(async ({ input, signal }) => {
      const { clients } = await connect(deps, input.siteId, input.appliance);
      return installPackage({ ...clients, clock: deps.clock, timing: deps.timing, signal, input, emitProgress: deps.emitProgress });
    }),

    captureDiagnostics: fromPromise<CaptureDiagnosticsOutput, CaptureDiagnosticsInput>(async ({ input, signal }) => {
      const { site, endpoint, clients } = await connect(deps, input.siteId, input.appliance);
      // Each part is captured on its own: a failing appliance is exactly when diagnostics matter.
      const [statusBasics, health] = await Promise.all([settle(clients.admin.statusBasics()), settle(clients.api.checkHealth())]);
      throwIfCancelled(signal);
      const journal = await deps.readJournal(input.procedureId);
      const capturedAt = isoNow();
      const report = { procedureId: input.procedureId, stepId: input.stepId, reason: input.reason, capturedAt, site: { id: site.id, name: site.name, applianceUrl: endpoint.baseUrl }, statusBasics, health, journal };
      const appliance = statusBasics.ok ? statusBasics.value.hostname : health.ok ? health.value.hostname : endpoint.baseUrl;
      const version = statusBasics.ok ? statusBasics.value.siteVersion : health.ok ? health.value.version : 'unknown';
      const kind: VaultKind = 'diagnostics';
      const path = await deps.vault.reservePath(kind, site.id, `${input.procedureId}-${compactTime(deps.clock.now())}-diagnostics.json`);
      await writeFileAtomic(path, JSON.stringify(report, null, 2), { signal });
      const entry = await deps.vault.add({ kind, siteId: site.id, siteName: site.name, appliance, version, path, createdAt: capturedAt });
      await deps.vault.hold(entry.id, input.procedureId);
      return { vaultId: entry.id, sha256: entry.sha256 };
    }),

    releaseHolds: fromPromise<void, ReleaseHoldsInput>(async ({ input }) => {
      await deps.vault.release(input.procedureId);
    }),
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: ReturnType<typeof toAppErrorShape> };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: toAppErrorShape(error) };
  }
}
