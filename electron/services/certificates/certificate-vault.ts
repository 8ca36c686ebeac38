/**
 * Certificate files in the vault: a file is opened and inspected in memory first, so one the
 * passphrase does not open (or with no key or chain) is never stored; a good one is written
 * exactly as received — still passphrase protected — with its SHA-256 and the leaf's public
 * facts. The passphrase is never stored and the private key never leaves the file.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { CertificateExpectation, CertificateInspection } from '../../../shared/certificate-inspection';
import type { VaultCertificate, VaultEntry } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { toDiskError, writeFileAtomic } from '../fs/atomic-write';
import type { Vault } from '../vault';
import { CERTIFICATE_FILE_MAX_BYTES, fileTooLarge } from './certificate-errors';
import { inspectCertificateFile } from './inspect';

export interface StoreCertificateInput {
  /** The file as received (an export's body or the file the operator chose). */
  bytes: Buffer;
  fileName: string;
  siteId: string;
  siteName: string;
  /** Which appliance it came from (e.g. its hostname or label). */
  appliance: string;
  /** The appliance's site software version when exported; "unknown" when not known. */
  version?: string;
  passphrase: string;
  expect: CertificateExpectation;
}

export interface StoredCertificate {
  entry: VaultEntry;
  inspection: CertificateInspection;
}

/**
 * Inspects `bytes` (rejecting as inspectCertificateFile does, with nothing written), then keeps
 * them byte for byte in the vault, recording the SHA-256 and the inspection's facts with
 * `checkedAt`. The inspection's findings are returned for the rule to judge; a file with failed
 * findings is still kept (it is the site's real certificate), the rule says whether it may be used.
 */
export async function storeCertificateFile(vault: Vault, input: StoreCertificateInput): Promise<StoredCertificate> {
  const inspection = inspectCertificateFile(input.bytes, input.passphrase, input.expect);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const path = await vault.reservePath('certificate', input.siteId, input.fileName);
  await writeFileAtomic(path, input.bytes, { mode: 0o600 });
  const entry = await vault.add({
    kind: 'certificate',
    siteId: input.siteId,
    siteName: input.siteName,
    appliance: input.appliance,
    version: input.version ?? 'unknown',
    path,
    sha256,
    size: input.bytes.length,
    certificate: certificateFacts(inspection, input.expect.now),
  });
  return { entry, inspection };
}

/**
 * Re-hashes a stored certificate file (VAULT_FILE_MISSING / CHECKSUM_MISMATCH when it is gone or
 * changed), opens it again with `passphrase` and records the fresh facts and `checkedAt`; an entry
 * whose metadata a vault rebuild lost gets it back this way. A rejection changes nothing.
 */
export async function reinspectVaultCertificate(vault: Vault, id: string, passphrase: string, expect: CertificateExpectation): Promise<StoredCertificate> {
  const before = vault.get(id);
  if (before.kind !== 'certificate') {
    throw new AppError('INVALID_INPUT', `${before.fileName} is not a certificate file.`, 'Choose a certificate file from the vault.', { id });
  }
  const verified = await vault.verify(id);
  if (verified.state === 'missing') {
    throw new AppError('VAULT_FILE_MISSING', `The certificate file ${verified.fileName} is no longer in the vault folder.`, 'Export the certificate again (or choose the saved file) so the vault holds a copy.');
  }
  if (verified.state === 'corrupt') {
    throw new AppError(
      'CHECKSUM_MISMATCH',
      `The certificate file ${verified.fileName} in the vault has changed since it was stored, so it is not used.`,
      'Export the certificate again (or choose the saved file) and store the fresh copy.',
    );
  }
  const bytes = await readStored(vault.filePath(id), verified.size);
  // The file was hashed just above; a change between that read and this one is caught here.
  if (createHash('sha256').update(bytes).digest('hex') !== verified.sha256) {
    throw new AppError('CHECKSUM_MISMATCH', `The certificate file ${verified.fileName} changed while it was being read.`, 'Run the check again.');
  }
  const inspection = inspectCertificateFile(bytes, passphrase, expect);
  const entry = await vault.recordCertificate(id, certificateFacts(inspection, expect.now));
  return { entry, inspection };
}

/** The public facts the vault keeps for a certificate entry. */
export function certificateFacts(inspection: CertificateInspection, checkedAtMs: number): VaultCertificate {
  return {
    subject: inspection.subject,
    subjectAltNames: [...inspection.subjectAltNames],
    notAfter: inspection.notAfter,
    fingerprint256: inspection.fingerprint256,
    encryption: inspection.encryption,
    checkedAt: new Date(checkedAtMs).toISOString(),
  };
}

async function readStored(path: string, size: number): Promise<Buffer> {
  if (size > CERTIFICATE_FILE_MAX_BYTES) throw fileTooLarge(size);
  try {
    const info = await stat(path);
    if (info.size > CERTIFICATE_FILE_MAX_BYTES) throw fileTooLarge(info.size);
    return await readFile(path);
  } catch (error) {
    throw toDiskError(error, path);
  }
}
