import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { JournalPanel } from '../../../renderer/src/components/journal-panel';
import type { JournalEntry } from '../../../shared/domain';
import { step } from './helpers/fixtures';

afterEach(cleanup);

const SHA = '9b74c9897bac770ffc029102a200c5de1f2e3d4c5b6a79887766554433221100';
const OTHER = SHA.split('').reverse().join('');

function show(entries: JournalEntry[]) {
  const journal = { data: entries, error: undefined, loading: false, reload: async () => undefined, set: () => undefined };
  render(<JournalPanel journal={journal} steps={[step({ id: 'backup', title: 'Back up the appliance settings' })]} />);
}

describe('the journal', () => {
  it('draws a checksum once: not again under a detail that already shows it in full', () => {
    show([
      {
        at: '2026-12-01T22:01:56.000Z',
        who: 'assistant',
        step: 'backup',
        event: 'BACKUP_TAKEN',
        outcome: 'ok',
        detail: `a.nsb, 3.0 MiB, SHA-256 ${SHA}, appliance version 23.1.1`,
        checksums: { 'a.nsb': SHA, 'b.nsb': OTHER },
      },
    ]);
    expect(screen.getAllByTestId('digest').map((d) => d.dataset.value)).toEqual([SHA, OTHER]);
    expect(screen.getAllByTestId('journal-checksum').map((c) => c.textContent?.split(' ')[0])).toEqual(['b.nsb']);
  });
});
