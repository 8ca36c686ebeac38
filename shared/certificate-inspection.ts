/**
 * What opening a certificate file (PKCS#12) with its passphrase tells: the leaf's public facts,
 * the chain found in the file, and one finding per check. No private key material and no
 * passphrase ever appear here, so an inspection may be journaled, shown and kept as it is.
 */
import { z } from 'zod';

/** Below this many days of validity left a certificate warns (R3 uses the same horizon). */
export const CERTIFICATE_EXPIRY_WARNING_DAYS = 30;
/** RSA keys shorter than this fail; elliptic-curve keys of any standard curve pass. */
export const CERTIFICATE_MIN_RSA_BITS = 2048;

export const certificateFindingIdSchema = z.enum(['chain', 'key-match', 'validity', 'site-hostname', 'appliance-hostname', 'key-size']);
export type CertificateFindingId = z.infer<typeof certificateFindingIdSchema>;

export const certificateFileFindingSchema = z.object({
  id: certificateFindingIdSchema,
  /** False only for `fail`: a warning is worth reading but does not block. */
  ok: z.boolean(),
  severity: z.enum(['fail', 'warn', 'ok']),
  text: z.string(),
});
export type CertificateFileFinding = z.infer<typeof certificateFileFindingSchema>;

export const certificateInspectionSchema = z.object({
  subject: z.string(),
  /** As Node names them: "DNS:host.example", "IP Address:10.0.0.1". */
  subjectAltNames: z.array(z.string()),
  /** ISO times. */
  notBefore: z.string(),
  notAfter: z.string(),
  /** The leaf's SHA-256, "AA:BB:…", the form the TLS pin is compared in. */
  fingerprint256: z.string(),
  keyType: z.enum(['rsa', 'ec', 'other']),
  /** RSA modulus length, or the curve size of an EC key. */
  keyBits: z.number(),
  keyMatches: z.boolean(),
  /** Leaf first, then each issuer found in the file. */
  chain: z.array(z.object({ subject: z.string(), issuer: z.string() })),
  chainComplete: z.boolean(),
  /** modern: PBES2 (PBKDF2 + AES); legacy: PKCS#12 PBE such as pbeWithSHAAnd3-KeyTripleDES-CBC. */
  encryption: z.enum(['modern', 'legacy']),
  findings: z.array(certificateFileFindingSchema),
});
export type CertificateInspection = z.infer<typeof certificateInspectionSchema>;

/** What the inspection expects of the file: the hostnames it must name, at the time `now` (ms). */
export interface CertificateExpectation {
  siteHostname: string;
  applianceHostname: string;
  now: number;
}
