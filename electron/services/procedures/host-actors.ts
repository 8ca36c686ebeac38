/**
 * The actors the host provides to every procedure machine (actors.ts and its siblings, with
 * `checkCredentials`), wired to the host: progress only for procedures still running, and
 * each procedure's own journal for diagnostics.
 */
import type { Progress } from '../../../shared/domain';
import { createProcedureActors, type ProcedureTiming } from './actors';
import { createCertificateCheck } from './certificate-check';
import type { ProcedureHostDeps } from './host';
import type { Journal } from './journal';
import type { ProcedureSecrets } from './procedure-secrets';
import type { SiteWatch } from '../site-watch/site-watch';
import { createSiteWatchActors } from './site-watch-actors';

export interface HostHooks {
  /** False once the procedure was stopped (shutdown): its progress is no longer shown. */
  isLive(procedureId: string): boolean;
  journalOf(procedureId: string): Journal;
  emitProgress(progress: Progress): void;
}

export function provideActors(
  deps: ProcedureHostDeps & { secrets: ProcedureSecrets; siteWatch: SiteWatch },
  timing: ProcedureTiming,
  hooks: HostHooks,
): ReturnType<typeof createProcedureActors> & ReturnType<typeof createSiteWatchActors> {
  const procedureActors = createProcedureActors({
    sites: deps.sites,
    vault: deps.vault,
    clientFactory: deps.clientFactory,
    certificateCheck: deps.certificateCheck ?? createCertificateCheck(deps.clock),
    clock: deps.clock,
    timing,
    operator: deps.operator,
    appVersion: deps.appVersion,
    media: deps.media,
    drives: deps.drives,
    updateServer: deps.updateServer,
    emitProgress: (progress) => {
      if (hooks.isLive(progress.procedureId)) hooks.emitProgress(progress);
    },
    secrets: deps.secrets,
    ...(deps.siteAppliances ? { siteAppliances: deps.siteAppliances } : {}),
    readJournal: (procedureId) => hooks.journalOf(procedureId).read(),
  });
  return { ...procedureActors, ...createSiteWatchActors(deps.siteWatch) };
}
