/**
 * `npm run verify-journal FILE` as a person runs it (a child process): exit 0 with the proof on a
 * good export, 1 naming the line on a tampered one, 2 for a file it cannot read or a CSV.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainedLine, journalTail, sealLine } from '../../../../shared/journal-chain';

const ROOT = resolve(__dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'verify-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string) {
  const result = spawnSync('npm', ['run', '--silent', 'verify-journal', '--', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function exportOf(count: number): string {
  let text = '';
  for (let n = 1; n <= count; n++) {
    text += chainedLine({ at: `2026-12-01T10:00:0${n}.000Z`, who: 'assistant', step: 'install', event: `E${n}`, outcome: 'ok', detail: `package ${n}` }, journalTail(Buffer.from(text)).head) + '\n';
  }
  return text + sealLine(journalTail(Buffer.from(text)), { procedureId: 'P1-test' }) + '\n';
}

describe('npm run verify-journal', { timeout: 60_000 }, () => {
  it('passes a good export (exit 0) and names the changed line of a tampered copy (exit 1)', () => {
    const good = join(dir, 'good-journal.jsonl');
    const text = exportOf(5);
    writeFileSync(good, text);
    const ok = run(good);
    expect(ok.out).toMatch(/^OK: 5 lines, chain intact, sealed, head [0-9a-f]{64}$/m);
    expect(ok.code).toBe(0);

    const tampered = join(dir, 'tampered-journal.jsonl');
    writeFileSync(tampered, text.replace('package 3', 'package 9'));
    const bad = run(tampered);
    expect(bad.out).toMatch(/^FAILED at line 3: Line 3 was changed/m);
    expect(bad.code).toBe(1);
  });

  it('exits 2 for a file it cannot read, and says a CSV cannot be verified', () => {
    const missing = run(join(dir, 'nowhere.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/Cannot read .*ENOENT/);
    const csv = join(dir, 'journal.csv');
    writeFileSync(csv, '\uFEFFline,at,who\r\n1,2026,operator\r\n');
    const read = run(csv);
    expect(read.code).toBe(2);
    expect(read.out).toMatch(/CSV export.*Verify the JSONL export/);
  });
});
