import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import { ProcedureScreen } from '../../../renderer/src/screens/procedure-screen';
import { InstallPhases } from '../../../renderer/src/components/install-phases';
import type { ProcedureView } from '../../../shared/procedures/view';
import { installFakeAssistant, type Handlers } from './helpers/fake-assistant';
import { procedureView, site, step, summary } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const appInfo = { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false };

function setup(view: ProcedureView, extra: Handlers = {}) {
  const fake = installFakeAssistant({ 'procedures.get': view, 'procedures.journal': [], 'procedures.send': view, ...extra });
  render(<ProcedureScreen procedureId={view.id} onBack={() => undefined} />);
  return fake;
}

const CANCEL = {
  event: 'CANCEL',
  label: 'Cancel the upgrade',
  tone: 'secondary' as const,
  confirm: 'Stop this upgrade? Nothing has been installed; backups already taken stay in the vault.',
};

function viewWithActions(actions: ProcedureView['steps'][number]['actions']) {
  return procedureView({
    currentStepId: 'plan',
    steps: [step({ id: 'plan', title: 'Plan the install', status: 'active', actions })],
  });
}

describe('words for technicians', () => {
  it('draws one primary action per step: later primaries are secondary', async () => {
    setup(
      viewWithActions([
        { event: 'START_INSTALL', label: 'Install now', tone: 'primary' },
        { event: 'RECHECK', label: 'Check again', tone: 'primary' },
        CANCEL,
      ]),
    );
    const buttons = await screen.findAllByTestId('step-action');
    expect(buttons.map((b) => [b.textContent, b.className.includes('button--primary')])).toEqual([
      ['Install now', true],
      ['Check again', false],
      ['Cancel the upgrade', false],
    ]);
  });

  it('asks "Keep working" or "Cancel the upgrade" in red, with an optional reason for the journal', async () => {
    const fake = setup(viewWithActions([{ event: 'START_INSTALL', label: 'Install now', tone: 'primary' }, CANCEL]));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel the upgrade' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel the upgrade' });
    const keep = within(dialog).getByRole('button', { name: 'Keep working' });
    const confirm = within(dialog).getByRole('button', { name: 'Cancel the upgrade' });
    expect(confirm.className).toContain('button--danger');
    // The safe way out has focus, so a stray Enter keeps working.
    expect(document.activeElement).toBe(keep);
    expect(within(dialog).getByLabelText(/Reason, for the journal/)).toBeTruthy();
    fireEvent.click(keep);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls('procedures.send')).toHaveLength(0);

    // Without a reason it still cancels; with one, the reason goes to the journal as the note.
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the upgrade' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel the upgrade' }));
    await waitFor(() => expect(fake.calls('procedures.send')).toEqual([{ id: 'p1', event: { type: 'CANCEL' } }]));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Cancel the upgrade' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the upgrade' }));
    fireEvent.change(within(screen.getByRole('dialog')).getByLabelText(/Reason/), { target: { value: ' Site manager asked to wait. ' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel the upgrade' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')[1]).toEqual({ id: 'p1', event: { type: 'CANCEL', note: 'Site manager asked to wait.' } }),
    );
  });

  it('names the install phase and the time against the usual range, with time left only where given', () => {
    const { rerender } = render(<InstallPhases phase="restarting" elapsedSeconds={12 * 60 + 40} expectedMinutes={{ min: 15, max: 60 }} />);
    const phases = screen.getByTestId('install-phases');
    expect(within(phases).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Uploading (done)',
      'Installing (done)',
      'Appliance restarting',
      'Verifying the version',
    ]);
    expect(within(phases).getByText('Appliance restarting').getAttribute('aria-current')).toBe('step');
    expect(screen.getByTestId('install-time').textContent).toBe('12 min elapsed · usually 15–60 min');
    expect(screen.queryByTestId('install-eta')).toBeNull();

    rerender(<InstallPhases phase="installing" elapsedSeconds={61 * 60} expectedMinutes={{ min: 15, max: 60 }} etaSeconds={null} />);
    expect(screen.getByTestId('install-time').textContent).toBe('1 h 1 min elapsed · longer than the usual 15–60 min (much stored data takes longer)');
    expect(screen.queryByTestId('install-eta')).toBeNull();

    rerender(<InstallPhases phase="uploading" elapsedSeconds={30} etaSeconds={95} />);
    expect(screen.getByTestId('install-time').textContent).toBe('30 s elapsed · 1 min 35 s left');
  });

  it('shows the install phase from the progress report on the step', async () => {
    const fake = setup(procedureView());
    await screen.findByTestId('current-step');
    act(() => {
      fake.emit('progress', { procedureId: 'p1', stepId: 'install', label: 'Installing Base 6.2.0', unit: 'seconds', done: 300, total: null, rate: null, etaSeconds: null });
    });
    const phases = screen.getByTestId('install-phases');
    expect(phases.dataset.phase).toBe('installing');
    // Read from a progress report, nothing says an upload happened (an automatic install has none).
    expect(within(phases).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Installing',
      'Appliance restarting',
      'Verifying the version',
    ]);
    expect(screen.getByTestId('progress-amount').textContent).toBe('5 min elapsed');
  });

  it('never fills a bar towards an estimated install time: elapsed against expected, time left only when reported', async () => {
    const fake = setup(procedureView());
    await screen.findByTestId('current-step');
    act(() => {
      fake.emit('progress', { procedureId: 'p1', stepId: 'install', label: 'Installing Base 6.2.0', unit: 'seconds', done: 65, total: 300, rate: 1, etaSeconds: null });
    });
    const progress = screen.getByTestId('progress');
    expect(within(progress).queryByTestId('progress-percent')).toBeNull();
    expect(within(progress).getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);
    expect(within(progress).getByTestId('progress-amount').textContent).toBe('1 min 5 s elapsed');
    expect(within(progress).getByTestId('progress-expected').textContent).toBe('expected about 5 min');
    expect(within(progress).queryByTestId('progress-eta')).toBeNull();
    expect(progress.textContent).not.toMatch(/of 5 min|estimating/);
    act(() => {
      fake.emit('progress', { procedureId: 'p1', stepId: 'install', label: 'Installing Base 6.2.0', unit: 'seconds', done: 70, total: 300, rate: 1, etaSeconds: 230 });
    });
    expect(screen.getByTestId('progress-eta').textContent).toBe('3 min 50 s left');
  });
});

describe('the journal in words', () => {
  it('shows what happened without event or error codes', async () => {
    setup(procedureView(), {
      'procedures.journal': [
        { at: '2026-11-28T09:00:00.000Z', who: 'operator', step: 'procedure', event: 'START', outcome: 'info', detail: 'j.smith started the update.' },
        { at: '2026-11-28T09:20:00.000Z', who: 'assistant', step: 'install', event: 'MACHINE_ERROR', outcome: 'failed', detail: 'TIMEOUT: The appliance did not answer.' },
      ],
    });
    fireEvent.click(await screen.findByRole('tab', { name: /Journal/ }));
    const entries = await screen.findAllByTestId('journal-entry');
    expect(within(entries[0]!).getByText('Whole procedure')).toBeTruthy();
    expect(within(entries[0]!).getByText('Start')).toBeTruthy();
    expect(within(entries[1]!).getByText('Machine error')).toBeTruthy();
    expect(within(entries[1]!).getByText('The appliance did not answer.')).toBeTruthy();
    expect(screen.getByRole('tabpanel').textContent).not.toMatch(/MACHINE_ERROR|TIMEOUT|\bSTART\b/);
  });
});

describe('one procedure per appliance, one address per site', () => {
  it('offers to resume the upgrade in progress when a start is refused for it', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'vault.list': [],
      'procedures.start': {
        error: { code: 'PROCEDURE_ACTIVE', message: 'An upgrade of this appliance is already in progress.', hint: 'Resume it.', details: { procedureId: 'p7' } },
      } as never,
      'procedures.get': procedureView({ id: 'p7' }),
      'procedures.journal': [],
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Start single appliance – automatic update' }));
    const notice = await screen.findByTestId('procedure-active');
    expect(notice.textContent).toContain('already in progress');
    expect(screen.queryByTestId('error-panel')).toBeNull();
    fireEvent.click(within(notice).getByRole('button', { name: 'Resume the upgrade in progress' }));
    await screen.findByTestId('procedure-screen');
    expect(window.location.hash).toBe('#/procedures/p7');
  });

  it('offers the fetch in progress too, from the connected side’s card', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [],
      'procedures.list': [],
      'vault.list': [],
      'procedures.start': {
        error: { code: 'PROCEDURE_ACTIVE', message: 'Fetching updates is already in progress.', hint: 'Resume it.', details: { procedureId: 'f3' } },
      } as never,
      'procedures.get': procedureView({ id: 'f3', kind: 'P2-fetch', siteId: '', siteName: '' }),
      'procedures.journal': [],
    });
    render(<App />);
    fireEvent.click(await screen.findByTestId('start-fetch'));
    const notice = await screen.findByTestId('procedure-active');
    expect(within(screen.getByTestId('fetch-card')).getByTestId('procedure-active')).toBe(notice);
    fireEvent.click(within(notice).getByRole('button', { name: 'Resume fetching updates' }));
    await screen.findByTestId('procedure-screen');
    expect(window.location.hash).toBe('#/procedures/f3');
  });

  it('still shows a plain refusal as an error', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [summary({ status: 'done' })],
      'vault.list': [],
      'procedures.start': { error: { code: 'UNAUTHORISED', message: 'The API account was refused.', hint: 'Check the client secret.' } },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Start single appliance – automatic update' }));
    expect(await screen.findByTestId('error-panel')).toBeTruthy();
    expect(screen.queryByTestId('procedure-active')).toBeNull();
  });

  it('shows the warning a save returns, e.g. another site with the same appliance address', async () => {
    window.location.hash = '#/sites/s1';
    const warning = 'Branch office uses the same appliance address https://10.0.4.20.';
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'sites.save': { ...site(), warnings: [{ code: 'DUPLICATE_APPLIANCE', message: warning, hint: 'Check which site is right.' }] },
    });
    render(<App />);
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Head office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    const shown = await screen.findByTestId('save-warnings');
    expect(shown.textContent).toContain(warning);
    expect(shown.textContent).toContain('Check which site is right.');
    expect(fake.calls('sites.save')).toHaveLength(1);
  });
});
