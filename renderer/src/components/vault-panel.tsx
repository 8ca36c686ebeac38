import type { VaultEntry, VaultKind } from '../../../shared/domain';
import type { ProcedureSummary } from '../../../shared/procedures/view';
import { formatBytes, formatDateTime, formatRelativeTime, formatTime } from '../format';
import type { Vault, VerifyResult } from '../hooks/use-vault';
import { Digest } from './digest';
import { ErrorPanel } from './error-panel';
import './vault-panel.css';

const KIND_LABELS: Record<VaultKind, string> = {
  backup: 'Backup',
  certificate: 'Certificate',
  package: 'Package',
  diagnostics: 'Diagnostics',
  report: 'Report',
  'support-bundle': 'Support bundle',
};

/** How to get a good copy again, per kind: the next step a person takes when a file is lost. */
const REDO: Record<VaultKind, string> = {
  backup: 'take a new settings backup from the appliance before changing anything',
  certificate: 'export the certificate from the appliance again',
  package: 'download the update package again',
  diagnostics: 'collect the diagnostics from the appliance again',
  report: 'create the report again from the procedure’s screen',
  'support-bundle': 'create the support bundle again from the procedure’s screen',
};

const STATE_LABELS: Record<VaultEntry['state'], string> = {
  ok: 'OK',
  missing: 'File missing',
  corrupt: 'Contents changed',
};

const STATE_TONES: Record<VaultEntry['state'], string> = {
  ok: 'ok',
  missing: 'failed',
  corrupt: 'failed',
};

interface Props {
  vault: Vault;
  /** Names the procedures that hold a file; ids alone mean nothing to a person. */
  procedures: ProcedureSummary[];
  now: Date;
}

/** Every file the assistant kept, with the proof that it is still the file it stored. */
export function VaultPanel({ vault, procedures, now }: Props) {
  const { remote, entries, results, verify } = vault;
  const titles = new Map(procedures.map((p) => [p.id, p.siteName.trim() !== '' ? `${p.title} at ${p.siteName}` : p.title]));
  return (
    <div data-testid="vault-panel">
      {remote.error && <ErrorPanel error={remote.error} title="The vault could not be read" />}
      {!entries && !remote.error && <p className="muted vault__none">Reading the vault…</p>}
      {entries && entries.length === 0 && (
        <p className="muted vault__none">
          No files in the vault yet. Every backup the assistant takes during a procedure is kept here with its SHA-256.
        </p>
      )}
      {entries && entries.length > 0 && (
        <ul className="vault card card--flush" aria-label="Files in the vault">
          {entries.map((entry) => (
            <VaultRow
              key={entry.id}
              entry={entry}
              result={results[entry.id]}
              holders={entry.heldBy.map((id) => titles.get(id) ?? id)}
              now={now}
              onVerify={() => void verify(entry.id)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

interface RowProps {
  entry: VaultEntry;
  result: VerifyResult | undefined;
  holders: string[];
  now: Date;
  onVerify: () => void;
}

function VaultRow({ entry, result, holders, now, onVerify }: RowProps) {
  const kind = KIND_LABELS[entry.kind];
  const verifying = result?.phase === 'verifying';
  return (
    <li className="vault__row" data-testid="vault-entry" data-state={entry.state} data-vault-id={entry.id}>
      <div className="vault__main">
        <span className="vault__title">
          <span className="tag vault__kind">{kind}</span>
          <span className="vault__site">{entry.siteName}</span>
          <span className="vault__version">version {entry.version}</span>
        </span>
        <span className="vault__meta">
          <span className="mono">{entry.appliance}</span>
          <span aria-hidden="true">·</span>
          <span>created {formatDateTime(entry.createdAt)}</span>
          <span aria-hidden="true">·</span>
          <span>{formatBytes(entry.size)}</span>
        </span>
        {/* The file's own name: the one the procedure's summary and journal cite, so a backup can be matched to them. */}
        <span className="vault__meta">
          <span className="mono vault__file" data-testid="vault-file">
            {entry.fileName}
          </span>
        </span>
        <span className="vault__meta">
          <span>SHA-256</span> <Digest value={entry.sha256} label={`SHA-256 of ${entry.fileName}`} />
          {holders.length > 0 && (
            <>
              <span aria-hidden="true">·</span>
              <span className="vault__held" title={holders.join('\n')}>
                held by {holders.length} {holders.length === 1 ? 'procedure' : 'procedures'}
              </span>
            </>
          )}
        </span>
      </div>
      <span className={`badge badge--${STATE_TONES[entry.state]}`} data-testid="vault-state">
        {STATE_LABELS[entry.state]}
      </span>
      <span
        className="vault__verified"
        title={entry.lastVerifiedAt ? `Last verified ${formatDateTime(entry.lastVerifiedAt)}` : undefined}
      >
        {/* "verified" next to a red state would read as good news; a failed check is only "checked". */}
        {entry.lastVerifiedAt
          ? `${entry.state === 'ok' ? 'verified' : 'checked'} ${formatRelativeTime(entry.lastVerifiedAt, now)}`
          : 'never verified'}
      </span>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="vault-verify"
        disabled={verifying}
        aria-label={`Verify ${kind.toLowerCase()} of ${entry.siteName}, version ${entry.version}, created ${formatDateTime(entry.createdAt)}`}
        onClick={onVerify}
      >
        {verifying ? 'Verifying…' : 'Verify'}
      </button>
      {result && <VerifyProof entry={entry} result={result} />}
    </li>
  );
}

function VerifyProof({ entry, result }: { entry: VaultEntry; result: VerifyResult }) {
  if (result.phase === 'verifying') {
    return (
      <p className="vault__proof status-line" role="status">
        <span className="spinner" aria-hidden="true" /> Re-computing the SHA-256 from the file on disk…
      </p>
    );
  }
  if (result.phase === 'error') {
    return (
      <div className="vault__proof" data-testid="vault-verify-result" data-ok="false">
        <ErrorPanel error={result.error} title="The file could not be verified" />
      </div>
    );
  }
  const checked = result.entry;
  const at = checked.lastVerifiedAt ? formatTime(checked.lastVerifiedAt) : formatTime(new Date().toISOString());
  if (checked.state === 'ok') {
    return (
      <p className="vault__proof vault__proof--ok" role="status" data-testid="vault-verify-result" data-ok="true">
        <strong>Verified</strong>
        <span>SHA-256 re-computed from disk matches — verified {at}</span>
      </p>
    );
  }
  const what =
    checked.state === 'missing'
      ? `File missing: ${checked.fileName} is no longer in the vault folder (checked ${at}), so there is nothing to restore from.`
      : `Contents changed: the SHA-256 re-computed from disk does not match the one recorded when the file was stored (checked ${at}). Do not restore from this copy.`;
  const holders = entry.heldBy.length > 0 ? ' A procedure still relies on this file, so do this before going on with it.' : '';
  return (
    <div className="vault__proof vault__proof--bad" role="alert" data-testid="vault-verify-result" data-ok="false">
      <strong>Verification failed</strong>
      <span>
        {what} Next: {REDO[checked.kind]}.{holders}
      </span>
    </div>
  );
}
