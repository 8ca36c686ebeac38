/**
 * Inspection of a certificate file (PKCS#12) against what the site needs, with Node's
 * X509Certificate doing every check: the leaf is the certificate whose public key matches the
 * private key; the chain must reach a self-signed root in the file; the key must match the
 * leaf; the leaf must be valid (expired fails, under 30 days warns), name both hostnames and
 * carry an RSA key of at least 2048 bits. The file is only read, never written.
 */
import { isIP } from 'node:net';
import type { KeyObject, X509Certificate } from 'node:crypto';
import {
  CERTIFICATE_EXPIRY_WARNING_DAYS,
  CERTIFICATE_MIN_RSA_BITS,
  type CertificateExpectation,
  type CertificateFileFinding,
  type CertificateInspection,
} from '../../../shared/certificate-inspection';
import { describeCertificate } from '../appliance';
import { noChain, noKey } from './certificate-errors';
import { openPkcs12 } from './pkcs12';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Opens `bytes` with `passphrase` and checks it. Rejects with CERTIFICATE_FILE_INVALID (not
 * PKCS#12, cut short, over 1 MiB), CERTIFICATE_PASSPHRASE_WRONG, CERTIFICATE_KEY_UNPROTECTED,
 * CERTIFICATE_NO_KEY or CERTIFICATE_NO_CHAIN; every other problem is a failed finding.
 */
export function inspectCertificateFile(bytes: Buffer, passphrase: string, expect: CertificateExpectation): CertificateInspection {
  const opened = openPkcs12(bytes, passphrase);
  const { certificates, keys } = opened;
  const paired = findKeyPair(certificates, keys);
  const leaf = paired?.certificate ?? pickLeafWithoutKey(certificates);
  if (keys.length === 0) throw noKey(leaf ? name(leaf) : undefined);
  if (!leaf) throw noChain(undefined);
  const chain = buildChain(leaf, certificates);
  // Only the leaf, not self-signed: no chain at all. A partial chain is a finding instead.
  if (certificates.length === 1 && !chain.complete) throw noChain(name(leaf));

  const info = describeCertificate(leaf.raw);
  const key = leaf.publicKey.asymmetricKeyDetails;
  const keyType = leaf.publicKey.asymmetricKeyType === 'rsa' ? 'rsa' : leaf.publicKey.asymmetricKeyType === 'ec' ? 'ec' : 'other';
  const keyBits = keyType === 'rsa' ? (key?.modulusLength ?? 0) : keyType === 'ec' ? curveBits(key?.namedCurve) : 0;
  const findings: CertificateFileFinding[] = [
    chainFinding(chain, expect.now),
    keyMatchFinding(paired !== undefined, name(leaf)),
    validityFinding(info.validFrom, info.validTo, expect.now),
    ...hostnameFindings(leaf, expect),
    keySizeFinding(keyType, keyBits, key?.namedCurve),
  ];
  return {
    subject: info.subject,
    subjectAltNames: info.subjectAltNames,
    notBefore: info.validFrom,
    notAfter: info.validTo,
    fingerprint256: info.fingerprint256,
    keyType,
    keyBits,
    keyMatches: paired !== undefined,
    chain: chain.certificates.map((c) => ({ subject: oneLine(c.subject), issuer: oneLine(c.issuer) })),
    chainComplete: chain.complete,
    encryption: opened.encryption,
    findings,
  };
}

function findKeyPair(certificates: X509Certificate[], keys: KeyObject[]): { certificate: X509Certificate } | undefined {
  for (const key of keys) {
    const certificate = certificates.find((c) => safely(() => c.checkPrivateKey(key)));
    if (certificate) return { certificate };
  }
  return undefined;
}

/** With no matching key the leaf is the certificate that issued none of the others (the end of the chain). */
function pickLeafWithoutKey(certificates: X509Certificate[]): X509Certificate | undefined {
  const issuesAnother = (candidate: X509Certificate) => certificates.some((other) => other !== candidate && issuedBy(other, candidate));
  return certificates.find((c) => !issuesAnother(c)) ?? certificates[0];
}

interface Chain {
  certificates: X509Certificate[];
  complete: boolean;
  /** Set when the chain stops: the issuer name no certificate in the file matches. */
  missingIssuer?: string;
}

function buildChain(leaf: X509Certificate, certificates: X509Certificate[]): Chain {
  const chain = [leaf];
  for (let current = leaf; !selfSigned(current); ) {
    const issuer = certificates.find((c) => !chain.includes(c) && issuedBy(current, c));
    if (!issuer) return { certificates: chain, complete: false, missingIssuer: oneLine(current.issuer) };
    chain.push(issuer);
    current = issuer;
  }
  return { certificates: chain, complete: true };
}

/** `issuer` is a CA certificate named as `subject`'s issuer whose key verifies its signature. */
function issuedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  return safely(() => subject.checkIssued(issuer) && subject.verify(issuer.publicKey));
}

/** As for a presented certificate: not checkIssued(), which also wants CA key usage a self-signed leaf may lack. */
function selfSigned(certificate: X509Certificate): boolean {
  return certificate.subject === certificate.issuer && safely(() => certificate.verify(certificate.publicKey));
}

function chainFinding(chain: Chain, now: number): CertificateFileFinding {
  if (!chain.complete) {
    return fail('chain', `The chain in the file is incomplete: the certificate that issued ${chain.certificates.length > 1 ? oneLine(chain.certificates.at(-1)!.subject) : 'the leaf'} (${chain.missingIssuer}) is not in it. Export again with "Include chain" ticked.`);
  }
  const expired = chain.certificates.slice(1).find((c) => now > Date.parse(c.validTo));
  if (expired) return fail('chain', `The issuing certificate ${oneLine(expired.subject)} expired on ${day(Date.parse(expired.validTo))}.`);
  const root = chain.certificates.at(-1)!;
  if (chain.certificates.length === 1) return ok('chain', 'The certificate is self-signed; it is its own root.');
  return ok('chain', `The chain is complete up to the root ${oneLine(root.subject)} (${chain.certificates.length} certificates).`);
}

function keyMatchFinding(matches: boolean, leafName: string): CertificateFileFinding {
  return matches
    ? ok('key-match', `The private key in the file belongs to the certificate for ${leafName}.`)
    : fail('key-match', `The private key in the file does not belong to the certificate for ${leafName}; an appliance could not serve it.`);
}

function validityFinding(validFrom: string, validTo: string, now: number): CertificateFileFinding {
  const from = Date.parse(validFrom);
  const to = Date.parse(validTo);
  if (now > to) return fail('validity', `The certificate expired on ${day(to)}.`);
  if (now < from) return fail('validity', `The certificate is not valid before ${day(from)}; check the date and time on this computer.`);
  const days = Math.floor((to - now) / DAY_MS);
  if (to - now < CERTIFICATE_EXPIRY_WARNING_DAYS * DAY_MS) {
    return warn('validity', `The certificate expires on ${day(to)}, in ${days} day${days === 1 ? '' : 's'}; plan its renewal.`);
  }
  return ok('validity', `The certificate is valid until ${day(to)} (${days} more days).`);
}

function hostnameFindings(leaf: X509Certificate, expect: CertificateExpectation): CertificateFileFinding[] {
  const findings = [hostnameFinding(leaf, 'site-hostname', 'the site hostname', expect.siteHostname)];
  const appliance = expect.applianceHostname.trim();
  if (appliance === '') {
    findings.push(warn('appliance-hostname', "The appliance's own hostname is not known, so the certificate was not checked against it."));
  } else if (appliance.toLowerCase() !== expect.siteHostname.trim().toLowerCase()) {
    findings.push(hostnameFinding(leaf, 'appliance-hostname', "the appliance's own hostname", appliance));
  }
  return findings;
}

function hostnameFinding(leaf: X509Certificate, id: 'site-hostname' | 'appliance-hostname', what: string, hostname: string): CertificateFileFinding {
  const wanted = hostname.trim().replace(/\.$/, '');
  // Wildcards cover one left-most label, as in R3; a CN counts only when the SAN names no DNS name.
  const covered = isIP(wanted) ? leaf.checkIP(wanted) !== undefined : leaf.checkHost(wanted, { partialWildcards: false }) !== undefined;
  return covered
    ? ok(id, `The certificate names ${what} ${wanted}.`)
    : fail(id, `The certificate does not name ${what} ${wanted}; Jump Clients and browsers reaching it by that name would not trust it.`);
}

function keySizeFinding(keyType: 'rsa' | 'ec' | 'other', bits: number, curve: string | undefined): CertificateFileFinding {
  if (keyType === 'rsa') {
    return bits < CERTIFICATE_MIN_RSA_BITS
      ? fail('key-size', `The certificate's RSA key is ${bits} bits; at least ${CERTIFICATE_MIN_RSA_BITS} are needed. Issue a new certificate with a longer key.`)
      : ok('key-size', `The certificate's RSA key is ${bits} bits.`);
  }
  if (keyType === 'ec') return ok('key-size', `The certificate has an elliptic-curve key (${curve ?? 'unknown curve'}, ${bits} bits).`);
  return warn('key-size', 'The certificate has a key type other than RSA or elliptic curve; check that the appliance accepts it.');
}

function curveBits(curve: string | undefined): number {
  const bits: Record<string, number> = { prime256v1: 256, 'P-256': 256, secp384r1: 384, 'P-384': 384, secp521r1: 521, 'P-521': 521 };
  return curve ? (bits[curve] ?? 0) : 0;
}

const ok = (id: CertificateFileFinding['id'], text: string): CertificateFileFinding => ({ id, ok: true, severity: 'ok', text });
const warn = (id: CertificateFileFinding['id'], text: string): CertificateFileFinding => ({ id, ok: true, severity: 'warn', text });
const fail = (id: CertificateFileFinding['id'], text: string): CertificateFileFinding => ({ id, ok: false, severity: 'fail', text });

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

function name(certificate: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return cn ?? oneLine(certificate.subject);
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').filter(Boolean).join(', ');
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
