/**
 * GET /lab/dns and GET /lab/nat: the lab's "DNS controller" and "NAT controller", pages a
 * trainer or trainee uses to move the site's DNS record or the NAT rule of its public address.
 * Both are the same kind of propagating record (LabDns), so one page shape serves both.
 */
import { escapeMarkup as e } from './http-kit';
import type { LabDns } from './lab-dns';

export type RecordKind = 'dns' | 'nat';

interface RecordPageWords {
  title: string;
  /** id of the element that carries data-target (`#dns-record`, `#nat-rule`). */
  recordId: string;
  intro: string;
  button: string;
}

const WORDS: Record<RecordKind, RecordPageWords> = {
  dns: {
    title: 'DNS controller',
    recordId: 'dns-record',
    intro: 'The site address forwards each new connection to the appliance this record names (when the site follows DNS).',
    button: 'Change Record',
  },
  nat: {
    title: 'NAT controller',
    recordId: 'nat-rule',
    intro: 'The firewall forwards the site’s public address to the appliance this rule names (when the site follows NAT).',
    button: 'Change Rule',
  },
};

export function recordPage(
  kind: RecordKind,
  record: LabDns,
  applianceIds: string[],
  labels: Record<string, string>,
  error?: string,
): string {
  const words = WORDS[kind];
  const { name, target, pending } = record.snapshot();
  const options = applianceIds
    .map((id) => `<option value="${e(id)}"${id === (pending?.target ?? target) ? ' selected' : ''}>${e(id)} — ${e(labels[id] ?? id)}</option>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(words.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#1d2733}dt{font-weight:600}.error{color:#a4161a;font-weight:600}label{display:block;margin:.5rem 0}</style></head>
<body><h1>${e(words.title)}</h1>
<p>Practice lab only. ${e(words.intro)}</p>
${error ? `<p class="error" id="${kind}-error">${e(error)}</p>` : ''}
<dl id="${words.recordId}" data-name="${e(name)}" data-target="${e(target)}">
<dt>Name</dt><dd id="${kind}-name">${e(name)}</dd>
<dt>Points at</dt><dd id="${kind}-target">${e(target)} — ${e(labels[target] ?? target)}</dd>
<dt>Pending change</dt><dd id="${kind}-pending"${pending ? ` data-target="${e(pending.target)}" data-effective-at="${e(pending.effectiveAt)}"` : ''}>${
    pending ? `to ${e(pending.target)}, effective at ${e(pending.effectiveAt)} (lab time)` : 'none'
  }</dd>
</dl>
<form method="post" action="/lab/${kind}">
<label>Point ${e(name)} at <select name="target">${options}</select></label>
<label>Propagation time (lab seconds) <input name="propagationSeconds" type="number" min="0" value="${record.defaultPropagationS}"></label>
<button type="submit">${e(words.button)}</button></form>
<p><a href="/lab/${kind}">Reload</a> to see whether the change has taken effect.</p>
</body></html>
`;
}
