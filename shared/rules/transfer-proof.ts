/**
 * A file that crossed the air gap counts only when every file was read back and matched its
 * size and SHA-256: one failed line, or no line at all, fails the whole transfer. This keeps a
 * write or a verification from being reported as done while something differed.
 */
import type { ProofLineRef } from '../procedures/actors';
import { fails, holds, type RuleVerdict } from './rule-verdict';
import { nounFor } from '../counting';

export function checkTransferProof(proof: readonly ProofLineRef[] | null | undefined): RuleVerdict {
  if (!proof || proof.length === 0) return fails('No file was read back and checked, so nothing proves the transfer.');
  const failed = proof.filter((line) => !line.ok);
  if (failed.length > 0) {
    return fails(
      `${failed.length} of ${proof.length} ${nounFor(proof.length, 'file')} did not match: ${failed.map((line) => `${line.file}${line.problem ? ` (${line.problem})` : ''}`).join('; ')}.`,
    );
  }
  return holds(proof.length === 1 ? 'The file was read back and matches its size and SHA-256.' : `All ${proof.length} files were read back and match their size and SHA-256.`);
}
