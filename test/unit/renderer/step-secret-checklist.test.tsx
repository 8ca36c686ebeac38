import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ProcedureScreen } from '../../../renderer/src/screens/procedure-screen';
import { generatePassword } from '../../../renderer/src/generate-password';
import type { ProcedureView, StepAction } from '../../../shared/procedures/view';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, step } from './helpers/fixtures';

afterEach(cleanup);

function viewWith(actions: StepAction[], extra: Partial<ReturnType<typeof step>> = {}): ProcedureView {
  return procedureView({
    id: 'p5',
    currentStepId: 'now',
    steps: [step({ id: 'now', title: 'The step', kind: 'auto', status: 'active', actions, ...extra })],
  });
}

function setup(view: ProcedureView) {
  const fake = installFakeAssistant({ 'procedures.get': view, 'procedures.journal': [], 'procedures.send': view });
  render(<ProcedureScreen procedureId={view.id} onBack={() => undefined} />);
  return fake;
}

const PASSPHRASE_ACTION: StepAction = {
  event: 'EXPORT',
  label: 'Export the certificate',
  tone: 'primary',
  input: { kind: 'secret', label: 'Passphrase for the file', confirmTwice: true, secretSlot: 'certificate-passphrase' },
};
const PASSWORD_ACTION: StepAction = {
  event: 'PASSWORD_GIVEN',
  label: 'Change the password',
  tone: 'primary',
  input: { kind: 'secret', label: 'New admin password', confirmTwice: true, generate: true },
};
const CHECKLIST_ACTION: StepAction = {
  event: 'SESSIONS_TESTED',
  label: 'Every test passed',
  tone: 'primary',
  input: {
    kind: 'checklist',
    label: 'Tests on the new appliance',
    items: [
      { id: 'console', label: 'Signed in to the representative console' },
      { id: 'session', label: 'Started a session to a remote computer' },
    ],
  },
};

describe('secret inputs', () => {
  it('are masked, typed twice, and sent exactly as typed only when both match', async () => {
    const fake = setup(viewWith([PASSPHRASE_ACTION]));
    const first = await screen.findByLabelText('Passphrase for the file');
    const again = screen.getByLabelText('Type it again');
    expect((first).getAttribute('type')).toBe('password');
    fireEvent.change(first, { target: { value: ' two words ' } });
    fireEvent.change(again, { target: { value: ' two word' } });
    expect(screen.getByText(/The two entries differ/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Export the certificate' }));
    expect(screen.getByText('Type “Passphrase for the file” in both fields, the same both times.')).toBeTruthy();
    expect(fake.calls('procedures.send')).toHaveLength(0);
    fireEvent.change(again, { target: { value: ' two words ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export the certificate' }));
    await waitFor(() => expect(fake.calls('procedures.send')).toEqual([{ id: 'p5', event: { type: 'EXPORT', value: ' two words ' } }]));
  });

  it('can show what is typed', async () => {
    setup(viewWith([PASSPHRASE_ACTION]));
    const first = await screen.findByLabelText('Passphrase for the file');
    fireEvent.click(screen.getByLabelText('Show what I type'));
    expect((first).getAttribute('type')).toBe('text');
  });

  it('generates a strong password, shows it once to write down, and sends it', async () => {
    const fake = setup(viewWith([PASSWORD_ACTION]));
    fireEvent.click(await screen.findByRole('button', { name: 'Generate a strong password' }));
    const shown = screen.getByTestId('generated-secret');
    expect((shown).textContent).toMatch(/Write this password down now/);
    const password = shown.querySelector('output')?.textContent ?? '';
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(((screen.getByLabelText('New admin password')) as HTMLInputElement).value).toBe(password);
    expect(((screen.getByLabelText('Type it again')) as HTMLInputElement).value).toBe(password);
    fireEvent.click(screen.getByRole('button', { name: 'Change the password' }));
    await waitFor(() => expect(fake.calls('procedures.send')).toEqual([{ id: 'p5', event: { type: 'PASSWORD_GIVEN', value: password } }]));
    // Typing over it hides the generated one: it is never shown again.
    fireEvent.change(screen.getByLabelText('New admin password'), { target: { value: 'x' } });
    expect(screen.queryByTestId('generated-secret')).toBeNull();
  });

  it('generated passwords hold every kind of character and no look-alikes', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(20);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[2-9]/);
      expect(password).not.toMatch(/[01OIl]/);
    }
  });
});

describe('checklist inputs', () => {
  it('send only once every item is ticked, with the ticked ids', async () => {
    const fake = setup(viewWith([CHECKLIST_ACTION]));
    fireEvent.click(await screen.findByLabelText('Signed in to the representative console'));
    expect(screen.getByText('(1 of 2 ticked)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Every test passed' }));
    expect(await screen.findByText('Tick every item first: 1 of 2 ticked.')).toBeTruthy();
    expect(fake.calls('procedures.send')).toHaveLength(0);
    fireEvent.click(screen.getByLabelText('Started a session to a remote computer'));
    fireEvent.click(screen.getByRole('button', { name: 'Every test passed' }));
    await waitFor(() => expect(fake.calls('procedures.send')).toEqual([{ id: 'p5', event: { type: 'SESSIONS_TESTED', value: 'console,session' } }]));
  });
});

describe('documents', () => {
  it('are shown whole in a scroll box before the action', async () => {
    setup(
      viewWith([{ event: 'ACCEPT_EULA', label: 'I accept the licence agreement', tone: 'primary' }], {
        document: { title: 'End User License Agreement', text: 'Clause 1. The lab grants you a licence.\nClause 2. Practice only.' },
      }),
    );
    const document = await screen.findByTestId('step-document');
    expect((document).textContent).toContain('End User License Agreement');
    expect((document).textContent).toContain('Clause 2. Practice only.');
    expect(document.compareDocumentPosition(screen.getByRole('button', { name: 'I accept the licence agreement' })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
