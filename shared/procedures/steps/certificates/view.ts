/**
 * What the certificate phase shows: the certificate file kept in the vault and what its check
 * found, or the skip and its reason; then the health of the certificate the site presents, beside
 * that file. Never a passphrase: the machine never holds one.
 */
import { checkCertificateExport, checkCertificateFile } from '../../../rules/certificate-export';
import { certificateFileHealthProblems, checkCertificateHealth, sameFingerprint } from '../../../rules/certificate-health';
import { formatBytes } from '../../../sizes';
import type { CertificateFileRecord } from '../../actors';
import type { StepDetails } from '../../procedure-view';
import type { Fact } from '../../view';
import { fact } from '../../view-helpers';
import { keptCertificateFile, type UpgradeContext } from '../context';

const ENCRYPTION_WORDS: Record<CertificateFileRecord['encryption'], string> = {
  modern: 'Modern (AES-256 with PBKDF2)',
  legacy: 'Legacy (3DES): older tools open it, but it is weaker',
};

export function certificateFileFacts(file: CertificateFileRecord): Fact[] {
  return [
    fact('Certificate file', file.fileName, { mono: true }),
    fact('From', file.source === 'export' ? 'Exported by the assistant' : 'A file the operator exported'),
    fact('Size', formatBytes(file.size)),
    fact('SHA-256', file.sha256, { mono: true }),
    fact('Issued to', file.subject),
    fact('Names covered', file.subjectAltNames.join(', ') || 'none'),
    fact('Expires', file.notAfter, { tone: Date.parse(file.notAfter) > Date.parse(file.checkedAt) ? 'neutral' : 'bad' }),
    fact('Encryption', ENCRYPTION_WORDS[file.encryption], { tone: file.encryption === 'modern' ? 'ok' : 'warn' }),
    fact('Chain', file.chainComplete ? 'Complete up to a root certificate' : 'Incomplete', { tone: file.chainComplete ? 'ok' : 'bad' }),
    fact('Private key', file.keyMatches ? `Matches the certificate (${file.keyBits}-bit)` : 'Does not match the certificate', {
      tone: file.keyMatches ? 'ok' : 'bad',
    }),
    fact('Certificate fingerprint (SHA-256)', file.fingerprint256, { mono: true }),
    fact('Checked at', file.checkedAt),
  ];
}

/** One line per check of the file, failed ones first so the reason to stop is read first. */
export function certificateFileItems(file: CertificateFileRecord): NonNullable<StepDetails['items']> {
  const order = { fail: 0, warn: 1, ok: 2 } as const;
  return [...file.findings]
    .sort((a, b) => order[a.severity] - order[b.severity])
    .map((finding) => ({
      label: finding.text,
      status: finding.severity === 'fail' || (finding.severity === 'ok' && !finding.ok) ? ('failed' as const) : ('done' as const),
      ...(finding.severity === 'warn' ? { detail: 'Warning' } : {}),
    }));
}

/** The export step; `required` as the procedure places it (a hardware migration cannot go on despite problems). */
export function exportCertificateDetails(context: UpgradeContext, options: { required: boolean } = { required: false }): StepDetails {
  const decision = context.certificateExport;
  const file = context.certificateFile ?? null;
  if (decision?.kind === 'skipped') return { facts: [fact('Skipped because', decision.note, { tone: 'warn' })] };
  // Back at the question after a restart: the passphrase was held in memory only.
  const error = context.error;
  if (error?.step === 'export-certificate' && error.code === 'PASSPHRASE_NEEDED') {
    return { facts: [fact('Passphrase needed again', `${error.message} ${error.hint}`, { tone: 'warn' })] };
  }
  // Saved before files were checked: the operator's word is all there is.
  if (decision?.kind === 'exported' && !decision.vaultId) return { facts: [fact('Exported (operator)', decision.at, { tone: 'ok' })] };
  const source = context.certificateSource;
  const chosen = source?.kind === 'file' && !file ? [fact('File given', source.path, { mono: true })] : [];
  if (!file) return { facts: chosen };
  const verdict = decision ? checkCertificateExport(decision, { required: options.required, file }) : checkCertificateFile(file);
  return {
    facts: [
      ...certificateFileFacts(file),
      ...(decision?.kind === 'exported' && decision.riskNote ? [fact('Went on despite the problems because', decision.riskNote, { tone: 'warn' })] : []),
    ],
    items: certificateFileItems(file),
    verification: { ok: verdict.holds, text: verdict.reason },
  };
}

export function certificateHealthDetails(context: UpgradeContext): StepDetails {
  const probe = context.certificateProbe;
  if (!probe) return { facts: [] };
  const file = keptCertificateFile(context);
  const verdict = checkCertificateHealth(probe, file);
  const fileFacts = file
    ? [
        ...certificateFileHealthProblems(probe, file).map((text) => fact('Problem', text, { tone: 'bad' as const })),
        fact(
          'Same certificate as the file',
          sameFingerprint(probe.fingerprint256, file.fingerprint256) ? `Yes: ${file.fileName}` : `No: ${file.fileName} holds another certificate`,
          { tone: sameFingerprint(probe.fingerprint256, file.fingerprint256) ? 'ok' : 'bad' },
        ),
      ]
    : [];
  const facts = [
    ...probe.findings.map((finding) => fact(finding.ok ? 'Passed' : 'Problem', finding.text, { tone: finding.ok ? 'ok' : 'bad' })),
    ...fileFacts,
    fact('Fingerprint (SHA-256)', probe.fingerprint256, { mono: true }),
    fact('Valid until', probe.validTo),
    ...(context.certificateRiskAccepted ? [fact('Went on despite the problems because', context.certificateRiskAccepted.note, { tone: 'warn' })] : []),
  ];
  return { facts, verification: { ok: verdict.holds, text: verdict.reason } };
}
