import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ProcedureScreen } from '../../../renderer/src/screens/procedure-screen';
import type { RequestOutput } from '../../../shared/contract';
import type { VaultEntry } from '../../../shared/domain';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView } from './helpers/fixtures';

afterEach(cleanup);

const PDF_SHA = '9b1c'.repeat(16);
const HTML = '<!doctype html><html><head><title>Report</title></head><body><main>Report body</main></body></html>';
const PDF: VaultEntry = {
  id: 'vault-report',
  kind: 'report',
  siteId: 'site-1',
  siteName: 'Practice lab',
  appliance: 'https://127.0.0.1:9443',
  version: '',
  createdAt: '2026-12-02T16:00:00.000Z',
  size: 48_213,
  sha256: PDF_SHA,
  fileName: 'abcd1234-p1-report.pdf',
  heldBy: [],
  state: 'ok',
};
const ready: RequestOutput<'reports.get'> = { html: HTML, pdf: PDF, pdfPath: '/data/vault/report/site-1/abcd1234-p1-report.pdf', printError: null };
const failed: RequestOutput<'reports.get'> = {
  html: HTML,
  pdf: null,
  pdfPath: null,
  printError: { code: 'REPORT_FAILED', message: 'The report could not be printed to PDF: the printer went away', hint: 'Create the report again; the procedure and its journal are kept as they are.' },
};

function openReport(report: RequestOutput<'reports.get'>, extra: Parameters<typeof installFakeAssistant>[0] = {}) {
  const view = { ...procedureView(), status: 'done' as const, currentStepId: null };
  const fake = installFakeAssistant({ 'procedures.get': view, 'procedures.journal': [], 'reports.get': report, ...extra });
  render(<ProcedureScreen procedureId={view.id} onBack={() => undefined} />);
  return fake;
}

describe('the Report tab', () => {
  it('is offered only once a procedure is settled', async () => {
    installFakeAssistant({ 'procedures.get': procedureView(), 'procedures.journal': [] });
    render(<ProcedureScreen procedureId="p1" onBack={() => undefined} />);
    await screen.findByTestId('current-step');
    expect(screen.queryByRole('tab', { name: 'Report' })).toBeNull();
  });

  it('shows the report in a sandboxed frame, the PDF’s full SHA-256, and saves a copy', async () => {
    const fake = openReport(ready, {
      'reports.saveAs': ({ format }) => ({ saved: { path: `/home/tech/p1-report.${format}`, fileName: `p1-report.${format}`, size: 48_213, sha256: PDF_SHA } }),
      'files.showInFolder': { shown: true },
    });
    fireEvent.click(await screen.findByRole('tab', { name: 'Report' }));
    const panel = await screen.findByTestId('report-panel');
    const frame = within(panel).getByTitle('Customer report') as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toBe(HTML);
    expect(within(panel).getByTestId('digest').dataset.value).toBe(PDF_SHA);
    fireEvent.click(within(panel).getByRole('button', { name: 'Save PDF as…' }));
    expect((await within(panel).findByTestId('report-saved-path')).textContent).toBe('/home/tech/p1-report.pdf');
    expect(fake.calls('reports.saveAs')).toEqual([{ id: 'p1', format: 'pdf' }]);
    fireEvent.click(within(panel).getByRole('button', { name: 'Show in folder' }));
    await waitFor(() => expect(fake.calls('files.showInFolder')).toEqual([{ path: ready.pdfPath }]));
    fireEvent.click(within(panel).getByRole('button', { name: 'Save HTML as…' }));
    await waitFor(() => expect(within(panel).getByTestId('report-saved-path').textContent).toBe('/home/tech/p1-report.html'));
  });

  it('shows a failed print with what to do, and creates the report again', async () => {
    const fake = openReport(failed, { 'reports.create': ready });
    fireEvent.click(await screen.findByRole('tab', { name: 'Report' }));
    const panel = await screen.findByTestId('report-panel');
    expect(within(panel).getByTestId('error-code').textContent).toBe('REPORT_FAILED');
    expect(within(panel).getByTestId('error-hint').textContent).toMatch(/Create the report again/);
    fireEvent.click(within(panel).getByRole('button', { name: 'Create the report again' }));
    await within(panel).findByTestId('report-pdf');
    expect(fake.calls('reports.create')).toEqual([{ id: 'p1' }]);
    expect(within(panel).queryByTestId('error-panel')).toBeNull();
  });
});
