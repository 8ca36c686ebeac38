import { Fragment } from 'react';
import type { Progress } from '../../../shared/domain';
import type { Fact, StepView } from '../../../shared/procedures/view';
import { CURRENT_STEP_HEADING_ID } from '../focus';
import { humaniseTimestamps, isFingerprint256, isSha256 } from '../format';
import { ruleReasons } from '../../../shared/rules/rule-reasons';
import { withOnePrimary } from '../step-action-words';
import { Digest, TextWithDigests } from './digest';
import { ErrorPanel } from './error-panel';
import { InstallPhases, phaseFromProgressLabel, phasesFrom, type InstallPhase } from './install-phases';
import { useNow } from '../hooks/use-now';
import type { ExpectedMinutes } from '../format';
import { ProgressView } from './progress-view';
import { StatusIcon, statusLabel } from './status-icon';
import { StepActionForm, hasInput } from './step-action-form';
import { StepActions } from './step-actions';
import { WaitCountdown } from './wait-countdown';
import './step-detail.css';

const KIND_LABELS: Record<StepView['kind'], string> = {
  auto: 'The assistant does this',
  guided: 'You do this in the appliance web interface',
  decision: 'Your decision',
  gate: 'A rule that must hold before going on',
  wait: 'Waiting for the appliance',
};

/**
 * Who acts, in words. A guided step without an appliance page is done by hand but not in the
 * appliance (carrying a drive across, typing a key on the connected side), so it must not
 * send the operator looking for a web page.
 */
function kindLabel(step: StepView): string {
  if (step.kind === 'guided' && !step.pagePath) return 'You do this';
  return KIND_LABELS[step.kind];
}

interface Props {
  step: StepView;
  /** False when the operator is looking back at another step: nothing can be sent from here. */
  interactive: boolean;
  progress: Progress | undefined;
  busy: boolean;
  sendError: { code: string; message: string; hint: string } | undefined;
  onSend: (event: string, note: string | undefined, value?: string) => void;
  /** Values typed or chosen in this step's forms, kept by the screen across tab and step switches. */
  draftFor: (event: string) => string | undefined;
  onDraft: (event: string, value: string | undefined) => void;
  onOpenPage: (url: string) => void;
  onBackToCurrent: (() => void) | undefined;
  /** The procedure's current step: its heading is where focus goes when the procedure moves on. */
  isCurrent?: boolean;
  /** An install's phase, start and usual duration where the view gives them; otherwise read from the progress report. */
  install?: InstallInfo;
}

export interface InstallInfo {
  phase?: InstallPhase;
  /** The phases this install goes through (a manual install uploads first, an automatic one does not). */
  phases?: InstallPhase[];
  startedAt?: string;
  expectedMinutes?: ExpectedMinutes;
}

export function StepDetail({
  step,
  interactive,
  progress,
  busy,
  sendError,
  onSend,
  draftFor,
  onDraft,
  onOpenPage,
  onBackToCurrent,
  isCurrent,
  install,
}: Props) {
  const active = step.status === 'active';
  // The install actor's report knows the finest phase (restarting, verifying); the view knows upload or install.
  const phase = active ? (progress?.phase ?? install?.phase ?? (progress ? phaseFromProgressLabel(progress.label) : undefined)) : undefined;
  // Every second: the first minute reads in seconds, and a count that stands still for 15 s looks like a hang.
  const now = useNow(1_000, phase !== undefined && install?.startedAt !== undefined);
  // With the usual range known, a timed install reads as time against that range (the phases
  // block) instead of a bar towards an estimated end. Elapsed time comes from the source: the
  // install's own seconds, or the start the view gives.
  const timedBySeconds = progress?.unit === 'seconds' && phase !== undefined && install?.expectedMinutes !== undefined;
  // The view's start wins: after a restart of the app mid-install the install's own count starts again from zero.
  const elapsedSeconds = install?.startedAt
    ? Math.max(0, (now.getTime() - new Date(install.startedAt).getTime()) / 1000)
    : timedBySeconds
      ? progress.done
      : undefined;
  const paragraphs = step.instruction.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  const actions = withOnePrimary(step.actions);
  const inputActions = interactive ? actions.filter(hasInput) : [];
  const buttonActions = actions.filter((a) => !hasInput(a));
  const reasons = ruleReasons(step.rules);
  // With a form on screen the operator's eyes are on it: a refusal belongs right under it.
  const sendErrorPanel = interactive && sendError && <ErrorPanel error={sendError} title="The assistant could not do that" />;
  return (
    <article className="step-detail" data-testid="current-step" data-step-id={step.id} data-status={step.status}>
      {onBackToCurrent && (
        <div className="step-detail__readonly" role="note">
          <span>You are looking at another step. Nothing can be changed from here.</span>
          <button type="button" className="button button--secondary button--small" onClick={onBackToCurrent}>
            Back to the current step
          </button>
        </div>
      )}
      <header className="step-detail__header">
        <StatusIcon status={step.status} />
        <div className="step-detail__heading">
          <h2 className="step-detail__title" id={isCurrent ? CURRENT_STEP_HEADING_ID : undefined} tabIndex={isCurrent ? -1 : undefined}>
            {step.title}
          </h2>
          <p className="step-detail__meta">
            <span>{kindLabel(step)}</span>
            <span aria-hidden="true">·</span>
            <span>{statusLabel(step.status)}</span>
          </p>
        </div>
      </header>

      <div className="step-detail__instruction">
        {paragraphs.map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
      </div>

      {step.pagePath && (
        <div className="step-detail__page">
          <span className="step-detail__page-label">Page</span>
          <code className="step-detail__page-path">{step.pagePath}</code>
          {step.pageUrl && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => onOpenPage(step.pageUrl as string)}
            >
              Open page
            </button>
          )}
        </div>
      )}

      {step.document && (
        <section className="step-detail__document" aria-labelledby={`${step.id}-document`} data-testid="step-document">
          <h3 id={`${step.id}-document`}>{step.document.title}</h3>
          {/* Focusable so a keyboard user can scroll the whole text before accepting it. */}
          <pre className="step-detail__document-text" tabIndex={0}>
            {step.document.text}
          </pre>
        </section>
      )}

      {inputActions.map((action) => (
        // Keyed by step too: a new step starts with empty fields; a refused value stays to be corrected; a new proposal fills the field anew.
        <StepActionForm
          key={`${step.id}:${action.event}:${action.input.defaultValue ?? ''}`}
          action={action}
          busy={busy}
          draft={draftFor(action.event)}
          onDraft={(value) => onDraft(action.event, value)}
          onSend={onSend}
        />
      ))}
      {inputActions.length > 0 && sendErrorPanel}

      {step.code && (
        <figure className="step-detail__code" data-testid="step-code">
          <figcaption>{step.code.label}</figcaption>
          <output
            // A short code reads at a glance; a fingerprint (95 characters) wraps at a size that still fits the step.
            className={`step-detail__code-value${step.code.value.length > 24 ? ' step-detail__code-value--long' : ''}`}
            aria-label={`${step.code.label}: ${spellOut(step.code.value)}`}>
            {step.code.value}
          </output>
        </figure>
      )}

      {step.wait && <WaitCountdown wait={step.wait} running={step.status === 'active'} />}
      {phase && (
        <InstallPhases
          phase={phase}
          phases={install?.phase ? install.phases : phasesFrom(phase)}
          elapsedSeconds={elapsedSeconds}
          // The view times each package from its own start; with several, say which one the clock is for.
          packageLabel={(step.items?.length ?? 0) > 1 ? step.items?.find((item) => item.status === 'active')?.label : undefined}
          expectedMinutes={install?.expectedMinutes}
          etaSeconds={timedBySeconds ? progress.etaSeconds : undefined}
        />
      )}
      {/* A timed install with a usual range is told by the phases above; anything else keeps its bar. */}
      {progress && active && !timedBySeconds && <ProgressView progress={progress} />}

      {step.items && step.items.length > 0 && <StepItems items={step.items} />}

      {step.facts.length > 0 && (
        <table className="facts" data-testid="facts">
          <tbody>
            {step.facts.map((fact, i) => (
              <tr key={`${fact.label}-${i}`}>
                <th scope="row">{fact.label}</th>
                <FactValue fact={fact} />
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {step.verification && (
        <div
          className={`verification verification--${step.verification.ok ? 'ok' : 'bad'}`}
          data-testid="verification"
          data-ok={String(step.verification.ok)}
        >
          <strong>{step.verification.ok ? 'Verified' : 'Verification failed'}</strong>
          <span>
            <TextWithDigests text={humaniseTimestamps(step.verification.text)} label="SHA-256" />
          </span>
        </div>
      )}

      {reasons.length > 0 && (
        <details className="step-detail__why" data-testid="step-why">
          <summary>Why this step?</summary>
          <ul>
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </details>
      )}

      {step.error && <ErrorPanel error={step.error} />}
      {inputActions.length === 0 && sendErrorPanel}

      {interactive && buttonActions.length > 0 && <StepActions actions={buttonActions} busy={busy} onSend={onSend} />}
    </article>
  );
}

/**
 * Which facts are proofs a person copies: a full SHA-256 (or certificate fingerprint) set in monospace, or the Appliance
 * Download Key. One test, so a new kind of proof is added here and nowhere else.
 */
export function copyableFact(fact: Fact): boolean {
  return (fact.mono === true && (isSha256(fact.value) || isFingerprint256(fact.value))) || /download key/i.test(fact.label);
}

function FactValue({ fact }: { fact: Fact }) {
  const className = `${fact.mono ? 'mono ' : ''}${fact.tone ? `tone-${fact.tone}` : ''}`.trim() || undefined;
  if (copyableFact(fact)) {
    return (
      <td className={fact.tone ? `tone-${fact.tone}` : undefined}>
        <Digest value={fact.value.trim()} label={fact.label} />
      </td>
    );
  }
  if (hasSha256(fact.value)) {
    // Names with their digests ("backup.nsb (SHA-256 …)"): the digests grouped and copyable, the names in the text face.
    return (
      <td className={fact.tone ? `tone-${fact.tone}` : undefined}>
        <TextWithDigests text={humaniseTimestamps(fact.value)} label={`SHA-256 (${fact.label})`} />
      </td>
    );
  }
  return <td className={className}>{humaniseTimestamps(fact.value)}</td>;
}

function hasSha256(text: string): boolean {
  return /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/i.test(text);
}

type Item = NonNullable<StepView['items']>[number];

/** Above this many items a one-line tally says how the list stands before anyone reads it. */
const ITEMS_TALLY_FROM = 6;

const TALLY_ORDER: Item['status'][] = ['done', 'failed', 'active', 'blocked', 'pending', 'skipped'];

/**
 * Sub-items of a step, e.g. one line per package, or per bundle file in a verification proof
 * ("file — size — SHA-256 prefix"). Parts of such a label are kept whole (a size or a digest
 * never breaks across lines) and digests are set in monospace, so a long list of files can be
 * compared with another screen or a printout line by line.
 */
function StepItems({ items }: { items: Item[] }) {
  const counts = new Map<Item['status'], number>();
  for (const item of items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  const tally = TALLY_ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${statusLabel(s).toLowerCase()}`);
  return (
    <div className="step-detail__items-block">
      {items.length >= ITEMS_TALLY_FROM && (
        <p className="step-detail__items-tally" data-testid="step-items-tally">
          {items.length} items: {tally.join(' · ')}
        </p>
      )}
      <ul className={`step-detail__items${items.length >= ITEMS_TALLY_FROM ? ' step-detail__items--compact' : ''}`} aria-label="Items">
        {items.map((item, i) => (
          <li
            key={`${item.label}-${i}`}
            className={`step-detail__item step-detail__item--${item.status}`}
            data-testid="step-item"
            data-status={item.status}
          >
            <StatusIcon status={item.status} />
            <ItemLabel label={humaniseTimestamps(item.label)} />
            <span className="step-detail__item-detail">
              {item.detail !== undefined ? <TextWithDigests text={humaniseTimestamps(item.detail)} label="SHA-256" /> : statusLabel(item.status)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A hex digest or its prefix, optionally named ("SHA-256 3f2a9c1d…"). */
const DIGEST_PART = /^(?:SHA-?256:?\s+)?[0-9a-f]{8,}(?:…|\.\.\.)?$/i;
/** A whole SHA-256, optionally named: drawn with its copy button, never shortened. */
const FULL_DIGEST_PART = /^((?:SHA-?256:?\s+)?)([0-9a-f]{64})$/i;
/** "1.2 GiB", "734003200 bytes". */
const SIZE_PART = /^[\d.,]+\s?(?:B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|bytes)$/i;
const LABEL_SEPARATOR = ' — ';

function ItemLabel({ label }: { label: string }) {
  const parts = label.split(LABEL_SEPARATOR);
  if (parts.length < 2) return <span className="step-detail__item-label">{label}</span>;
  const [name, ...rest] = parts;
  // Name on its own line, the rest under it: every row has the same shape, so digests line up
  // down the list. The first separator stays for screen readers (and the row's text).
  return (
    <span className="step-detail__item-label">
      <span className="step-detail__item-name">{name}</span>
      <span className="visually-hidden">{LABEL_SEPARATOR}</span>
      <span className="step-detail__item-meta">
        {rest.map((part, i) => {
          const trimmed = part.trim();
          const kind = DIGEST_PART.test(trimmed) ? 'digest' : SIZE_PART.test(trimmed) ? 'size' : 'part';
          const full = FULL_DIGEST_PART.exec(trimmed);
          return (
            <Fragment key={i}>
              {i > 0 && <span className="step-detail__item-sep">{LABEL_SEPARATOR}</span>}
              {full ? (
                <span className="step-detail__item-digest">
                  {full[1]}
                  <Digest value={full[2]!} label={`${full[1]!.trim() || 'SHA-256'} of ${name}`} />
                </span>
              ) : (
                <span className={`step-detail__item-${kind}${kind === 'digest' ? ' mono' : ''}`}>{part}</span>
              )}
            </Fragment>
          );
        })}
      </span>
    </span>
  );
}

/** A code read aloud character by character ("7 F 3 A, dash, …"), so a screen reader does not say it as a word. */
function spellOut(code: string): string {
  return [...code].map((c) => (c === '-' ? 'dash' : c)).join(' ');
}
