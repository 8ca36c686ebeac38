import { useState } from 'react';
import { asAppError, call } from '../api';
import type { RequestOutput } from '../../../shared/contract';
import type { AppErrorShape } from '../../../shared/errors';
import { countOf } from '../../../shared/counting';
import { ErrorPanel } from './error-panel';
import './sites-transfer.css';

type Outcome =
  | { kind: 'exported'; result: RequestOutput<'sites.export'> }
  | { kind: 'imported'; result: RequestOutput<'sites.import'> }
  | { kind: 'failed'; action: 'export' | 'import'; error: AppErrorShape };

/** "3 imported, 1 already here", from what main reported. */
export function importWords(result: RequestOutput<'sites.import'>): string {
  const parts = [`${countOf(result.imported.length, 'site')} imported`];
  if (result.skipped.length > 0) parts.push(`${result.skipped.length} already here`);
  return parts.join(', ');
}

/** "Export sites…" and "Import sites…" on home, with what happened shown beside them. */
export function SitesTransfer({ onImported }: { onImported: () => void }) {
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (action: 'export' | 'import') => {
    setBusy(action);
    setOutcome(null);
    try {
      if (action === 'export') {
        const result = await call('sites.export', {});
        setOutcome(result.saved ? { kind: 'exported', result } : null);
      } else {
        const result = await call('sites.import', {});
        setOutcome(result.chosen ? { kind: 'imported', result } : null);
        if (result.imported.length > 0) onImported();
      }
    } catch (e) {
      setOutcome({ kind: 'failed', action, error: asAppError(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="sites-transfer">
      <div className="sites-transfer__buttons">
        <button type="button" className="button button--secondary" data-testid="sites-export" disabled={busy !== null} onClick={() => void run('export')}>
          {busy === 'export' ? 'Exporting…' : 'Export sites…'}
        </button>
        <button type="button" className="button button--secondary" data-testid="sites-import" disabled={busy !== null} onClick={() => void run('import')}>
          {busy === 'import' ? 'Importing…' : 'Import sites…'}
        </button>
      </div>
      <div role="status" className="sites-transfer__outcome" data-testid="sites-transfer-outcome">
        {outcome?.kind === 'exported' && (
          <p className="sites-transfer__line">
            {countOf(outcome.result.sites, 'site')} exported to <span className="mono">{outcome.result.fileName}</span>, without passwords or
            API secrets.
          </p>
        )}
        {outcome?.kind === 'imported' && (
          <>
            <p className="sites-transfer__line">
              {importWords(outcome.result)} from <span className="mono">{outcome.result.fileName}</span>.
              {outcome.result.imported.length > 0 && ' Enter the credentials of each imported site before testing its connection.'}
            </p>
            {outcome.result.skipped.length > 0 && (
              <ul className="sites-transfer__skipped">
                {outcome.result.skipped.map((s) => (
                  <li key={s.id}>
                    {s.name}: {s.reason}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {outcome?.kind === 'failed' && (
        <ErrorPanel error={outcome.error} title={outcome.action === 'export' ? 'The sites could not be exported' : 'The sites could not be imported'} />
      )}
    </div>
  );
}
