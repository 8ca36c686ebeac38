/** What the certificate phase shows: the export decision and the health findings. */
import { checkCertificateHealth } from '../../../rules/certificate-health';
import type { StepDetails } from '../../procedure-view';
import { fact } from '../../view-helpers';
import type { UpgradeContext } from '../context';

export function exportCertificateDetails(context: UpgradeContext): StepDetails {
  const decision = context.certificateExport;
  if (!decision) return { facts: [] };
  return {
    facts:
      decision.kind === 'exported'
        ? [fact('Exported (operator)', decision.at, { tone: 'ok' })]
        : [fact('Skipped because', decision.note, { tone: 'warn' })],
  };
}

export function certificateHealthDetails(context: UpgradeContext): StepDetails {
  const probe = context.certificateProbe;
  if (!probe) return { facts: [] };
  const verdict = checkCertificateHealth(probe);
  const facts = [
    ...probe.findings.map((finding) => fact(finding.ok ? 'Passed' : 'Problem', finding.text, { tone: finding.ok ? 'ok' : 'bad' })),
    fact('Fingerprint (SHA-256)', probe.fingerprint256, { mono: true }),
    fact('Valid until', probe.validTo),
    ...(context.certificateRiskAccepted ? [fact('Went on despite the problems because', context.certificateRiskAccepted.note, { tone: 'warn' })] : []),
  ];
  return { facts, verification: { ok: verdict.holds, text: verdict.reason } };
}
