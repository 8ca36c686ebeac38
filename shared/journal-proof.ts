/**
 * The journal that proves itself, as records: what a chained journal line carries, the head
 * record kept beside each journal, the seal that ends an export, and what a verification
 * answers. Schemas only (no hashing), so the contract and the renderer can import them; the
 * verifier itself is shared/journal-chain.ts (main and the CLI).
 *
 * The chain: every line written since the chain began carries `prev`, the SHA-256 (hex) of
 * the exact bytes of the line before it (without its newline). The first line of a journal
 * carries JOURNAL_GENESIS instead. Changing, removing, inserting or reordering a line breaks
 * the digest the next line records; the head record (on disk) and the seal (in an export)
 * count the lines and name the digest of the last one, so a cut-off end is caught too.
 */
import { z } from 'zod';

/** `prev` of a journal's first line: 64 zeros, since no line comes before it. */
export const JOURNAL_GENESIS = '0'.repeat(64);

/** The value of `seal` on the line that ends a JSONL export. */
export const JOURNAL_SEAL_MARK = 'appliance-upgrade-assistant/journal-export/1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** Written atomically beside the journal (journal.head.json) after each append. */
export const journalHeadSchema = z.object({
  version: z.literal(1),
  /** Lines in the journal file, torn ones included. */
  lines: z.number().int().nonnegative(),
  /** SHA-256 of the last line's bytes (JOURNAL_GENESIS while the journal is empty). */
  head: sha256Hex,
});
export type JournalHead = z.infer<typeof journalHeadSchema>;

/** The last line of a JSONL export; `procedureId` and `exportedAt` tell the reader what it is, the proof is lines + head. */
export const journalSealSchema = z.object({
  seal: z.literal(JOURNAL_SEAL_MARK),
  lines: z.number().int().nonnegative(),
  head: sha256Hex,
  procedureId: z.string().optional(),
  exportedAt: z.string().optional(),
});
export type JournalSeal = z.infer<typeof journalSealSchema>;

/** One finding, by 1-based line number, in words a person can act on. */
export const journalFindingSchema = z.object({ line: z.number().int().nonnegative(), what: z.string() });
export type JournalFinding = z.infer<typeof journalFindingSchema>;

export const journalVerificationSchema = z.object({
  /** No problems: every chained line follows the one before, and the end is vouched for. */
  ok: z.boolean(),
  /** Journal lines (the seal not counted). */
  lines: z.number().int().nonnegative(),
  /** SHA-256 of the last line: what a report or a ticket can quote to pin this journal. */
  head: z.string(),
  /** The export ended with a correct seal. */
  sealed: z.boolean(),
  /** First line that carries a chain digest; null when none does (a journal from before the chain). */
  chainedFrom: z.number().int().positive().nullable(),
  /** What breaks the proof, first one first. */
  problems: z.array(journalFindingSchema),
  /** What a reader should know but is no break: lines from before the chain, a line torn by a crash. */
  notes: z.array(journalFindingSchema),
});
export type JournalVerification = z.infer<typeof journalVerificationSchema>;

/** A file the operator saved with "Save as…": where it went, and the digest read back from it. */
export const savedCopySchema = z.object({
  path: z.string(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type SavedCopy = z.infer<typeof savedCopySchema>;

/** A journal export as saved: `lines` entries (JSONL: journal lines; CSV: rows), and the chain head it ends on. */
export const journalExportSchema = savedCopySchema.extend({
  format: z.enum(['jsonl', 'csv']),
  lines: z.number().int().nonnegative(),
  head: z.string(),
});
export type JournalExport = z.infer<typeof journalExportSchema>;

/** One file inside a support bundle, as its manifest lists it. */
export const bundleFileSchema = z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: z.string() });

/** A support bundle written into the vault (kind `support-bundle`). */
export const supportBundleSchema = z.object({
  vaultId: z.string(),
  /** The bundle's file in the vault ("Show in folder"). */
  path: z.string(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  createdAt: z.string(),
  files: z.array(bundleFileSchema),
  /** Diagnostics the vault names for the procedure that could not go in (missing or damaged), in words. */
  missing: z.array(z.string()),
});
export type SupportBundle = z.infer<typeof supportBundleSchema>;
