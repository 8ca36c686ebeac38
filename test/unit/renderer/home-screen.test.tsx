import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, report, site, summary } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const appInfo = { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false };

describe('home screen', () => {
  it('shows each site with its last connection report and the practice lab marker', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [
        site({ lastReport: report({ missingPermissions: ['perm_backup'], clockOffsetSeconds: 187, failoverRole: 'primary' }) }),
        site({ id: 'lab', name: 'Practice lab', isPracticeLab: true, pinnedFingerprint256: undefined }),
      ],
      'procedures.list': [],
    });
    render(<App />);
    const cards = await screen.findAllByTestId('site-card');
    expect(cards).toHaveLength(2);
    const office = within(cards[0]!);
    expect(office.getByRole('heading', { name: 'Head office support' })).toBeTruthy();
    expect(office.getByText('23.1.1')).toBeTruthy();
    expect(office.getByText('Failover primary')).toBeTruthy();
    expect(office.getByText('3 min 7 s ahead').className).toContain('tone-warn');
    expect(office.getByText('Missing perm_backup')).toBeTruthy();
    expect(office.getByText('Pinned')).toBeTruthy();
    expect(office.queryByTestId('practice-lab-badge')).toBeNull();
    expect(within(cards[1]!).getByTestId('practice-lab-badge').textContent).toBe('Practice lab');
    expect(within(cards[1]!).getByText(/Not tested yet/)).toBeTruthy();
    expect(screen.getByTestId('practice-lab-indicator')).toBeTruthy();
  });

  it('lists the appliances of a site with several: role, address, trusted or not, retired ones marked', async () => {
    const base = site({ lastReport: report() });
    const migrating = {
      ...base,
      appliances: [
        ...base.appliances,
        { ...base.appliances[0]!, id: 'n1', role: 'new' as const, label: 'Virtual appliance', applianceUrl: 'https://10.0.4.21', pinnedFingerprint256: undefined, lastReport: undefined },
        { ...base.appliances[0]!, id: 'old', label: 'First B200', applianceUrl: 'https://10.0.4.9', retiredAt: '2026-10-01T08:00:00.000Z' },
      ],
    };
    installFakeAssistant({ 'app.info': appInfo, 'sites.list': [migrating, site({ id: 's2', name: 'Branch' })], 'procedures.list': [] });
    render(<App />);
    const [card, single] = await screen.findAllByTestId('site-card');
    const rows = within(card!).getAllByTestId('site-appliance');
    expect(rows.map((r) => [r.dataset.role, r.dataset.retired])).toEqual([
      ['current', 'false'],
      ['new', 'false'],
      ['current', 'true'],
    ]);
    expect(rows[0]!.textContent).toContain('https://10.0.4.20');
    expect(within(rows[0]!).getByTestId('appliance-pin').textContent).toBe('Certificate trusted');
    expect(rows[1]!.textContent).toContain('Virtual appliance');
    expect(within(rows[1]!).getByTestId('appliance-pin').textContent).toMatch(/not trusted yet/);
    expect(rows[2]!.textContent).toContain('Retired');
    // The summary is the current appliance's last report.
    expect(within(card!).getByText('Pinned')).toBeTruthy();
    // A site with one appliance keeps its one address line.
    expect(within(single!).queryByTestId('site-appliances')).toBeNull();
    expect(within(single!).getByText('https://10.0.4.20')).toBeTruthy();
  });

  it('lists procedures in progress with Resume and finished ones with their status', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [
        summary(),
        summary({ id: 'p0', status: 'support', updatedAt: '2026-11-27T09:00:00.000Z' }),
        summary({ id: 'p00', status: 'cancelled', currentStepTitle: null }),
      ],
      'procedures.get': procedureView(),
      'procedures.journal': [],
    });
    render(<App />);
    const running = await screen.findByTestId('procedures-running');
    expect(within(running).getByText(/Now: Install the updates/)).toBeTruthy();
    const finished = screen.getByTestId('procedures-finished');
    const statuses = within(finished)
      .getAllByTestId('procedure-status')
      .map((b) => b.textContent);
    // A stopped procedure needs attention; a cancelled one never reads as running or done.
    expect(statuses).toEqual(expect.arrayContaining(['Needs attention', 'Cancelled']));
    expect(within(finished).getAllByTestId('procedure-status').find((b) => b.textContent === 'Needs attention')!.className).toContain(
      'badge--failed',
    );
    fireEvent.click(within(running).getByRole('button', { name: /Resume/ }));
    expect(await screen.findByTestId('current-step')).toBeTruthy();
    expect(window.location.hash).toBe('#/procedures/p1');
  });

  it('starts the automatic update for a site and opens it', async () => {
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'procedures.start': procedureView({ id: 'p9' }),
      'procedures.get': procedureView({ id: 'p9' }),
      'procedures.journal': [],
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Start single appliance – automatic update' }));
    await screen.findByTestId('procedure-screen');
    expect(fake.calls('procedures.start')).toEqual([{ kind: 'P1', siteId: 's1' }]);
  });

  it('starts the manual (air gap) update from the site card with its site', async () => {
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site(), site({ id: 's2', name: 'Branch office' })],
      'procedures.list': [],
      'procedures.start': procedureView({ id: 'p10', kind: 'P2' }),
      'procedures.get': procedureView({ id: 'p10', kind: 'P2' }),
      'procedures.journal': [],
    });
    render(<App />);
    const cards = await screen.findAllByTestId('site-card');
    const manual = within(cards[1]!).getByTestId('start-p2');
    expect(manual.textContent).toBe('Manual update (air gap)');
    // One primary per card: the automatic update.
    expect(within(cards[1]!).getByTestId('start-p1').className).toContain('button--primary');
    expect(manual.className).toContain('button--secondary');
    expect(within(cards[1]!).getByRole('button', { name: 'Start manual update (air gap)' })).toBe(manual);
    // Only the automatic update answers to its long-standing name (the browser flows look it up so).
    expect(within(cards[1]!).getAllByRole('button', { name: /Start single appliance/ })).toHaveLength(1);
    fireEvent.click(manual);
    await screen.findByTestId('procedure-screen');
    expect(fake.calls('procedures.start')).toEqual([{ kind: 'P2', siteId: 's2' }]);
  });

  it('fetches updates on the connected side without a site, even when there are no sites', async () => {
    const fetchView = procedureView({ id: 'f1', kind: 'P2-fetch', title: 'Fetch updates', siteId: '', siteName: '' });
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [],
      'procedures.list': [],
      'procedures.start': fetchView,
      'procedures.get': fetchView,
      'procedures.journal': [],
    });
    render(<App />);
    const button = await screen.findByTestId('start-fetch');
    expect(button.textContent).toBe('Fetch updates (connected side)');
    expect(screen.getByTestId('fetch-card').textContent).toMatch(/read the download key from the USB drive/);
    fireEvent.click(button);
    await screen.findByTestId('procedure-screen');
    expect(fake.calls('procedures.start')).toEqual([{ kind: 'P2-fetch' }]);
    // No blank where the site goes.
    expect(screen.getByText(/Connected computer \(no site\) · started/)).toBeTruthy();
  });

  it('shows why the fetch could not start on the fetch card', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'procedures.start': { error: { code: 'INTERNAL', message: 'No fetch procedure here yet.', hint: 'Update the assistant.' } },
    });
    render(<App />);
    fireEvent.click(await screen.findByTestId('start-fetch'));
    const panel = await within(screen.getByTestId('fetch-card')).findByTestId('error-panel');
    expect(within(panel).getByText('No fetch procedure here yet.')).toBeTruthy();
    expect(within(screen.getByTestId('site-card')).queryByTestId('error-panel')).toBeNull();
  });

  it('lists a fetch procedure without a site sensibly', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [summary({ id: 'f1', kind: 'P2-fetch', title: 'Fetch updates', siteId: '', siteName: '', currentStepTitle: 'Read the download key' })],
    });
    render(<App />);
    const running = await screen.findByTestId('procedures-running');
    expect(within(running).getByText(/Connected computer \(no site\)/)).toBeTruthy();
    expect(within(running).getByRole('button', { name: 'Resume Fetch updates' })).toBeTruthy();
  });

  it('shows start-up warnings in a banner the operator can dismiss', async () => {
    installFakeAssistant({
      'app.info': {
        ...appInfo,
        warnings: [
          { code: 'DISK_ERROR', message: 'The procedure started 2026-11-27T09:00:00.000Z could not be read.', hint: 'Its journal is kept; start it again.' },
          { code: 'INTERNAL', message: 'A second problem.', hint: 'Restart the assistant.' },
        ],
      },
      'sites.list': [site()],
      'procedures.list': [],
    });
    render(<App />);
    const banner = await screen.findByTestId('app-warning');
    expect(within(banner).getByRole('heading').textContent).toBe('The assistant found 2 problems when it started');
    const items = within(banner).getAllByTestId('app-warning-item');
    expect(items.map((i) => i.dataset.code)).toEqual(['DISK_ERROR', 'INTERNAL']);
    expect(within(items[0]!).getByText('Its journal is kept; start it again.')).toBeTruthy();
    expect(items[0]!.textContent).not.toContain('2026-11-27T09:00:00.000Z');
    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('app-warning')).toBeNull();
  });

  it('shows no warning banner when start-up went well', async () => {
    installFakeAssistant({ 'app.info': { ...appInfo, warnings: [] }, 'sites.list': [site()], 'procedures.list': [] });
    render(<App />);
    await screen.findByTestId('site-card');
    expect(screen.queryByTestId('app-warning')).toBeNull();
  });

  it('refreshes the sites when main pushes sites.updated', async () => {
    const fake = installFakeAssistant({ 'app.info': appInfo, 'sites.list': [site()], 'procedures.list': [] });
    render(<App />);
    await screen.findByTestId('site-card');
    fake.emit('sites.updated', [site(), site({ id: 's2', name: 'Branch office' })]);
    await waitFor(() => expect(screen.getAllByTestId('site-card')).toHaveLength(2));
  });

  it('tests the site again once by itself when its procedure finishes, so the card shows the new version', async () => {
    let version = '23.1.1';
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': () => [site({ lastReport: report({ version }) })],
      'procedures.list': [],
      'vault.list': [],
      'sites.testConnection': () => {
        version = '23.2.1';
        return report({ version });
      },
    });
    render(<App />);
    const card = await screen.findByTestId('site-card');
    expect(within(card).getByText('23.1.1')).toBeTruthy();

    // Views that are not "done", or for another procedure's site, change nothing.
    act(() => fake.emit('procedures.updated', procedureView({ status: 'active' })));
    act(() => fake.emit('procedures.updated', procedureView({ status: 'done' })));
    await within(card).findByTestId('connection-ok');
    await waitFor(() => expect(within(card).getByText('23.2.1')).toBeTruthy());
    // The final view may be pushed again; the site is tested once per procedure.
    act(() => fake.emit('procedures.updated', procedureView({ status: 'done' })));
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls('sites.testConnection')).toEqual([{ id: 's1' }]);
  });

  it('tests the site when the operator comes back from a procedure that finished, and shows a failure as usual', async () => {
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site({ lastReport: report() })],
      'procedures.list': [summary()],
      'vault.list': [],
      'procedures.get': procedureView(),
      'procedures.journal': [],
      'sites.testConnection': { error: { code: 'UNREACHABLE', message: 'The appliance did not answer.', hint: 'It may still be restarting.' } },
    });
    window.location.hash = '#/procedures/p1';
    render(<App />);
    await screen.findByTestId('procedure-screen');
    act(() => fake.emit('procedures.updated', procedureView({ status: 'done', currentStepId: null })));
    expect(fake.calls('sites.testConnection')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: /All sites and procedures/ }));
    const card = await screen.findByTestId('site-card');
    const failure = await within(card).findByTestId('error-panel');
    expect(within(failure).getByText('The appliance did not answer.')).toBeTruthy();
    expect(fake.calls('sites.testConnection')).toEqual([{ id: 's1' }]);
  });
});
