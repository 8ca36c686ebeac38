import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import { formatDateTime, formatTime } from '../../../renderer/src/format';
import type { VaultEntry } from '../../../shared/domain';
import { installFakeAssistant, type Handlers } from './helpers/fake-assistant';
import { procedureView, site, summary } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const SHA = '3f2a9c1d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c577b0e4aa';

function entry(overrides: Partial<VaultEntry> = {}): VaultEntry {
  return {
    id: 'v1',
    kind: 'backup',
    siteId: 's1',
    siteName: 'Head office support',
    appliance: 'bomgar-a.corp.local',
    version: '23.1.1',
    createdAt: '2026-11-28T09:10:00.000Z',
    size: 1536,
    sha256: SHA,
    fileName: 'backup-23.1.1.nsb',
    heldBy: [],
    state: 'ok',
    ...overrides,
  };
}

function setup(handlers: Handlers) {
  const fake = installFakeAssistant({
    'app.info': { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false },
    'sites.list': [site()],
    'procedures.list': [summary()],
    ...handlers,
  });
  render(<App />);
  return fake;
}

describe('backups vault panel', () => {
  it('lists each file with its site, version, size, full SHA-256 with a copy button, state and holders', async () => {
    setup({
      'vault.list': [
        entry({ heldBy: ['p1'], lastVerifiedAt: '2026-11-28T09:11:00.000Z' }),
        entry({ id: 'v2', kind: 'certificate', version: '23.1.1', state: 'missing', sha256: 'ab'.repeat(32) }),
        entry({ id: 'v3', state: 'corrupt' }),
      ],
    });
    const rows = await screen.findAllByTestId('vault-entry');
    expect(rows.map((r) => [r.dataset.vaultId, r.dataset.state])).toEqual([
      ['v1', 'ok'],
      ['v2', 'missing'],
      ['v3', 'corrupt'],
    ]);
    const first = within(rows[0]!);
    expect(first.getByText('Backup')).toBeTruthy();
    expect(first.getByText('Head office support')).toBeTruthy();
    expect(first.getByText('version 23.1.1')).toBeTruthy();
    expect(first.getByText('1.5 KiB')).toBeTruthy();
    // The file's name, as the procedure's summary and journal cite it.
    expect(first.getByTestId('vault-file').textContent).toBe('backup-23.1.1.nsb');
    expect(first.getByText(`created ${formatDateTime('2026-11-28T09:10:00.000Z')}`)).toBeTruthy();
    // The whole digest is on screen, never shortened, and a selection copies exactly it.
    const hash = first.getByTestId('digest-value');
    expect(hash.textContent).toBe(SHA);
    expect(hash.querySelectorAll('.digest__group')).toHaveLength(8);
    expect(first.getByRole('button', { name: /^Copy SHA-256 of / })).toBeTruthy();
    const held = first.getByText('held by 1 procedure');
    expect(held.getAttribute('title')).toBe('Single appliance, automatic update at Head office support');
    expect(first.getByText(/^verified /).getAttribute('title')).toBe(`Last verified ${formatDateTime('2026-11-28T09:11:00.000Z')}`);
    expect(first.getByTestId('vault-state').className).toContain('badge--ok');

    const second = within(rows[1]!);
    expect(second.getByText('Certificate')).toBeTruthy();
    expect(second.getByText('never verified')).toBeTruthy();
    expect(second.getByTestId('vault-state').textContent).toBe('File missing');
    expect(second.getByTestId('vault-state').className).toContain('badge--failed');
    expect(second.queryByText(/held by/)).toBeNull();
    expect(within(rows[2]!).getByTestId('vault-state').textContent).toBe('Contents changed');
  });

  it('says so when the vault is empty', async () => {
    setup({ 'vault.list': [] });
    const panel = await screen.findByTestId('vault-panel');
    await waitFor(() => expect(within(panel).getByText(/No files in the vault yet/)).toBeTruthy());
    expect(within(panel).queryAllByTestId('vault-entry')).toHaveLength(0);
  });

  it('verifies a file and shows the proof with the time it was re-computed', async () => {
    let stored = entry();
    const fake = setup({
      'vault.list': () => [stored],
      'vault.verify': () => {
        stored = entry({ lastVerifiedAt: '2026-11-28T10:42:03.000Z' });
        return stored;
      },
    });
    const row = await screen.findByTestId('vault-entry');
    expect(within(row).queryByTestId('vault-verify-result')).toBeNull();
    fireEvent.click(within(row).getByTestId('vault-verify'));
    const proof = await within(row).findByTestId('vault-verify-result');
    expect(proof.dataset.ok).toBe('true');
    expect(proof.textContent).toContain(`SHA-256 re-computed from disk matches — verified ${formatTime('2026-11-28T10:42:03.000Z')}`);
    expect(fake.calls('vault.verify')).toEqual([{ id: 'v1' }]);
    await waitFor(() => expect(within(row).getByText(/^verified /)).toBeTruthy());
  });

  it('shows a missing file in red with what to do next', async () => {
    setup({
      'vault.list': [entry({ heldBy: ['p1'] })],
      'vault.verify': entry({ state: 'missing', heldBy: ['p1'], lastVerifiedAt: '2026-11-28T10:42:03.000Z' }),
    });
    fireEvent.click(await screen.findByTestId('vault-verify'));
    const proof = await screen.findByTestId('vault-verify-result');
    expect(proof.dataset.ok).toBe('false');
    expect(proof.className).toContain('vault__proof--bad');
    expect(proof.textContent).toMatch(/File missing: backup-23\.1\.1\.nsb is no longer in the vault folder .*nothing to restore from/);
    expect(proof.textContent).toMatch(/Next: take a new settings backup/);
    expect(proof.textContent).toMatch(/A procedure still relies on this file/);
    await waitFor(() => expect(screen.getByTestId('vault-entry').dataset.state).toBe('missing'));
    // A failed check is not called "verified" next to the red state.
    expect(within(screen.getByTestId('vault-entry')).getByText(/^checked /)).toBeTruthy();
  });

  it('shows changed contents in red with what to do next', async () => {
    setup({
      'vault.list': [entry()],
      'vault.verify': entry({ state: 'corrupt', lastVerifiedAt: '2026-11-28T10:42:03.000Z' }),
    });
    fireEvent.click(await screen.findByTestId('vault-verify'));
    const proof = await screen.findByTestId('vault-verify-result');
    expect(proof.dataset.ok).toBe('false');
    expect(proof.textContent).toMatch(/Contents changed: the SHA-256 re-computed from disk does not match/);
    expect(proof.textContent).toMatch(/Do not restore from this copy/);
    expect(screen.getByTestId('vault-entry').dataset.state).toBe('corrupt');
  });

  it('shows the error panel when main could not read the file at all', async () => {
    setup({
      'vault.list': [entry()],
      'vault.verify': { error: { code: 'DISK_ERROR', message: 'The vault folder could not be read.', hint: 'Check the disk.' } },
    });
    fireEvent.click(await screen.findByTestId('vault-verify'));
    const proof = await screen.findByTestId('vault-verify-result');
    expect(proof.dataset.ok).toBe('false');
    expect(within(proof).getByTestId('error-code').textContent).toBe('DISK_ERROR');
    expect(within(proof).getByTestId('error-hint').textContent).toBe('Check the disk.');
  });

  it('re-reads the vault when a procedure moves on, so new backups appear', async () => {
    let list = [entry()];
    const fake = setup({ 'vault.list': () => list });
    await screen.findByTestId('vault-entry');
    list = [entry({ id: 'v2', createdAt: '2026-11-28T09:40:00.000Z', version: '23.2.1' }), ...list];
    act(() => fake.emit('procedures.updated', procedureView()));
    await waitFor(() => expect(screen.getAllByTestId('vault-entry')).toHaveLength(2));
    expect(screen.getAllByTestId('vault-entry')[0]!.dataset.vaultId).toBe('v2');
  });
});
