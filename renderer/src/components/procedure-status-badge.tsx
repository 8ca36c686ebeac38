import type { ProcedureStatus } from '../../../shared/procedures/view';

const LABELS: Record<ProcedureStatus, string> = {
  active: 'In progress',
  done: 'Done',
  support: 'Contact support',
  cancelled: 'Cancelled',
};

const TONES: Record<ProcedureStatus, string> = {
  active: 'info',
  done: 'ok',
  support: 'failed',
  cancelled: 'neutral',
};

export function ProcedureStatusBadge({ status }: { status: ProcedureStatus }) {
  return (
    <span className={`badge badge--${TONES[status]}`} data-testid="procedure-status" data-status={status}>
      {LABELS[status]}
    </span>
  );
}
