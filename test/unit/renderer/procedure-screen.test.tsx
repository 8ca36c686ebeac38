import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ProcedureScreen } from '../../../renderer/src/screens/procedure-screen';
import type { JournalEntry } from '../../../shared/domain';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, step } from './helpers/fixtures';
import { formatDateTime } from '../../../renderer/src/format';

afterEach(cleanup);

const FULL_SHA256 = '3f2a9c1d77b0e4aa3f2a9c1d77b0e4aa3f2a9c1d77b0e4aa3f2a9c1d77b0e4aa';

function setup(view = procedureView(), extra: Parameters<typeof installFakeAssistant>[0] = {}) {
  const fake = installFakeAssistant({
    'procedures.get': view,
    'procedures.journal': [],
    'procedures.send': view,
    'shell.openPage': { opened: true },
    ...extra,
  });
  render(<ProcedureScreen procedureId={view.id} onBack={() => undefined} />);
  return fake;
}

describe('procedure screen', () => {
  it('draws every step with its status and the current step in detail, with no rule codes on screen', async () => {
    setup();
    const current = await screen.findByTestId('current-step');
    const steps = screen.getAllByTestId('procedure-step');
    expect(steps.map((s) => [s.dataset.stepId, s.dataset.status])).toEqual([
      ['backup', 'done'],
      ['cert-health', 'skipped'],
      ['install', 'active'],
      ['report', 'pending'],
    ]);
    expect(steps[2]!.getAttribute('aria-current')).toBe('step');
    expect(within(current).getByRole('heading', { name: 'Install the updates' })).toBeTruthy();
    // Rule codes and step kinds are for the journal export; the reason stays behind "Why?".
    expect(document.body.textContent).not.toMatch(/\bR\d{1,2}\b/);
    expect(document.body.textContent).not.toMatch(/\b(?:auto|guided|gate)\b/);
    const why = within(current).getByTestId('step-why');
    expect(within(why).getByText('Why this step?').tagName).toBe('SUMMARY');
    expect(why.textContent).toMatch(/Base software installs before the site packages/);
    expect(why.textContent).toMatch(/everyone logged in is signed out/);
    // Instruction paragraphs come from the view, split on blank lines.
    expect(within(current).getByText('First paragraph.').tagName).toBe('P');
    expect(within(current).getByText('Second paragraph.')).toBeTruthy();
    expect(within(current).getByText('/appliance > Updates')).toBeTruthy();
  });

  it('sends a plain action straight away and shows the view main returns', async () => {
    const next = procedureView({ currentStepId: 'report' });
    const fake = setup(procedureView(), { 'procedures.send': next });
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(fake.calls('procedures.send')).toEqual([{ id: 'p1', event: { type: 'CONTINUE' } }]));
    await waitFor(() => expect(screen.getByTestId('current-step').dataset.stepId).toBe('report'));
  });

  it('asks for confirmation with the action’s sentence before sending', async () => {
    const fake = setup();
    const button = await screen.findByRole('button', { name: 'Install again' });
    expect(button.dataset.event).toBe('RETRY_INSTALL');
    fireEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Install again' });
    expect(within(dialog).getByText('Install the package again?')).toBeTruthy();
    expect(fake.calls('procedures.send')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Go back' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls('procedures.send')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Install again' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Install again' }));
    await waitFor(() => expect(fake.calls('procedures.send')).toEqual([{ id: 'p1', event: { type: 'RETRY_INSTALL' } }]));
  });

  it('requires a note for actions that need one and sends it', async () => {
    const fake = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Skip this step' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Skip this step' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/journal records why/);
    expect(fake.calls('procedures.send')).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText(/Note for the journal/), { target: { value: '  Certificate renewed last week.  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Skip this step' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')).toEqual([{ id: 'p1', event: { type: 'SKIP', note: 'Certificate renewed last week.' } }]),
    );
  });

  it('shows the step error with code, what happened and what to do next', async () => {
    const failed = procedureView({
      steps: [
        step({
          id: 'install',
          title: 'Install the updates',
          status: 'failed',
          error: { code: 'CHECKSUM_MISMATCH', message: 'The package on disk does not match its checksum.', hint: 'Download the package again.' },
        }),
      ],
    });
    setup(failed);
    const panel = await screen.findByTestId('error-panel');
    expect(within(panel).getByTestId('error-code').textContent).toBe('CHECKSUM_MISMATCH');
    expect(within(panel).getByText('What happened')).toBeTruthy();
    expect(within(panel).getByText('The package on disk does not match its checksum.')).toBeTruthy();
    expect(within(panel).getByText('What to do next')).toBeTruthy();
    expect(within(panel).getByText('Download the package again.')).toBeTruthy();
  });

  it('shows an error from main when an action is refused, without losing the step', async () => {
    setup(procedureView(), {
      'procedures.send': { error: { code: 'RULE_NOT_MET', message: 'No backup newer than the window start.', hint: 'Take a backup first.' } },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    const panel = await screen.findByTestId('error-panel');
    expect(within(panel).getByTestId('error-code').textContent).toBe('RULE_NOT_MET');
    expect(within(panel).getByText('Take a backup first.')).toBeTruthy();
    expect(screen.getByTestId('current-step').dataset.stepId).toBe('install');
  });

  it('shows progress of this step with percentage, amounts, rate and time left', async () => {
    const fake = setup();
    await screen.findByTestId('current-step');
    expect(screen.queryByTestId('progress')).toBeNull();
    act(() => {
      fake.emit('progress', { procedureId: 'other', stepId: 'install', label: 'Elsewhere', unit: 'bytes', done: 1, total: 2, rate: 1, etaSeconds: 1 });
    });
    expect(screen.queryByTestId('progress')).toBeNull();
    act(() => {
      fake.emit('progress', {
        procedureId: 'p1',
        stepId: 'install',
        label: 'Uploading Remote Support 24.1.2',
        unit: 'bytes',
        done: 734003200,
        total: 1288490188,
        rate: 4404019,
        etaSeconds: 130,
      });
    });
    const progress = screen.getByTestId('progress');
    expect(within(progress).getByTestId('progress-percent').textContent).toBe('56%');
    expect(within(progress).getByTestId('progress-amount').textContent).toBe('700 MiB of 1.2 GiB');
    expect(within(progress).getByTestId('progress-rate').textContent).toBe('4.2 MiB/s');
    expect(within(progress).getByTestId('progress-eta').textContent).toBe('2 min 10 s left');
    expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('56');
  });

  it('shows an indeterminate bar with elapsed time for a wait without total', async () => {
    const fake = setup();
    await screen.findByTestId('current-step');
    act(() => {
      fake.emit('progress', { procedureId: 'p1', stepId: 'install', label: 'Waiting for restart', unit: 'seconds', done: 75, total: null, rate: null, etaSeconds: null });
    });
    const progress = screen.getByTestId('progress');
    expect(within(progress).getByTestId('progress-amount').textContent).toBe('1 min 15 s elapsed');
    expect(within(progress).getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);
    expect(within(progress).queryByTestId('progress-percent')).toBeNull();
  });

  it('shows an earlier step read-only, without actions', async () => {
    setup();
    await screen.findByTestId('current-step');
    fireEvent.click(screen.getAllByTestId('procedure-step')[0]!);
    const shown = screen.getByTestId('current-step');
    expect(shown.dataset.stepId).toBe('backup');
    expect(within(shown).queryAllByTestId('step-action')).toHaveLength(0);
    fireEvent.click(within(shown).getByRole('button', { name: 'Back to the current step' }));
    expect(screen.getByTestId('current-step').dataset.stepId).toBe('install');
    expect(screen.getAllByTestId('step-action')).toHaveLength(3);
  });

  it('opens the appliance page through main', async () => {
    const fake = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Open page' }));
    await waitFor(() =>
      expect(fake.calls('shell.openPage')).toEqual([{ siteId: 's1', url: 'https://10.0.4.20/appliance/update' }]),
    );
  });

  it('shows the banner and refreshes view and journal on procedures.updated', async () => {
    let journal: JournalEntry[] = [{ at: '2026-11-28T09:01:00.000Z', who: 'operator', step: 'backup', event: 'START', outcome: 'info' }];
    const fake = setup(procedureView(), { 'procedures.journal': () => journal });
    await screen.findByTestId('current-step');
    expect(screen.queryByTestId('banner')).toBeNull();

    journal = [
      ...journal,
      {
        at: '2026-11-28T09:05:00.000Z',
        who: 'assistant',
        step: 'install',
        event: 'BASE_FAILED',
        outcome: 'failed',
        detail: 'Base update failed',
        checksums: { 'diagnostics.tar': FULL_SHA256 },
      },
    ];
    act(() => {
      fake.emit(
        'procedures.updated',
        procedureView({
          status: 'support',
          currentStepId: null,
          banner: { tone: 'bad', title: 'Contact support', text: 'Do not restart the appliance.' },
        }),
      );
    });
    const banner = await screen.findByTestId('banner');
    expect(banner.dataset.tone).toBe('bad');
    expect(within(banner).getByText('Do not restart the appliance.')).toBeTruthy();
    expect(screen.queryAllByTestId('step-action')).toHaveLength(0);

    fireEvent.click(screen.getByRole('tab', { name: /Journal/ }));
    await waitFor(() => expect(screen.getAllByTestId('journal-entry')).toHaveLength(2));
    const last = screen.getAllByTestId('journal-entry')[1]!;
    expect(within(last).getByText('Install the updates')).toBeTruthy();
    expect(within(last).getByText('Base failed')).toBeTruthy();
    expect(last.textContent).not.toContain('BASE_FAILED');
    // The whole digest, in groups of eight, with its own copy button.
    const digest = within(last).getByTestId('digest');
    expect(within(digest).getByTestId('digest-value').textContent).toBe(FULL_SHA256);
    expect(Array.from(digest.querySelectorAll('.digest__group')).map((g) => g.textContent)).toEqual(FULL_SHA256.match(/.{8}/g));
    expect(within(digest).getByRole('button', { name: 'Copy SHA-256 of diagnostics.tar' })).toBeTruthy();
  });

  it('shows the times in server text as local date and time, never as raw ISO 8601', async () => {
    const started = '2026-11-28T20:56:25.630Z';
    const windowAt = '2026-11-28T20:56:23.908Z';
    const hash = '3f2a9c1d77b0e4aa3f2a9c1d77b0e4aa3f2a9c1d77b0e4aa';
    const view = procedureView({
      banner: { tone: 'info', title: 'Update running', text: `Started ${started}.` },
      steps: [
        step({
          id: 'install',
          title: 'Install the updates',
          status: 'active',
          facts: [
            { label: 'Install started', value: started },
            { label: 'Backup SHA-256', value: hash, mono: true },
          ],
          items: [{ label: 'Base 6.2.0', status: 'done', detail: `Installed at ${started}` }],
          verification: { ok: true, text: `Version 23.2.1 reported at ${started}` },
        }),
      ],
    });
    setup(view, {
      'procedures.journal': [
        { at: windowAt, who: 'operator', step: 'install', event: 'WINDOW_STARTED', outcome: 'info', detail: `Maintenance window started at ${windowAt}.` },
      ],
    });
    const current = await screen.findByTestId('current-step');
    const local = formatDateTime(started);
    expect(within(screen.getByTestId('facts')).getByText(local)).toBeTruthy();
    expect(within(screen.getByTestId('facts')).getByText(hash)).toBeTruthy();
    expect(within(current).getByText(`Installed at ${local}`)).toBeTruthy();
    expect(within(screen.getByTestId('verification')).getByText(`Version 23.2.1 reported at ${local}`)).toBeTruthy();
    expect(within(screen.getByTestId('banner')).getByText(`Started ${local}.`)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);

    fireEvent.click(screen.getByRole('tab', { name: /Journal/ }));
    const entry = await screen.findByTestId('journal-entry');
    expect(within(entry).getByText(`Maintenance window started at ${formatDateTime(windowAt)}.`)).toBeTruthy();
  });
});
