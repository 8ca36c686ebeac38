/**
 * Certificates with one flaw each, made on demand by the lab PKI: what the `certificate`
 * fault serves and what tests use as fixture files (good, expired, expiring in 20 days,
 * incomplete chain, mismatched key, wrong SAN; modern or legacy PKCS#12).
 */
import { newKeyPem, type CertificateBundle, type LabPki, type LeafOptions } from './pki';
import { buildPkcs12, type Pkcs12Encryption } from './pkcs12';

export const CERTIFICATE_FLAWS = ['expired', 'expiring', 'incomplete-chain', 'mismatched-key', 'wrong-san'] as const;
export type CertificateFlaw = (typeof CERTIFICATE_FLAWS)[number];

export function isCertificateFlaw(value: unknown): value is CertificateFlaw {
  return typeof value === 'string' && (CERTIFICATE_FLAWS as readonly string[]).includes(value);
}

const DAY_MS = 24 * 3600 * 1000;
/** Days left on an `expiring` certificate: under the 30 days that warn. */
export const EXPIRING_DAYS = 20;
/** The name a `wrong-san` certificate covers instead of the appliance and site hostnames. */
export const WRONG_SAN_NAME = 'other-site.lab.example';
/** Loopback names every lab certificate keeps, so a flawed one can still be reached in the lab. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1'];

/**
 * A certificate like `options` but with `flaw`, issued by the PKI's issuing CA:
 * - expired: ended 10 days ago; expiring: ends in 20 days;
 * - incomplete-chain: its chain lacks the issuing CA (only the root goes with it);
 * - mismatched-key: a correct certificate whose keyPem is another key;
 * - wrong-san: covers only WRONG_SAN_NAME and the loopback names.
 */
export function flawedCertificate(pki: LabPki, flaw: CertificateFlaw, options: LeafOptions, now = Date.now()): CertificateBundle {
  switch (flaw) {
    case 'expired':
      return pki.issue({ ...options, notBefore: new Date(now - 375 * DAY_MS), notAfter: new Date(now - 10 * DAY_MS) });
    case 'expiring':
      return pki.issue({ ...options, notBefore: new Date(now - 345 * DAY_MS), notAfter: new Date(now + EXPIRING_DAYS * DAY_MS) });
    case 'incomplete-chain':
      return { ...pki.issue(options), chainPems: [pki.rootPem] };
    case 'mismatched-key':
      return { ...pki.issue(options), keyPem: newKeyPem() };
    case 'wrong-san':
      return pki.issue({ ...options, names: [WRONG_SAN_NAME, ...LOOPBACK_NAMES] });
  }
}

export interface FixtureOptions {
  /** Omitted: a good certificate. */
  flaw?: CertificateFlaw;
  /** Default: appliance-a.lab.example and support.lab.example plus the loopback names. */
  names?: readonly string[];
  commonName?: string;
  passphrase: string;
  encryption?: Pkcs12Encryption;
  /** Default true. */
  includeKey?: boolean;
  /** Default true (issuing CA and root, or what the flaw leaves of them). */
  includeChain?: boolean;
  now?: number;
}

export const FIXTURE_NAMES = ['appliance-a.lab.example', 'support.lab.example', ...LOOPBACK_NAMES];

/** A PKCS#12 file for tests, and the certificate in it. */
export function fixturePkcs12(pki: LabPki, options: FixtureOptions): { bytes: Buffer; certificate: CertificateBundle } {
  const leaf: LeafOptions = { commonName: options.commonName ?? 'appliance-a.lab.example', names: options.names ?? FIXTURE_NAMES };
  const certificate = options.flaw ? flawedCertificate(pki, options.flaw, leaf, options.now) : pki.issue(leaf);
  const bytes = buildPkcs12(
    {
      certPem: certificate.certPem,
      keyPem: options.includeKey === false ? null : certificate.keyPem,
      chainPems: options.includeChain === false ? [] : certificate.chainPems,
    },
    options.passphrase,
    options.encryption,
  );
  return { bytes, certificate };
}
