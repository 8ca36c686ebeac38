import type { SiteWatchView } from '../../../shared/site-watch';
import { formatDuration, formatTime } from '../format';
import './site-watch-panel.css';

interface Props {
  watch: SiteWatchView;
}

const MAX_DOWN_LISTED = 5;

function secondsOf(interval: { from: string; to: string }): number {
  return Math.max(0, (Date.parse(interval.to) - Date.parse(interval.from)) / 1000);
}

/**
 * What users reach at the site address, as the assistant sees it with its own requests: who answers
 * now, a strip of the recent up and down intervals, and the downtime measured so far.
 */
export function SiteWatchPanel({ watch }: Props) {
  const current = watch.current;
  const span = watch.recent.reduce((sum, interval) => sum + secondsOf(interval), 0);
  const downs = watch.recent.filter((i) => !i.up && secondsOf(i) > 0).slice(-MAX_DOWN_LISTED);
  const state = current === null ? 'unknown' : current.up ? 'up' : 'down';
  const badge = watch.watching ? state : 'unknown';
  return (
    <section className="site-watch panel" data-testid="site-watch" data-state={state} data-down-seconds={watch.downSeconds} aria-labelledby="site-watch-title">
      <header className="site-watch__header">
        <h2 id="site-watch-title" className="site-watch__title">
          Site watch
        </h2>
        <span className="muted mono">
          {watch.siteHostname} · {watch.siteAddress}
        </span>
        <span className={`badge site-watch__badge site-watch__badge--${badge}`}>
          {watch.watching ? (state === 'up' ? 'Up' : state === 'down' ? 'Down' : 'Checking…') : 'Not watching'}
        </span>
      </header>
      <p className="site-watch__now" data-testid="site-watch-now">
        {current === null
          ? 'No answer recorded yet.'
          : current.up
            ? `${current.serial ?? 'An appliance'} answers users, site software ${current.version ?? 'unknown'}, since ${formatTime(current.from)}.`
            : `Users reach nothing since ${formatTime(current.from)}${current.reason ? `: ${current.reason}` : '.'}`}
      </p>
      {span > 0 && (
        <div className="site-watch__strip" role="img" aria-label={`Timeline of the last ${formatDuration(span)}: green up, red down, grey not watched.`}>
          {watch.recent.map((interval) => (
            <span
              key={interval.from}
              className={`site-watch__segment site-watch__segment--${interval.up ? 'up' : 'down'}`}
              style={{ flexGrow: Math.max(secondsOf(interval), span / 200) }}
              title={`${formatTime(interval.from)}–${formatTime(interval.to)}: ${interval.up ? `${interval.serial ?? ''} ${interval.version ?? ''}` : 'down'}`}
            />
          ))}
        </div>
      )}
      <p className="site-watch__total" data-testid="site-watch-total">
        Down {formatDuration(watch.downSeconds)} in all
        {watch.startedAt ? ` since ${formatTime(watch.startedAt)}` : ''} · {watch.probes} checks
      </p>
      {downs.length > 0 && (
        <ul className="site-watch__downs">
          {downs.map((interval) => (
            <li key={interval.from}>
              {formatTime(interval.from)}–{formatTime(interval.to)}: down {formatDuration(secondsOf(interval))}
              {interval.reason ? <span className="muted"> — {interval.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
