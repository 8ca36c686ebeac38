/**
 * Accessibility checks with axe-core in the page under test. The app's CSP blocks script
 * tags, so axe's source is evaluated through the debugging protocol (page.evaluate), which
 * the CSP does not govern. Serious and critical violations fail the flow at the screen where
 * they appear; every screen checked is recorded, so a run can report screen by screen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const BLOCKING = new Set(['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface ScreenAudit {
  screen: string;
  blocking: AxeViolation[];
  other: AxeViolation[];
}

/** Every screen checked in this process, in order. */
export const audits: ScreenAudit[] = [];

/** Runs axe on what the page shows now; returns every violation, blocking ones first. */
export async function auditScreen(page: Page, screen: string): Promise<ScreenAudit> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  const audit: ScreenAudit = {
    screen,
    blocking: violations.filter((v) => v.impact !== null && BLOCKING.has(v.impact)),
    other: violations.filter((v) => v.impact === null || !BLOCKING.has(v.impact)),
  };
  audits.push(audit);
  // One line per screen, so a run's log reads as the accessibility report.
  console.log(`AXE ${screen}: ${audit.blocking.length} serious/critical, ${audit.other.length} other${describe(audit.other, ' ')}`);
  return audit;
}

/** Fails with what is wrong, where, when axe finds a serious or critical violation on this screen. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  let audit = await auditScreen(page, screen);
  if (audit.blocking.some((v) => v.id === 'color-contrast')) {
    // Contrast read mid-transition (a button fading in) is not the screen at rest: look once more.
    await page.waitForTimeout(400);
    audit = await auditScreen(page, screen);
  }
  if (audit.blocking.length > 0) {
    throw new Error(`Accessibility: ${audit.blocking.length} serious or critical axe violation(s) on "${screen}":${describe(audit.blocking, '\n  ')}`);
  }
}

function describe(violations: AxeViolation[], separator: string): string {
  if (violations.length === 0) return '';
  return violations.map((v) => `${separator}${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 3).join(', ')}`).join('');
}
