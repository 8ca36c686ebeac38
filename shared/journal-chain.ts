/**
 * The hash chain of a journal (see shared/journal-proof.ts for the scheme): the writer's
 * helpers and the pure verifier that main ("Verify journal") and `npm run verify-journal`
 * share. It works on bytes, because a line torn in the middle of a character must hash as
 * the bytes on disk. Node only (node:crypto); the renderer sees results, never this file.
 */
import { createHash } from 'node:crypto';
import { journalEntrySchema } from './domain';
import {
  JOURNAL_GENESIS,
  JOURNAL_SEAL_MARK,
  journalSealSchema,
  type JournalFinding,
  type JournalHead,
  type JournalSeal,
  type JournalVerification,
} from './journal-proof';

const NEWLINE = 0x0a;
const CR = 0x0d;

export function lineDigest(line: Uint8Array): string {
  return createHash('sha256').update(line).digest('hex');
}

/** A journal file's lines as bytes: split at each newline; the empty piece after a final newline is no line. */
export function journalLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== NEWLINE) continue;
    lines.push(bytes.subarray(start, i));
    start = i + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

/** What the writer needs to chain the next line: how many lines there are and the digest of the last one. */
export interface JournalTail {
  lines: number;
  head: string;
  /** False when the last line was torn: the next line must start on a fresh line. */
  endsWithNewline: boolean;
}

export function journalTail(bytes: Uint8Array): JournalTail {
  const lines = journalLines(bytes);
  const last = lines.at(-1);
  return { lines: lines.length, head: last ? lineDigest(last) : JOURNAL_GENESIS, endsWithNewline: bytes.length === 0 || bytes[bytes.length - 1] === NEWLINE };
}

/** A journal line: the entry with the digest of the line before it (first, so a reader sees the chain). */
export function chainedLine(entry: object, prev: string): string {
  return JSON.stringify({ prev, ...entry });
}

/** The line that ends a JSONL export: how many lines came before it and the digest of the last. */
export function sealLine(tail: Pick<JournalTail, 'lines' | 'head'>, about: { procedureId?: string; exportedAt?: string } = {}): string {
  const seal: JournalSeal = { seal: JOURNAL_SEAL_MARK, lines: tail.lines, head: tail.head, ...about };
  return JSON.stringify(seal);
}

type Parsed =
  | { kind: 'entry'; prev: string | undefined; valid: boolean }
  | { kind: 'seal'; seal: JournalSeal }
  | { kind: 'torn' };

function parseLine(line: Uint8Array): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(line).toString('utf8'));
  } catch {
    return { kind: 'torn' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'entry', prev: undefined, valid: false };
  const record = value as Record<string, unknown>;
  if ('seal' in record) {
    const seal = journalSealSchema.safeParse(record);
    if (seal.success) return { kind: 'seal', seal: seal.data };
  }
  const prev = record.prev === undefined ? undefined : String(record.prev);
  return { kind: 'entry', prev, valid: journalEntrySchema.safeParse(record).success };
}

const range = (from: number, to: number) => (from === to ? `line ${from}` : `lines ${from}–${to}`);

/**
 * Verifies a journal's chain and its end.
 * - `head` undefined: an export; its last line must be a seal that counts the lines and names the last digest.
 * - `head` a record: the journal on disk with its head record.
 * - `head` null: the journal on disk, whose head record is missing.
 */
export function verifyJournal(input: string | Uint8Array, head?: JournalHead | null): JournalVerification {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const all = journalLines(bytes);
  const parsedAll = all.map(parseLine);
  const problems: JournalFinding[] = [];
  const notes: JournalFinding[] = [];
  const problem = (line: number, what: string) => {
    if (!problems.some((p) => p.line === line)) problems.push({ line, what });
  };

  const lastParsed = parsedAll.at(-1);
  const seal = lastParsed?.kind === 'seal' ? lastParsed.seal : undefined;
  const lines = seal ? all.slice(0, -1) : all;
  const parsed = seal ? parsedAll.slice(0, -1) : parsedAll;
  const digests = lines.map(lineDigest);
  const firstWithDigest = new Map<string, number>();
  digests.forEach((d, i) => {
    if (!firstWithDigest.has(d)) firstWithDigest.set(d, i);
  });
  const count = lines.length;
  let chainedFrom: number | null = null;
  let beforeChain = 0;

  for (let i = 0; i < count; i++) {
    const n = i + 1;
    const line = parsed[i]!;
    if (line.kind === 'seal') {
      problem(n, `Line ${n} is an export's seal in the middle of the journal: lines were added after an export ended, or two files were joined.`);
      continue;
    }
    if (line.kind === 'torn') {
      const next = parsed[i + 1];
      if (i === count - 1) {
        notes.push({ line: n, what: `Line ${n} is incomplete: the assistant was stopped while writing it (a crash or power cut). It records nothing.` });
      } else if (next?.kind === 'entry' && next.prev === digests[i]) {
        notes.push({ line: n, what: `Line ${n} was torn by a crash while it was written; the chain continues through it at line ${n + 1}.` });
      } else {
        problem(n, `Line ${n} is not a journal entry and line ${n + 1} does not follow it: it was changed or inserted.`);
        i += 1; // The next line's break is this one.
      }
      continue;
    }
    if (!line.valid) problem(n, `Line ${n} is not a journal entry the assistant writes (a field is missing or wrong): it was changed.`);
    if (line.prev === undefined) {
      if (chainedFrom === null) beforeChain += 1;
      else problem(n, `Line ${n} carries no chain digest although the chain began at line ${chainedFrom}: it was inserted, or its digest removed.`);
      continue;
    }
    chainedFrom ??= n;
    const expected = i === 0 ? JOURNAL_GENESIS : digests[i - 1]!;
    if (line.prev === expected) continue;
    const j = firstWithDigest.get(line.prev);
    if (j === undefined) {
      problem(
        Math.max(1, i),
        i === 0
          ? 'Line 1 records a line before it: the start of the journal was removed.'
          : `Line ${i} was changed after it was written (line ${n} records a different digest for it), or lines between them were removed.`,
      );
    } else if (j >= i - 1) {
      problem(n, `Line ${n} is out of order: it was written after line ${j + 1}.`);
    } else {
      problem(j + 2, `${range(j + 2, n - 1)} do${j + 2 === n - 1 ? 'es' : ''} not belong between line ${j + 1} and line ${n}: inserted, or lines were reordered.`);
    }
  }

  const lastDigest = count > 0 ? digests[count - 1]! : JOURNAL_GENESIS;
  checkEnd({ count, lastDigest, digests, seal, head, chainedFrom, parsed, problem, notes });

  if (beforeChain > 0) {
    notes.unshift(
      chainedFrom === null
        ? { line: 1, what: `None of the ${count} lines carries a chain digest: the journal was written before the assistant chained its lines, so they carry no proof.` }
        : { line: 1, what: `${range(1, beforeChain)} ${beforeChain === 1 ? 'was' : 'were'} written before the journal carried a chain and carr${beforeChain === 1 ? 'ies' : 'y'} no proof; the chain begins at line ${chainedFrom}.` },
    );
  }
  if (all.some((l) => l.length > 0 && l[l.length - 1] === CR)) {
    notes.push({ line: 0, what: 'The lines end in CR LF, as some editors save them; the assistant writes LF only, so the digests no longer match. Verify the file exactly as it was exported.' });
  }
  problems.sort((a, b) => a.line - b.line);
  const sealed = seal !== undefined && seal.lines === count && seal.head === lastDigest;
  return { ok: problems.length === 0, lines: count, head: lastDigest, sealed, chainedFrom, problems, notes };
}

function checkEnd(at: {
  count: number;
  lastDigest: string;
  digests: string[];
  seal: JournalSeal | undefined;
  head: JournalHead | null | undefined;
  chainedFrom: number | null;
  parsed: Parsed[];
  problem: (line: number, what: string) => void;
  notes: JournalFinding[];
}): void {
  const { count, lastDigest, digests, seal, head, problem } = at;
  if (seal) {
    if (seal.lines > count) problem(count, `The export ends at line ${count}, but its seal counts ${seal.lines} lines: ${range(count + 1, seal.lines)} ${seal.lines - count === 1 ? 'was' : 'were'} removed.`);
    else if (seal.lines < count) problem(seal.lines + 1, `The seal counts ${seal.lines} lines, but the export holds ${count}: ${range(seal.lines + 1, count)} ${count - seal.lines === 1 ? 'was' : 'were'} added.`);
    else if (seal.head !== lastDigest) problem(count, `Line ${count} differs from what the seal records for the last line: it was changed after the export was written.`);
  } else if (head === undefined) {
    problem(count, `The export has no seal line: it was cut off after line ${count}, or it is not a complete export of the assistant.`);
  }
  if (head === null) {
    if (at.chainedFrom !== null) problem(count, 'The head record beside the journal is missing, so a cut-off end cannot be ruled out.');
    else at.notes.push({ line: 0, what: 'The journal has no head record (it predates the chain), so a cut-off end cannot be detected.' });
    return;
  }
  if (head === undefined) return;
  if (head.lines > count) {
    problem(count, `The journal ends at line ${count}, but its head record counts ${head.lines} lines: ${range(count + 1, head.lines)} ${head.lines - count === 1 ? 'was' : 'were'} removed.`);
    return;
  }
  const counted = head.lines === 0 ? JOURNAL_GENESIS : digests[head.lines - 1]!;
  if (counted !== head.head) {
    problem(Math.max(1, head.lines), `Line ${head.lines} differs from what the head record names as the last line: it was changed after it was written.`);
    return;
  }
  const extra = count - head.lines;
  if (extra === 1 && at.parsed[count - 1]?.kind !== 'torn') {
    at.notes.push({ line: count, what: `Line ${count} was written just before the assistant stopped, before the head record was updated; it is chained to the line before.` });
  } else if (extra > 1) {
    problem(head.lines + 1, `${range(head.lines + 1, count)} were added after the head record was last written.`);
  }
}
