import { useState } from 'react';
import type { AppErrorShape } from '../../../shared/errors';
import type { RequestOutput } from '../../../shared/contract';
import { asAppError, call } from '../api';
import { formatBytes, formatDateTime } from '../format';
import { useReport } from '../hooks/use-report';
import { Digest } from './digest';
import { ErrorPanel } from './error-panel';
import './report-panel.css';

type Saved = NonNullable<RequestOutput<'reports.saveAs'>['saved']>;

interface Props {
  procedureId: string;
}

/**
 * The customer report of a settled procedure: the document itself (in a sandboxed frame, under
 * the app's CSP, which allows only the report's stylesheet), the PDF kept in the vault with its
 * SHA-256, and Save as… / Show in folder. A failed print offers "Create the report again".
 */
export function ReportPanel({ procedureId }: Props) {
  const report = useReport(procedureId);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<AppErrorShape | undefined>(undefined);
  const [saved, setSaved] = useState<Saved | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await action();
    } catch (e) {
      setActionError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };
  const save = (format: 'pdf' | 'html') =>
    run(async () => {
      const answer = await call('reports.saveAs', { id: procedureId, format });
      if (answer.saved) setSaved(answer.saved);
    });
  const show = (path: string) => run(async () => void (await call('files.showInFolder', { path })));
  const createAgain = () => run(async () => report.set(await call('reports.create', { id: procedureId })));

  const state = report.data;
  if (report.error && !state) return <ErrorPanel error={report.error} title="The report could not be shown" />;
  if (!state) return <p className="muted">Preparing the report…</p>;
  const pdf = state.pdf;

  return (
    <div className="report-panel" data-testid="report-panel">
      {state.printError && (
        <>
          <ErrorPanel error={state.printError} title="The report PDF could not be created" />
          <button type="button" className="button button--primary" data-testid="report-create" disabled={busy} onClick={() => void createAgain()}>
            Create the report again
          </button>
        </>
      )}
      {!pdf && !state.printError && (
        <p className="muted" role="status" data-testid="report-pending">
          Printing the report to PDF and keeping it in the vault…
        </p>
      )}
      {pdf && state.pdfPath && (
        <section className="report-panel__pdf" aria-label="Report PDF in the vault" data-testid="report-pdf">
          <p className="report-panel__file">
            <strong>{pdf.fileName}</strong> · {formatBytes(pdf.size)} · kept in the vault {formatDateTime(pdf.createdAt)}
          </p>
          <p className="report-panel__digest">
            <span className="muted">SHA-256</span> <Digest value={pdf.sha256} label="SHA-256 of the report PDF" />
          </p>
          <div className="report-panel__actions">
            <button type="button" className="button button--primary" data-testid="report-save-pdf" disabled={busy} onClick={() => void save('pdf')}>
              Save PDF as…
            </button>
            <button type="button" className="button button--secondary" data-testid="report-save-html" disabled={busy} onClick={() => void save('html')}>
              Save HTML as…
            </button>
            <button type="button" className="button button--secondary" data-testid="report-show" disabled={busy} onClick={() => void show(state.pdfPath ?? '')}>
              Show in folder
            </button>
          </div>
        </section>
      )}
      {actionError && <ErrorPanel error={actionError} title="That did not work" />}
      {saved && (
        <section className="report-panel__saved" aria-label="Saved copy" data-testid="report-saved">
          <p>
            Saved as <code data-testid="report-saved-path">{saved.path}</code> ({formatBytes(saved.size)})
          </p>
          <p className="report-panel__digest">
            <span className="muted">SHA-256 read back</span> <Digest value={saved.sha256} label="SHA-256 of the saved copy" />
          </p>
          <button type="button" className="button button--secondary button--small" data-testid="report-show-saved" disabled={busy} onClick={() => void show(saved.path)}>
            Show saved copy in folder
          </button>
        </section>
      )}
      <iframe className="report-panel__frame" title="Customer report" sandbox="" srcDoc={state.html} data-testid="report-frame" />
    </div>
  );
}
