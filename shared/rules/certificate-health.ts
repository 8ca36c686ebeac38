/**
 * R3: before moving to a newly built site package the certificate the site presents must be
 * healthy — not expired or about to expire, complete chain, key matching, hostname covered.
 * Otherwise most Jump Clients may show as offline after the upgrade. A probe that says "ok"
 * while listing a failed finding is treated as not healthy: no silent pass.
 */
import type { ProbeCertificateOutput } from '../procedures/actors';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export function checkCertificateHealth(probe: ProbeCertificateOutput | null | undefined): RuleVerdict {
  if (!probe) return fails('The certificate the site presents has not been checked yet.');
  const failed = probe.findings.filter((finding) => !finding.ok);
  if (failed.length > 0) {
    return fails(`The certificate has ${failed.length} problem${failed.length === 1 ? '' : 's'}: ${failed.map((f) => f.text).join('; ')}`);
  }
  if (!probe.ok) return fails('The certificate check did not pass, although it named no single problem.');
  return holds(`The certificate (valid until ${probe.validTo}) passed every check.`);
}
