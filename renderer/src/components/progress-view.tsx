import type { Progress } from '../../../shared/domain';
import { formatAmount, formatDuration, formatEta, formatRate, humaniseTimestamps, percent } from '../format';
import './progress-view.css';

/**
 * One progress report as a bar and the numbers a technician plans by: how far, how fast,
 * how long. Without a total (a wait with no known end) the bar is indeterminate and shows
 * the time elapsed instead. A total in seconds is an expectation, not a measured amount (no
 * appliance reports how far an install is), so time never fills a bar: it reads as time
 * elapsed against the time expected, with time left only where the report gives one.
 */
export function ProgressView({ progress }: { progress: Progress }) {
  const timed = progress.unit === 'seconds';
  const pct = timed ? null : percent(progress.done, progress.total);
  const indeterminate = pct === null;
  return (
    <section className="progress" data-testid="progress" aria-label={progress.label}>
      <div className="progress__top">
        <span className="progress__label">{humaniseTimestamps(progress.label)}</span>
        {!indeterminate && (
          <span className="progress__percent" data-testid="progress-percent">
            {pct}%
          </span>
        )}
      </div>
      <div
        className={`progress__track${indeterminate ? ' progress__track--indeterminate' : ''}`}
        role="progressbar"
        aria-label={progress.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={indeterminate ? (timed ? `${formatDuration(progress.done)} elapsed` : `${formatAmount(progress.done, 'bytes')} so far`) : `${pct}%`}
      >
        <div className="progress__fill" style={indeterminate ? undefined : { width: `${pct}%` }} />
      </div>
      <div className="progress__stats">
        {indeterminate ? (
          <>
            <span data-testid="progress-amount">
              {timed ? `${formatDuration(progress.done)} elapsed` : `${formatAmount(progress.done, 'bytes')} so far`}
            </span>
            {timed && progress.total !== null && progress.total > 0 && (
              <span data-testid="progress-expected">expected about {formatDuration(progress.total)}</span>
            )}
            {timed && progress.etaSeconds !== null && <span data-testid="progress-eta">{formatEta(progress.etaSeconds)}</span>}
            {/* Bytes without a total (a server that sends no length) still have a speed worth showing. */}
            {progress.unit === 'bytes' && progress.rate !== null && (
              <span data-testid="progress-rate">{formatRate(progress.rate, 'bytes')}</span>
            )}
          </>
        ) : (
          <>
            <span data-testid="progress-amount">
              {formatAmount(progress.done, progress.unit)} of {formatAmount(progress.total ?? 0, progress.unit)}
            </span>
            {progress.rate !== null && <span data-testid="progress-rate">{formatRate(progress.rate, progress.unit)}</span>}
            <span data-testid="progress-eta">{formatEta(progress.etaSeconds)}</span>
          </>
        )}
      </div>
    </section>
  );
}
