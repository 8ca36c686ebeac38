import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { Digest, proofListLines } from '../../../renderer/src/components/digest';
import { ProcedureScreen } from '../../../renderer/src/screens/procedure-screen';
import type { ProcedureView } from '../../../shared/procedures/view';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, step } from './helpers/fixtures';

const SHA = '9b74c9897bac770ffc029102a200c5de1f2e3d4c5b6a79887766554433221100';
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').slice(-2).toUpperCase()).join(':');
const KEY = 'eyJ2IjoxLCJzZXJpYWwiOiJCMzAwLTQ0MTEiLCJzaXRlVmVyc2lvbiI6IjIzLjEuMSJ9.c2lnbmF0dXJlLW9mLXRoZS1rZXk';

const originalClipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');

function setClipboard(value: unknown) {
  Object.defineProperty(navigator, 'clipboard', { value, configurable: true });
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  if (originalClipboard) Object.defineProperty(navigator, 'clipboard', originalClipboard);
  else Reflect.deleteProperty(navigator, 'clipboard');
  window.getSelection()?.removeAllRanges();
});

function setup(view: ProcedureView) {
  installFakeAssistant({ 'procedures.get': view, 'procedures.journal': [], 'procedures.send': view });
  render(<ProcedureScreen procedureId={view.id} onBack={() => undefined} />);
}

describe('a proof people can use', () => {
  it('shows the whole digest in groups of eight and copies it exactly, with a visible confirmation', async () => {
    const writeText = vi.fn(async () => undefined);
    setClipboard({ writeText });
    render(<Digest value={SHA} label="SHA-256 of backup.nsb" />);
    const value = screen.getByTestId('digest-value');
    expect(value.textContent).toBe(SHA);
    expect(Array.from(value.children).map((g) => g.textContent)).toEqual(SHA.match(/.{8}/g));
    expect(screen.getByTestId('digest-status').textContent).toBe('');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy SHA-256 of backup.nsb' }));
    });
    expect(writeText).toHaveBeenCalledWith(SHA);
    expect(screen.getByRole('status').textContent).toBe('Copied');
  });

  it('selects the value for Ctrl+C when the clipboard refuses, and says so', async () => {
    setClipboard({ writeText: vi.fn(async () => Promise.reject(new Error('denied'))) });
    render(<Digest value={SHA} label="SHA-256" />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy SHA-256' }));
    });
    expect(window.getSelection()?.toString()).toBe(SHA);
    expect(screen.getByRole('status').textContent).toBe('Selected: press Ctrl+C to copy');
  });

  it('selects the value where there is no clipboard at all', async () => {
    setClipboard(undefined);
    render(<Digest value={SHA} label="SHA-256" />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy SHA-256' }));
    });
    expect(window.getSelection()?.toString()).toBe(SHA);
  });

  it('takes the confirmation away after a few seconds', async () => {
    vi.useFakeTimers();
    setClipboard({ writeText: vi.fn(async () => undefined) });
    render(<Digest value={SHA} label="SHA-256" />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy SHA-256' }));
    });
    expect(screen.getByRole('status').textContent).toBe('Copied');
    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('draws digests in step facts, proof lines and verifications, and the download key, each with a copy button', async () => {
    setup(
      procedureView({
        currentStepId: 'verify',
        banner: { tone: 'ok', title: 'Upgrade complete', text: `Backup kept in the vault (SHA-256 ${SHA}).` },
        steps: [
          step({
            id: 'verify',
            title: 'Verify the bundle',
            status: 'active',
            facts: [
              { label: 'SHA-256', value: SHA, mono: true },
              { label: 'Appliance Download Key', value: KEY, mono: true },
              { label: 'Bundle', value: 'bundle-2026-11-28', mono: true },
              { label: 'Fingerprint (SHA-256)', value: FINGERPRINT, mono: true },
            ],
            items: [{ label: `base-6.2.0.nsp — 1.2 GiB — SHA-256 ${SHA}`, status: 'done' }],
            verification: { ok: true, text: `manifest.json matches: SHA-256 ${SHA}.` },
          }),
        ],
      }),
    );
    const current = await screen.findByTestId('current-step');
    const facts = within(screen.getByTestId('facts'));
    const digests = facts.getAllByTestId('digest');
    expect(digests.map((d) => d.dataset.value)).toEqual([SHA, KEY, FINGERPRINT]);
    expect(within(digests[2]!).getByTestId('digest-value').textContent).toBe(FINGERPRINT);
    expect(facts.getByRole('button', { name: 'Copy SHA-256' })).toBeTruthy();
    expect(facts.getByRole('button', { name: 'Copy Appliance Download Key' })).toBeTruthy();
    // The key in groups too, and whole.
    expect(within(digests[1]!).getByTestId('digest-value').textContent).toBe(KEY);
    expect(within(digests[1]!).getByTestId('digest-value').children.length).toBe(Math.ceil(KEY.length / 8));
    // Any other value stays plain text.
    expect(facts.getByText('bundle-2026-11-28').tagName).toBe('TD');

    const item = within(current).getByTestId('step-item');
    expect(within(item).getByTestId('digest-value').textContent).toBe(SHA);
    expect(within(item).getByRole('button', { name: 'Copy SHA-256 of base-6.2.0.nsp' })).toBeTruthy();
    expect(item.textContent).not.toContain('…');

    const banner = screen.getByTestId('banner');
    expect(within(banner).getByTestId('digest-value').textContent).toBe(SHA);

    const verification = screen.getByTestId('verification');
    expect(within(verification).getByTestId('digest-value').textContent).toBe(SHA);
    expect(verification.textContent).toContain('manifest.json matches: SHA-256 ');
  });

  it('shows a list of backups with their digests one per line, each digest grouped and copyable, in facts and the banner', async () => {
    const OTHER = SHA.split('').reverse().join('');
    const list = `a-pre-upgrade.nsb (SHA-256 ${SHA}), b-between-base-and-site.nsb (SHA-256 ${OTHER})`;
    setup(
      procedureView({
        currentStepId: 'report',
        banner: { tone: 'ok', title: 'Upgrade complete', text: `Site 23.1.1 → 23.2.1. Backups kept in the vault: ${list}.` },
        steps: [step({ id: 'report', title: 'Close and report', status: 'done', facts: [{ label: 'Backups', value: list, mono: true }] })],
      }),
    );
    await screen.findByTestId('current-step');
    const facts = within(screen.getByTestId('facts'));
    expect(facts.getAllByTestId('digest').map((d) => d.dataset.value)).toEqual([SHA, OTHER]);
    // Each entry: its name, then "SHA-256" and the digest on a line of its own, with no brackets left over.
    expect(facts.getAllByTestId('proof-list-line').map((l) => l.textContent?.split('SHA-256')[0])).toEqual([
      'a-pre-upgrade.nsb',
      'b-between-base-and-site.nsb',
    ]);
    expect(facts.getAllByRole('button', { name: 'Copy SHA-256 (Backups)' })).toHaveLength(2);

    const banner = within(screen.getByTestId('banner'));
    const lines = banner.getAllByTestId('proof-list-line');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.textContent).toBe(`Site 23.1.1 → 23.2.1. Backups kept in the vault: a-pre-upgrade.nsbSHA-256 ${SHA}Copy`);
    expect(lines[1]!.textContent).toBe(`b-between-base-and-site.nsbSHA-256 ${OTHER}Copy`);
    expect(banner.getAllByTestId('digest').map((d) => d.dataset.value)).toEqual([SHA, OTHER]);
  });

  it('splits only between proofs: a sentence with one digest, or none, stays whole', () => {
    expect(proofListLines(`Backup kept (SHA-256 ${SHA}), then the site package.`)).toEqual([`Backup kept (SHA-256 ${SHA}), then the site package.`]);
    expect(proofListLines('Base (6.2.0), site (23.2.1)')).toEqual(['Base (6.2.0), site (23.2.1)']);
  });
});
