import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { downtimeSummary, escapeHtml, renderReportHtml } from '../../../../shared/report/render-html';
import { REPORT_STYLE, REPORT_STYLE_HASH } from '../../../../shared/report/report-style';
import { BACKUP_SHA, CERT_SHA, sampleReport } from './fixtures';

/** The document's text as a reader sees it: tags dropped, entities decoded. */
function textOf(html: string): string {
  const body = html.slice(html.indexOf('<body>'));
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('renderReportHtml', () => {
  it('is a complete document whose CSP allows exactly its own stylesheet, by the right hash', () => {
    const html = renderReportHtml(sampleReport());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const hash = `'sha256-${createHash('sha256').update(REPORT_STYLE, 'utf8').digest('base64')}'`;
    expect(REPORT_STYLE_HASH).toBe(hash);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    expect(meta?.[1]?.replace(/&#39;/g, "'")).toBe(`default-src 'none'; style-src ${hash}; img-src data:`);
    // The one style element holds the stylesheet byte for byte, so the hash matches it.
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toEqual([REPORT_STYLE]);
  });

  it('carries no script, no event handler and nothing remote', () => {
    const html = renderReportHtml(sampleReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).not.toMatch(/style="/);
  });

  it('escapes every text it is given', () => {
    const html = renderReportHtml(sampleReport());
    expect(html).toContain('Head office &lt;Berlin&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; waited.');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('shows the versions before and after per appliance', () => {
    const text = textOf(renderReportHtml(sampleReport()));
    expect(text).toContain('B300 rack 2 Site 23.1.1 · Base 7.0.0 Site 23.2.4 · Base 7.1.0');
    const unread = textOf(renderReportHtml(sampleReport({ versions: [{ appliance: 'X', before: null, after: null }] })));
    expect(unread).toContain('X not read not read');
    const factory = textOf(renderReportHtml(sampleReport({ versions: [{ appliance: 'New', before: { siteVersion: '', baseVersion: '6.1.0' }, after: null }] })));
    expect(factory).toContain('New Site none · Base 6.1.0 not read');
  });

  it('lists each file with its full SHA-256, never shortened', () => {
    const text = textOf(renderReportHtml(sampleReport()));
    expect(text).toContain(`SHA-256 ${BACKUP_SHA}`);
    expect(text).toContain(`SHA-256 ${CERT_SHA}`);
    expect(text).toContain('backup.nsb');
    expect(text).toContain('2.0 KiB');
  });

  it('says the downtime the site watch measured, per window and in total, or that it was not measured', () => {
    const text = textOf(renderReportHtml(sampleReport()));
    expect(text).toContain('Downtime measured by the site watch: 2 min 5 s over the maintenance window.');
    expect(text).toContain('2 min 5 s down');
    const unmeasured = sampleReport({
      windows: [{ label: 'Maintenance window', plannedStart: null, plannedEnd: null, startedAt: '2026-12-02T15:01:00.000Z', endedAt: null, downtime: { measured: false, reason: 'the site watch did not run during this window.' } }],
    });
    const textUnmeasured = textOf(renderReportHtml(unmeasured));
    expect(textUnmeasured).toContain('Downtime measured by the site watch: not measured.');
    expect(textUnmeasured).toContain('Not measured: the site watch did not run during this window.');
  });

  it('sums the windows of a pair and says what was not watched', () => {
    const window = (downSeconds: number, unwatchedSeconds: number) => ({
      label: 'Window',
      plannedStart: '2026-12-02T15:00:00.000Z',
      plannedEnd: '2026-12-02T16:00:00.000Z',
      startedAt: '2026-12-02T15:00:00.000Z',
      endedAt: '2026-12-02T15:30:00.000Z',
      downtime: { measured: true as const, from: '2026-12-02T15:00:00.000Z', to: '2026-12-02T15:30:00.000Z', downSeconds, unwatchedSeconds },
    });
    expect(downtimeSummary([window(3, 0), window(0, 12)])).toBe('Downtime measured by the site watch: 3 s over 2 maintenance windows.');
    expect(textOf(renderReportHtml(sampleReport({ windows: [window(3, 0), window(0, 12)] })))).toContain('0 s down; 12 s of it not watched');
  });

  it('lists the open items, or says nothing is left open', () => {
    expect(textOf(renderReportHtml(sampleReport()))).toContain('Nothing is left open.');
    const open = textOf(renderReportHtml(sampleReport({ openItems: ['Step 5, Install: not done'] })));
    expect(open).toContain('Step 5, Install: not done');
    expect(open).not.toContain('Nothing is left open.');
  });

  it('ends with a sign-off for the technician and the customer contact', () => {
    const text = textOf(renderReportHtml(sampleReport()));
    const signOff = text.slice(text.indexOf('Sign-off'));
    expect(signOff).toContain('Technician Dana Tech Date: 2026-12-02');
    expect(signOff).toContain('Customer contact');
    expect(signOff).toContain('Name');
    expect(signOff).toContain('Date and signature');
  });

  it('says the outcome, the steps with who and when, the notes and the rules', () => {
    const cancelled = sampleReport({ procedure: { ...sampleReport().procedure, status: 'cancelled', outcome: 'Cancelled at step 2' } });
    const text = textOf(renderReportHtml(cancelled));
    expect(text).toContain('Outcome: Cancelled at step 2');
    expect(text).toContain('2 Back up the settings Done assistant 2026-12-02 15:02:00 UTC Backup kept.');
    expect(text).toContain('1 Start the maintenance window Done Dana Tech');
    expect(text).toContain('Client aftercare Told the help desk');
    expect(text).toContain('R1 A settings backup must exist first. Back up the settings');
  });
});
