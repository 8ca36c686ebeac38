import type { StepStatus } from '../../../shared/procedures/view';

const LABELS: Record<StepStatus, string> = {
  pending: 'Not started',
  active: 'In progress',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  blocked: 'Blocked',
};

export function statusLabel(status: StepStatus): string {
  return LABELS[status];
}

/** A step status as a shape and a colour, so it reads without relying on colour alone. */
export function StatusIcon({ status }: { status: StepStatus }) {
  return (
    <span className={`status-icon status-icon--${status}`} role="img" aria-label={LABELS[status]}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        {status === 'done' && <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />}
        {status === 'failed' && <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />}
        {status === 'active' && <circle cx="8" cy="8" r="3.5" fill="currentColor" />}
        {status === 'pending' && <circle cx="8" cy="8" r="2" fill="currentColor" />}
        {status === 'skipped' && <path d="M4 8h8M9 5l3 3-3 3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />}
        {status === 'blocked' && (
          <g fill="none" stroke="currentColor" strokeWidth="1.8">
            <rect x="4" y="7.5" width="8" height="5.5" rx="1" />
            <path d="M5.8 7.5V5.8a2.2 2.2 0 014.4 0v1.7" />
          </g>
        )}
      </svg>
    </span>
  );
}
