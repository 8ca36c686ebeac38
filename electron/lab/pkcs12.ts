/**
 * PKCS#12 files as the lab appliance's Export writes them and its Import reads them, with
 * node-forge. `modern` encrypts the key with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC); `legacy`
 * with pbeWithSHAAnd3-KeyTripleDES-CBC, for older systems. Certificates sit in an unencrypted
 * bag (as forge writes them); the whole file carries a SHA-1 HMAC keyed by the passphrase.
 */
import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { isSelfSigned, keyMatches, orderChain, signedBy } from './pki';

export type Pkcs12Encryption = 'modern' | 'legacy';

export interface Pkcs12Contents {
  certPem: string;
  /** Omitted or null: a file without the private key. */
  keyPem?: string | null;
  /** Issuers to include, nearest first. */
  chainPems?: readonly string[];
  friendlyName?: string;
}

export function buildPkcs12(contents: Pkcs12Contents, passphrase: string, encryption: Pkcs12Encryption = 'modern'): Buffer {
  const key = contents.keyPem
    ? forge.pki.privateKeyFromPem(createPrivateKey(contents.keyPem).export({ type: 'pkcs1', format: 'pem' }).toString())
    : null;
  const certificates = [contents.certPem, ...(contents.chainPems ?? [])].map((pem) => forge.pki.certificateFromPem(pem));
  const options: Record<string, unknown> =
    encryption === 'modern' ? { algorithm: 'aes256', prfAlgorithm: 'sha256' } : { algorithm: '3des' };
  if (contents.friendlyName) options.friendlyName = contents.friendlyName;
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certificates, passphrase, options);
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export type Pkcs12Problem = 'not-pkcs12' | 'passphrase';

export class Pkcs12Error extends Error {
  constructor(
    readonly problem: Pkcs12Problem,
    message: string,
  ) {
    super(message);
  }
}

export interface OpenedPkcs12 {
  /** The certificate the key belongs to (or, without a key, the one no other certificate in the file was issued by). */
  leafPem: string;
  keyPem: string | null;
  /** The other certificates, the leaf's issuers first, nearest first. */
  chainPems: string[];
  keyMatches: boolean;
  encryption: Pkcs12Encryption | null;
}

const PBES2_OID = '1.2.840.113549.1.5.13';

/** Opens a PKCS#12 file; throws Pkcs12Error for a file that is not one or a passphrase that does not open it. */
export function readPkcs12(bytes: Buffer, passphrase: string): OpenedPkcs12 {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    throw new Pkcs12Error('not-pkcs12', 'This file is not a PKCS#12 certificate file.');
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/mac could not be verified|invalid password|decrypt|padding/i.test(text)) {
      throw new Pkcs12Error('passphrase', 'The passphrase does not open this file.');
    }
    throw new Pkcs12Error('not-pkcs12', 'This file is not a PKCS#12 certificate file.');
  }
  const certificatePems = bagsOf(p12, forge.pki.oids.certBag!)
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined)
    .map((cert) => forge.pki.certificateToPem(cert));
  const keyBags = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(p12, forge.pki.oids.keyBag!)];
  const key = keyBags.find((bag) => bag.key)?.key;
  const keyPem = key ? forge.pki.privateKeyToPem(key) : null;
  if (certificatePems.length === 0) throw new Pkcs12Error('not-pkcs12', 'This file holds no certificate.');
  const leafPem =
    (keyPem ? certificatePems.find((pem) => keyMatches(pem, keyPem)) : undefined) ??
    certificatePems.find((pem) => !certificatePems.some((other) => other !== pem && !isSelfSigned(other) && signedBy(other, pem))) ??
    certificatePems[0]!;
  return {
    leafPem,
    keyPem,
    chainPems: orderChain(
      leafPem,
      certificatePems.filter((pem) => pem !== leafPem),
    ),
    keyMatches: keyPem !== null && keyMatches(leafPem, keyPem),
    encryption: encryptionOf(asn1),
  };
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, type: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType: type })[type] ?? [];
}

/** modern when the key bag is PBES2-encrypted, legacy for a PKCS#12 PBE scheme, null without an encrypted key. */
function encryptionOf(asn1: forge.asn1.Asn1): Pkcs12Encryption | null {
  const der = forge.asn1.toDer(asn1).getBytes();
  if (der.includes(forge.asn1.oidToDer(PBES2_OID).getBytes())) return 'modern';
  if (der.includes(forge.asn1.oidToDer(forge.pki.oids.pkcs8ShroudedKeyBag!).getBytes())) return 'legacy';
  return null;
}
