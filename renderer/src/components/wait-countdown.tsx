import type { StepView } from '../../../shared/procedures/view';
import { formatDuration, formatTime, humaniseTimestamps } from '../format';
import { useNow } from '../hooks/use-now';

type Wait = NonNullable<StepView['wait']>;

/** A wait step's visible clock: time waited so far and time left before it gives up. */
export function WaitCountdown({ wait, running }: { wait: Wait; running: boolean }) {
  const now = useNow(1000, running);
  const started = new Date(wait.startedAt).getTime();
  const deadline = new Date(wait.deadline).getTime();
  const elapsed = Math.max(0, (now.getTime() - started) / 1000);
  const left = Math.max(0, (deadline - now.getTime()) / 1000);
  const span = Math.max(1, (deadline - started) / 1000);
  const pct = Math.min(100, Math.floor((elapsed / span) * 100));
  return (
    <section className="progress" data-testid="wait-countdown" aria-label={wait.label}>
      <div className="progress__top">
        <span className="progress__label">{humaniseTimestamps(wait.label)}</span>
        <span className="progress__percent">{running ? `${formatDuration(Math.ceil(left))} left` : 'stopped'}</span>
      </div>
      <div
        className="progress__track"
        role="progressbar"
        aria-label={`${wait.label}: time used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div className="progress__fill progress__fill--time" style={{ width: `${pct}%` }} />
      </div>
      <div className="progress__stats">
        <span>Waiting for {formatDuration(elapsed)}</span>
        <span>Gives up at {formatTime(wait.deadline)}</span>
      </div>
    </section>
  );
}
