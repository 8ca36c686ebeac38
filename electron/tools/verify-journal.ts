/**
 * `npm run verify-journal FILE`: for anyone holding a journal export (or a journal.jsonl with
 * its journal.head.json beside it). Prints "OK: N lines, chain intact, sealed, head <digest>"
 * and exits 0; or names the first bad line and what is wrong and exits 1; exits 2 when the
 * file cannot be read or is no journal (a CSV export is for reading, not for proof).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { journalLines, verifyJournal } from '../../shared/journal-chain';
import { journalHeadSchema, type JournalHead, type JournalVerification } from '../../shared/journal-proof';

export const EXIT_OK = 0;
export const EXIT_BROKEN = 1;
export const EXIT_UNREADABLE = 2;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The words the CLI prints for a verification (first line the verdict). */
export function verdictLines(result: JournalVerification, anchor: 'seal' | 'head record'): string[] {
  const lines: string[] = [];
  if (result.ok) {
    const chain = result.chainedFrom === null ? 'no line chained' : result.chainedFrom === 1 ? 'chain intact' : `chain intact from line ${result.chainedFrom}`;
    const end = anchor === 'seal' ? 'sealed' : 'matches its head record';
    lines.push(`OK: ${result.lines} lines, ${chain}, ${end}, head ${result.head}`);
  } else {
    const [first, ...more] = result.problems;
    lines.push(`FAILED at line ${first!.line}: ${first!.what}`);
    for (const problem of more) lines.push(`  also line ${problem.line}: ${problem.what}`);
    lines.push('This journal is not the one the assistant wrote. Ask for a fresh export from the technician who holds the procedure, and keep this copy as it is.');
  }
  for (const note of result.notes) lines.push(`Note${note.line > 0 ? ` (line ${note.line})` : ''}: ${note.what}`);
  return lines;
}

function looksLikeCsv(path: string, bytes: Buffer): boolean {
  const start = bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '');
  return path.toLowerCase().endsWith('.csv') || bytes.subarray(0, 3).equals(UTF8_BOM) || /^line,/.test(start);
}

/** A head record beside a journal file on disk (journal.jsonl → journal.head.json), if there is one. */
async function headBeside(path: string): Promise<JournalHead | undefined> {
  if (!path.endsWith('.jsonl')) return undefined;
  const headPath = join(dirname(path), `${basename(path, '.jsonl')}.head.json`);
  try {
    const parsed = journalHeadSchema.safeParse(JSON.parse(await readFile(headPath, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isJournalLike(bytes: Buffer): boolean {
  return journalLines(bytes).some((line) => {
    try {
      const value = JSON.parse(Buffer.from(line).toString('utf8')) as unknown;
      return typeof value === 'object' && value !== null && ('seal' in value || 'at' in value);
    } catch {
      return false;
    }
  });
}

export async function runVerifyJournal(args: readonly string[], print: (line: string) => void): Promise<number> {
  const path = args.find((a) => a !== '--');
  if (!path || path === '--help' || path === '-h') {
    print('Usage: npm run verify-journal FILE   (a JSONL journal export of the Appliance Upgrade Assistant)');
    return path ? EXIT_OK : EXIT_UNREADABLE;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    print(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Check the path and that the file is readable.`);
    return EXIT_UNREADABLE;
  }
  if (looksLikeCsv(path, bytes)) {
    print(`${basename(path)} is a CSV export: it is for reading in a spreadsheet and carries no proof. Verify the JSONL export of the same journal instead.`);
    return EXIT_UNREADABLE;
  }
  if (!isJournalLike(bytes)) {
    print(`${basename(path)} is not a journal of the assistant: no line in it is a journal entry. Check that you picked the JSONL export.`);
    return EXIT_UNREADABLE;
  }
  const head = await headBeside(path);
  const result = verifyJournal(bytes, head);
  for (const line of verdictLines(result, head ? 'head record' : 'seal')) print(line);
  return result.ok ? EXIT_OK : EXIT_BROKEN;
}

if (process.argv[1] && basename(process.argv[1]).startsWith('verify-journal')) {
  void runVerifyJournal(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then((code) => {
    process.exitCode = code;
  });
}
