/**
 * HTML of Security > Certificates: the certificates the appliance holds (issued to, SANs,
 * expiry, assigned IP, warnings), an Export and an Assign IP form per certificate, and the
 * Import form. Element ids and data attributes are the ones PROTOCOL.md promises.
 */
import { X509Certificate } from 'node:crypto';
import type { Appliance } from './appliance-state';
import { csrfField, page } from './admin-views';
import { certificateWarnings, type CertificateWarning, type CheckContext } from './certificate-checks';
import { commonNameOf, isSelfSigned, subjectAltNames } from './pki';
import { escapeMarkup as e } from './http-kit';
import type { StoredCertificate } from './certificate-store';

export interface CertificatesPageExtras {
  error?: string;
  /** The certificate an import just added (or updated), with the warnings the import found. */
  imported?: { id: string; warnings: CertificateWarning[] };
}

export function certificatesPage(
  appliance: Appliance,
  csrfToken: string,
  checks: CheckContext,
  { error, imported }: CertificatesPageExtras = {},
): string {
  const store = appliance.certificates;
  const rows = store
    .list()
    .map((certificate) => row(certificate, store.assignedIps(certificate.id), certificateWarnings(certificate, checks), appliance.ip, csrfToken))
    .join('\n');
  const result = imported
    ? `<div id="import-result" data-certificate-id="${e(imported.id)}">
<p>The certificate was imported as ${e(imported.id)}. ${imported.warnings.length === 0 ? 'The appliance found nothing to warn about.' : 'Read the warnings below before assigning it.'}</p>
<ul id="import-warnings">${warningItems(imported.warnings)}</ul></div>`
    : '';
  return page(
    'Security > Certificates',
    appliance,
    `${error ? `<p class="error" id="certificate-error">${e(error)}</p>` : ''}${result}
<p>The certificate assigned to this appliance's IP address (${e(appliance.ip)}) is the one clients see when they connect to it.</p>
<table id="certificates"><thead><tr><th>Issued to</th><th>Subject alternative names</th><th>Expires</th><th>Assigned IP</th><th>Warnings</th><th>Actions</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Import</h2>
<p>Import a PKCS#12 file (.p12 or .pfx) that holds a certificate, its private key and the certificates of its chain.</p>
<form method="post" action="/appliance/security/certificates/import" enctype="multipart/form-data">${csrfField(csrfToken)}
<label>Passphrase <input name="passphrase" type="password" autocomplete="off"></label>
<label>Certificate file <input type="file" name="certificate" accept=".p12,.pfx" required></label>
<button type="submit">Import</button></form>`,
    { iface: 'appliance', csrfToken },
  );
}

function row(certificate: StoredCertificate, assignedIps: string[], warnings: CertificateWarning[], ip: string, csrfToken: string): string {
  const subject = commonNameOf(certificate.certPem);
  const sans = subjectAltNames(certificate.certPem);
  const notAfter = new Date(new X509Certificate(certificate.certPem).validTo).toISOString();
  const id = e(certificate.id);
  return `<tr data-certificate-id="${id}" data-subject="${e(subject)}" data-sans="${e(sans.join(','))}" data-not-after="${notAfter}" data-fingerprint="${e(certificate.fingerprint256)}" data-assigned-ips="${e(assignedIps.join(','))}" data-self-signed="${isSelfSigned(certificate.certPem) ? 1 : 0}">
<td>${e(subject)}</td><td>${e(sans.join(', '))}</td><td>${notAfter}</td><td>${e(assignedIps.join(', ') || '—')}</td>
<td><ul class="cert-warnings">${warningItems(warnings)}</ul></td>
<td><form method="post" action="/appliance/security/certificates/export">${csrfField(csrfToken)}
<input type="hidden" name="certificate_id" value="${id}"><input type="hidden" name="include_certificate" value="1">
<label><input type="checkbox" name="include_private_key" value="1"> Private key</label>
<label><input type="checkbox" name="include_chain" value="1" checked> Certificate chain</label>
<label>Passphrase <input name="passphrase" type="password" autocomplete="off" required></label>
<label>Encryption <select name="encryption"><option value="modern" selected>AES-256 (modern)</option><option value="legacy">3DES (legacy, for older systems)</option></select></label>
<button type="submit">Export</button></form>
<form method="post" action="/appliance/security/certificates/assign">${csrfField(csrfToken)}
<input type="hidden" name="certificate_id" value="${id}">
<label>IP address <input name="ip" value="${e(ip)}"></label>
<button type="submit">Assign IP</button></form></td></tr>`;
}

function warningItems(warnings: readonly CertificateWarning[]): string {
  return warnings.map((warning) => `<li data-warning="${warning.code}">${e(warning.text)}</li>`).join('');
}
