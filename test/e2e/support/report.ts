/**
 * The customer report a finished procedure got by itself, as its PDF's text (pdftotext, Debian
 * poppler-utils): waits for main to print it into the vault.
 */
import { execFileSync } from 'node:child_process';
import type { RunningHarness } from '../../harness/server';

export async function reportPdfText(harness: RunningHarness, procedureId: string, withinMs = 60_000): Promise<{ text: string; pdfPath: string; sha256: string }> {
  const until = Date.now() + withinMs;
  for (;;) {
    const state = await harness.services.reports.get(procedureId);
    if (state.pdf && state.pdfPath) {
      return { text: execFileSync('pdftotext', ['-layout', state.pdfPath, '-'], { encoding: 'utf8' }), pdfPath: state.pdfPath, sha256: state.pdf.sha256 };
    }
    if (state.printError) throw new Error(`the report of ${procedureId} was not printed: ${state.printError.message}`);
    if (Date.now() > until) throw new Error(`the report of ${procedureId} was not in the vault within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
