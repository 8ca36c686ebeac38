/**
 * HTML of the failover pages: Management > Failover (status, Sync Now, Break, Establish),
 * Management > Security (the inter-appliance key) and the shared-IP section of Networking >
 * IP Configuration, with the element ids PROTOCOL.md promises to clients.
 */
import { csrfField, page } from './admin-views';
import type { Appliance } from './appliance-state';
import type { FailoverView } from './failover-pair';
import { escapeMarkup as e } from './http-kit';

export const FAILOVER_PATH = '/login/management/failover';
export const SECURITY_PATH = '/login/management/security';

export function failoverPage(appliance: Appliance, view: FailoverView, csrfToken: string, error?: string): string {
  const rows: [string, string, string][] = [
    ['failover-role', 'Role', view.role],
    ['failover-peer', 'Peer Appliance', view.peerHostname],
    ['last-sync-time', 'Last Data Sync', view.lastSyncAt ?? ''],
    ['last-sync-status', 'Last Data Sync Status', view.lastSyncStatus],
    ['last-sync-message', 'Message', view.lastSyncMessage],
  ];
  const list = rows.map(([id, label, value]) => `<dt>${e(label)}</dt><dd id="${id}">${e(value)}</dd>`).join('\n');
  const actions =
    view.role === 'none'
      ? establishForm(appliance, csrfToken)
      : `<h2>Data Sync</h2>
<p>Copies the primary's data to the backup now, so the backup can take over with current data.</p>
<form method="post" action="${FAILOVER_PATH}/sync">${csrfField(csrfToken)}<button type="submit">Sync Now</button></form>
<h2>Break Failover Relationships</h2>
<p>Both appliances leave the relationship at once and work on their own.</p>
<form method="post" action="${FAILOVER_PATH}/break">${csrfField(csrfToken)}<button type="submit">Break Failover Relationships</button></form>`;
  return page(
    'Failover',
    appliance,
    `${error ? `<p class="error" id="failover-error">${e(error)}</p>` : ''}
<dl id="failover-status">
${list}
</dl>
${actions}`,
    { iface: 'login', csrfToken },
  );
}

function establishForm(appliance: Appliance, csrfToken: string): string {
  return `<h2>Establish Relationship</h2>
<p>This appliance (${e(appliance.hostname)}) becomes the primary. Say how it reaches the new backup, and how the backup reaches back to it.</p>
<form method="post" action="${FAILOVER_PATH}/establish">${csrfField(csrfToken)}
<label>Backup appliance hostname or IP <input name="backup_host"></label>
<label>Backup appliance TLS port <input name="backup_port" value="443"></label>
<label>This appliance's hostname or IP, as the backup reaches it <input name="primary_host"></label>
<label>This appliance's TLS port <input name="primary_port" value="443"></label>
<button type="submit">Establish Relationship</button></form>`;
}

export function securityPage(appliance: Appliance, csrfToken: string, error?: string): string {
  return page(
    'Security',
    appliance,
    `${error ? `<p class="error" id="security-error">${e(error)}</p>` : ''}
<h2>Inter-appliance Key</h2>
<p>Two appliances form a failover pair only when they hold the same key.</p>
<dl><dt>Current key</dt><dd><code id="inter-appliance-key">${e(appliance.failover.interApplianceKey)}</code></dd></dl>
<form method="post" action="${SECURITY_PATH}/key">${csrfField(csrfToken)}
<label>New key (16 to 64 hexadecimal characters) <input name="inter_appliance_key" autocomplete="off"></label>
<button type="submit">Save Key</button></form>`,
    { iface: 'login', csrfToken },
  );
}

/** The shared IP addresses of Networking > IP Configuration, each with its own Enabled switch. */
export function sharedIpSection(appliance: Appliance, csrfToken: string, error?: string): string {
  const rows = appliance.failover.sharedIps
    .map(
      ({ ip, enabled }) => `<tr data-ip="${e(ip)}" data-enabled="${enabled ? '1' : '0'}"><td>${e(ip)}</td><td>${enabled ? 'Enabled' : 'Disabled'}</td>
<td><form method="post" action="/appliance/network/shared-ip">${csrfField(csrfToken)}<input type="hidden" name="ip" value="${e(ip)}">
<label><input type="checkbox" name="enabled" value="1"${enabled ? ' checked' : ''}> Enabled</label><button type="submit">Save</button></form></td></tr>`,
    )
    .join('\n');
  return `<h2>Shared IP Addresses</h2>
${error ? `<p class="error" id="shared-ip-error">${e(error)}</p>` : ''}
<p>The address the site's users reach. Only one appliance of a pair may have it enabled at a time.</p>
<table id="shared-ips"><thead><tr><th>IP Address</th><th>State</th><th></th></tr></thead><tbody>
${rows}
</tbody></table>${appliance.failover.sharedIps.length === 0 ? '<p id="no-shared-ips">No shared IP address is configured.</p>' : ''}`;
}
