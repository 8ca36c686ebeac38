import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ProcedureScreen } from '../../../renderer/src/screens/procedure-screen';
import type { RemovableDriveView } from '../../../shared/domain';
import type { ProcedureView, StepAction } from '../../../shared/procedures/view';
import { installFakeAssistant, type Handlers } from './helpers/fake-assistant';
import { procedureView, step } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const GiB = 1024 ** 3;

function drive(overrides: Partial<RemovableDriveView> = {}): RemovableDriveView {
  return {
    id: 'usb-1',
    label: 'TRANSFER',
    mountPath: '/media/tech/TRANSFER',
    sizeBytes: 16 * GiB,
    freeBytes: 12.5 * GiB,
    filesystem: 'vfat',
    ...overrides,
  };
}

/** A procedure whose current step offers the given actions (plus nothing else). */
function viewWith(actions: StepAction[], overrides: Partial<ProcedureView> = {}): ProcedureView {
  return procedureView({
    id: 'p2',
    kind: 'P2',
    currentStepId: 'media',
    steps: [
      step({ id: 'key', title: 'Generate the download key', status: 'done' }),
      step({ id: 'media', title: 'Write the key to a USB drive', kind: 'guided', status: 'active', actions }),
      step({ id: 'transfer', title: 'Carry the drive across', status: 'pending' }),
    ],
    ...overrides,
  });
}

function setup(view: ProcedureView, extra: Handlers = {}) {
  const fake = installFakeAssistant({
    'procedures.get': view,
    'procedures.journal': [],
    'procedures.send': view,
    ...extra,
  });
  render(<ProcedureScreen procedureId={view.id} onBack={() => undefined} />);
  return fake;
}

const KEY_ACTION: StepAction = {
  event: 'KEY_TYPED',
  label: 'Use this key',
  tone: 'primary',
  input: { kind: 'multiline', label: 'Appliance Download Key', placeholder: 'Paste the whole key' },
};
const MEDIA_ACTION: StepAction = {
  event: 'MEDIA_CHOSEN',
  label: 'Write the key',
  tone: 'primary',
  input: { kind: 'media', label: 'USB drive for the key' },
};

describe('step actions with an input', () => {
  it('sends a typed text value, trimmed, with the action’s event', async () => {
    const fake = setup(
      viewWith([
        { event: 'NAME_GIVEN', label: 'Save name', tone: 'primary', input: { kind: 'text', label: 'Ticket number' } },
        { event: 'CANCEL', label: 'Cancel procedure', tone: 'danger' },
      ]),
    );
    const input = await screen.findByTestId('action-input');
    expect(input.tagName).toBe('INPUT');
    expect(input.dataset.event).toBe('NAME_GIVEN');
    expect(screen.getByLabelText('Ticket number')).toBe(input);

    // Required: nothing is sent without a value, and the operator is told what is missing.
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Ticket number/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls('procedures.send')).toHaveLength(0);

    fireEvent.change(input, { target: { value: '  CHG-20417 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')).toEqual([{ id: 'p2', event: { type: 'NAME_GIVEN', value: 'CHG-20417' } }]),
    );
    // The plain action still sits in the action bar, without an input.
    expect(screen.getByRole('button', { name: 'Cancel procedure' }).dataset.testid).toBe('step-action');
  });

  it('takes a long key in a monospace text area without spell check, and keeps it after a refusal', async () => {
    const fake = setup(viewWith([KEY_ACTION]), {
      'procedures.send': { error: { code: 'KEY_REJECTED', message: 'This is not a download key.', hint: 'Copy the key again.' } },
    });
    const area = await screen.findByTestId('action-input');
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.getAttribute('spellcheck')).toBe('false');
    expect(area.className).toContain('mono');
    expect(area.getAttribute('placeholder')).toBe('Paste the whole key');
    const key = 'AUA1.' + 'x'.repeat(600);
    fireEvent.change(area, { target: { value: `\n${key}\n` } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this key' }));
    await waitFor(() => expect(fake.calls('procedures.send')).toEqual([{ id: 'p2', event: { type: 'KEY_TYPED', value: key } }]));
    const panel = await screen.findByTestId('error-panel');
    expect(within(panel).getByTestId('error-code').textContent).toBe('KEY_REJECTED');
    expect((screen.getByTestId('action-input') as HTMLTextAreaElement).value).toBe(`\n${key}\n`);
  });

  it('asks for the confirm sentence and the note after the value, and sends all three', async () => {
    const fake = setup(
      viewWith([{ ...KEY_ACTION, confirm: 'Replace the key read from the drive?', needsNote: true }]),
    );
    fireEvent.change(await screen.findByTestId('action-input'), { target: { value: 'AUA1.abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this key' }));
    const dialog = screen.getByRole('dialog', { name: 'Use this key' });
    expect(within(dialog).getByText('Replace the key read from the drive?')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/Note for the journal/), { target: { value: 'Stick unreadable.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Use this key' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')).toEqual([
        { id: 'p2', event: { type: 'KEY_TYPED', value: 'AUA1.abc', note: 'Stick unreadable.' } },
      ]),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps a typed key and a chosen drive while the operator looks at the journal or another step', async () => {
    const fake = setup(viewWith([KEY_ACTION, MEDIA_ACTION]), {
      'media.drives': [drive()],
      'media.chooseFolder': { path: '/mnt/share/transfer' },
    });
    fireEvent.change(await screen.findByTestId('action-input'), { target: { value: 'AUA1.kept' } });
    fireEvent.click(screen.getByTestId('media-choose-folder'));
    await screen.findByTestId('media-selected');

    fireEvent.click(screen.getByRole('tab', { name: /Journal/ }));
    expect(screen.queryByTestId('action-input')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: /Current step/ }));
    expect((screen.getByTestId('action-input') as HTMLTextAreaElement).value).toBe('AUA1.kept');

    fireEvent.click(screen.getAllByTestId('procedure-step')[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the current step' }));
    expect((screen.getByTestId('action-input') as HTMLTextAreaElement).value).toBe('AUA1.kept');
    // The kept folder shows as the chosen folder again once the drive list is in.
    expect((await screen.findByTestId('media-selected')).dataset.path).toBe('/mnt/share/transfer');
    expect((within(await screen.findByTestId('media-folder')).getByRole('radio') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Write the key' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')).toEqual([{ id: 'p2', event: { type: 'MEDIA_CHOSEN', value: '/mnt/share/transfer' } }]),
    );
  });

  it('shows no form when looking back at a step that asked for a value', async () => {
    const view = viewWith([KEY_ACTION]);
    setup(view);
    await screen.findByTestId('action-input');
    fireEvent.click(screen.getAllByTestId('procedure-step')[0]!);
    expect(screen.queryByTestId('action-input')).toBeNull();
    expect(screen.queryByTestId('step-action')).toBeNull();
  });
});

describe('media chooser', () => {
  it('lists the drives with file system and free space, and sends the chosen drive’s mount path', async () => {
    const fake = setup(viewWith([MEDIA_ACTION]), {
      'media.drives': [drive(), drive({ id: 'usb-2', label: 'BIGSTICK', mountPath: '/media/tech/BIGSTICK', filesystem: 'exfat', freeBytes: 60 * GiB, sizeBytes: 64 * GiB })],
    });
    const chooser = await screen.findByTestId('media-chooser');
    expect(chooser.dataset.event).toBe('MEDIA_CHOSEN');
    const drives = await within(chooser).findAllByTestId('media-drive');
    expect(drives.map((d) => d.dataset.mountPath)).toEqual(['/media/tech/TRANSFER', '/media/tech/BIGSTICK']);
    expect(within(drives[0]!).getByText('FAT32')).toBeTruthy();
    expect(within(drives[0]!).getByText('12.5 GiB free of 16.0 GiB')).toBeTruthy();
    expect(within(drives[0]!).getByText(/up to 4 GiB/)).toBeTruthy();
    expect(within(drives[1]!).getByText('exFAT')).toBeTruthy();
    expect(within(drives[1]!).queryByText(/up to 4 GiB/)).toBeNull();

    // Nothing chosen yet: the button says what is missing instead of sending.
    fireEvent.click(screen.getByRole('button', { name: 'Write the key' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Choose a drive or a folder/);
    expect(fake.calls('procedures.send')).toHaveLength(0);

    fireEvent.click(within(drives[1]!).getByRole('radio'));
    expect(screen.getByTestId('media-selected').textContent).toMatch(/BIGSTICK/);
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Write the key' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')).toEqual([{ id: 'p2', event: { type: 'MEDIA_CHOSEN', value: '/media/tech/BIGSTICK' } }]),
    );
  });

  it('shows what to do when no drive is inserted, and sends a folder chosen in the dialog', async () => {
    let answer: { path?: string } = {};
    const fake = setup(viewWith([MEDIA_ACTION]), {
      'media.drives': [],
      'media.chooseFolder': () => answer,
    });
    expect((await screen.findByTestId('media-empty')).textContent).toMatch(/Insert a USB drive, or choose a folder/);

    // Cancelled dialog: nothing chosen, nothing changes.
    fireEvent.click(screen.getByTestId('media-choose-folder'));
    await waitFor(() => expect(fake.calls('media.chooseFolder')).toEqual([{ purpose: 'USB drive for the key' }]));
    expect(screen.queryByTestId('media-selected')).toBeNull();

    answer = { path: '/mnt/share/transfer' };
    fireEvent.click(screen.getByTestId('media-choose-folder'));
    const selected = await screen.findByTestId('media-selected');
    expect(selected.textContent).toMatch('/mnt/share/transfer');
    expect(screen.queryByTestId('media-empty')).toBeNull();
    expect((within(screen.getByTestId('media-folder')).getByRole('radio') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Write the key' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')).toEqual([{ id: 'p2', event: { type: 'MEDIA_CHOSEN', value: '/mnt/share/transfer' } }]),
    );
  });

  it('polls every two seconds; a pulled drive clears the choice and says so', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let drives = [drive(), drive({ id: 'usb-2', label: 'SPARE', mountPath: '/media/tech/SPARE' })];
    const fake = setup(viewWith([MEDIA_ACTION]), { 'media.drives': () => drives });
    const transfer = (await screen.findAllByTestId('media-drive'))[0]!;
    fireEvent.click(within(transfer).getByRole('radio'));
    expect(screen.getByTestId('media-selected').dataset.path).toBe('/media/tech/TRANSFER');
    const polls = fake.calls('media.drives').length;

    // A new drive shows up on the next poll, without anything clicked.
    drives = [...drives, drive({ id: 'usb-3', label: 'NEW', mountPath: '/media/tech/NEW' })];
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(fake.calls('media.drives').length).toBe(polls + 1);
    expect(screen.getAllByTestId('media-drive')).toHaveLength(3);
    expect(screen.queryByTestId('media-notice')).toBeNull();

    // The chosen stick is pulled.
    drives = drives.filter((d) => d.id !== 'usb-1');
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(screen.getAllByTestId('media-drive').map((d) => d.dataset.mountPath)).toEqual(['/media/tech/SPARE', '/media/tech/NEW']);
    const notice = screen.getByTestId('media-notice');
    expect(notice.dataset.tone).toBe('warn');
    expect(notice.textContent).toMatch(/“TRANSFER” \(\/media\/tech\/TRANSFER\) was removed, so it is no longer chosen/);
    expect(screen.queryByTestId('media-selected')).toBeNull();
    expect(screen.getAllByRole('radio').every((r) => !(r as HTMLInputElement).checked)).toBe(true);

    // Sending now asks for a choice instead of sending the pulled path.
    fireEvent.click(screen.getByRole('button', { name: 'Write the key' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Choose a drive or a folder/);
    expect(fake.calls('procedures.send')).toHaveLength(0);

    // Choosing again clears the notice; pulling a drive that is not chosen only informs.
    fireEvent.click(within(screen.getAllByTestId('media-drive')[1]!).getByRole('radio'));
    expect(screen.queryByTestId('media-notice')).toBeNull();
    drives = drives.filter((d) => d.id !== 'usb-2');
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(screen.getByTestId('media-notice').dataset.tone).toBe('info');
    expect(screen.getByTestId('media-selected').dataset.path).toBe('/media/tech/NEW');
  });

  it('clears a chosen folder on a drive that is pulled', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let drives = [drive()];
    setup(viewWith([MEDIA_ACTION]), {
      'media.drives': () => drives,
      'media.chooseFolder': { path: '/media/tech/TRANSFER/updates' },
    });
    await screen.findAllByTestId('media-drive');
    fireEvent.click(screen.getByTestId('media-choose-folder'));
    expect((await screen.findByTestId('media-selected')).dataset.path).toBe('/media/tech/TRANSFER/updates');
    drives = [];
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(screen.queryByTestId('media-selected')).toBeNull();
    expect(screen.queryByTestId('media-folder')).toBeNull();
    expect(screen.getByTestId('media-notice').textContent).toMatch(/no longer chosen/);
    expect(screen.getByTestId('media-empty')).toBeTruthy();
  });

  it('stops polling when the step moves on', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fake = setup(viewWith([MEDIA_ACTION]), {
      'media.drives': [drive()],
      'procedures.send': viewWith([], { currentStepId: 'transfer' }),
    });
    fireEvent.click(within((await screen.findAllByTestId('media-drive'))[0]!).getByRole('radio'));
    fireEvent.click(screen.getByRole('button', { name: 'Write the key' }));
    await waitFor(() => expect(screen.getByTestId('current-step').dataset.stepId).toBe('transfer'));
    const polls = fake.calls('media.drives').length;
    await act(() => vi.advanceTimersByTimeAsync(6_000));
    expect(fake.calls('media.drives').length).toBe(polls);
    expect(screen.queryByTestId('media-chooser')).toBeNull();
  });
});

describe('a value main proposes', () => {
  it('starts with the proposed drive chosen, so the usual path is one click', async () => {
    const proposed: StepAction = { ...MEDIA_ACTION, input: { ...MEDIA_ACTION.input!, defaultValue: '/media/tech/TRANSFER' } };
    const fake = setup(viewWith([proposed]), { 'media.drives': [drive(), drive({ id: 'usb-2', label: 'OTHER', mountPath: '/media/tech/OTHER' })] });
    const drives = await screen.findAllByTestId('media-drive');
    expect((within(drives[0]!).getByRole('radio') as HTMLInputElement).checked).toBe(true);
    expect((within(drives[1]!).getByRole('radio') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Write the key' }));
    await waitFor(() =>
      expect(fake.calls('procedures.send')).toEqual([{ id: 'p2', event: { type: 'MEDIA_CHOSEN', value: '/media/tech/TRANSFER' } }]),
    );
  });
});

describe('proofs and progress for transfers', () => {
  it('keeps a long file list readable: a tally, whole parts, digests in monospace', async () => {
    const items = Array.from({ length: 14 }, (_, i) => ({
      label: `bomgar-package-part-${String(i + 1).padStart(2, '0')}.nsp — 1.2 GiB — 3f2a9c1d${i}e77b0`,
      status: i === 9 ? ('failed' as const) : ('done' as const),
      detail: i === 9 ? 'SHA-256 differs from the manifest' : 'Read back and matched',
    }));
    setup(procedureView({ steps: [step({ id: 'install', status: 'active', items })] }));
    const rows = await screen.findAllByTestId('step-item');
    expect(rows).toHaveLength(14);
    expect(screen.getByTestId('step-items-tally').textContent).toBe('14 items: 13 done · 1 failed');
    const digest = rows[0]!.querySelector('.step-detail__item-digest')!;
    expect(digest.textContent).toBe('3f2a9c1d0e77b0');
    expect(digest.className).toContain('mono');
    expect(rows[0]!.querySelector('.step-detail__item-size')!.textContent).toBe('1.2 GiB');
    expect(rows[0]!.textContent).toContain('bomgar-package-part-01.nsp — 1.2 GiB — 3f2a9c1d0e77b0');
    expect(rows[9]!.dataset.status).toBe('failed');
    expect(within(rows[9]!).getByText('SHA-256 differs from the manifest')).toBeTruthy();
  });

  it('shows slow transfers in KiB/s and a byte rate even without a total', async () => {
    const fake = setup(procedureView());
    await screen.findByTestId('current-step');
    act(() => {
      fake.emit('progress', { procedureId: 'p1', stepId: 'install', label: 'Downloading', unit: 'bytes', done: 5 * 1024 * 1024, total: 20 * 1024 * 1024, rate: 350 * 1024, etaSeconds: 45 });
    });
    expect(screen.getByTestId('progress-rate').textContent).toBe('350 KiB/s');
    expect(screen.getByTestId('progress-amount').textContent).toBe('5.0 MiB of 20.0 MiB');
    act(() => {
      fake.emit('progress', { procedureId: 'p1', stepId: 'install', label: 'Downloading', unit: 'bytes', done: 300 * 1024 * 1024, total: null, rate: 12.5 * 1024 * 1024, etaSeconds: null });
    });
    expect(screen.getByTestId('progress-amount').textContent).toBe('300 MiB so far');
    expect(screen.getByTestId('progress-rate').textContent).toBe('12.5 MiB/s');
  });
});
