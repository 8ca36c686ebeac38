import { formatElapsed, formatElapsedAgainst, formatEta, type ExpectedMinutes } from '../format';
import type { StepView } from '../../../shared/procedures/view';
import type { InstallInfo } from './step-detail';
import './install-phases.css';

export type InstallPhase = 'uploading' | 'installing' | 'restarting' | 'verifying';

const PHASES: { id: InstallPhase; label: string }[] = [
  { id: 'uploading', label: 'Uploading' },
  { id: 'installing', label: 'Installing' },
  { id: 'restarting', label: 'Appliance restarting' },
  { id: 'verifying', label: 'Verifying the version' },
];

/**
 * Where an install is, from the words main's progress report uses ("Uploading …",
 * "Installing …"); the view's own install phase replaces this where main sends one.
 */
export function phaseFromProgressLabel(label: string): InstallPhase | undefined {
  if (/^uploading\b/i.test(label)) return 'uploading';
  if (/^installing\b/i.test(label)) return 'installing';
  if (/^(?:waiting for (?:the appliance to )?)?restart/i.test(label)) return 'restarting';
  if (/^verifying\b/i.test(label)) return 'verifying';
  return undefined;
}

/**
 * The phases still ahead from this one. Read from a progress report, the phases before it are
 * not known to have happened (an automatic install uploads nothing), so they are not shown.
 */
export function phasesFrom(phase: InstallPhase): InstallPhase[] {
  const all = PHASES.map((p) => p.id);
  return all.slice(all.indexOf(phase));
}

/**
 * The install phase main's view gives (StepView.phase), with the phases this install goes
 * through: a package that travels as a file is uploaded first, one the appliance fetches is not.
 */
export function installInfoOf(step: Pick<StepView, 'phase'>): InstallInfo | undefined {
  if (!step.phase) return undefined;
  const { id, startedAt, expected, uploads } = step.phase;
  const phases = PHASES.map((p) => p.id).filter((p) => uploads === true || p !== 'uploading');
  return { phase: id, phases, startedAt, expectedMinutes: { min: expected.minMinutes, max: expected.maxMinutes } };
}

interface Props {
  phase: InstallPhase;
  /** The phases this install goes through, in order; all four unless the source says fewer. */
  phases?: readonly InstallPhase[];
  /** Seconds since this install began; absent when nothing says when it began. */
  elapsedSeconds?: number;
  /** The package the elapsed time is for, where an install has several (each is timed from its own start). */
  packageLabel?: string;
  /** The usual duration (R13: 15–60 min, longer with much stored data); absent when unknown. */
  expectedMinutes?: ExpectedMinutes;
  /** Time left as the source reports it; null or absent means none is shown, never guessed. */
  etaSeconds?: number | null;
}

/** An install's phase among the four, and its time against the usual range. */
export function InstallPhases({ phase, phases, elapsedSeconds, packageLabel, expectedMinutes, etaSeconds }: Props) {
  const shown = phases ? PHASES.filter((p) => phases.includes(p.id)) : PHASES;
  const at = shown.findIndex((p) => p.id === phase);
  return (
    <section className="install-phases" data-testid="install-phases" data-phase={phase} aria-label="Install phase">
      <ol className="install-phases__list">
        {shown.map((p, i) => (
          <li
            key={p.id}
            className={`install-phases__phase install-phases__phase--${i < at ? 'done' : i === at ? 'current' : 'next'}`}
            aria-current={i === at ? 'step' : undefined}
          >
            {p.label}
            {i < at && <span className="visually-hidden"> (done)</span>}
          </li>
        ))}
      </ol>
      {(elapsedSeconds !== undefined || (etaSeconds !== undefined && etaSeconds !== null)) && (
        <p className="install-phases__time" data-testid="install-time">
          {packageLabel !== undefined && elapsedSeconds !== undefined && `${packageLabel}: `}
          {elapsedSeconds !== undefined &&
            (expectedMinutes ? formatElapsedAgainst(elapsedSeconds, expectedMinutes) : formatElapsed(elapsedSeconds))}
          {etaSeconds !== undefined && etaSeconds !== null && (
            <span data-testid="install-eta">
              {elapsedSeconds !== undefined ? ' · ' : ''}
              {formatEta(etaSeconds)}
            </span>
          )}
        </p>
      )}
    </section>
  );
}
