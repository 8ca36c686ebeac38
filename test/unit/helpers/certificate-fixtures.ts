/**
 * Certificate files made at test time: a root → intermediate → leaf PKI (keys from node:crypto,
 * certificates built and signed with node-forge) and PKCS#12 files of it, modern (AES-256,
 * PBKDF2) or legacy (3DES). Keys are made once per test file and reused: RSA 2048 takes a while.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { buildCertificate } from '../../../electron/lab/pki';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface FixtureKey {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  /** PKCS#8 PEM of the private key, to prove it never reaches the disk. */
  privatePem: string;
}

const keyCache = new Map<string, FixtureKey>();

/** An RSA key pair, the same one for the same `name` within one test file. */
export function fixtureKey(name: string, bits = 2048): FixtureKey {
  const cacheKey = `${name}/${bits}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    const pair = generateKeyPairSync('rsa', { modulusLength: bits });
    const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    key = {
      privateKey: forge.pki.privateKeyFromPem(privatePem),
      publicKey: forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
      privatePem,
    };
    keyCache.set(cacheKey, key);
  }
  return key;
}

export interface IssuedCertificate {
  cert: forge.pki.Certificate;
  key: FixtureKey;
}

export interface CertificateOptions {
  commonName: string;
  key: FixtureKey;
  /** Signed by this one; omitted = self-signed. */
  issuer?: IssuedCertificate;
  ca?: boolean;
  /** DNS names and IP addresses for the SAN. */
  names?: string[];
  /** Validity around `now` (ms): from `now - pastDays` to `now + days`. */
  now: number;
  days?: number;
  pastDays?: number;
}

export function issueCertificate(options: CertificateOptions): IssuedCertificate {
  // The lab's own builder (electron/lab/pki.ts): the fixtures differ only in names, keys and dates.
  const pem = buildCertificate({
    commonName: options.commonName,
    ...(options.names ? { names: options.names } : {}),
    keyPem: options.key.privatePem,
    issuer: options.issuer ? { certPem: forge.pki.certificateToPem(options.issuer.cert), keyPem: options.issuer.key.privatePem } : null,
    ca: options.ca ?? false,
    notBefore: new Date(options.now - (options.pastDays ?? 10) * DAY_MS),
    notAfter: new Date(options.now + (options.days ?? 365) * DAY_MS),
  });
  return { cert: forge.pki.certificateFromPem(pem), key: options.key };
}

export interface FixturePki {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
  leaf: IssuedCertificate;
}

export const SITE_HOSTNAME = 'support.fixture.example';
export const APPLIANCE_HOSTNAME = 'appliance-a.fixture.example';

/** Root "Fixture Root CA" → "Fixture Issuing CA" → leaf naming both fixture hostnames. */
export function fixturePki(now: number, leaf: Partial<Omit<CertificateOptions, 'issuer' | 'now'>> = {}): FixturePki {
  const root = issueCertificate({ commonName: 'Fixture Root CA', key: fixtureKey('root'), ca: true, now, days: 3650 });
  const intermediate = issueCertificate({ commonName: 'Fixture Issuing CA', key: fixtureKey('intermediate'), issuer: root, ca: true, now, days: 1825 });
  const issued = issueCertificate({
    commonName: APPLIANCE_HOSTNAME,
    key: fixtureKey('leaf'),
    names: [APPLIANCE_HOSTNAME, SITE_HOSTNAME, 'localhost', '127.0.0.1'],
    ...leaf,
    issuer: intermediate,
    now,
  });
  return { root, intermediate, leaf: issued };
}

export interface Pkcs12Options {
  /** The private key to include; null leaves it out. */
  key: FixtureKey | null;
  certificates: IssuedCertificate[];
  /** null: no encryption at all (a key in the clear). */
  passphrase: string | null;
  encryption?: 'modern' | 'legacy';
  /** false: no integrity MAC, so only the decryption can tell a wrong passphrase. */
  useMac?: boolean;
  /** Rewrites the MAC's iteration count after the fact (the MAC no longer verifies): a hostile file. */
  macIterations?: number;
}

export function pkcs12File(options: Pkcs12Options): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    options.key?.privateKey ?? null,
    options.certificates.map((c) => c.cert),
    options.passphrase,
    // forge derives the local key id from the first certificate, so a key alone needs none.
    { algorithm: options.encryption === 'legacy' ? '3des' : 'aes256', friendlyName: 'fixture', generateLocalKeyId: options.certificates.length > 0, useMac: options.useMac ?? true },
  );
  if (options.macIterations !== undefined) {
    // PFX { version, authSafe, MacData { mac, macSalt, iterations } }
    const macData = (asn1.value as forge.asn1.Asn1[])[2]!;
    (macData.value as forge.asn1.Asn1[])[2]!.value = forge.asn1.integerToDer(options.macIterations).getBytes();
  }
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The usual export: leaf, its key and the whole chain. */
export function fullExport(pki: FixturePki, passphrase: string, encryption: 'modern' | 'legacy' = 'modern'): Buffer {
  return pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf, pki.intermediate, pki.root], passphrase, encryption });
}
