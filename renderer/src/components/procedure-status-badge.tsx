import { procedureStatusWords, type StatusSource } from '../procedure-status';

/** A procedure's status in words and colour; the words come from procedureStatusWords alone. */
export function ProcedureStatusBadge({ procedure }: { procedure: StatusSource }) {
  const words = procedureStatusWords(procedure);
  return (
    <span className={`badge badge--${words.tone}`} data-testid="procedure-status" data-status={procedure.status}>
      {words.label}
    </span>
  );
}
