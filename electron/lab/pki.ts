/**
 * The lab's small PKI: a root CA ("Lab Root CA") and an issuing CA ("Lab Issuing CA") made at
 * start, leaves issued by it, self-signed factory certificates, and PKCS#12 files built and
 * opened the way an appliance's Export and Import do. Keys come from node:crypto (native,
 * fast); certificates are built and signed with node-forge. With a certDir the CAs and the
 * leaves are kept there and reused while still valid, so a trusted root or a pinned
 * fingerprint survives restarts.
 */
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

/** A certificate with its private key and the issuers that go with it, nearest first (root last). */
export interface CertificateBundle {
  certPem: string;
  keyPem: string;
  chainPems: string[];
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':'. */
  fingerprint256: string;
}

/** A certificate authority: its certificate and the key it signs with. */
export interface CaMaterial {
  certPem: string;
  keyPem: string;
}

export interface LeafOptions {
  commonName: string;
  /** DNS names and IP addresses (told apart by their form) for the subjectAltName. */
  names: readonly string[];
  notBefore?: Date;
  notAfter?: Date;
}

export const ROOT_CA_NAME = 'Lab Root CA';
export const ISSUING_CA_NAME = 'Lab Issuing CA';
const ORGANISATION = 'Appliance Upgrade Assistant practice lab';
const DAY_MS = 24 * 3600 * 1000;
const LEAF_DAYS = 365;
const CA_DAYS = 3650;

const ROOT_FILE = 'lab-root-ca.pem';
const ROOT_KEY_FILE = 'lab-root-ca-key.pem';
const ISSUING_FILE = 'lab-issuing-ca.pem';
const ISSUING_KEY_FILE = 'lab-issuing-ca-key.pem';

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** A fresh RSA 2048 private key (PKCS#8 PEM), made natively. */
export function newKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export interface BuildOptions {
  commonName: string;
  names?: readonly string[];
  keyPem: string;
  /** null = self-signed with keyPem. */
  issuer: CaMaterial | null;
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
}

/** One certificate (PEM) for `keyPem`, signed by `issuer` (or by itself); tests build their fixtures with it too. */
export function buildCertificate(options: BuildOptions): string {
  const publicPem = createPublicKey(options.keyPem).export({ type: 'spki', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // Positive serial: a leading 0x00..0x7f byte keeps the DER integer unsigned.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const subject = [
    { name: 'commonName', value: options.commonName },
    { name: 'organizationName', value: ORGANISATION },
  ];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? forge.pki.certificateFromPem(options.issuer.certPem).subject.attributes : subject);
  const extensions: object[] = options.ca
    ? [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ]
    : [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
      ];
  if (options.names && options.names.length > 0) {
    extensions.push({
      name: 'subjectAltName',
      altNames: options.names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
    });
  }
  extensions.push({ name: 'subjectKeyIdentifier' });
  cert.setExtensions(extensions);
  const signingKey = forge.pki.privateKeyFromPem(toPkcs1(options.issuer?.keyPem ?? options.keyPem));
  cert.sign(signingKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** forge reads RSA keys in PKCS#1 or PKCS#8 PEM; node:crypto writes PKCS#8: give it PKCS#1, which it always reads. */
function toPkcs1(keyPem: string): string {
  return createPrivateKey(keyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
}

function validity(options: { notBefore?: Date; notAfter?: Date }, days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return {
    notBefore: options.notBefore ?? new Date(now - DAY_MS),
    notAfter: options.notAfter ?? new Date(now + days * DAY_MS),
  };
}

export function createRootCa(commonName = ROOT_CA_NAME): CaMaterial {
  const keyPem = newKeyPem();
  return { keyPem, certPem: buildCertificate({ commonName, keyPem, issuer: null, ca: true, ...validity({}, CA_DAYS) }) };
}

export function createIssuingCa(root: CaMaterial, commonName = ISSUING_CA_NAME): CaMaterial {
  const keyPem = newKeyPem();
  return { keyPem, certPem: buildCertificate({ commonName, keyPem, issuer: root, ca: true, ...validity({}, CA_DAYS) }) };
}

/** A server certificate signed by `issuer`; `chainPems` are the issuers above it, nearest first. */
export function issueLeaf(issuer: CaMaterial, chainPems: string[], options: LeafOptions, keyPem = newKeyPem()): CertificateBundle {
  const certPem = buildCertificate({ ...options, keyPem, issuer, ca: false, ...validity(options, LEAF_DAYS) });
  return { certPem, keyPem, chainPems: [...chainPems], fingerprint256: fingerprintOf(certPem) };
}

/** A self-signed server certificate, as an appliance makes for itself in factory state. */
export function selfSignedCertificate(options: LeafOptions, keyPem = newKeyPem()): CertificateBundle {
  const certPem = buildCertificate({ ...options, keyPem, issuer: null, ca: false, ...validity(options, LEAF_DAYS) });
  return { certPem, keyPem, chainPems: [], fingerprint256: fingerprintOf(certPem) };
}

/** Root → issuing CA → leaves. Leaves asked for by label are made once and kept (and stored with a certDir). */
export class LabPki {
  private readonly leaves = new Map<string, CertificateBundle>();

  constructor(
    readonly root: CaMaterial,
    readonly issuing: CaMaterial,
    private readonly certDir?: string,
  ) {}

  static create(): LabPki {
    const root = createRootCa();
    return new LabPki(root, createIssuingCa(root));
  }

  /** Reuses the CAs stored in certDir while valid and consistent, else makes and stores new ones. */
  static loadOrCreate(certDir: string): LabPki {
    mkdirSync(certDir, { recursive: true, mode: 0o700 });
    const root = readCa(certDir, ROOT_FILE, ROOT_KEY_FILE);
    const issuing = readCa(certDir, ISSUING_FILE, ISSUING_KEY_FILE);
    if (root && issuing && stillValid(root.certPem) && stillValid(issuing.certPem) && signedBy(issuing.certPem, root.certPem)) {
      return new LabPki(root, issuing, certDir);
    }
    const fresh = LabPki.create();
    writePair(certDir, ROOT_FILE, ROOT_KEY_FILE, fresh.root);
    writePair(certDir, ISSUING_FILE, ISSUING_KEY_FILE, fresh.issuing);
    return new LabPki(fresh.root, fresh.issuing, certDir);
  }

  get rootPem(): string {
    return this.root.certPem;
  }

  /** What goes with a leaf of this PKI: the issuing CA, then the root. */
  get chainPems(): string[] {
    return [this.issuing.certPem, this.root.certPem];
  }

  /** A new leaf every call. */
  issue(options: LeafOptions, keyPem?: string): CertificateBundle {
    return issueLeaf(this.issuing, this.chainPems, options, keyPem);
  }

  /** The leaf kept under `label`: made on first use (or read from certDir while it still fits). */
  leaf(label: string, options: LeafOptions): CertificateBundle {
    const kept = this.leaves.get(label);
    if (kept && fits(kept.certPem, options.names)) return kept;
    const file = `leaf-${label.replace(/[^\w.-]/g, '_')}`;
    const stored = this.certDir ? readCa(this.certDir, `${file}.pem`, `${file}-key.pem`) : null;
    const reused = stored !== null && fits(stored.certPem, options.names) && signedBy(stored.certPem, this.issuing.certPem);
    const leaf = reused
      ? { ...stored, chainPems: this.chainPems, fingerprint256: fingerprintOf(stored.certPem) }
      : this.issue(options);
    if (this.certDir && !reused) writePair(this.certDir, `${file}.pem`, `${file}-key.pem`, leaf);
    this.leaves.set(label, leaf);
    return leaf;
  }
}

function readCa(dir: string, certFile: string, keyFile: string): CaMaterial | null {
  try {
    return { certPem: readFileSync(join(dir, certFile), 'utf8'), keyPem: readFileSync(join(dir, keyFile), 'utf8') };
  } catch {
    return null;
  }
}

function writePair(dir: string, certFile: string, keyFile: string, pair: CaMaterial): void {
  writeFileSync(join(dir, keyFile), pair.keyPem, { mode: 0o600 });
  // An existing key file keeps its old mode through writeFileSync: make it private anyway.
  chmodSync(join(dir, keyFile), 0o600);
  writeFileSync(join(dir, certFile), pair.certPem);
}

function stillValid(certPem: string): boolean {
  try {
    return Date.parse(new X509Certificate(certPem).validTo) > Date.now() + DAY_MS;
  } catch {
    return false;
  }
}

function fits(certPem: string, names: readonly string[]): boolean {
  if (!stillValid(certPem)) return false;
  const cert = new X509Certificate(certPem);
  return names.every((name) => (isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined));
}

export function signedBy(certPem: string, issuerPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const issuer = new X509Certificate(issuerPem);
    return cert.issuer === issuer.subject && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function isSelfSigned(certPem: string): boolean {
  return signedBy(certPem, certPem);
}

/** Whether `keyPem` is the private half of the certificate's public key. */
export function keyMatches(certPem: string, keyPem: string): boolean {
  try {
    const fromKey = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
    const fromCert = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
    return fromKey.equals(fromCert);
  } catch {
    return false;
  }
}

/** The DNS names and IP addresses of the certificate's subjectAltName, in its order. */
export function subjectAltNames(certPem: string): string[] {
  const extension = forge.pki.certificateFromPem(certPem).getExtension('subjectAltName') as
    | { altNames?: { type: number; value?: string; ip?: string }[] }
    | undefined;
  return (extension?.altNames ?? [])
    .map((name) => (name.type === 7 ? (name.ip ?? '') : name.type === 2 ? (name.value ?? '') : ''))
    .filter((name) => name !== '');
}

export function commonNameOf(certPem: string): string {
  const field = forge.pki.certificateFromPem(certPem).subject.getField('CN') as { value?: string } | null;
  return field?.value ?? new X509Certificate(certPem).subject;
}

/** The issuers of `leafPem` found among `others`, nearest first; certificates that are not on its path come last. */
export function orderChain(leafPem: string, others: readonly string[]): string[] {
  const remaining = [...others];
  const ordered: string[] = [];
  let current = leafPem;
  for (;;) {
    if (isSelfSigned(current)) break;
    const next = remaining.findIndex((candidate) => signedBy(current, candidate));
    if (next < 0) break;
    current = remaining.splice(next, 1)[0]!;
    ordered.push(current);
  }
  return [...ordered, ...remaining];
}
