import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, site } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const appInfo = { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false };

function openProcedure(extra: Parameters<typeof installFakeAssistant>[0] = {}) {
  window.location.hash = '#/procedures/p1';
  const fake = installFakeAssistant({
    'app.info': appInfo,
    'sites.list': [site()],
    'procedures.get': procedureView(),
    'procedures.journal': [],
    'procedures.send': procedureView(),
    ...extra,
  });
  render(<App />);
  return fake;
}

describe('focus follows the procedure', () => {
  it('moves focus to the next step’s heading after an action', async () => {
    openProcedure({ 'procedures.send': procedureView({ currentStepId: 'report' }) });
    const button = await screen.findByRole('button', { name: 'Continue' });
    button.focus();
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('current-step').dataset.stepId).toBe('report'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Report' })));
  });

  it('brings focus back to the step when the step stays but the pressed button is gone', async () => {
    const same = procedureView();
    const install = same.steps.find((s) => s.id === 'install')!;
    install.actions = install.actions.filter((a) => a.event !== 'CONTINUE');
    openProcedure({ 'procedures.send': same });
    const button = await screen.findByRole('button', { name: 'Continue' });
    button.focus();
    fireEvent.click(button);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Install the updates' })));
  });

  it('leaves focus on the pressed button when an action is refused and the button is still there', async () => {
    openProcedure({
      'procedures.send': { error: { code: 'RULE_NOT_MET', message: 'No backup newer than the window start.', hint: 'Take a backup first.' } },
    });
    const button = await screen.findByRole('button', { name: 'Continue' });
    button.focus();
    fireEvent.click(button);
    await screen.findByTestId('error-panel');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Continue' }));
  });

  it('puts focus on the current step when the screen opens with focus nowhere, and leaves it where it is otherwise', async () => {
    openProcedure();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Install the updates' })));
    cleanup();

    window.location.hash = '#/procedures/p1';
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.get': procedureView(), 'procedures.journal': [] });
    const outside = document.createElement('input');
    document.body.appendChild(outside);
    outside.focus();
    render(<App />);
    await screen.findByTestId('current-step');
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('offers a skip link first that leads to the current step, also from the journal or another step', async () => {
    openProcedure();
    await screen.findByTestId('current-step');
    const link = screen.getByRole('link', { name: 'Skip to current step' });
    // First in the document, so the first Tab reaches it.
    expect(document.body.querySelector('a, button, input, textarea, select')).toBe(link);

    fireEvent.click(screen.getByRole('tab', { name: /Journal/ }));
    expect(screen.queryByTestId('current-step')).toBeNull();
    fireEvent.click(link);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Install the updates' })));
    expect(window.location.hash).toBe('#/procedures/p1');

    fireEvent.click(screen.getAllByTestId('procedure-step')[0]!);
    expect(screen.getByTestId('current-step').dataset.stepId).toBe('backup');
    fireEvent.click(link);
    await waitFor(() => expect(screen.getByTestId('current-step').dataset.stepId).toBe('install'));
    expect(document.activeElement).toBe(within(screen.getByTestId('current-step')).getByRole('heading', { level: 2 }));
  });

  it('skips to the main content on other screens', async () => {
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.list': [], 'vault.list': [] });
    render(<App />);
    await screen.findAllByTestId('site-card');
    fireEvent.click(screen.getByRole('link', { name: 'Skip to main content' }));
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });
});
