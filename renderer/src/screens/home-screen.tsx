import { useMemo, useState } from 'react';
import { activeProcedureId, asAppError, call } from '../api';
import type { AppErrorShape } from '../../../shared/errors';
import type { Remote } from '../hooks/use-remote';
import type { Site } from '../../../shared/domain';
import { ActiveProcedureNotice } from '../components/active-procedure-notice';
import { ErrorPanel } from '../components/error-panel';
import { ProcedureList } from '../components/procedure-list';
import { AppWarnings, type AppWarning } from '../components/app-warnings';
import { SiteCard, type SiteProcedureKind } from '../components/site-card';
import { SitesTransfer } from '../components/sites-transfer';
import { VaultPanel } from '../components/vault-panel';
import { formatCount } from '../format';
import { useFirstRenderMeasure } from '../hooks/use-render-measure';
import { SITE_SEARCH_FROM, searchSites } from '../site-search';
import { useNow } from '../hooks/use-now';
import { useProcedureList } from '../hooks/use-procedure-list';
import { useVault } from '../hooks/use-vault';
import './home-screen.css';

interface Props {
  sites: Remote<Site[]>;
  /** Problems main found at start-up (e.g. a procedure it could not resume); empty once dismissed. */
  warnings: AppWarning[];
  onDismissWarnings: () => void;
  onAddSite: () => void;
  onEditSite: (siteId: string) => void;
  onOpenProcedure: (procedureId: string) => void;
  onOpenHistory: () => void;
  /** Sites whose procedure finished since their card last tested the connection. */
  sitesToRetest: ReadonlySet<string>;
  onRetestStarted: (siteId: string) => void;
}

/** What is being started, and from where: a site card (P1, P2) or the fetch card (no site). */
/** Finished procedures home shows; the rest are in the history. */
export const RECENT_FINISHED = 8;
/** Site cards home draws at first when there are many; "Show more" adds as many again. */
export const SITES_PAGE = 12;

type StartRequest = { kind: SiteProcedureKind; siteId: string } | { kind: 'P2-fetch'; siteId?: undefined };

export function HomeScreen({
  sites,
  warnings,
  onDismissWarnings,
  onAddSite,
  onEditSite,
  onOpenProcedure,
  onOpenHistory,
  sitesToRetest,
  onRetestStarted,
}: Props) {
  const procedures = useProcedureList();
  const vault = useVault();
  const now = useNow(30_000);
  const [starting, setStarting] = useState<StartRequest | null>(null);
  const [startError, setStartError] = useState<{ request: StartRequest; error: AppErrorShape; activeId: string | null } | null>(null);
  const [siteText, setSiteText] = useState('');
  const [sitesShown, setSitesShown] = useState(SITES_PAGE);
  useFirstRenderMeasure('home-render', sites.data !== undefined && procedures.data !== undefined);

  const start = async (request: StartRequest) => {
    setStarting(request);
    setStartError(null);
    try {
      const view = await call('procedures.start', request.siteId === undefined ? { kind: request.kind } : request);
      onOpenProcedure(view.id);
    } catch (e) {
      setStartError({ request, error: asAppError(e), activeId: activeProcedureId(e) });
    } finally {
      setStarting(null);
    }
  };

  const startingOn = (siteId: string) => (starting && starting.siteId === siteId ? (starting.kind as SiteProcedureKind) : null);
  const fetchStarting = starting?.kind === 'P2-fetch';
  const fetchError = startError?.request.kind === 'P2-fetch' ? startError.error : undefined;

  const all = useMemo(() => procedures.data ?? [], [procedures.data]);
  const { running, finished } = useMemo(() => {
    const byRecent = (a: { updatedAt: string }, b: { updatedAt: string }) => b.updatedAt.localeCompare(a.updatedAt);
    return { running: all.filter((p) => p.status === 'active').sort(byRecent), finished: all.filter((p) => p.status !== 'active').sort(byRecent) };
  }, [all]);
  const manySites = (sites.data?.length ?? 0) >= SITE_SEARCH_FROM;
  const matchingSites = useMemo(() => (manySites ? searchSites(sites.data ?? [], siteText) : (sites.data ?? [])), [manySites, sites.data, siteText]);
  const shownSites = manySites ? matchingSites.slice(0, sitesShown) : matchingSites;

  return (
    <div className="screen home">
      {warnings.length > 0 && <AppWarnings warnings={warnings} onDismiss={onDismissWarnings} />}
      <section className="home__section" aria-labelledby="home-sites">
        <header className="section-header">
          <div>
            <h1 id="home-sites" className="screen__title">
              Sites
            </h1>
            <p className="screen__subtitle">The appliances you can work on from this computer.</p>
          </div>
          <button type="button" className="button button--primary" onClick={onAddSite}>
            Add site
          </button>
        </header>
        <SitesTransfer onImported={() => void sites.reload()} />
        {manySites && (
          <div className="home__site-search">
            <label className="field">
              <span className="field__label">Find a site</span>
              <input
                className="field__input"
                type="search"
                data-testid="site-search"
                placeholder="Name, hostname or appliance address"
                value={siteText}
                onChange={(e) => {
                  setSiteText(e.target.value);
                  setSitesShown(SITES_PAGE);
                }}
              />
            </label>
            <p className="muted home__site-count" role="status" data-testid="site-count">
              {siteText.trim() === ''
                ? `${formatCount(sites.data?.length ?? 0)} sites`
                : `${formatCount(matchingSites.length)} of ${formatCount(sites.data?.length ?? 0)} sites`}
            </p>
          </div>
        )}
        {sites.error && <ErrorPanel error={sites.error} title="The sites could not be read" />}
        {sites.data && sites.data.length === 0 && (
          <div className="empty card">
            <h2 className="empty__title">No sites yet</h2>
            <p className="muted">Add the appliance you are here to upgrade: its address, an API account and the admin login.</p>
            <button type="button" className="button button--primary" onClick={onAddSite}>
              Add site
            </button>
          </div>
        )}
        {sites.data && sites.data.length > 0 && (
          <div className="home__sites">
            {shownSites.map((site) => (
              <SiteCard
                key={site.id}
                site={site}
                now={now}
                starting={startingOn(site.id)}
                startError={startError?.request.siteId === site.id ? startError.error : undefined}
                activeProcedureId={startError?.request.siteId === site.id ? (startError.activeId ?? undefined) : undefined}
                onResume={onOpenProcedure}
                onEdit={() => onEditSite(site.id)}
                onStart={(kind) => void start({ kind, siteId: site.id })}
                onTested={() => void sites.reload()}
                retest={sitesToRetest.has(site.id)}
                onRetestStarted={() => onRetestStarted(site.id)}
              />
            ))}
          </div>
        )}
        {manySites && matchingSites.length === 0 && <p className="muted">No site matches. Change the search.</p>}
        {shownSites.length < matchingSites.length && (
          <button type="button" className="button button--secondary home__more" onClick={() => setSitesShown((n) => n + SITES_PAGE)}>
            Show {Math.min(SITES_PAGE, matchingSites.length - shownSites.length)} more of {formatCount(matchingSites.length - shownSites.length)} sites
          </button>
        )}
      </section>

      {/*
        Not tied to a site: on the connected side of an air gap there may be no site at all,
        so this stays on screen even when the list above is empty.
      */}
      <section className="home__section home__fetch card" aria-labelledby="home-fetch" data-testid="fetch-card">
        <div className="home__fetch-row">
          <div className="home__fetch-text">
            <h2 id="home-fetch" className="home__fetch-title">
              Air gap: connected side
            </h2>
            <p className="muted home__fetch-lead">
              On a computer that can reach the update server: read the download key from the USB drive and write the
              updates back onto it.
            </p>
          </div>
          <button
            type="button"
            className="button button--secondary home__fetch-button"
            data-testid="start-fetch"
            disabled={fetchStarting}
            onClick={() => void start({ kind: 'P2-fetch' })}
          >
            {fetchStarting ? 'Starting…' : 'Fetch updates (connected side)'}
          </button>
        </div>
        {fetchError &&
          (startError?.activeId ? (
            <ActiveProcedureNotice
              message={fetchError.message}
              resumeLabel="Resume fetching updates"
              onResume={() => onOpenProcedure(startError.activeId as string)}
            />
          ) : (
            <ErrorPanel error={fetchError} title="Fetching updates could not start" />
          ))}
      </section>

      <section className="home__section" aria-labelledby="home-running">
        <h2 id="home-running" className="section-title">
          Procedures in progress
        </h2>
        {procedures.error && <ErrorPanel error={procedures.error} title="The procedures could not be read" />}
        {procedures.data && running.length === 0 && (
          <p className="muted home__none">Nothing in progress. Start an update from a site above.</p>
        )}
        {running.length > 0 && (
          <div className="card card--flush" data-testid="procedures-running">
            <ProcedureList procedures={running} now={now} actionLabel="Resume" onOpen={onOpenProcedure} />
          </div>
        )}
      </section>

      {finished.length > 0 && (
        <section className="home__section" aria-labelledby="home-finished">
          <header className="section-header">
            <h2 id="home-finished" className="section-title">
              {finished.length > RECENT_FINISHED ? 'Recently finished' : 'Finished procedures'}
            </h2>
            <button type="button" className="button button--secondary button--small" data-testid="open-history" onClick={onOpenHistory}>
              All history ({formatCount(all.length)})
            </button>
          </header>
          <div className="card card--flush" data-testid="procedures-finished">
            <ProcedureList procedures={finished.slice(0, RECENT_FINISHED)} now={now} actionLabel="Open" onOpen={onOpenProcedure} />
          </div>
        </section>
      )}

      {/* Last: the vault is for checking and trust, not the next thing to do on site. */}
      <section className="home__section" aria-labelledby="home-vault">
        <h2 id="home-vault" className="section-title">
          Backups vault
        </h2>
        <p className="muted home__lead">
          Files the assistant kept during procedures. Verify reads a file from disk again and compares its SHA-256 with the one recorded when it was stored.
        </p>
        <VaultPanel vault={vault} procedures={all} now={now} />
      </section>
    </div>
  );
}
