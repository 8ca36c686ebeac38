import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { JournalPanel } from '../../../renderer/src/components/journal-panel';
import { SupportBundlePanel } from '../../../renderer/src/components/support-bundle-panel';
import type { JournalEntry } from '../../../shared/domain';
import type { JournalVerification } from '../../../shared/journal-proof';
import { installFakeAssistant, type Handlers } from './helpers/fake-assistant';

afterEach(cleanup);

const HEAD = 'c0ffee00'.repeat(8);
const ZIP_SHA = 'ab12cd34'.repeat(8);
const entries: JournalEntry[] = [{ at: '2026-12-01T10:00:00.000Z', who: 'operator', step: 'procedure', event: 'START', outcome: 'info' }];
const intact: JournalVerification = { ok: true, lines: 14, head: HEAD, sealed: false, chainedFrom: 1, problems: [], notes: [] };

function showJournal(handlers: Handlers) {
  const fake = installFakeAssistant(handlers);
  const journal = { data: entries, error: undefined, loading: false, reload: async () => undefined, set: () => undefined, procedureId: 'p1' };
  render(<JournalPanel journal={journal} steps={[]} />);
  return fake;
}

describe('the journal’s proof', () => {
  it('shows a green proof with the line count and the full head digest', async () => {
    const fake = showJournal({ 'journal.verify': intact });
    fireEvent.click(screen.getByRole('button', { name: 'Verify journal' }));
    const verdict = await screen.findByTestId('journal-verdict');
    expect(fake.calls('journal.verify')).toEqual([{ id: 'p1' }]);
    expect(verdict.dataset.ok).toBe('true');
    expect(verdict.textContent).toMatch(/14 lines, chain intact/);
    expect(within(verdict).getByTestId('digest').dataset.value).toBe(HEAD);
  });

  it('shows in red which line is wrong, what is wrong and what to do', async () => {
    showJournal({
      'journal.verify': { ...intact, ok: false, problems: [{ line: 7, what: 'Line 7 was changed after it was written.' }, { line: 9, what: 'Line 9 is out of order.' }] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify journal' }));
    const verdict = await screen.findByTestId('journal-verdict');
    expect(verdict.dataset.ok).toBe('false');
    expect(verdict.getAttribute('role')).toBe('alert');
    expect(verdict.textContent).toMatch(/does not verify at line 7\..*Line 7 was changed/);
    expect(verdict.textContent).toMatch(/Line 9 is out of order/);
    expect(verdict.textContent).toMatch(/What to do:/);
  });

  it('exports JSONL, shows where it went with its digest, and shows it in the folder', async () => {
    const saved = { path: '/home/tech/saved/lab-P1-2026-12-01-journal.jsonl', fileName: 'lab-P1-2026-12-01-journal.jsonl', size: 4096, sha256: ZIP_SHA, format: 'jsonl' as const, lines: 14, head: HEAD };
    const fake = showJournal({ 'journal.export': saved, 'files.showInFolder': { shown: true } });
    fireEvent.click(screen.getByRole('button', { name: 'Export JSONL…' }));
    const file = await screen.findByTestId('saved-file');
    expect(fake.calls('journal.export')).toEqual([{ id: 'p1', format: 'jsonl' }]);
    expect(file.textContent).toContain(saved.path);
    expect(file.textContent).toContain('4.0 KiB');
    fireEvent.click(within(file).getByRole('button', { name: 'Show in folder' }));
    await waitFor(() => expect(fake.calls('files.showInFolder')).toEqual([{ path: saved.path }]));
  });

  it('says nothing was saved when Save as… was cancelled, and shows why an export failed', async () => {
    showJournal({ 'journal.export': (input) => (input.format === 'csv' ? null : { error: { code: 'DISK_ERROR', message: 'The disk is full.', hint: 'Free some space.' } }) });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV…' }));
    expect(await screen.findByText('Nothing was saved.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Export JSONL…' }));
    expect((await screen.findByTestId('error-panel')).textContent).toMatch(/The disk is full.*Free some space/);
  });
});

describe('the support bundle panel', () => {
  const bundle = {
    vaultId: 'v1',
    path: '/data/vault/support-bundle/site-1/ab-P1-x-support.zip',
    fileName: 'ab-P1-x-support.zip',
    size: 20_480,
    sha256: ZIP_SHA,
    createdAt: '2026-12-01T10:00:00.000Z',
    files: [{ name: 'journal.jsonl', size: 10, sha256: HEAD }],
    missing: [],
  };

  it('is drawn prominently at the support end: what it holds, create, its SHA-256, Save as… and Show in folder', async () => {
    const fake = installFakeAssistant({
      'support.bundle': bundle,
      'support.saveBundle': { path: '/home/tech/saved/lab-P1-support.zip', fileName: 'lab-P1-support.zip', size: 20_480, sha256: ZIP_SHA },
      'files.showInFolder': { shown: true },
    });
    render(<SupportBundlePanel view={{ id: 'p1', status: 'support' }} />);
    const panel = screen.getByTestId('support-bundle');
    expect(within(panel).getByRole('heading', { name: 'Send this to technical support' })).toBeTruthy();
    expect(panel.textContent).toMatch(/journal with its proof, the diagnostics/);
    fireEvent.click(within(panel).getByRole('button', { name: 'Create support bundle' }));
    const made = await screen.findByTestId('support-bundle-made');
    expect(fake.calls('support.bundle')).toEqual([{ id: 'p1' }]);
    expect(within(made).getByTestId('digest').dataset.value).toBe(ZIP_SHA);
    fireEvent.click(within(made).getByRole('button', { name: 'Show in folder' }));
    await waitFor(() => expect(fake.calls('files.showInFolder')).toEqual([{ path: bundle.path }]));
    fireEvent.click(within(made).getByRole('button', { name: 'Save as…' }));
    const saved = await screen.findByTestId('saved-file');
    expect(fake.calls('support.saveBundle')).toEqual([{ id: 'p1', vaultId: 'v1' }]);
    expect(saved.textContent).toContain('/home/tech/saved/lab-P1-support.zip');
  });

  it('is folded away, but offered, for a procedure that did not end in support; missing diagnostics are named', async () => {
    installFakeAssistant({ 'support.bundle': { ...bundle, missing: ['ab-P1-x-diagnostics.json (damaged: its SHA-256 no longer matches)'] } });
    render(<SupportBundlePanel view={{ id: 'p1', status: 'done' }} />);
    const panel = screen.getByTestId('support-bundle');
    expect(panel.tagName).toBe('DETAILS');
    expect(within(panel).queryByRole('heading')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Create support bundle' }));
    expect((await screen.findByTestId('support-bundle-missing')).textContent).toMatch(/damaged/);
  });
});
