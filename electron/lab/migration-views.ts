/**
 * HTML of the pages and sections a hardware migration uses: the forced password change, the
 * EULA on Updates, Restore Settings on Software Management, Reset and Shut Down on Status >
 * Basics, and the pages an appliance shows while it restores, resets or shuts down.
 */
import { displayedStatus } from './appliance-lifecycle';
import type { Appliance } from './appliance-state';
import { csrfField, page, STYLE } from './admin-views';
import { escapeMarkup as e } from './http-kit';

export const EULA_TEXT = `BEYONDTRUST B SERIES APPLIANCE — END USER LICENSE AGREEMENT (PRACTICE LAB)

This is the practice lab's stand-in for the licence agreement a new appliance shows before
any software is installed on it. Read it as you would the real one.

1. The software on this appliance is licensed, not sold, for use with the site it serves.
2. You may not copy, reverse engineer or redistribute the software.
3. Updates are provided through the vendor's update server or as files made for this appliance.
4. The vendor's liability is limited as stated in your support contract.

By selecting "Accept" you agree to these terms on behalf of your organisation.`;

export function modelLabel(appliance: Appliance): string {
  return appliance.kind === 'virtual' ? 'Virtual appliance' : `${appliance.model} (physical)`;
}

/** Extra rows of Status > Basics. */
export function basicsRows(appliance: Appliance): [string, string, string][] {
  return [
    ['site-hostname', 'Site Hostname', appliance.settings.siteHostname],
    ['appliance-model', 'Model', modelLabel(appliance)],
    ['appliance-ip', 'IP Address', appliance.ip],
  ];
}

export { displayedStatus };

export function statusActions(appliance: Appliance, csrfToken: string): string {
  return `<h2>Reset Appliance to Factory Defaults</h2>
<p>Erases every setting, user, API account, certificate and site on ${e(appliance.hostname)}. It takes several minutes; the appliance then starts in factory state.</p>
<form method="post" action="/appliance/status/reset">${csrfField(csrfToken)}<button type="submit">Reset to Factory Defaults</button></form>
<h2>Shut Down This Appliance</h2>
<form method="post" action="/appliance/status/shutdown">${csrfField(csrfToken)}<button type="submit">Shut Down</button></form>`;
}

export function passwordPage(appliance: Appliance, csrfToken: string, error?: string): string {
  return page(
    'Change Password',
    appliance,
    `<p id="password-required">The administrator password must be changed before anything else on this appliance.</p>
${error ? `<p class="error" id="password-error">${e(error)}</p>` : ''}
<form method="post" action="/appliance/password">${csrfField(csrfToken)}
<label>Current password <input name="current_password" type="password" autocomplete="current-password" required></label>
<label>New password (at least 8 characters, letters and digits) <input name="new_password" type="password" autocomplete="new-password" required></label>
<label>Confirm new password <input name="confirm_password" type="password" autocomplete="new-password" required></label>
<button type="submit">Change Password</button></form>`,
    { iface: 'appliance', csrfToken },
  );
}

/** On Updates while the EULA is not accepted; empty once it is. */
export function eulaSection(appliance: Appliance, csrfToken: string): string {
  if (appliance.eulaAccepted) return '';
  return `<section id="eula"><h2>End User License Agreement</h2>
<p>Accept the agreement before installing software on this appliance.</p>
<pre id="eula-text">${e(EULA_TEXT)}</pre>
<form method="post" action="/appliance/updates/eula">${csrfField(csrfToken)}<input type="hidden" name="accept" value="1"><button type="submit">Accept</button></form>
</section>`;
}

export function restoreSection(csrfToken: string, error?: string): string {
  return `<h2>Restore Settings</h2>
<p>Upload a settings backup (<code>.nsb</code>) made on an appliance running the same site software version. Every setting, user and API account on this appliance is replaced.</p>
${error ? `<p class="error" id="restore-error">${e(error)}</p>` : ''}
<form method="post" action="/login/management/software/restore" enctype="multipart/form-data">${csrfField(csrfToken)}
<label>Backup file <input type="file" name="backup" required></label>
<button type="submit">Upload and Restore</button></form>`;
}

export function shuttingDownPage(appliance: Appliance): string {
  return page(
    'Shutting down',
    appliance,
    `<p id="shutting-down">${e(appliance.hostname)} is shutting down. It stops answering in a moment; power it on again at the appliance itself.</p>`,
  );
}

/** The 503 page of an appliance restoring settings or resetting to factory defaults. */
export function busyPage(appliance: Appliance): string {
  const what = appliance.status === 'restoring' ? 'is restoring settings from a backup' : 'is resetting to factory defaults';
  const title = appliance.status === 'restoring' ? 'Appliance restoring' : 'Appliance resetting';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15"><title>${title}</title><style>${STYLE}</style></head>
<body><main><h1>${title}</h1><p id="appliance-busy" data-status="${e(displayedStatus(appliance))}">${e(appliance.hostname)} ${what} and is unavailable until it finishes. This page reloads by itself.</p></main></body></html>
`;
}
