import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import type { Site } from '../../../shared/domain';
import { installFakeAssistant } from './helpers/fake-assistant';
import { procedureView, site } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const appInfo = { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false };

function pairSite(): Site {
  const one = site();
  const a = { ...one.appliances[0]!, role: 'A' as const, label: 'Appliance A' };
  return { ...one, appliances: [a, { ...a, id: 'b1', role: 'B' as const, label: 'Appliance B', applianceUrl: 'https://10.0.4.21' }] };
}

describe('a site served by a failover pair', () => {
  it('offers the two pair upgrades, not a single-appliance update, and starts the one chosen', async () => {
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [pairSite()],
      'procedures.list': [],
      'procedures.start': procedureView({ id: 'p4', kind: 'P4' }),
      'procedures.get': procedureView({ id: 'p4', kind: 'P4' }),
      'procedures.journal': [],
    });
    render(<App />);
    const card = within(await screen.findByTestId('site-card'));
    expect(card.queryByTestId('start-p1')).toBeNull();
    expect(card.queryByTestId('start-p5')).toBeNull();
    expect(card.getByTestId('start-p3').textContent).toBe('Pair upgrade, A stays primary');
    expect(card.getByTestId('start-p4').className).toContain('button--primary');
    fireEvent.click(card.getByRole('button', { name: /asynchronous/ }));
    await screen.findByTestId('procedure-screen');
    expect(fake.calls('procedures.start')).toEqual([{ kind: 'P4', siteId: 's1' }]);
  });

  it('creates a pair site with its first appliance as A', async () => {
    window.location.hash = '#/sites/new';
    const saved = pairSite();
    const onlyA = { ...saved, appliances: [saved.appliances[0]!] };
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [],
      'procedures.list': [],
      'sites.save': onlyA,
      'sites.addAppliance': { site: saved, appliance: saved.appliances[1]! },
    });
    render(<App />);
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Pair site' } });
    fireEvent.change(screen.getByLabelText('Site hostname'), { target: { value: 'support.example.com' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /failover pair/ }));
    fireEvent.change(screen.getByLabelText('Appliance A URL'), { target: { value: 'https://10.0.4.20' } });
    fireEvent.change(screen.getByLabelText('API client id'), { target: { value: 'client-1' } });
    fireEvent.change(screen.getByLabelText('API client secret'), { target: { value: 'secret-1' } });
    fireEvent.change(screen.getByLabelText('Admin password'), { target: { value: 'admin-1' } });
    fireEvent.click(screen.getByRole('button', { name: /Save/ }));
    await waitFor(() => expect(fake.calls('sites.save')).toHaveLength(1));
    expect(fake.calls('sites.save')[0]).toMatchObject({ applianceRole: 'A', applianceUrl: 'https://10.0.4.20' });
  });

  it('asks for appliance B, with its API account, on a pair site that has only A', async () => {
    const saved = pairSite();
    const onlyA = { ...saved, appliances: [saved.appliances[0]!] };
    window.location.hash = '#/sites/s1';
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [onlyA],
      'procedures.list': [],
      'sites.addAppliance': { site: saved, appliance: saved.appliances[1]! },
    });
    render(<App />);
    const form = within(await screen.findByTestId('add-appliance'));
    expect(form.getByRole('heading', { name: 'Add appliance B' })).toBeTruthy();
    fireEvent.change(form.getByLabelText('Appliance B name'), { target: { value: 'Appliance B' } });
    fireEvent.change(form.getByLabelText('Appliance B URL'), { target: { value: 'https://10.0.4.21' } });
    fireEvent.change(form.getByLabelText('Appliance B admin password'), { target: { value: 'admin-1' } });
    fireEvent.change(form.getByLabelText('Appliance B API client id'), { target: { value: 'client-1' } });
    fireEvent.change(form.getByLabelText('Appliance B API client secret'), { target: { value: 'secret-1' } });
    fireEvent.click(form.getByRole('button', { name: 'Add appliance' }));
    await waitFor(() => expect(fake.calls('sites.addAppliance')).toHaveLength(1));
    expect(fake.calls('sites.addAppliance')[0]).toEqual({
      siteId: 's1',
      appliance: { role: 'B', label: 'Appliance B', applianceUrl: 'https://10.0.4.21', adminUser: 'admin', adminPassword: 'admin-1', apiClientId: 'client-1', apiClientSecret: 'secret-1' },
    });
  });
});
