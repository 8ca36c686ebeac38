import { humaniseTimestamps } from '../format';
import './active-procedure-notice.css';

interface Props {
  /** Main's sentence for the refused start (which procedure runs, since when). */
  message: string;
  onResume: () => void;
}

/**
 * A start refused because this appliance already has a procedure in progress: not an error
 * to read but a way back to the work under way, so resuming is the one thing offered.
 */
export function ActiveProcedureNotice({ message, onResume }: Props) {
  return (
    <section className="active-procedure" data-testid="procedure-active" role="status" aria-label="An upgrade is already in progress">
      <p className="active-procedure__text">{humaniseTimestamps(message)}</p>
      <button type="button" className="button button--primary" data-testid="resume-active" onClick={onResume}>
        Resume the upgrade in progress
      </button>
    </section>
  );
}
