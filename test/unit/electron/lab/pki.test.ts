/**
 * The lab PKI: chains that verify, PKCS#12 files both ways, the fixture flaws, and the
 * per-appliance certificate store (factory state, reset to factory, faults, assignment).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateStore } from '../../../../electron/lab/certificate-store';
import { certificateWarnings, missingIssuer } from '../../../../electron/lab/certificate-checks';
import { isSelfSigned, keyMatches, LabPki, signedBy, subjectAltNames } from '../../../../electron/lab/pki';
import { fixturePkcs12, flawedCertificate, WRONG_SAN_NAME } from '../../../../electron/lab/pki-fixtures';
import { buildPkcs12, Pkcs12Error, readPkcs12 } from '../../../../electron/lab/pkcs12';

let pki: LabPki;
const NAMES = ['appliance-a.lab.example', 'support.lab.example', 'localhost', '127.0.0.1'];
const checks = () => ({ siteHostname: 'support.lab.example', trustedRootPems: [pki.rootPem], now: Date.now() });

beforeAll(() => {
  pki = LabPki.create();
});

describe('LabPki', () => {
  it('issues leaves that chain to the root, with DNS and IP SANs', () => {
    const leaf = pki.issue({ commonName: 'appliance-a.lab.example', names: NAMES });
    expect(signedBy(leaf.certPem, pki.issuing.certPem)).toBe(true);
    expect(signedBy(pki.issuing.certPem, pki.rootPem)).toBe(true);
    expect(isSelfSigned(pki.rootPem)).toBe(true);
    expect(new X509Certificate(pki.issuing.certPem).ca).toBe(true);
    expect(subjectAltNames(leaf.certPem)).toEqual(NAMES);
    expect(keyMatches(leaf.certPem, leaf.keyPem)).toBe(true);
    expect(missingIssuer(leaf.certPem, leaf.chainPems, [])).toBeNull();
  });

  it('keeps a labelled leaf, and reuses CAs and leaves from a certDir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pki-'));
    try {
      const first = LabPki.loadOrCreate(dir);
      const leaf = first.leaf('a', { commonName: 'a', names: NAMES });
      expect(first.leaf('a', { commonName: 'a', names: NAMES })).toBe(leaf);
      const second = LabPki.loadOrCreate(dir);
      expect(second.rootPem).toBe(first.rootPem);
      expect(second.leaf('a', { commonName: 'a', names: NAMES }).fingerprint256).toBe(leaf.fingerprint256);
      // A name the stored leaf does not cover gets a new one.
      expect(second.leaf('a', { commonName: 'a', names: [...NAMES, 'extra.lab.example'] }).fingerprint256).not.toBe(leaf.fingerprint256);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PKCS#12', () => {
  it.each(['modern', 'legacy'] as const)('round-trips a %s file with key and chain', (encryption) => {
    const leaf = pki.issue({ commonName: 'x', names: NAMES });
    const bytes = buildPkcs12({ certPem: leaf.certPem, keyPem: leaf.keyPem, chainPems: leaf.chainPems }, 'pw', encryption);
    const opened = readPkcs12(bytes, 'pw');
    expect(new X509Certificate(opened.leafPem).fingerprint256).toBe(leaf.fingerprint256);
    expect(opened.keyMatches).toBe(true);
    expect(opened.encryption).toBe(encryption);
    expect(opened.chainPems.map((pem) => new X509Certificate(pem).subject)).toEqual([
      expect.stringContaining('Lab Issuing CA'),
      expect.stringContaining('Lab Root CA'),
    ]);
  });

  it('tells a wrong passphrase from a file that is not PKCS#12', () => {
    const { bytes } = fixturePkcs12(pki, { passphrase: 'right' });
    expect(() => readPkcs12(bytes, 'wrong')).toThrow(expect.objectContaining({ problem: 'passphrase' }));
    expect(() => readPkcs12(Buffer.from('hello'), 'right')).toThrow(Pkcs12Error);
    expect(() => readPkcs12(Buffer.from('hello'), 'right')).toThrow(expect.objectContaining({ problem: 'not-pkcs12' }));
  });
});

describe('fixture flaws', () => {
  const leafOptions = { commonName: 'appliance-a.lab.example', names: NAMES };
  it('each flaw shows as the warning the appliance gives', () => {
    const codes = (flaw: Parameters<typeof flawedCertificate>[1]) =>
      certificateWarnings(flawedCertificate(pki, flaw, leafOptions), checks()).map((w) => w.code);
    expect(codes('expired')).toEqual(['expired']);
    expect(codes('expiring')).toEqual(['expiring-soon']);
    expect(codes('wrong-san')).toEqual(['hostname-not-covered']);
    // The appliance knows the lab root, so only the missing issuing CA breaks the chain.
    expect(certificateWarnings(flawedCertificate(pki, 'incomplete-chain', leafOptions), { ...checks(), trustedRootPems: [] }).map((w) => w.code)).toEqual(['incomplete-chain']);
    const expiring = flawedCertificate(pki, 'expiring', leafOptions);
    const daysLeft = (Date.parse(new X509Certificate(expiring.certPem).validTo) - Date.now()) / 86_400_000;
    expect(Math.round(daysLeft)).toBe(20);
    expect(subjectAltNames(flawedCertificate(pki, 'wrong-san', leafOptions).certPem)).toContain(WRONG_SAN_NAME);
    const mismatched = flawedCertificate(pki, 'mismatched-key', leafOptions);
    expect(keyMatches(mismatched.certPem, mismatched.keyPem)).toBe(false);
  });
});

describe('CertificateStore', () => {
  let changes = 0;
  const watch = (store: CertificateStore) => {
    store.onChange = () => {
      changes += 1;
    };
    return store;
  };
  afterAll(() => {
    changes = 0;
  });

  it('factory state: one self-signed certificate for the hostname, assigned to the IP', () => {
    const store = CertificateStore.factory('appliance-n.lab.example', '10.20.0.21');
    const [only] = store.list();
    expect(store.list()).toHaveLength(1);
    expect(isSelfSigned(only!.certPem)).toBe(true);
    expect(subjectAltNames(only!.certPem)).toEqual(['appliance-n.lab.example', 'localhost', '127.0.0.1']);
    expect(store.assignedIps(only!.id)).toEqual(['10.20.0.21']);
    expect(certificateWarnings(only!, checks()).map((w) => w.code)).toEqual(['self-signed', 'hostname-not-covered']);
  });

  it('serves what is assigned, re-issues with a fault and resets to a fresh factory certificate', () => {
    const store = watch(CertificateStore.issued(pki, { hostname: 'appliance-a.lab.example', ip: '10.20.0.11', siteHostname: 'support.lab.example' }));
    const original = store.served();
    expect(signedBy(original.certPem, pki.issuing.certPem)).toBe(true);

    const imported = store.add(pki.issue({ commonName: 'new', names: NAMES }), 'imported');
    expect(store.served().id).toBe(original.id);
    const before = changes;
    store.assign(imported.id, '10.20.0.11');
    expect(store.served().fingerprint256).toBe(imported.fingerprint256);
    expect(changes).toBe(before + 1);

    store.setFlaw('wrong-san');
    expect(store.served().id).toBe(imported.id);
    expect(store.served().fingerprint256).not.toBe(imported.fingerprint256);
    store.setFlaw(null);
    expect(store.served().fingerprint256).toBe(imported.fingerprint256);

    store.setFlaw('mismatched-key');
    expect(store.served().fingerprint256).toBe(imported.fingerprint256);
    expect(keyMatches(imported.certPem, store.exportKeyPem(imported.id)!)).toBe(false);
    store.setFlaw(null);

    store.resetToFactory();
    const [factory] = store.list();
    expect(store.list()).toHaveLength(1);
    expect(isSelfSigned(factory!.certPem)).toBe(true);
    expect(store.served().id).toBe(factory!.id);
    expect(factory!.id).not.toBe(original.id);
  });
});
