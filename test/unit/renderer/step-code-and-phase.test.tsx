import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { installInfoOf } from '../../../renderer/src/components/install-phases';
import { ProcedureScreen } from '../../../renderer/src/screens/procedure-screen';
import type { ProcedureView, StepView } from '../../../shared/procedures/view';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, step } from './helpers/fixtures';

afterEach(cleanup);

function setup(view: ProcedureView) {
  const fake = installFakeAssistant({ 'procedures.get': view, 'procedures.journal': [], 'procedures.send': view });
  render(<ProcedureScreen procedureId={view.id} onBack={() => undefined} />);
  return fake;
}

const installPhase = (id: NonNullable<StepView['phase']>['id']): NonNullable<StepView['phase']> => ({
  id,
  label: id,
  startedAt: new Date(Date.now() - 12 * 60_000).toISOString(),
  expected: { minMinutes: 15, maxMinutes: 60, text: 'usually 15–60 minutes' },
});

describe('the arrival code', () => {
  it('is drawn large on its own, with its label, and read out character by character', async () => {
    setup(
      procedureView({
        kind: 'P2',
        currentStepId: 'compare-code',
        steps: [step({ id: 'compare-code', kind: 'gate', status: 'active', code: { label: 'Code read from the stick', value: '7F3A-09BC' } })],
      }),
    );
    const code = await screen.findByTestId('step-code');
    expect(code.textContent).toContain('Code read from the stick');
    const value = code.querySelector('output')!;
    expect(value.textContent).toBe('7F3A-09BC');
    expect(value.getAttribute('aria-label')).toBe('Code read from the stick: 7 F 3 A dash 0 9 B C');
  });

  it('is not drawn on a step without one', async () => {
    setup(procedureView());
    await screen.findByTestId('current-step');
    expect(screen.queryByTestId('step-code')).toBeNull();
  });
});

describe('the install phase from the view', () => {
  it('shows elapsed time against the usual range, with no upload phase on an automatic install', async () => {
    setup(procedureView({ steps: [step({ id: 'install', status: 'active', phase: installPhase('installing') })] }));
    const phases = await screen.findByTestId('install-phases');
    expect(phases.getAttribute('data-phase')).toBe('installing');
    expect(phases.textContent).toMatch(/12 min elapsed · usually 15–60 min/);
    expect(phases.textContent).not.toMatch(/Uploading/);
  });

  it('counts the elapsed time from when the view says the install began, not from the report that restarted with the app', async () => {
    const fake = setup(procedureView({ steps: [step({ id: 'install', status: 'active', phase: installPhase('installing') })] }));
    await screen.findByTestId('install-phases');
    act(() => {
      fake.emit('progress', { procedureId: 'p1', stepId: 'install', label: 'Waiting for the appliance to restart', unit: 'seconds', done: 5, total: null, rate: null, etaSeconds: null, phase: 'restarting' });
    });
    const phases = screen.getByTestId('install-phases');
    expect(phases.getAttribute('data-phase')).toBe('restarting');
    expect(phases.textContent).toMatch(/12 min elapsed/);
    expect(phases.textContent).not.toMatch(/left/);
  });

  it('counts the first minute second by second, so a running install never looks frozen', async () => {
    const phase = { ...installPhase('installing'), startedAt: new Date(Date.now() - 3_000).toISOString() };
    setup(procedureView({ steps: [step({ id: 'install', status: 'active', phase })] }));
    const time = await screen.findByTestId('install-time');
    const first = Number(/^(\d+) s elapsed/.exec(time.textContent ?? '')?.[1]);
    expect(first).toBeGreaterThanOrEqual(3);
    await waitFor(() => expect(screen.getByTestId('install-time').textContent).toBe(`${first + 1} s elapsed · usually 15–60 min`), { timeout: 2_500 });
  });

  it('names the package the clock is for when an install has several, since each is timed from its own start', async () => {
    setup(
      procedureView({
        steps: [
          step({
            id: 'install',
            status: 'active',
            phase: installPhase('installing'),
            items: [
              { label: 'Base Software 6.2.0', status: 'done', detail: 'Appliance reports 6.2.0' },
              { label: 'Remote Support 23.2.1', status: 'active' },
            ],
          }),
        ],
      }),
    );
    const time = await screen.findByTestId('install-time');
    expect(time.textContent).toBe('Remote Support 23.2.1: 12 min elapsed · usually 15–60 min');
  });

  it('lists the upload first for a manual update', () => {
    expect(installInfoOf({ phase: { ...installPhase('uploading'), uploads: true } })?.phases).toEqual(['uploading', 'installing', 'restarting', 'verifying']);
    expect(installInfoOf({ phase: installPhase('installing') })?.phases).toEqual(['installing', 'restarting', 'verifying']);
    expect(installInfoOf({})).toBeUndefined();
  });
});
