import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, site, summary } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const appInfo = { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false };
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 10)).toISOString();

/** 29 finished procedures over four sites and one running, the newest finished on day 28. */
const history = [
  summary({ id: 'running', status: 'active', updatedAt: day(40), currentStepTitle: 'Install the updates' }),
  ...Array.from({ length: 29 }, (_, i) =>
    summary({
      id: `P1-${String(i).padStart(2, '0')}`,
      siteId: `s${i % 4}`,
      siteName: ['Lyon Clinic', 'Graz Plant', 'Oulu Campus', 'Porto Warehouse'][i % 4]!,
      status: i % 5 === 0 ? 'cancelled' : 'done',
      updatedAt: day(i),
      operator: i % 2 ? 'Sam Rivera' : 'Alex Field',
    }),
  ),
];

describe('history on home and in its own view', () => {
  it('keeps what runs first, shows the eight newest finished, and opens the whole history', async () => {
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.list': history, 'vault.list': [] });
    render(<App />);
    const finished = await screen.findByTestId('procedures-finished');
    expect(within(screen.getByTestId('procedures-running')).getAllByTestId('procedure-summary')).toHaveLength(1);
    expect(within(finished).getAllByTestId('procedure-summary').map((r) => r.dataset.procedureId)).toEqual(
      ['P1-28', 'P1-27', 'P1-26', 'P1-25', 'P1-24', 'P1-23', 'P1-22', 'P1-21'],
    );
    fireEvent.click(screen.getByRole('button', { name: 'All history (30)' }));
    expect(window.location.hash).toBe('#/history');
    expect((await screen.findByTestId('history-count')).textContent).toBe('30 procedures');
    const list = screen.getByTestId('history-list');
    expect(within(list).getAllByTestId('procedure-summary')).toHaveLength(25);
    expect(within(list).getAllByTestId('procedure-summary')[0]!.dataset.procedureId).toBe('running');
    expect(within(list).getAllByTestId('procedure-started')[1]!.textContent).toMatch(/by Alex Field$/);

    fireEvent.change(screen.getByTestId('history-search'), { target: { value: 'graz sam' } });
    // Graz is i % 4 === 1, Sam is odd i: 1, 5, 9, … 25 = 7.
    expect(screen.getByTestId('history-count').textContent).toBe('7 of 30 procedures');
    fireEvent.change(screen.getByTestId('history-outcome'), { target: { value: 'cancelled' } });
    // Cancelled is i % 5 === 0: of those, 5 and 25.
    expect(within(screen.getByTestId('history-list')).getAllByTestId('procedure-summary').map((r) => r.dataset.procedureId)).toEqual(['P1-25', 'P1-05']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(screen.getByTestId('history-site'), { target: { value: 's2' } });
    expect(screen.getByTestId('history-count').textContent).toBe('7 of 30 procedures');
    fireEvent.change(screen.getByTestId('history-from'), { target: { value: '2026-02-01' } });
    fireEvent.change(screen.getByTestId('history-to'), { target: { value: '2026-01-01' } });
    expect(screen.getByText(/“From” date is after the “To” date/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(screen.getByTestId('history-page').textContent).toBe('Page 2 of 2');
    expect(within(screen.getByTestId('history-list')).getAllByTestId('procedure-summary')).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: '← All sites and procedures' }));
    expect(window.location.hash).toBe('#/');
  });

  it('keeps the list current from pushed views without reading it again', async () => {
    const fake = installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.list': history, 'vault.list': [] });
    render(<App />);
    await screen.findByTestId('procedures-running');
    const reads = fake.calls('procedures.list').length;
    act(() => fake.emit('procedures.updated', procedureView({ id: 'running', status: 'done', updatedAt: day(41), statusLabel: 'Complete' })));
    await waitFor(() => expect(screen.queryByTestId('procedures-running')).toBeNull());
    expect(within(screen.getByTestId('procedures-finished')).getAllByTestId('procedure-summary')[0]!.dataset.procedureId).toBe('running');
    expect(fake.calls('procedures.list')).toHaveLength(reads);
    // One it does not know yet: the list is read again.
    act(() => fake.emit('procedures.updated', procedureView({ id: 'new-one' })));
    await waitFor(() => expect(fake.calls('procedures.list').length).toBe(reads + 1));
  });
});

describe('many sites, and sites from a file', () => {
  const many = Array.from({ length: 30 }, (_, i) => site({ id: `s${i}`, name: `Site ${String(i).padStart(2, '0')}`, applianceUrl: `https://10.0.5.${i + 1}` }));

  it('offers a site search and draws the cards a dozen at a time', async () => {
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': many, 'procedures.list': [], 'vault.list': [] });
    render(<App />);
    await screen.findAllByTestId('site-card');
    expect(screen.getAllByTestId('site-card')).toHaveLength(12);
    expect(screen.getByTestId('site-count').textContent).toBe('30 sites');
    fireEvent.click(screen.getByRole('button', { name: 'Show 12 more of 18 sites' }));
    expect(screen.getAllByTestId('site-card')).toHaveLength(24);
    fireEvent.change(screen.getByTestId('site-search'), { target: { value: '10.0.5.17' } });
    expect(screen.getAllByTestId('site-card').map((c) => c.dataset.siteId)).toEqual(['s16']);
    expect(screen.getByTestId('site-count').textContent).toBe('1 of 30 sites');
  });

  it('says what an import did, marks sites without credentials, and asks for them on Test connection', async () => {
    const imported = site({ id: 'imp', name: 'Imported site', hasApiSecret: false, hasAdminPassword: false });
    let sites = [site()];
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': () => sites,
      'procedures.list': [],
      'vault.list': [],
      'sites.import': () => {
        sites = [site(), imported];
        return { chosen: true, fileName: 'sites-2026-12-01.json', imported: [{ id: 'imp', name: 'Imported site' }], skipped: [{ id: 's1', name: 'Head office support', reason: 'already here' }] };
      },
      'sites.export': { error: { code: 'DISK_ERROR', message: 'The drive is full.', hint: 'Free some space and export again.' } },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import sites…' }));
    await waitFor(() => expect(screen.getByTestId('sites-transfer-outcome').textContent).toMatch(/^1 site imported, 1 already here from sites-2026-12-01\.json\./));
    expect(screen.getByText('Head office support: already here')).toBeTruthy();
    const card = await waitFor(() => screen.getAllByTestId('site-card').find((c) => c.dataset.siteId === 'imp')!);
    expect(within(card).getByTestId('credentials-needed').textContent).toMatch(/Credentials needed/);
    expect(screen.getAllByTestId('credentials-needed')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Export sites…' }));
    expect((await screen.findByRole('alert', { name: 'The sites could not be exported' })).textContent).toContain('The drive is full.');

    fireEvent.click(within(card).getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByRole('heading', { name: /Edit Imported site/ })).toBeTruthy();
    expect(fake.calls('sites.testConnection')).toHaveLength(0);
  });
});
