/**
 * What a lab TLS listener presents: a certificate, its key and the issuers sent with it.
 * The certificates themselves come from the lab PKI (pki.ts); `generateCertificate` makes a
 * throw-away self-signed one (the `rotate-certificate` fault).
 */
import { isSelfSigned, selfSignedCertificate } from './pki';

export interface LabCertificate {
  certPem: string;
  keyPem: string;
  /** Issuers that go with it, nearest first; a listener sends every one that is not a self-signed root. */
  chainPems?: readonly string[];
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':'. */
  fingerprint256: string;
}

export { fingerprintOf } from './pki';

/** A new self-signed certificate covering `hostnames` (DNS names and IP addresses). */
export function generateCertificate(hostnames: readonly string[], commonName: string): LabCertificate {
  return selfSignedCertificate({ commonName, names: hostnames });
}

/** The PEM a TLS server sends: the certificate, then its chain without self-signed roots (clients hold those). */
export function presentedPem(certificate: LabCertificate): string {
  const chain = (certificate.chainPems ?? []).filter((pem) => !isSelfSigned(pem));
  return [certificate.certPem, ...chain].map((pem) => (pem.endsWith('\n') ? pem : `${pem}\n`)).join('');
}
