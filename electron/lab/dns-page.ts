/** GET /lab/dns: the lab's "DNS controller", a page a trainer or trainee uses to move the site record. */
import { escapeMarkup as e } from './http-kit';
import type { LabDns } from './lab-dns';
import { DEFAULT_PROPAGATION_S } from './lab-dns';

export function dnsPage(dns: LabDns, applianceIds: string[], labels: Record<string, string>, error?: string): string {
  const { name, target, pending } = dns.snapshot();
  const options = applianceIds
    .map((id) => `<option value="${e(id)}"${id === (pending?.target ?? target) ? ' selected' : ''}>${e(id)} — ${e(labels[id] ?? id)}</option>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>DNS controller</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#1d2733}dt{font-weight:600}.error{color:#a4161a;font-weight:600}label{display:block;margin:.5rem 0}</style></head>
<body><h1>DNS controller</h1>
<p>Practice lab only. The site address forwards each new connection to the appliance this record names.</p>
${error ? `<p class="error" id="dns-error">${e(error)}</p>` : ''}
<dl id="dns-record" data-name="${e(name)}" data-target="${e(target)}">
<dt>Name</dt><dd id="dns-name">${e(name)}</dd>
<dt>Points at</dt><dd id="dns-target">${e(target)} — ${e(labels[target] ?? target)}</dd>
<dt>Pending change</dt><dd id="dns-pending"${pending ? ` data-target="${e(pending.target)}" data-effective-at="${e(pending.effectiveAt)}"` : ''}>${
    pending ? `to ${e(pending.target)}, effective at ${e(pending.effectiveAt)} (lab time)` : 'none'
  }</dd>
</dl>
<form method="post" action="/lab/dns">
<label>Point ${e(name)} at <select name="target">${options}</select></label>
<label>Propagation time (lab seconds) <input name="propagationSeconds" type="number" min="0" value="${DEFAULT_PROPAGATION_S}"></label>
<button type="submit">Change Record</button></form>
<p><a href="/lab/dns">Reload</a> to see whether the change has taken effect.</p>
</body></html>
`;
}
