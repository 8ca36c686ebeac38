/**
 * R2: the SSL certificate, its private key and its chain are exported (passphrase-protected)
 * before an upgrade. Recommended for an upgrade in place, required for a hardware migration;
 * where it is only recommended the operator may skip it, but never without saying why.
 */
import { isMeaningfulNote } from './operator-note';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export type CertificateExportDecision =
  | { kind: 'exported'; at: string }
  | { kind: 'skipped'; at: string; note: string };

export function checkCertificateExport(
  decision: CertificateExportDecision | null | undefined,
  options: { required: boolean },
): RuleVerdict {
  if (!decision) return fails('The certificate with its private key and chain has not been exported yet.');
  if (decision.kind === 'exported') {
    return holds('The operator exported the certificate with its private key and chain, protected by a passphrase.');
  }
  if (options.required) {
    return fails('This procedure moves the site to other hardware, so the certificate export cannot be skipped.');
  }
  if (!isMeaningfulNote(decision.note)) {
    return fails('Skipping the certificate export needs a short reason for the journal.');
  }
  return holds(`The certificate export was skipped: ${decision.note.trim()}`);
}
