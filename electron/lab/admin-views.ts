/**
 * HTML of the admin web interfaces. Plain pages without scripts or external resources,
 * titled like the vendor's, with the element ids PROTOCOL.md promises to clients.
 */
import type { Appliance } from './appliance-state';
import type { AdminInterface } from './admin-sessions';
import { escapeMarkup as e } from './http-kit';
import { sharedIpSection } from './failover-views';
import { basicsRows, displayedStatus, eulaSection, restoreSection, statusActions } from './migration-views';

export const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#1d3557;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
header strong{margin-right:auto}
header a{color:#fff}
header form{margin:0}
main{max-width:60rem;margin:1.5rem auto;background:#fff;padding:1.2rem 1.6rem;border-radius:6px}
table{border-collapse:collapse;width:100%;margin:.8rem 0}
th,td{border-bottom:1px solid #d9dee4;padding:.4rem .5rem;text-align:left}
dl{display:grid;grid-template-columns:14rem 1fr;gap:.3rem 1rem}
dt{font-weight:600}
dd{margin:0}
.error{color:#a4161a;font-weight:600}
label{display:block;margin:.5rem 0}
button{padding:.35rem .9rem}
`;

interface NavLink {
  href: string;
  label: string;
}

const NAV: Record<AdminInterface, NavLink[]> = {
  appliance: [
    { href: '/appliance/status', label: 'Status' },
    { href: '/appliance/updates', label: 'Updates' },
    { href: '/appliance/networking/ip', label: 'Networking' },
    { href: '/appliance/security/certificates', label: 'Security' },
  ],
  login: [
    { href: '/login/management/software', label: 'Management' },
    { href: '/login/management/failover', label: 'Failover' },
    { href: '/login/management/security', label: 'Security' },
    { href: '/login/jump/clients', label: 'Jump' },
  ],
};

export function csrfField(csrfToken: string): string {
  return `<input type="hidden" name="csrf_token" value="${e(csrfToken)}">`;
}

export function page(
  title: string,
  appliance: Appliance,
  body: string,
  nav?: { iface: AdminInterface; csrfToken: string },
): string {
  const links = nav
    ? NAV[nav.iface].map((link) => `<a href="${link.href}">${e(link.label)}</a>`).join('') +
      `<form method="post" action="/${nav.iface}/logout">${csrfField(nav.csrfToken)}<button>Log out</button></form>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STYLE}</style></head>
<body><header><strong>${e(appliance.hostname)}</strong>${links}</header>
<main><h1>${e(title)}</h1>
${body}
</main></body></html>
`;
}

export function loginPage(appliance: Appliance, iface: AdminInterface, csrfToken: string, error?: string): string {
  const title = iface === 'appliance' ? '/appliance Login' : '/login Login';
  return page(
    title,
    appliance,
    `${error ? `<p class="error" id="login-error">${e(error)}</p>` : ''}
<form method="post" action="/${iface}/login">
${csrfField(csrfToken)}
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log In</button>
</form>`,
  );
}

export function statusPage(appliance: Appliance, csrfToken: string): string {
  const rows: [string, string, string][] = [
    ['serial', 'Serial Number', appliance.serial],
    ['hostname', 'Hostname', appliance.hostname],
    ['site-version', 'Site Software Version', appliance.siteVersion],
    ['base-version', 'Base Software Version', appliance.baseVersion],
    ['appliance-time', 'Appliance Time', new Date(appliance.nowMs()).toISOString()],
    ['appliance-status', 'Status', displayedStatus(appliance)],
    ['stored-data-mb', 'Stored Data (MB)', String(appliance.storedDataMb)],
    ...basicsRows(appliance),
  ];
  const list = rows.map(([id, label, value]) => `<dt>${e(label)}</dt><dd id="${id}">${e(value)}</dd>`).join('\n');
  const warning =
    appliance.status === 'needs-support' ? `<p class="error" id="health-error">${e(appliance.healthError)}</p>` : '';
  return page('Status > Basics', appliance, `${warning}<dl id="basics">\n${list}\n</dl>\n${statusActions(appliance, csrfToken)}`, {
    iface: 'appliance',
    csrfToken,
  });
}

export interface UpdatesPageExtras {
  error?: string;
  /** A download key just generated, shown once in the answer to the post that generated it. */
  downloadKey?: { key: string; issuedAt: string };
}

export function updatesPage(
  appliance: Appliance,
  siteHostname: string,
  csrfToken: string,
  { error, downloadKey }: UpdatesPageExtras = {},
): string {
  const installed = `<h2>Installed Software</h2>
<table id="installed-software"><thead><tr><th>Software</th><th>Version</th></tr></thead><tbody>
<tr data-kind="base" data-version="${e(appliance.baseVersion)}"><td>Base Software</td><td>${e(appliance.baseVersion)}</td></tr>
<tr data-kind="site" data-version="${e(appliance.siteVersion)}"><td>Remote Support (${e(siteHostname)})</td><td>${e(appliance.siteVersion)}</td></tr>
</tbody></table>`;
  const check = `<form method="post" action="/appliance/updates/check">${csrfField(csrfToken)}<button type="submit">Check for Updates</button></form>`;
  let available: string;
  if (appliance.available === null) {
    available = '<p id="no-check">No check for updates has been made yet.</p>';
  } else {
    const rows = appliance.available
      .map(
        (update) => `<tr data-update-id="${e(update.id)}" data-kind="${update.kind}" data-version="${e(update.version)}" data-requires="${e(update.requires ?? '')}" data-size="${update.sizeBytes}">
<td>${e(update.name)}</td><td>${e(update.version)}</td><td>${update.requires ? `Base Software ${e(update.requires)}` : '—'}</td><td>${(update.sizeBytes / 1024 / 1024).toFixed(1)} MB</td>
<td><form method="post" action="/appliance/updates/install">${csrfField(csrfToken)}<input type="hidden" name="update_id" value="${e(update.id)}"><button type="submit">Install This Update</button></form></td></tr>`,
      )
      .join('\n');
    available = `<table id="available-updates"><thead><tr><th>Update</th><th>Version</th><th>Requires</th><th>Size</th><th></th></tr></thead><tbody>
${rows}
</tbody></table>${appliance.available.length === 0 ? '<p id="no-updates">No updates are available.</p>' : ''}`;
  }
  return page(
    'Updates',
    appliance,
    `${error ? `<p class="error" id="update-error">${e(error)}</p>` : ''}
${eulaSection(appliance, csrfToken)}
${installed}
<h2>Available Updates</h2>
${check}
${available}
<h2>Appliance Download Key</h2>
<p>For an appliance without internet access: generate a key, take it to a computer that can reach the update server, and download the packages listed for it there. The key carries this appliance's clock; set the clock correctly first.</p>
<form method="post" action="/appliance/updates/download-key">${csrfField(csrfToken)}<button type="submit">Generate Download Key</button></form>
${
  downloadKey
    ? `<dl><dt>Generated at (appliance time)</dt><dd id="download-key-generated-at">${e(downloadKey.issuedAt)}</dd></dl>
<pre id="download-key">${e(downloadKey.key)}</pre>`
    : ''
}
<h2>Manual Installation</h2>
<p>Upload an update file downloaded with this appliance's download key. The installation starts as soon as the file has been checked.</p>
<form method="post" action="/appliance/updates/manual" enctype="multipart/form-data">${csrfField(csrfToken)}
<label>Update file <input type="file" name="package" required></label>
<button type="submit">Upload and Install</button></form>`,
    { iface: 'appliance', csrfToken },
  );
}

export function networkingPage(appliance: Appliance, csrfToken: string, sharedIpError?: string): string {
  const servers = appliance.ntp.servers.join(', ');
  return page(
    'Networking > IP Configuration',
    appliance,
    `<h2>Time</h2>
<dl id="ip-settings"><dt>IP Address</dt><dd id="ip-address">${e(appliance.ip)}</dd></dl>
<dl id="time-settings">
<dt>Appliance Time</dt><dd id="appliance-time">${e(new Date(appliance.nowMs()).toISOString())}</dd>
<dt>Synchronise with NTP</dt><dd id="ntp-enabled">${appliance.ntp.enabled ? 'yes' : 'no'}</dd>
<dt>NTP Servers</dt><dd id="ntp-servers">${e(servers)}</dd>
</dl>
${appliance.ntp.enabled ? '' : '<p id="ntp-hint">NTP is off: the appliance clock was set by hand and can drift, and a download key carries that clock.</p>'}
<form method="post" action="/appliance/networking/ip/ntp">${csrfField(csrfToken)}
<label>NTP servers (comma-separated; empty turns NTP off) <input name="ntp_servers" value="${e(servers)}"></label>
<button type="submit">Save Changes</button></form>
${sharedIpSection(appliance, csrfToken, sharedIpError)}`,
    { iface: 'appliance', csrfToken },
  );
}

export function softwareManagementPage(appliance: Appliance, csrfToken: string, restoreError?: string): string {
  return page(
    'Software Management',
    appliance,
    `<h2>Backup Settings</h2>
<p>Download a backup of this site's settings as one <code>.nsb</code> file.</p>
<form method="post" action="/login/management/software/backup">${csrfField(csrfToken)}
<label>Backup password (optional) <input name="backup_password" type="password" autocomplete="off"></label>
<button type="submit">Download Backup</button></form>
${restoreSection(csrfToken, restoreError)}`,
    { iface: 'login', csrfToken },
  );
}

export function jumpClientsPage(appliance: Appliance, csrfToken: string, error?: string): string {
  const limit = appliance.maxConcurrentJumpClientUpgrades;
  const counts = appliance.jumpClients.counts(appliance.clock.now(), limit);
  const rows: [string, string, number][] = [
    ['jump-total', 'Jump Clients', counts.total],
    ['jump-online', 'Online', counts.online],
    ['jump-upgrading', 'Upgrading', counts.upgrading],
    ['jump-pending', 'Upgrade Pending', counts.pending],
  ];
  return page(
    'Jump Clients',
    appliance,
    `${error ? `<p class="error" id="jump-error">${e(error)}</p>` : ''}
<h2>Jump Clients</h2>
<dl id="jump-clients">${rows.map(([id, label, value]) => `<dt>${e(label)}</dt><dd id="${id}">${value}</dd>`).join('')}</dl>
<h2>Jump Client Settings</h2>
<dl><dt>Maximum Number of Concurrent Jump Client Upgrades</dt><dd id="max-concurrent-upgrades">${limit}</dd></dl>
<form method="post" action="/login/jump/clients">${csrfField(csrfToken)}
<label>Maximum Number of Concurrent Jump Client Upgrades <input name="max_concurrent_upgrades" type="number" min="1" value="${limit}"></label>
<button type="submit">Save Changes</button></form>`,
    { iface: 'login', csrfToken },
  );
}

export function messagePage(appliance: Appliance, title: string, message: string): string {
  return page(title, appliance, `<p class="error">${e(message)}</p>`);
}

export function updatingPage(appliance: Appliance): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15"><title>Appliance updating</title><style>${STYLE}</style></head>
<body><main><h1>Appliance updating</h1><p>${e(appliance.hostname)} is installing an update and is unavailable until it finishes. This page reloads by itself.</p></main></body></html>
`;
}
