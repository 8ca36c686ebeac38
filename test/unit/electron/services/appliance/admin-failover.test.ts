/** Reading the failover pages: status, shared IPs, Jump Clients; and the answer to set_failover_role. */
import { describe, expect, it } from 'vitest';
import { parseFailoverStatus, parseJumpClients, parseSharedIps } from '../../../../../electron/services/appliance/admin-session';
import { parseFailoverRoleAnswer, parseHealth } from '../../../../../electron/services/appliance/xml';
import { AppError } from '../../../../../shared/errors';

const status = (rows: Record<string, string>) =>
  `<html><body><dl id="failover-status">${Object.entries(rows).map(([id, v]) => `<dt>x</dt><dd id="${id}">${v}</dd>`).join('')}</dl></body></html>`;

function caught(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('parseFailoverStatus', () => {
  it('reads role, peer and the last sync', () => {
    expect(parseFailoverStatus(status({ 'failover-role': 'primary', 'failover-peer': 'appliance-b.lab.example', 'last-sync-time': '2026-05-01T10:00:00Z', 'last-sync-status': 'success', 'last-sync-message': '' }))).toEqual({
      role: 'primary',
      peer: 'appliance-b.lab.example',
      lastSyncAt: '2026-05-01T10:00:00.000Z',
      lastSyncStatus: 'success',
      lastSyncMessage: '',
    });
  });

  it('never synced: null time and empty status; a failed sync keeps its message', () => {
    expect(parseFailoverStatus(status({ 'failover-role': 'none', 'failover-peer': '', 'last-sync-time': '', 'last-sync-status': '' }))).toMatchObject({ role: 'none', peer: '', lastSyncAt: null, lastSyncStatus: '' });
    expect(parseFailoverStatus(status({ 'failover-role': 'primary', 'last-sync-status': 'failed', 'last-sync-message': 'The backup did not answer &amp; the sync stopped.' })).lastSyncMessage).toBe('The backup did not answer & the sync stopped.');
  });

  it('an unknown role or status, or no status list: APPLIANCE_ERROR rather than a guess', () => {
    expect(caught(() => parseFailoverStatus(status({ 'failover-role': 'secondary' }))).code).toBe('APPLIANCE_ERROR');
    expect(caught(() => parseFailoverStatus(status({ 'failover-role': 'primary', 'last-sync-status': 'maybe' }))).code).toBe('APPLIANCE_ERROR');
    expect(caught(() => parseFailoverStatus('<p>Failover</p>')).code).toBe('APPLIANCE_ERROR');
    expect(parseFailoverStatus('<p>Failover</p>', '', true).role).toBe('none');
  });
});

describe('parseSharedIps', () => {
  it('reads each configured shared IP and whether it is enabled here; none without the table', () => {
    const html = `<table id="shared-ips"><tr><th>IP</th></tr><tr data-ip="10.20.0.10" data-enabled="1"><td>10.20.0.10</td></tr><tr data-ip="10.20.0.20" data-enabled="0"></tr></table>`;
    expect(parseSharedIps(html)).toEqual([
      { ip: '10.20.0.10', enabled: true },
      { ip: '10.20.0.20', enabled: false },
    ]);
    expect(parseSharedIps('<p id="no-shared-ips">None</p>')).toEqual([]);
  });
});

describe('parseJumpClients', () => {
  it('reads the four counts and the concurrent upgrade limit', () => {
    const html = `<dl><dd id="jump-total">40</dd><dd id="jump-online">12</dd><dd id="jump-upgrading">8</dd><dd id="jump-pending">20</dd></dl><input name="max_concurrent_upgrades" value="8">`;
    expect(parseJumpClients(html)).toEqual({ total: 40, online: 12, upgrading: 8, pending: 20, maxConcurrentUpgrades: 8 });
  });

  it('a count missing: APPLIANCE_ERROR; no limit shown: null', () => {
    expect(caught(() => parseJumpClients('<dd id="jump-total">40</dd>')).code).toBe('APPLIANCE_ERROR');
    const html = `<dd id="jump-total">1</dd><dd id="jump-online">1</dd><dd id="jump-upgrading">0</dd><dd id="jump-pending">0</dd>`;
    expect(parseJumpClients(html).maxConcurrentUpgrades).toBeNull();
  });
});

describe('set_failover_role and check_health', () => {
  it('reads the role the appliance took', () => {
    const xml = `<?xml version="1.0"?><set_failover_role xmlns="urn:x"><success>1</success><failover_role>backup</failover_role></set_failover_role>`;
    expect(parseFailoverRoleAnswer(xml)).toEqual({ failoverRole: 'backup' });
    expect(caught(() => parseFailoverRoleAnswer(xml.replace('<success>1</success>', '<success>0</success>'))).code).toBe('MALFORMED_XML');
    expect(caught(() => parseFailoverRoleAnswer(xml.replace('backup', 'tertiary'))).code).toBe('MALFORMED_XML');
  });

  it('a sync running before the first one ended: no time, status running', () => {
    const xml = `<appliances><appliance id="LAB-B-1002"><hostname>b</hostname><version>23.1.1</version><success>1</success><failover_role>backup</failover_role><enabled_shared_ips></enabled_shared_ips><last_data_sync_time ts="0"></last_data_sync_time><last_data_sync_status>running</last_data_sync_status></appliance></appliances>`;
    expect(parseHealth(xml)).toMatchObject({ failoverRole: 'backup', sharedIps: [], lastSyncAt: null, lastSyncStatus: 'running' });
    expect(parseHealth(xml)).not.toHaveProperty('lastDataSync');
  });
});
