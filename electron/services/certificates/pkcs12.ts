/**
 * Opens a PKCS#12 file in memory with node-forge and hands back what Node's crypto checks:
 * X509Certificates and private KeyObjects. Tells a file that is not PKCS#12 at all from one
 * the passphrase does not open, and reads which encryption protects it. Nothing is written
 * and the passphrase goes nowhere but into forge.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { CERTIFICATE_FILE_MAX_BYTES, fileInvalid, fileTooLarge, keyUnprotected, passphraseWrong } from './certificate-errors';

export interface OpenedPkcs12 {
  certificates: X509Certificate[];
  keys: KeyObject[];
  encryption: 'modern' | 'legacy';
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  pbes2: '1.2.840.113549.1.5.13',
} as const;

/** OpenSSL and Windows use 2,048 to 10,000; some tools 600,000. Beyond this the file is hostile or broken. */
const MAX_KEY_DERIVATION_ROUNDS = 1_000_000;

export function openPkcs12(bytes: Buffer, passphrase: string): OpenedPkcs12 {
  if (bytes.length > CERTIFICATE_FILE_MAX_BYTES) throw fileTooLarge(bytes.length);
  if (bytes.length === 0) throw fileInvalid('the file is empty.');
  const outer = readPfxStructure(bytes);
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(outer.asn1, false, passphrase);
  } catch (error) {
    // The structure read fine, so a failure now is the passphrase (the MAC, a decryption, or in a
    // file without MAC the garbage a wrong key decrypts to) unless the MAC proved it right.
    if (looksLikePassphrase(error) || (!outer.hasMac && outer.algorithms.length > 0)) throw passphraseWrong();
    throw fileInvalid('it is PKCS#12 but uses a form or an encryption this assistant cannot read.');
  }
  const certificates: X509Certificate[] = [];
  const keys: KeyObject[] = [];
  for (const safe of pfx.safeContents) {
    for (const bag of safe.safeBags) {
      if (bag.type === forge.pki.oids.certBag) {
        const certificate = toX509(bag);
        if (certificate) certificates.push(certificate);
      } else if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
        const key = toKeyObject(bag);
        if (key) keys.push(key);
      }
    }
  }
  return { certificates, keys, encryption: encryptionOf(outer.algorithms) };
}

interface PfxStructure {
  asn1: forge.asn1.Asn1;
  hasMac: boolean;
  /** The encryption algorithm OIDs visible without the passphrase (encrypted safes, shrouded keys). */
  algorithms: string[];
}

/**
 * Reads the PFX envelope without the passphrase, strictly (a file cut short fails here, not as a
 * wrong passphrase); anything malformed is not PKCS#12. A private key in the clear is refused.
 */
function readPfxStructure(bytes: Buffer): PfxStructure {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(bytes.toString('binary'), true);
  } catch {
    const text = bytes.subarray(0, 64).toString('latin1');
    if (text.includes('-----BEGIN')) throw fileInvalid('it is a PEM text file, not a PKCS#12 (.p12 or .pfx) file.');
    throw fileInvalid('it is cut short or is not a PKCS#12 (.p12 or .pfx) file.');
  }
  const parts = children(asn1);
  const version = parts[0];
  const authSafe = children(parts[1]);
  if (
    !version ||
    version.type !== forge.asn1.Type.INTEGER ||
    typeof version.value !== 'string' ||
    version.value.charCodeAt(version.value.length - 1) !== 3 ||
    oidOf(authSafe[0]) !== OID.data
  ) {
    throw fileInvalid('it is not a PKCS#12 (.p12 or .pfx) file.');
  }
  const algorithms: string[] = [];
  let keyInClear = false;
  // MacData { mac, macSalt, iterations DEFAULT 1 }
  const rounds = iterationCounts(parts[2]);
  try {
    const safes = children(forge.asn1.fromDer(octets(children(authSafe[1])[0]), true));
    for (const contentInfo of safes) {
      const [type, wrapped] = children(contentInfo);
      const content = children(wrapped)[0];
      if (oidOf(type) === OID.encryptedData) {
        // EncryptedData { version, EncryptedContentInfo { contentType, AlgorithmIdentifier, … } }
        const algorithm = children(children(children(content)[1])[1]);
        algorithms.push(oidOf(algorithm[0]) ?? 'unknown');
        rounds.push(...iterationCounts(algorithm[1]));
      } else if (oidOf(type) === OID.data) {
        for (const bag of children(forge.asn1.fromDer(octets(content), true))) {
          const [bagId, bagValue] = children(bag);
          if (oidOf(bagId) === OID.keyBag) keyInClear = true;
          if (oidOf(bagId) !== OID.shroudedKeyBag) continue;
          // EncryptedPrivateKeyInfo { AlgorithmIdentifier { algorithm, … }, encryptedData }
          const algorithm = children(children(children(bagValue)[0])[0]);
          algorithms.push(oidOf(algorithm[0]) ?? 'unknown');
          rounds.push(...iterationCounts(algorithm[1]));
        }
      }
    }
  } catch {
    throw fileInvalid('its contents are damaged or cut short.');
  }
  if (keyInClear) throw keyUnprotected();
  // Key derivation runs in this process: a file asking for absurd work is refused, not obeyed.
  const most = Math.max(0, ...rounds);
  if (most > MAX_KEY_DERIVATION_ROUNDS) throw fileInvalid(`it asks for ${most.toLocaleString('en')} key-derivation rounds, far more than any export uses.`);
  return { asn1, hasMac: parts.length > 2, algorithms };
}

/**
 * The iteration counts in a PBE parameter block or MacData: the INTEGERs among its direct
 * children and those of its nested SEQUENCEs (PBES2 keeps PBKDF2's count one level down).
 */
function iterationCounts(node: forge.asn1.Asn1 | undefined): number[] {
  const counts: number[] = [];
  const visit = (n: forge.asn1.Asn1, depth: number) => {
    for (const child of children(n)) {
      if (child.type === forge.asn1.Type.INTEGER && typeof child.value === 'string' && child.tagClass === forge.asn1.Class.UNIVERSAL) {
        counts.push(child.value.length > 6 ? Number.MAX_SAFE_INTEGER : parseInt(forge.util.bytesToHex(child.value) || '0', 16));
      } else if (depth < 3 && child.constructed) visit(child, depth + 1);
    }
  };
  if (node) visit(node, 0);
  return counts;
}

/** PBES2 (PBKDF2 with AES) everywhere is modern; any PKCS#12 or PBES1 scheme (3DES, RC2) is legacy. */
function encryptionOf(algorithms: string[]): 'modern' | 'legacy' {
  return algorithms.length > 0 && algorithms.every((oid) => oid === OID.pbes2) ? 'modern' : 'legacy';
}

function looksLikePassphrase(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /password|decrypt|MAC/i.test(message);
}

function toX509(bag: forge.pkcs12.Bag): X509Certificate | undefined {
  // forge parses RSA certificates only; others come back as their ASN.1.
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  if (!asn1) return undefined;
  try {
    return new X509Certificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  } catch {
    throw fileInvalid('a certificate inside it cannot be read.');
  }
}

function toKeyObject(bag: forge.pkcs12.Bag): KeyObject | undefined {
  // forge parses RSA keys only; for others (EC) `asn1` holds the decrypted PrivateKeyInfo.
  const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
  if (!info) return undefined;
  const der = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw fileInvalid('the private key inside it cannot be read.');
  } finally {
    der.fill(0);
  }
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as forge.asn1.Asn1[]) : [];
}

function oidOf(node: forge.asn1.Asn1 | undefined): string | undefined {
  if (!node || node.type !== forge.asn1.Type.OID || typeof node.value !== 'string') return undefined;
  return forge.asn1.derToOid(node.value);
}

/** An OCTET STRING's bytes; BER may split it into a constructed string of chunks. */
function octets(node: forge.asn1.Asn1 | undefined): string {
  if (!node) throw new Error('missing OCTET STRING');
  if (typeof node.value === 'string') return node.value;
  return children(node).map(octets).join('');
}
