import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { SiteWatchPanel } from '../../../renderer/src/components/site-watch-panel';
import { siteWatchView, type WatchInterval } from '../../../shared/site-watch';

afterEach(cleanup);

const t = (s: number) => new Date(Date.UTC(2026, 11, 2, 8, 0, s)).toISOString();
const timeline: WatchInterval[] = [
  { from: t(0), to: t(30), up: true, serial: 'LAB-A-1001', version: '23.1.1' },
  { from: t(30), to: t(90), up: false, serial: null, version: null, reason: 'The appliance is installing an update.' },
  { from: t(90), to: t(120), up: true, serial: 'LAB-B-1002', version: '23.2.1' },
];
const base = { siteAddress: 'https://127.0.0.1:9460', siteHostname: 'support.lab.example', watching: true, probes: 25 };

describe('site watch panel', () => {
  it('says who answers now, the downtime measured and each time the site was down', () => {
    render(<SiteWatchPanel watch={siteWatchView(base, timeline)} />);
    const panel = screen.getByTestId('site-watch');
    expect(panel.dataset.state).toBe('up');
    expect(panel.dataset.downSeconds).toBe('60');
    expect(screen.getByTestId('site-watch-now').textContent).toContain('LAB-B-1002 answers users, site software 23.2.1');
    expect(screen.getByTestId('site-watch-total').textContent).toContain('Down 1 min in all');
    expect(screen.getByText(/down 1 min/)).toBeTruthy();
    expect(screen.getByText(/installing an update/)).toBeTruthy();
  });

  it('shows a site that answers nothing as down, with the reason', () => {
    render(<SiteWatchPanel watch={siteWatchView(base, timeline.slice(0, 2))} />);
    expect(screen.getByTestId('site-watch').dataset.state).toBe('down');
    expect(screen.getByTestId('site-watch-now').textContent).toContain('Users reach nothing since');
  });

  it('says when the watch is not running', () => {
    render(<SiteWatchPanel watch={siteWatchView({ ...base, watching: false }, [])} />);
    expect(screen.getByText('Not watching')).toBeTruthy();
    expect(screen.getByTestId('site-watch-now').textContent).toBe('No answer recorded yet.');
  });
});
