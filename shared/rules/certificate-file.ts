/**
 * R2/R3 on a certificate file: the exported PKCS#12 in the vault must open with its passphrase
 * and hold a certificate the new or upgraded appliance can serve — complete chain up to a root,
 * private key matching, not expired, hostnames covered, key long enough. Warnings (expiring
 * within 30 days) pass but are named. Like certificate-health (R3 on the presented
 * certificate), an inspection that contradicts itself is never a silent pass.
 */
import type { CertificateInspection } from '../certificate-inspection';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export function checkCertificateFile(inspection: CertificateInspection | null | undefined): RuleVerdict {
  if (!inspection) return fails('The certificate file has not been opened and checked yet.');
  const failed = inspection.findings.filter((finding) => !finding.ok || finding.severity === 'fail');
  if (failed.length > 0) {
    return fails(`The certificate file has ${failed.length} problem${failed.length === 1 ? '' : 's'}: ${failed.map((f) => f.text).join('; ')}`);
  }
  if (!inspection.chainComplete || !inspection.keyMatches) {
    return fails('The certificate file check did not pass (chain or private key), although it named no single problem.');
  }
  const warnings = inspection.findings.filter((finding) => finding.severity === 'warn');
  const passed = `The certificate file for ${inspection.subject} (valid until ${inspection.notAfter}) opened with its passphrase`;
  if (warnings.length === 0) return holds(`${passed} and passed every check.`);
  return holds(`${passed} and has no blocking problem, but ${warnings.length === 1 ? 'one warning' : `${warnings.length} warnings`}: ${warnings.map((w) => w.text).join('; ')}`);
}
