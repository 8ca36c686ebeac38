/**
 * R2: the SSL certificate, its private key and its chain are exported (passphrase-protected)
 * before an upgrade, and the file is kept in the vault and checked. Recommended for an upgrade in
 * place, required for a hardware migration; where it is only recommended the operator may skip
 * it, or go on with a file that has problems, but never without saying why.
 */
import type { CertificateFileRecord } from '../procedures/actors';
import { isMeaningfulNote } from './operator-note';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export type CertificateExportDecision =
  | {
      kind: 'exported';
      at: string;
      /** The vault entry of the checked file and its SHA-256 (absent only in snapshots saved before files were checked). */
      vaultId: string;
      sha256: string;
      /** Set when the operator went on although the file has problems (never where the export is required). */
      riskNote?: string;
    }
  | { kind: 'skipped'; at: string; note: string };

/** What is wrong with a certificate file, in words; empty when nothing is. */
export function certificateFileProblems(file: CertificateFileRecord): string[] {
  // Severity decides; a finding that says 'ok' while it did not pass counts as failed (no silent pass).
  const failed = file.findings.filter((finding) => finding.severity === 'fail' || (finding.severity === 'ok' && !finding.ok)).map((finding) => finding.text);
  if (failed.length > 0) return failed;
  // An inspection that names no failed check while its facts say otherwise is not a pass.
  const problems: string[] = [];
  if (!file.chainComplete) problems.push('The file does not hold the whole chain up to a root certificate.');
  if (!file.keyMatches) problems.push('The private key in the file does not belong to its certificate.');
  if (Date.parse(file.notAfter) <= Date.parse(file.checkedAt)) problems.push(`The certificate in the file expired on ${file.notAfter}.`);
  return problems;
}

/** The warnings of a certificate file (e.g. it expires within 30 days): shown, but they do not block. */
export function certificateFileWarnings(file: CertificateFileRecord): string[] {
  return file.findings.filter((finding) => finding.severity === 'warn').map((finding) => finding.text);
}

/** A checked certificate file with nothing that blocks: whole chain, matching key, not expired, names covered. */
export function checkCertificateFile(file: CertificateFileRecord | null | undefined): RuleVerdict {
  if (!file) return fails('No certificate file has been checked yet.');
  const problems = certificateFileProblems(file);
  if (problems.length > 0) {
    return fails(`The certificate file ${file.fileName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`);
  }
  const warnings = certificateFileWarnings(file);
  const kept = `The certificate file ${file.fileName} is in the vault (SHA-256 ${file.sha256}) with its private key and chain`;
  if (warnings.length > 0) return holds(`${kept}; it passed the checks, with a warning: ${warnings.join('; ')}`);
  return holds(`${kept}, and passed every check.`);
}

export function checkCertificateExport(
  decision: CertificateExportDecision | null | undefined,
  options: { required: boolean; file?: CertificateFileRecord | null },
): RuleVerdict {
  if (!decision) return fails('The certificate with its private key and chain has not been exported yet.');
  if (decision.kind === 'exported') {
    const file = options.file;
    if (!decision.vaultId || !decision.sha256 || !file) return fails('No checked certificate file is in the vault.');
    if (file.vaultId !== decision.vaultId || file.sha256 !== decision.sha256) {
      return fails('The certificate file in the vault is not the one that was checked.');
    }
    const verdict = checkCertificateFile(file);
    if (verdict.holds) return verdict;
    if (options.required) return fails(`${verdict.reason} This procedure moves the site to other hardware, so the file must be right before going on.`);
    if (!isMeaningfulNote(decision.riskNote)) return fails(`${verdict.reason} Going on with it needs a short reason for the journal.`);
    return holds(`Went on with a certificate file that has problems. ${verdict.reason} Reason given: ${(decision.riskNote ?? '').trim()}`);
  }
  if (options.required) {
    return fails('This procedure moves the site to other hardware, so the certificate export cannot be skipped.');
  }
  if (!isMeaningfulNote(decision.note)) {
    return fails('Skipping the certificate export needs a short reason for the journal.');
  }
  return holds(`The certificate export was skipped: ${decision.note.trim()}`);
}
