/**
 * The lab's self-signed TLS certificate. Keys come from node:crypto (native, fast) and the
 * certificate is built and signed with node-forge; with a certDir the pair is reused across
 * starts so a browser exception or a pinned fingerprint stays valid.
 */
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface LabCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':'. */
  fingerprint256: string;
}

const VALIDITY_DAYS = 365;
const CERT_FILE = 'lab-cert.pem';
const KEY_FILE = 'lab-key.pem';

export function generateCertificate(hostnames: readonly string[], commonName: string): LabCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgePublic = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const forgePrivate = forge.pki.privateKeyFromPem(keyPem);

  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePublic;
  // Positive serial: a leading 0x00..0x7f byte keeps the DER integer unsigned.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now + VALIDITY_DAYS * 24 * 3600 * 1000);
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Appliance Upgrade Assistant practice lab' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hostnames.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
    },
  ]);
  cert.sign(forgePrivate, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { certPem, keyPem, fingerprint256: fingerprintOf(certPem) };
}

/** Reuses the pair in `certDir` when it is still valid for every hostname, else makes and stores a new one. */
export async function loadOrCreateCertificate(
  certDir: string,
  hostnames: readonly string[],
  commonName: string,
): Promise<LabCertificate> {
  const certPath = join(certDir, CERT_FILE);
  const keyPath = join(certDir, KEY_FILE);
  const cached = await readPair(certPath, keyPath);
  if (cached && coversAll(cached.certPem, hostnames)) {
    return { ...cached, fingerprint256: fingerprintOf(cached.certPem) };
  }
  const fresh = generateCertificate(hostnames, commonName);
  await mkdir(certDir, { recursive: true, mode: 0o700 });
  await writeFile(keyPath, fresh.keyPem, { mode: 0o600 });
  await writeFile(certPath, fresh.certPem);
  return fresh;
}

function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

async function readPair(certPath: string, keyPath: string): Promise<{ certPem: string; keyPem: string } | null> {
  try {
    return { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
  } catch {
    return null;
  }
}

function coversAll(certPem: string, hostnames: readonly string[]): boolean {
  const cert = new X509Certificate(certPem);
  const stillValidForADay = Date.parse(cert.validTo) > Date.now() + 24 * 3600 * 1000;
  return (
    stillValidForADay &&
    hostnames.every((name) => (isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined))
  );
}
