/**
 * The composition root of the services, shared by the Electron main process and the test
 * harness: every service is built here from the platform's ports, and the contract's
 * handlers are wired to them top to bottom. No `electron` import.
 */
import { join } from 'node:path';
import { procedureDefinitions } from '../../shared/procedures/registry';
import { AppError, type AppErrorShape } from '../../shared/errors';
import { createEventHub, type EventHub } from '../bridge/event-hub';
import { createRouter, type Handlers, type Router } from '../bridge/router';
import { createApplianceClient, probeCertificate } from './appliance';
import type { ApplianceEndpoint } from './appliance/types';
import * as media from './media';
import { createProcedureHost, type ProcedureHost } from './procedures/host';
import { systemClock, type Clock, type DriveLister, type FileChooser, type FileRevealer, type FolderPicker, type PageOpener, type PdfPrinter, type SaveDialog, type SecretStore, type SettingsStore } from './ports';
import { createSitesService, type PracticeLabSite, type SitesService } from './sites/sites-service';
import { createUpdateServerClient } from './update-server';
import { createVault, type Vault } from './vault/vault';
import { createSavedFiles, type SavedFiles } from './files/saved-files';
import { journalHandlers } from './journal/handlers';
import { createReportService, type ReportService } from './reports/report-service';
import { createSitesTransfer } from './sites/sites-transfer';

export interface ServiceDeps {
  dataDir: string;
  appVersion: string;
  operator: string;
  settings: SettingsStore;
  secrets: SecretStore;
  pages: PageOpener;
  /** Removable drives (systeminformation in the app; folder-backed media in the harness). */
  drives: DriveLister;
  folders: FolderPicker;
  /** "Save as…" for reports, journal exports, support bundles and sites exports. */
  saveDialog: SaveDialog;
  /** "Open…" for a sites export to import. */
  fileChooser: FileChooser;
  /** "Show in folder". */
  revealer: FileRevealer;
  /** Customer reports to PDF. */
  pdf: PdfPrinter;
  clock?: Clock;
  /** Set when the practice lab runs: its site is created or refreshed on start. */
  practiceLab?: PracticeLabSite;
  /**
   * The update server the connected side (P2-fetch) submits download keys to. The practice lab
   * passes its own, trusted by its certificate's SHA-256; without a pin the certificate is
   * checked against the system's authorities. Unset: submitting a key says none is configured.
   */
  updateServer?: { url: string; pinnedFingerprint256?: string };
  /** Appliance request timeout; installs poll with their own timing. */
  requestTimeoutMs?: number;
  timing?: { pollIntervalMs?: number; installTimeoutMs?: number; siteWatchIntervalMs?: number };
  onUnexpectedError?: (where: string, error: unknown) => void;
}

export interface Services {
  router: Router;
  hub: EventHub;
  sites: SitesService;
  vault: Vault;
  procedures: ProcedureHost;
  savedFiles: SavedFiles;
  reports: ReportService;
  /** What start-up found that the operator must know (also answered by app.info). */
  warnings: AppErrorShape[];
  /**
   * Resolves once every write started so far is on disk: snapshots, journals, the vault index
   * (settings and secrets are written synchronously). Quit waits for it.
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function composeServices(deps: ServiceDeps): Promise<Services> {
  const clock = deps.clock ?? systemClock;
  const hub = createEventHub((event, error) => deps.onUnexpectedError?.(`event ${event}`, error));
  const clientOptions = { timeoutMs: deps.requestTimeoutMs ?? 15_000 };
  const clientFactory = (endpoint: ApplianceEndpoint) => createApplianceClient(endpoint, clientOptions);

  const sites = createSitesService({
    settings: deps.settings,
    secrets: deps.secrets,
    clock,
    createApi: (endpoint) => clientFactory(endpoint).api,
    createAdmin: (endpoint) => clientFactory(endpoint).admin,
    probeCertificate: (url) => probeCertificate(url, clientOptions.timeoutMs),
    onChange: (list) => hub.emit('sites.updated', list),
  });
  if (deps.practiceLab) await sites.upsertPracticeLab(deps.practiceLab);

  const vault = await createVault({ dir: join(deps.dataDir, 'vault'), clock });
  // "Save as…" and "Show in folder" for every file the operator takes away.
  const savedFiles = createSavedFiles({ saveDialog: deps.saveDialog, revealer: deps.revealer, vaultDir: vault.dir });
  // Paths from the renderer reach the media only on a listed drive or a folder the operator chose.
  const mediaAccess = media.createMediaAccess({ drives: deps.drives, folders: deps.folders });
  const procedures = createProcedureHost({
    dataDir: deps.dataDir,
    definitions: procedureDefinitions,
    sites,
    siteAppliances: sites,
    vault,
    clientFactory,
    clock,
    operator: deps.operator,
    appVersion: deps.appVersion,
    media: media.createGuardedMedia(mediaAccess),
    drives: deps.drives,
    ...(deps.updateServer
      ? {
          updateServer: createUpdateServerClient({
            baseUrl: deps.updateServer.url,
            timeoutMs: clientOptions.timeoutMs,
            ...(deps.updateServer.pinnedFingerprint256 !== undefined ? { pinnedFingerprint256: deps.updateServer.pinnedFingerprint256 } : {}),
          }),
        }
      : {}),
    emit: (event, payload) => hub.emit(event, payload as never),
    timing: deps.timing,
    // issue 9: the customer report, once each procedure settles.
    onSettled: (id) => reports.settled(id),
  });
  const reports: ReportService = createReportService({ procedures, vault, sites, pdf: deps.pdf, savedFiles, clock });
  // Before anything resumes (so no download of this run is in flight): leftovers of an
  // interrupted run go, files an unfinished procedure will continue stay.
  const unfinished = await procedures.unfinishedOnDisk();
  const swept = await vault.sweepStrays((fileName) => unfinished.some((id) => fileName.startsWith(`${id}-`)));
  const { unreadable } = await procedures.resumeAll();
  // Settled procedures without a report get one, in the background, one at a time.
  void reports.createMissing();
  // A procedure that cannot be read is never dropped silently: its folder stays as it is and
  // the operator is told which one and why.
  const unresumed = unreadable.map(({ id, error }) => ({
    code: error.code,
    message: `Procedure ${id} could not be resumed: ${error.message}`,
    hint: `Its files are kept in ${join(deps.dataDir, 'procedures', id)}. ${error.hint}`,
  }));
  for (const warning of unresumed) deps.onUnexpectedError?.('resume', warning.message);
  const warnings: AppErrorShape[] = [
    ...(deps.settings.startupWarnings ?? []),
    ...(deps.secrets.startupWarnings ?? []),
    ...sites.warnings(),
    ...vault.startupWarnings,
    ...(swept ? [swept] : []),
    ...unresumed,
  ];

  const handlers: Handlers = {
    'app.info': () => ({
      version: deps.appVersion,
      dataDir: deps.dataDir,
      operator: deps.operator,
      practiceLab: deps.practiceLab !== undefined,
      warnings,
    }),
    'sites.list': () => sites.list(),
    'sites.save': (input) => sites.save(input),
    'sites.remove': async ({ id }) => ({ removed: await sites.remove(id) }),
    'sites.testConnection': ({ id, applianceId }) => sites.testConnection(id, applianceId),
    'sites.inspectCertificate': ({ id, applianceId }) => sites.inspectCertificate(id, applianceId),
    'sites.trustCertificate': ({ id, fingerprint256, applianceId }) => sites.trustCertificate(id, fingerprint256, applianceId),
    'sites.addAppliance': ({ siteId, appliance }) => sites.addAppliance(siteId, appliance),
    'sites.updateAppliance': ({ siteId, applianceId, changes }) => sites.updateAppliance(siteId, applianceId, changes),
    'sites.promoteAppliance': ({ siteId, applianceId }) => sites.promoteAppliance(siteId, applianceId),
    'sites.removeAppliance': ({ siteId, applianceId }) => sites.removeAppliance(siteId, applianceId),
    'vault.list': ({ siteId }) => vault.list(siteId ? { siteId } : {}),
    'vault.verify': ({ id }) => vault.verify(id),
    'procedures.list': () => procedures.list(),
    'procedures.start': ({ kind, siteId }) => {
      if (!siteId && kind !== 'P2-fetch') {
        throw new AppError('INVALID_INPUT', 'siteId: This procedure works on a site.', 'Start it from the site’s card.');
      }
      return procedures.start(kind, siteId ?? '');
    },
    'procedures.get': ({ id }) => procedures.get(id),
    'procedures.send': ({ id, event }) => procedures.send(id, event),
    'procedures.journal': ({ id }) => procedures.journal(id),
    'media.drives': () => mediaAccess.listDrives(),
    'media.chooseFolder': async ({ purpose }) => ({ path: await mediaAccess.chooseFolder(purpose) }),
    'shell.openPage': async ({ siteId, url }) => {
      const site = await sites.get(siteId);
      // Only pages of this site's own appliances, over https, ever leave the app.
      if (!site.appliances.some((a) => new URL(url).origin === new URL(a.applianceUrl).origin)) {
        throw new AppError('INVALID_INPUT', 'That page is not on one of this site’s appliances.', 'Use the page link shown in the step.');
      }
      await deps.pages.open(url);
      return { opened: true };
    },
    'files.showInFolder': async ({ path }) => {
      await savedFiles.showInFolder(path);
      return { shown: true };
    },

    // — issue 9: the customer report (handlers below this line) —
    'reports.get': ({ id }) => reports.get(id),
    'reports.create': ({ id }) => reports.create(id),
    'reports.saveAs': async ({ id, format }) => ({ saved: await reports.saveAs(id, format) }),

    // — issue 9: the journal that proves itself, exports, support bundle (below this line) —
    ...journalHandlers({ dataDir: deps.dataDir, appVersion: deps.appVersion, clock, vault, sites, procedures, savedFiles }),

    // — issue 9: client aftercare (below this line) —

    // — issue 9: history and sites export/import (below this line) —
    // Sites to and from a file (a replacement laptop), without secrets; the transfer keeps no state.
    'sites.export': () => createSitesTransfer({ sites, savedFiles, fileChooser: deps.fileChooser, clock, appVersion: deps.appVersion }).exportSites(),
    'sites.import': () => createSitesTransfer({ sites, savedFiles, fileChooser: deps.fileChooser, clock, appVersion: deps.appVersion }).importSites(),

  };

  const router = createRouter(handlers, { onUnexpectedError: (channel, error) => deps.onUnexpectedError?.(channel, error) });
  return {
    router,
    hub,
    sites,
    vault,
    procedures,
    savedFiles,
    reports,
    warnings,
    async flush() {
      await reports.whenIdle();
      await procedures.whenIdle();
      await vault.whenIdle();
    },
    async close() {
      await reports.close();
      await procedures.stopAll();
      await vault.whenIdle();
    },
  };
}
