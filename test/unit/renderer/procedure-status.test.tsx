import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import { AppHeader } from '../../../renderer/src/components/app-header';
import { cancelledAtStep, procedureStatusWords, stepsDone } from '../../../renderer/src/procedure-status';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, site, step, summary } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const appInfo = { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false };

/** Ten steps as main draws a procedure cancelled at the fourth: three done, the rest skipped. */
function cancelledSteps() {
  return Array.from({ length: 10 }, (_, i) => step({ id: `s${i + 1}`, status: i < 3 ? 'done' : 'skipped' }));
}

describe('honest status words', () => {
  it('says where a cancelled procedure stopped, and never counts skipped steps as done', () => {
    const steps = cancelledSteps();
    expect(cancelledAtStep(steps)).toBe(4);
    expect(procedureStatusWords({ status: 'cancelled', currentStepId: null, steps })).toEqual({ label: 'Cancelled at step 4', tone: 'neutral' });
    expect(stepsDone({ status: 'cancelled', currentStepId: null, steps })).toEqual({ done: 3, total: 10 });
    // A summary without steps cannot say where: it says no more than it knows.
    expect(procedureStatusWords({ status: 'cancelled', currentStepId: null })).toEqual({ label: 'Cancelled', tone: 'neutral' });
  });

  it('reads "Needs attention" in red for the support end and for a failed step, never "In progress"', () => {
    expect(procedureStatusWords({ status: 'support', currentStepId: 'install' })).toEqual({ label: 'Needs attention', tone: 'failed' });
    const failed = [step({ id: 'a', status: 'done' }), step({ id: 'b', status: 'failed' })];
    expect(procedureStatusWords({ status: 'active', currentStepId: 'b', steps: failed })).toEqual({ label: 'Needs attention', tone: 'failed' });
    expect(procedureStatusWords({ status: 'active', currentStepId: 'a' })).toEqual({ label: 'In progress', tone: 'info' });
    expect(procedureStatusWords({ status: 'done', currentStepId: null })).toEqual({ label: 'Done', tone: 'ok' });
  });

  it('takes the view’s own label and counts where main sends them', () => {
    const source = { status: 'cancelled' as const, currentStepId: null, statusLabel: 'Cancelled at step 7', progress: { done: 6, total: 12 } };
    expect(procedureStatusWords(source)).toEqual({ label: 'Cancelled at step 7', tone: 'neutral' });
    expect(stepsDone({ ...source, steps: cancelledSteps() })).toEqual({ done: 6, total: 12 });
    expect(procedureStatusWords({ status: 'support', currentStepId: 'x', statusLabel: 'Contact support', attention: true }).tone).toBe('failed');
  });

  it('shows a cancelled procedure on its screen and in the header as cancelled at its step, with steps done', async () => {
    window.location.hash = '#/procedures/p1';
    const view = procedureView({ status: 'cancelled', currentStepId: null, steps: cancelledSteps() });
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.get': view, 'procedures.journal': [] });
    render(<App />);
    const header = await screen.findByTestId('header-procedure');
    expect(within(header).getByTestId('header-status').textContent).toBe('Cancelled at step 4');
    expect(within(header).getByTestId('header-progress').textContent).toBe('3 of 10 steps done');
    expect(screen.getByTestId('steps-done').textContent).toBe('3 of 10 steps done');
    const badge = within(screen.getByTestId('procedure-screen')).getByTestId('procedure-status');
    expect(badge.textContent).toBe('Cancelled at step 4');
    expect(document.body.textContent).not.toMatch(/In progress|10 of 10/);
    // A finished procedure has no window running.
    expect(within(header).queryByTestId('window-clock')).toBeNull();
    // It opens on the step where it was cancelled, not on the last step it never reached.
    expect(screen.getByTestId('current-step').dataset.stepId).toBe('s4');
  });

  it('says in the header what the page says: the view’s own status words, not a second wording', async () => {
    window.location.hash = '#/procedures/p1';
    const done = procedureView({
      status: 'done',
      currentStepId: null,
      statusLabel: 'Complete',
      progress: { done: 3, total: 3 },
      steps: [step({ id: 'a', status: 'done' }), step({ id: 'b', status: 'done' }), step({ id: 'c', status: 'done' })],
    });
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.get': done, 'procedures.journal': [] });
    render(<App />);
    const header = await screen.findByTestId('header-procedure');
    expect(within(header).getByTestId('header-status').textContent).toBe('Complete');
    expect(within(screen.getByTestId('procedure-screen')).getByTestId('procedure-status').textContent).toBe('Complete');
    cleanup();

    const support = procedureView({
      status: 'support',
      statusLabel: 'Needs attention — do not restart the appliance',
      attention: true,
      steps: [step({ id: 'install', status: 'failed' })],
    });
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.get': support, 'procedures.journal': [] });
    render(<App />);
    const status = within(await screen.findByTestId('header-procedure')).getByTestId('header-status');
    expect(status.textContent).toBe('Needs attention — do not restart the appliance');
    expect(status.className).toContain('badge--failed');
  });

  it('shows the maintenance window’s clock in the header while the procedure runs', async () => {
    window.location.hash = '#/procedures/p1';
    const startedAt = new Date(Date.now() - 12 * 60_000 - 5_000).toISOString();
    const view = procedureView({
      steps: [
        step({ id: 'window', status: 'done', facts: [{ label: 'Window started', value: startedAt }] }),
        step({ id: 'install', status: 'active' }),
        step({ id: 'report', status: 'pending' }),
      ],
    });
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.get': view, 'procedures.journal': [] });
    render(<App />);
    const header = await screen.findByTestId('header-procedure');
    expect(within(header).getByTestId('window-clock').textContent).toBe('Window open 12 min');
    expect(within(header).getByTestId('header-progress').textContent).toBe('1 of 3 steps done');
    expect(within(header).getByTestId('header-status').textContent).toBe('In progress');
  });

  it('says the window has not started while its step is still ahead', async () => {
    window.location.hash = '#/procedures/p1';
    const view = procedureView({
      currentStepId: 'export',
      steps: [step({ id: 'export', status: 'active' }), step({ id: 'window', status: 'pending' }), step({ id: 'install', status: 'pending' })],
    });
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.get': view, 'procedures.journal': [] });
    render(<App />);
    const header = await screen.findByTestId('header-procedure');
    expect(within(header).getByTestId('window-clock').textContent).toBe('Window not started');
  });

  it('counts steps on home where the summary carries them', async () => {
    const counted = { ...summary(), progress: { done: 4, total: 10 } };
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.list': [counted, summary({ id: 'p2' })], 'vault.list': [] });
    render(<App />);
    const rows = await screen.findAllByTestId('procedure-summary');
    const byId = new Map(rows.map((r) => [r.dataset.procedureId, r]));
    expect(within(byId.get('p1')!).getByTestId('procedure-progress').textContent).toBe('4 of 10 steps done');
    expect(within(byId.get('p2')!).queryByTestId('procedure-progress')).toBeNull();
  });

  it('leaves the header without a procedure on the home screen', async () => {
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.list': [summary()], 'vault.list': [] });
    render(<App />);
    await screen.findAllByTestId('procedure-summary');
    expect(screen.queryByTestId('header-procedure')).toBeNull();
  });
});

describe('the header on a narrow window', () => {
  it('marks the header when a procedure is open, so the name gives way to its status and clock; the operator stays readable in full on hover', () => {
    const info = { operator: 'a-very-long-operator-name', version: '1.2.3' } as Parameters<typeof AppHeader>[0]['info'];
    const { container, rerender } = render(<AppHeader info={info} practiceLab onHome={() => undefined} />);
    expect(container.querySelector('header')?.classList.contains('app-header--with-procedure')).toBe(false);
    rerender(
      <AppHeader info={info} practiceLab onHome={() => undefined} procedure={{ title: 'P1', status: 'active', currentStepId: 'window', windowPending: true }} />,
    );
    const header = container.querySelector('header')!;
    expect(header.classList.contains('app-header--with-procedure')).toBe(true);
    expect(screen.getByRole('button', { name: 'Appliance Upgrade Assistant — home' })).toBeTruthy();
    expect(within(header).getByTitle(/^Operator: a-very-long-operator-name/).textContent).toBe('Operator: a-very-long-operator-name');
    expect(screen.getByTestId('window-clock').textContent).toBe('Window not started');
  });
});
