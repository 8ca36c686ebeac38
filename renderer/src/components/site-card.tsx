import { useEffect, useRef } from 'react';
import type { Site } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import { frontAppliance, isFailoverPair } from '../../../shared/sites';
import { formatClockOffset, formatRelativeTime, isClockOffsetTooLarge } from '../format';
import { useConnectionTest } from '../hooks/use-connection-test';
import { CERTIFICATE_STATUS_LABELS, FAILOVER_ROLE_LABELS, certificateStatus } from '../site-status';
import { ActiveProcedureNotice } from './active-procedure-notice';
import { ApplianceList } from './appliance-list';
import { ConnectionTestResult } from './connection-test-result';
import { ErrorPanel } from './error-panel';
import './site-card.css';

/** The procedures a site card starts: on the appliance itself, or across an air gap. */
export type SiteProcedureKind = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

const START_LABELS: Record<SiteProcedureKind, { visible: string; full: string }> = {
  // The full names are what the procedures are called everywhere else; the buttons sit under
  // a "Start an update" caption, so the visible text only has to tell the two apart.
  P1: { visible: 'Automatic update', full: 'Start single appliance – automatic update' },
  // Deliberately not "Start single appliance …": flows and people find the automatic update by that name.
  P2: { visible: 'Manual update (air gap)', full: 'Start manual update (air gap)' },
  P5: { visible: 'Hardware migration', full: 'Start hardware migration to a new appliance' },
  // A pair offers the two ways the guide knows; the first step of each spells out what it costs.
  P3: { visible: 'Pair upgrade, A stays primary', full: 'Start pair upgrade, A stays primary – synchronous, longer downtime' },
  P4: { visible: 'Pair upgrade, B first', full: 'Start pair upgrade, B first – asynchronous, B made primary, minimal downtime' },
};

/** What a site can start: a pair is upgraded as a pair, never as one appliance of it. */
function startKinds(site: Site): readonly SiteProcedureKind[] {
  return isFailoverPair(site) ? ['P3', 'P4'] : ['P1', 'P2', 'P5'];
}

interface Props {
  site: Site;
  now: Date;
  /** The kind being started from this card, while main creates it. */
  starting: SiteProcedureKind | null;
  startError: AppErrorShape | undefined;
  /** The start was refused because this procedure is already running here: offered to resume instead. */
  activeProcedureId?: string;
  onResume?: (procedureId: string) => void;
  onEdit: () => void;
  onStart: (kind: SiteProcedureKind) => void;
  onTested: () => void;
  /** A procedure on this site just finished: test once by itself so the card shows the new version. */
  retest: boolean;
  onRetestStarted: () => void;
}

/** A site at a glance: where it is, what its appliance said last time, and what can be done next. */
export function SiteCard({
  site,
  now,
  starting,
  startError,
  activeProcedureId,
  onResume,
  onEdit,
  onStart,
  onTested,
  retest,
  onRetestStarted,
}: Props) {
  // The card tests and summarises the appliance serving the site now.
  const connection = useConnectionTest(site.id);
  const current = frontAppliance(site);
  const report = current.lastReport;
  const headingId = `site-${site.id}-name`;
  const startId = `site-${site.id}-start`;

  // Imported sites (and any whose secret is gone) have an account name but no secret on this computer.
  const needsCredentials = current.apiClientId !== '' && !current.hasApiSecret;
  const runTest = async () => {
    await connection.run();
    onTested();
  };
  // Testing would only fail for the missing secret: the editor asks for the credentials instead.
  const test = () => (needsCredentials ? onEdit() : void runTest());

  // The ref keeps StrictMode's second effect run (same render, `retest` still true) from testing twice.
  const retestStarted = useRef(false);
  useEffect(() => {
    if (!retest) {
      retestStarted.current = false;
      return;
    }
    if (retestStarted.current) return;
    retestStarted.current = true;
    onRetestStarted();
    void runTest();
    // Only a new request to retest matters; `test` changes with every render.
  }, [retest]);

  return (
    <article className="site-card card" data-testid="site-card" data-site-id={site.id} aria-labelledby={headingId}>
      <header className="site-card__header">
        <div className="site-card__names">
          <h2 id={headingId} className="site-card__name">
            {site.name}
          </h2>
          <span className="site-card__host">{site.siteHostname}</span>
        </div>
        {site.isPracticeLab && (
          <span className="badge badge--lab" data-testid="practice-lab-badge">
            Practice lab
          </span>
        )}
      </header>
      {site.appliances.length > 1 ? (
        <ApplianceList site={site} />
      ) : (
        <p className="site-card__address mono">{current.applianceUrl}</p>
      )}

      {report ? (
        <dl className="site-card__summary" data-testid="site-summary">
          <div>
            <dt>Version</dt>
            <dd>{report.version}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{FAILOVER_ROLE_LABELS[report.failoverRole]}</dd>
          </div>
          <div>
            <dt>Clock</dt>
            <dd className={isClockOffsetTooLarge(report.clockOffsetSeconds) ? 'tone-warn' : undefined}>
              {formatClockOffset(report.clockOffsetSeconds)}
            </dd>
          </div>
          <div>
            <dt>Permissions</dt>
            <dd className={report.missingPermissions.length > 0 ? 'tone-bad' : 'tone-ok'}>
              {report.missingPermissions.length > 0 ? `Missing ${report.missingPermissions.join(', ')}` : 'OK'}
            </dd>
          </div>
          <div>
            <dt>Certificate</dt>
            <dd
              className={
                { pinned: 'tone-ok', new: 'tone-warn', changed: 'tone-bad' }[certificateStatus(current, report)]
              }
            >
              {CERTIFICATE_STATUS_LABELS[certificateStatus(current, report)]}
            </dd>
          </div>
          <div>
            <dt>Last checked</dt>
            <dd>{formatRelativeTime(report.checkedAt, now)}</dd>
          </div>
        </dl>
      ) : needsCredentials ? null : (
        <p className="site-card__untested muted">Not tested yet. Test the connection before starting an upgrade.</p>
      )}

      {needsCredentials && (
        <p className="site-card__untested site-card__credentials" data-testid="credentials-needed">
          <strong>Credentials needed.</strong> This computer holds no API client secret or admin password for this appliance
          (sites imported from a file never carry them). Test connection asks for them.
        </p>
      )}

      <ConnectionTestResult
        test={connection.state}
        appliance={current}
        showReport={false}
        onTrust={(fingerprint) => void connection.trust(fingerprint).then(onTested)}
      />

      {startError &&
        (activeProcedureId && onResume ? (
          <ActiveProcedureNotice message={startError.message} onResume={() => onResume(activeProcedureId)} />
        ) : (
          <ErrorPanel error={startError} title="The procedure could not start" />
        ))}

      <footer className="site-card__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={connection.state.phase === 'testing'}
          onClick={test}
        >
          Test connection
        </button>
        <button type="button" className="button button--secondary" onClick={onEdit}>
          Edit
        </button>
        <div className="site-card__start" role="group" aria-labelledby={startId}>
          <span id={startId} className="site-card__start-caption">
            Start an update or a migration
          </span>
          <div className="site-card__start-buttons">
            {startKinds(site).map((kind) => (
              <button
                key={kind}
                type="button"
                // One primary per card: the automatic update is the usual path; for a pair, the one with least downtime.
                className={`button ${kind === 'P1' || kind === 'P4' ? 'button--primary' : 'button--secondary'}`}
                data-testid={`start-${kind.toLowerCase()}`}
                disabled={starting !== null}
                // The visible words are part of the name, so speech input ("click Manual update") still works.
                aria-label={starting === kind ? undefined : START_LABELS[kind].full}
                title={START_LABELS[kind].full}
                onClick={() => onStart(kind)}
              >
                {starting === kind ? 'Starting…' : START_LABELS[kind].visible}
              </button>
            ))}
          </div>
        </div>
      </footer>
    </article>
  );
}
