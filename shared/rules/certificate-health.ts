/**
 * R3: before moving to a newly built site package the certificate the site presents must be
 * healthy — not expired or about to expire, complete chain, key matching, hostname covered.
 * Otherwise most Jump Clients may show as offline after the upgrade. Where R2 kept a checked
 * certificate file, that file must be healthy too and be the very certificate the site presents
 * (same fingerprint). A probe that says "ok" while listing a failed finding is treated as not
 * healthy: no silent pass.
 */
import type { CertificateFileRecord, ProbeCertificateOutput } from '../procedures/actors';
import { certificateFileProblems } from './certificate-export';
import { fails, holds, type RuleVerdict } from './rule-verdict';

/** Fingerprints compared as hex, whatever their case or separators. */
export function sameFingerprint(a: string, b: string): boolean {
  const hex = (value: string) => value.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex(a).length > 0 && hex(a) === hex(b);
}

/** What is wrong with the kept certificate file, judged beside the certificate the site presents. */
export function certificateFileHealthProblems(probe: ProbeCertificateOutput, file: CertificateFileRecord): string[] {
  const problems = certificateFileProblems(file).map((text) => `In the file ${file.fileName}: ${text}`);
  if (!sameFingerprint(probe.fingerprint256, file.fingerprint256)) {
    problems.push(
      `The site presents a different certificate (SHA-256 fingerprint ${probe.fingerprint256}) from the one in the file ${file.fileName} (${file.fingerprint256}).`,
    );
  }
  return problems;
}

export function checkCertificateHealth(
  probe: ProbeCertificateOutput | null | undefined,
  file?: CertificateFileRecord | null,
): RuleVerdict {
  if (!probe) return fails('The certificate the site presents has not been checked yet.');
  const failed = [...probe.findings.filter((finding) => !finding.ok).map((f) => f.text), ...(file ? certificateFileHealthProblems(probe, file) : [])];
  if (failed.length > 0) {
    return fails(`The certificate has ${failed.length} problem${failed.length === 1 ? '' : 's'}: ${failed.join('; ')}`);
  }
  if (!probe.ok) return fails('The certificate check did not pass, although it named no single problem.');
  if (file) return holds(`The certificate (valid until ${probe.validTo}) passed every check, and it is the one in the file ${file.fileName}.`);
  return holds(`The certificate (valid until ${probe.validTo}) passed every check.`);
}
