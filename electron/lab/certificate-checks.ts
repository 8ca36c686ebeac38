/**
 * The warnings the lab appliance shows for a certificate it holds or has just imported: chain
 * up to a root, expiry (by the appliance's clock), the site hostname in the SANs, self-signed.
 */
import { X509Certificate } from 'node:crypto';
import { isSelfSigned, signedBy } from './pki';

export type CertificateWarningCode = 'incomplete-chain' | 'hostname-not-covered' | 'expired' | 'expiring-soon' | 'self-signed';

export interface CertificateWarning {
  code: CertificateWarningCode;
  text: string;
}

export interface CheckContext {
  siteHostname: string;
  /** Roots the appliance knows (the lab root plays a public root CA): a chain may end at one of them. */
  trustedRootPems: readonly string[];
  /** The appliance clock, Unix ms. */
  now: number;
}

const DAY_MS = 24 * 3600 * 1000;
const EXPIRING_SOON_DAYS = 30;

export function certificateWarnings(cert: { certPem: string; chainPems: readonly string[] }, ctx: CheckContext): CertificateWarning[] {
  const x509 = new X509Certificate(cert.certPem);
  const warnings: CertificateWarning[] = [];
  const notAfter = Date.parse(x509.validTo);
  const day = new Date(notAfter).toISOString().slice(0, 10);
  if (notAfter <= ctx.now) {
    warnings.push({
      code: 'expired',
      text: `This certificate expired on ${day}. Clients refuse it: import a current certificate and assign it.`,
    });
  } else if (notAfter - ctx.now < EXPIRING_SOON_DAYS * DAY_MS) {
    const days = Math.ceil((notAfter - ctx.now) / DAY_MS);
    warnings.push({
      code: 'expiring-soon',
      text: `This certificate expires on ${day}, in ${days} ${days === 1 ? 'day' : 'days'}. Renew it and import the new one before then.`,
    });
  }
  const selfSigned = isSelfSigned(cert.certPem);
  if (selfSigned) {
    warnings.push({
      code: 'self-signed',
      text: 'This certificate is self-signed: browsers and Jump Clients do not trust it. Import a certificate issued by a certificate authority.',
    });
  } else {
    const missing = missingIssuer(cert.certPem, cert.chainPems, ctx.trustedRootPems);
    if (missing !== null) {
      warnings.push({
        code: 'incomplete-chain',
        text: `The chain up to a root certificate is incomplete: the certificate of “${missing}” is missing. Import a file that includes the intermediate certificates.`,
      });
    }
  }
  if (x509.checkHost(ctx.siteHostname) === undefined) {
    warnings.push({
      code: 'hostname-not-covered',
      text: `The certificate does not cover the site hostname ${ctx.siteHostname}. Clients that reach the site by that name will refuse it.`,
    });
  }
  return warnings;
}

/** The name of the first issuer the chain lacks on the way to a root, or null when it is complete. */
export function missingIssuer(certPem: string, chainPems: readonly string[], trustedRootPems: readonly string[]): string | null {
  let current = certPem;
  const seen = new Set<string>();
  while (!isSelfSigned(current)) {
    if (trustedRootPems.some((root) => signedBy(current, root))) return null;
    const next = chainPems.find((candidate) => !seen.has(candidate) && signedBy(current, candidate));
    if (next === undefined) return issuerName(current);
    seen.add(next);
    current = next;
  }
  return null;
}

function issuerName(certPem: string): string {
  const issuer = new X509Certificate(certPem).issuer;
  return /(?:^|\n)CN=([^\n]+)/.exec(issuer)?.[1] ?? issuer.replace(/\n/g, ', ');
}
