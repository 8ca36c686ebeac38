import { useState } from 'react';
import { asAppError, call } from '../api';
import type { AppErrorShape } from '../../../shared/errors';
import type { Remote } from '../hooks/use-remote';
import type { Site } from '../../../shared/domain';
import { ErrorPanel } from '../components/error-panel';
import { ProcedureList } from '../components/procedure-list';
import { SiteCard } from '../components/site-card';
import { VaultPanel } from '../components/vault-panel';
import { useNow } from '../hooks/use-now';
import { useProcedureList } from '../hooks/use-procedure-list';
import { useVault } from '../hooks/use-vault';
import './home-screen.css';

interface Props {
  sites: Remote<Site[]>;
  onAddSite: () => void;
  onEditSite: (siteId: string) => void;
  onOpenProcedure: (procedureId: string) => void;
  /** Sites whose procedure finished since their card last tested the connection. */
  sitesToRetest: ReadonlySet<string>;
  onRetestStarted: (siteId: string) => void;
}

export function HomeScreen({ sites, onAddSite, onEditSite, onOpenProcedure, sitesToRetest, onRetestStarted }: Props) {
  const procedures = useProcedureList();
  const vault = useVault();
  const now = useNow(30_000);
  const [starting, setStarting] = useState<string | null>(null);
  const [startError, setStartError] = useState<{ siteId: string; error: AppErrorShape } | null>(null);

  const start = async (siteId: string) => {
    setStarting(siteId);
    setStartError(null);
    try {
      const view = await call('procedures.start', { kind: 'P1', siteId });
      onOpenProcedure(view.id);
    } catch (e) {
      setStartError({ siteId, error: asAppError(e) });
    } finally {
      setStarting(null);
    }
  };

  const all = procedures.data ?? [];
  const byRecent = (a: { updatedAt: string }, b: { updatedAt: string }) => b.updatedAt.localeCompare(a.updatedAt);
  const running = all.filter((p) => p.status === 'active').sort(byRecent);
  const finished = all.filter((p) => p.status !== 'active').sort(byRecent);

  return (
    <div className="screen home">
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
            {sites.data.map((site) => (
              <SiteCard
                key={site.id}
                site={site}
                now={now}
                starting={starting === site.id}
                startError={startError?.siteId === site.id ? startError.error : undefined}
                onEdit={() => onEditSite(site.id)}
                onStart={() => void start(site.id)}
                onTested={() => void sites.reload()}
                retest={sitesToRetest.has(site.id)}
                onRetestStarted={() => onRetestStarted(site.id)}
              />
            ))}
          </div>
        )}
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
          <h2 id="home-finished" className="section-title">
            Finished procedures
          </h2>
          <div className="card card--flush" data-testid="procedures-finished">
            <ProcedureList procedures={finished} now={now} actionLabel="Open" onOpen={onOpenProcedure} />
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
