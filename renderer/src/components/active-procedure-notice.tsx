import { humaniseTimestamps } from '../format';
import './active-procedure-notice.css';

interface Props {
  /** Main's sentence for the refused start (which procedure runs, since when). */
  message: string;
  /** What the button says; a fetch on the connected side is not an upgrade. */
  resumeLabel?: string;
  onResume: () => void;
}

/**
 * A start refused because this appliance already has a procedure in progress: not an error
 * to read but a way back to the work under way, so resuming is the one thing offered.
 */
export function ActiveProcedureNotice({ message, resumeLabel = 'Resume the upgrade in progress', onResume }: Props) {
  return (
    <section className="active-procedure" data-testid="procedure-active" role="status" aria-label="Already in progress">
      <p className="active-procedure__text">{humaniseTimestamps(message)}</p>
      <button type="button" className="button button--primary" data-testid="resume-active" onClick={onResume}>
        {resumeLabel}
      </button>
    </section>
  );
}
