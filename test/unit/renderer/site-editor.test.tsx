import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../renderer/src/app';
import { installFakeAssistant } from './helpers/fake-assistant';
import { PINNED, PRESENTED, report, site } from './helpers/fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const appInfo = { version: '0.1.0', dataDir: '/data', operator: 'j.smith', practiceLab: false };

function openEditor(hash: string) {
  window.location.hash = hash;
  render(<App />);
}

function fieldError(name: string): string | null {
  return document.querySelector(`[data-testid="field-error"][data-field="${name}"]`)?.textContent ?? null;
}

describe('site editor', () => {
  it('shows the schema’s validation messages and sends nothing while the form is invalid', async () => {
    const fake = installFakeAssistant({ 'app.info': appInfo, 'sites.list': [], 'procedures.list': [] });
    openEditor('#/sites/new');
    fireEvent.change(await screen.findByLabelText('Appliance URL'), { target: { value: 'http://10.0.4.20/admin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    expect(fieldError('name')).toBe('Give the site a name.');
    expect(fieldError('applianceUrl')).toBe('Enter the appliance address as https://host or https://host:port.');
    expect(fieldError('apiClientSecret')).toBe('Enter the API client secret.');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls('sites.save')).toHaveLength(0);
  });

  it('keeps stored secrets when their fields stay empty and shows main’s INVALID_INPUT', async () => {
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'sites.save': { error: { code: 'INVALID_INPUT', message: 'The site hostname is already used by another site.', hint: 'Use a different hostname.' } },
    });
    openEditor('#/sites/s1');
    const secret = await screen.findByLabelText('API client secret');
    expect((secret as HTMLInputElement).value).toBe('');
    expect(screen.getAllByText('Stored — leave empty to keep')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Head office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    await waitFor(() => expect(fake.calls('sites.save')).toHaveLength(1));
    const sent = fake.calls('sites.save')[0]!;
    expect(sent).toMatchObject({ id: 's1', name: 'Head office', applianceUrl: 'https://10.0.4.20' });
    expect(sent).not.toHaveProperty('apiClientSecret');
    expect(sent).not.toHaveProperty('adminPassword');
    const panel = await screen.findByTestId('error-panel');
    expect(within(panel).getByTestId('error-code').textContent).toBe('INVALID_INPUT');
    expect(within(panel).getByText('Use a different hostname.')).toBeTruthy();
  });

  it('adds the new appliance of a migration with role new, checked by the schema first', async () => {
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'sites.addAppliance': (input: unknown) => {
        const { appliance } = input as { appliance: { label: string; applianceUrl: string } };
        const added = { ...site().appliances[0]!, id: 'n1', role: 'new' as const, label: appliance.label, applianceUrl: appliance.applianceUrl, apiClientId: '', hasApiSecret: false };
        return {
          site: { ...site(), appliances: [...site().appliances, added] },
          appliance: added,
          warnings: [{ code: 'DUPLICATE_APPLIANCE', message: '“Branch” already uses the appliance at 10.0.4.21:443.', hint: 'Check the address.' }],
        };
      },
    });
    openEditor('#/sites/s1');
    const form = await screen.findByTestId('add-appliance');
    expect(within(screen.getByTestId('site-appliances')).getAllByTestId('site-appliance')).toHaveLength(1);
    fireEvent.click(within(form).getByRole('button', { name: 'Add appliance' }));
    expect(fieldError('label')).toBe('Give the appliance a name.');
    expect(fake.calls('sites.addAppliance')).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText('New appliance name'), { target: { value: 'Virtual appliance' } });
    fireEvent.change(within(form).getByLabelText('New appliance URL'), { target: { value: 'https://10.0.4.21' } });
    fireEvent.change(within(form).getByLabelText('New appliance admin password'), { target: { value: 'password' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add appliance' }));
    await waitFor(() => expect(fake.calls('sites.addAppliance')).toHaveLength(1));
    expect(fake.calls('sites.addAppliance')[0]).toEqual({
      siteId: 's1',
      appliance: { role: 'new', label: 'Virtual appliance', applianceUrl: 'https://10.0.4.21', adminUser: 'admin', adminPassword: 'password' },
    });
    expect((await within(form).findByRole('alert')).textContent).toContain('already uses the appliance at 10.0.4.21:443');
  });

  it('shows a connection report plainly, calling out missing permissions and clock offset', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'sites.testConnection': report({ missingPermissions: ['perm_backup'], permissions: { perm_backup: '0', perm_command: 'full' }, clockOffsetSeconds: -200, failoverRole: 'backup' }),
    });
    openEditor('#/sites/s1');
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    const result = await screen.findByTestId('connection-report');
    expect(within(result).getByTestId('report-version').textContent).toBe('23.1.1');
    expect(within(result).getByText('Failover backup')).toBeTruthy();
    expect(within(result).getByTestId('missing-permission').textContent).toMatch(/perm_backup missing — backups impossible/);
    expect(within(result).getByTestId('report-clock').className).toContain('tone-warn');
    expect(within(result).getByTestId('report-clock').textContent).toMatch(/3 min 20 s behind.*More than 120 s off/);
    expect(within(result).getByText('Pinned')).toBeTruthy();
    // The certificate's whole fingerprint, grouped, with a copy button: never "AB:CD … EF:01".
    const fingerprint = within(result).getByTestId('report-fingerprint');
    expect(within(fingerprint).getByTestId('digest-value').textContent).toBe(PINNED);
    expect(fingerprint.textContent).not.toContain('…');
    expect(within(fingerprint).getByRole('button', { name: 'Copy certificate fingerprint (SHA-256)' })).toBeTruthy();
  });

  it('shows whether the admin sign-in to /appliance worked, with main’s sentence and no error code', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'sites.testConnection': report({
        admin: { ok: false, message: 'The appliance refused the admin password for “admin”.', code: 'ADMIN_LOGIN_FAILED' },
      }),
    });
    openEditor('#/sites/s1');
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    const result = await screen.findByTestId('connection-report');
    const admin = within(result).getByTestId('report-admin');
    expect(admin.className).toContain('tone-bad');
    expect(admin.textContent).toBe('Sign-in failedThe appliance refused the admin password for “admin”.');
    expect(result.textContent).not.toContain('ADMIN_LOGIN_FAILED');
  });

  it('on a changed certificate shows both fingerprints with a warning, trusts the presented one and tests again', async () => {
    let trusted = false;
    const fake = installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site()],
      'procedures.list': [],
      'sites.testConnection': () =>
        trusted
          ? report({ certificate: { ...report().certificate, fingerprint256: PRESENTED } })
          : { error: { code: 'TLS_CHANGED', message: 'The certificate changed.', hint: 'Compare fingerprints.' } },
      'sites.inspectCertificate': { presented: { ...report().certificate, fingerprint256: PRESENTED }, pinnedFingerprint256: PINNED },
      'sites.trustCertificate': () => {
        trusted = true;
        return site({ pinnedFingerprint256: PRESENTED });
      },
    });
    openEditor('#/sites/s1');
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    const trust = await screen.findByTestId('certificate-trust');
    expect(trust.dataset.changed).toBe('true');
    expect(within(trust).getByRole('alert').textContent).toMatch(/interception/);
    expect(within(trust).getByTestId('presented-fingerprint').textContent).toContain('11:22:33:44');
    expect(within(trust).getByTestId('pinned-fingerprint').textContent).toContain('AB:CD:EF:01');
    fireEvent.click(within(trust).getByRole('button', { name: 'Trust this certificate' }));
    await screen.findByTestId('connection-report');
    expect(fake.calls('sites.trustCertificate')).toEqual([{ id: 's1', fingerprint256: PRESENTED }]);
    expect(fake.calls('sites.testConnection')).toHaveLength(2);
    expect(screen.queryByTestId('certificate-trust')).toBeNull();
  });

  it('on a first-seen certificate asks to compare without the interception warning', async () => {
    installFakeAssistant({
      'app.info': appInfo,
      'sites.list': [site({ pinnedFingerprint256: undefined })],
      'procedures.list': [],
      'sites.testConnection': { error: { code: 'TLS_UNTRUSTED', message: 'Not trusted yet.', hint: 'Compare.' } },
      'sites.inspectCertificate': { presented: { ...report().certificate, fingerprint256: PRESENTED } },
    });
    openEditor('#/sites/s1');
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    const trust = await screen.findByTestId('certificate-trust');
    expect(trust.dataset.changed).toBe('false');
    expect(within(trust).queryByTestId('pinned-fingerprint')).toBeNull();
    expect(within(trust).queryByRole('alert')).toBeNull();
    expect(within(trust).getByRole('button', { name: 'Trust this certificate' })).toBeTruthy();
  });
});
