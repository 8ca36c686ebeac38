import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_FILE_MAX_BYTES, inspectCertificateFile, type CertificateInspection } from '../../../../../electron/services/certificates';
import { AppError } from '../../../../../shared/errors';
import {
  APPLIANCE_HOSTNAME,
  fixtureKey,
  fixturePki,
  fullExport,
  issueCertificate,
  pkcs12File,
  SITE_HOSTNAME,
} from '../../../helpers/certificate-fixtures';

const now = Date.parse('2026-12-01T12:00:00.000Z');
const expectation = { siteHostname: SITE_HOSTNAME, applianceHostname: APPLIANCE_HOSTNAME, now };
const PASS = 'correct horse 7';

function finding(inspection: CertificateInspection, id: string) {
  const found = inspection.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id}`);
  return found;
}

function failed(inspection: CertificateInspection): string[] {
  return inspection.findings.filter((f) => !f.ok).map((f) => f.id);
}

function rejection(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a rejection');
}

const pki = fixturePki(now);

describe('a good certificate file', () => {
  it.each(['modern', 'legacy'] as const)('%s: opens, names the leaf, finds the whole chain and passes every check', (encryption) => {
    const inspection = inspectCertificateFile(fullExport(pki, PASS, encryption), PASS, expectation);
    const leafDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(pki.leaf.cert)).getBytes(), 'binary');
    expect(inspection.fingerprint256).toBe(new X509Certificate(leafDer).fingerprint256);
    expect(inspection.subject).toContain(`CN=${APPLIANCE_HOSTNAME}`);
    expect(inspection.subjectAltNames).toEqual(expect.arrayContaining([`DNS:${SITE_HOSTNAME}`, `DNS:${APPLIANCE_HOSTNAME}`]));
    expect(inspection.encryption).toBe(encryption);
    expect(inspection.keyMatches).toBe(true);
    expect(inspection.chainComplete).toBe(true);
    expect(inspection.chain.map((c) => c.subject)).toEqual([expect.stringContaining(APPLIANCE_HOSTNAME), expect.stringContaining('Fixture Issuing CA'), expect.stringContaining('Fixture Root CA')]);
    expect(inspection.keyType).toBe('rsa');
    expect(inspection.keyBits).toBe(2048);
    expect(Date.parse(inspection.notAfter) - now).toBe(365 * 24 * 3600 * 1000);
    expect(inspection.findings.map((f) => [f.id, f.severity])).toEqual([
      ['chain', 'ok'],
      ['key-match', 'ok'],
      ['validity', 'ok'],
      ['site-hostname', 'ok'],
      ['appliance-hostname', 'ok'],
      ['key-size', 'ok'],
    ]);
  });

  it('finds the leaf by its key whatever the order of the certificates in the file', () => {
    const file = pkcs12File({ key: pki.leaf.key, certificates: [pki.root, pki.intermediate, pki.leaf], passphrase: PASS });
    const inspection = inspectCertificateFile(file, PASS, expectation);
    expect(inspection.subject).toContain(APPLIANCE_HOSTNAME);
    expect(inspection.chainComplete).toBe(true);
  });

  it('accepts a wildcard that covers both hostnames', () => {
    const wild = fixturePki(now, { names: ['*.fixture.example'] });
    const inspection = inspectCertificateFile(fullExport(wild, PASS), PASS, expectation);
    expect(failed(inspection)).toEqual([]);
    expect(inspectCertificateFile(fullExport(wild, PASS), PASS, { ...expectation, siteHostname: 'a.b.fixture.example' }).findings.find((f) => f.id === 'site-hostname')?.ok).toBe(false);
  });

  it('takes a self-signed certificate as its own complete chain', () => {
    const self = issueCertificate({ commonName: APPLIANCE_HOSTNAME, key: fixtureKey('leaf'), names: [APPLIANCE_HOSTNAME, SITE_HOSTNAME], now });
    const inspection = inspectCertificateFile(pkcs12File({ key: self.key, certificates: [self], passphrase: PASS }), PASS, expectation);
    expect(inspection.chainComplete).toBe(true);
    expect(inspection.chain).toHaveLength(1);
    expect(failed(inspection)).toEqual([]);
  });
});

describe('validity', () => {
  it('fails a certificate that has expired', () => {
    const expired = fixturePki(now, { pastDays: 400, days: -3 });
    const inspection = inspectCertificateFile(fullExport(expired, PASS), PASS, expectation);
    expect(finding(inspection, 'validity')).toMatchObject({ ok: false, severity: 'fail', text: expect.stringContaining('expired on 2026-11-28') });
    expect(failed(inspection)).toEqual(['validity']);
  });

  it('warns, without failing, for a certificate expiring in 20 days', () => {
    const soon = fixturePki(now, { days: 20 });
    const inspection = inspectCertificateFile(fullExport(soon, PASS), PASS, expectation);
    expect(finding(inspection, 'validity')).toMatchObject({ ok: true, severity: 'warn', text: expect.stringContaining('in 20 days') });
    expect(failed(inspection)).toEqual([]);
  });

  it('passes 31 days left without a warning', () => {
    const inspection = inspectCertificateFile(fullExport(fixturePki(now, { days: 31 }), PASS), PASS, expectation);
    expect(finding(inspection, 'validity').severity).toBe('ok');
  });

  it('fails a certificate that is not valid yet', () => {
    const inspection = inspectCertificateFile(fullExport(fixturePki(now, { pastDays: -2 }), PASS), PASS, expectation);
    expect(finding(inspection, 'validity')).toMatchObject({ ok: false, text: expect.stringContaining('not valid before') });
  });
});

describe('chain', () => {
  it('rejects a file holding only the leaf and its key as having no chain', () => {
    const error = rejection(() => inspectCertificateFile(pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf], passphrase: PASS }), PASS, expectation));
    expect(error.code).toBe('CERTIFICATE_NO_CHAIN');
    expect(error.message).toContain(APPLIANCE_HOSTNAME);
    expect(error.hint).toContain('Include chain');
  });

  it('fails a chain that stops at the intermediate (root missing)', () => {
    const inspection = inspectCertificateFile(pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf, pki.intermediate], passphrase: PASS }), PASS, expectation);
    expect(inspection.chainComplete).toBe(false);
    expect(inspection.chain).toHaveLength(2);
    expect(finding(inspection, 'chain')).toMatchObject({ ok: false, text: expect.stringContaining('Fixture Root CA') });
    expect(failed(inspection)).toEqual(['chain']);
  });

  it('fails a chain with the intermediate missing between leaf and root', () => {
    const inspection = inspectCertificateFile(pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf, pki.root], passphrase: PASS }), PASS, expectation);
    expect(inspection.chainComplete).toBe(false);
    expect(finding(inspection, 'chain').text).toContain('Fixture Issuing CA');
  });

  it('does not accept an issuer of the right name whose key did not sign the certificate', () => {
    const impostor = issueCertificate({ commonName: 'Fixture Issuing CA', key: fixtureKey('other'), issuer: pki.root, ca: true, now });
    const inspection = inspectCertificateFile(pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf, impostor, pki.root], passphrase: PASS }), PASS, expectation);
    expect(inspection.chainComplete).toBe(false);
  });
});

describe('key', () => {
  it('fails a file whose private key belongs to no certificate in it', () => {
    const inspection = inspectCertificateFile(pkcs12File({ key: fixtureKey('other'), certificates: [pki.leaf, pki.intermediate, pki.root], passphrase: PASS }), PASS, expectation);
    expect(inspection.keyMatches).toBe(false);
    // Without a matching key the leaf is still the end of the chain.
    expect(inspection.subject).toContain(APPLIANCE_HOSTNAME);
    expect(finding(inspection, 'key-match')).toMatchObject({ ok: false, severity: 'fail' });
    expect(failed(inspection)).toEqual(['key-match']);
  });

  it('rejects a file with certificates but no private key', () => {
    const error = rejection(() => inspectCertificateFile(pkcs12File({ key: null, certificates: [pki.leaf, pki.intermediate, pki.root], passphrase: PASS }), PASS, expectation));
    expect(error.code).toBe('CERTIFICATE_NO_KEY');
    expect(error.message).toContain(APPLIANCE_HOSTNAME);
    expect(error.hint).toContain('Include private key');
  });

  it('rejects a file with a key but no certificate', () => {
    const error = rejection(() => inspectCertificateFile(pkcs12File({ key: pki.leaf.key, certificates: [], passphrase: PASS }), PASS, expectation));
    expect(error.code).toBe('CERTIFICATE_NO_CHAIN');
  });

  it('rejects a file whose private key is not encrypted at all', () => {
    const error = rejection(() => inspectCertificateFile(pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf, pki.intermediate, pki.root], passphrase: null }), '', expectation));
    expect(error.code).toBe('CERTIFICATE_KEY_UNPROTECTED');
  });

  it('fails an RSA key of 1024 bits', () => {
    const weak = fixturePki(now, { key: fixtureKey('weak', 1024) });
    const inspection = inspectCertificateFile(pkcs12File({ key: weak.leaf.key, certificates: [weak.leaf, weak.intermediate, weak.root], passphrase: PASS }), PASS, expectation);
    expect(inspection.keyBits).toBe(1024);
    expect(finding(inspection, 'key-size')).toMatchObject({ ok: false, text: expect.stringContaining('1024 bits') });
    expect(failed(inspection)).toEqual(['key-size']);
  });
});

describe('hostnames', () => {
  it('fails a certificate that names neither the site nor the appliance', () => {
    const wrong = fixturePki(now, { commonName: 'elsewhere.example', names: ['elsewhere.example'] });
    const inspection = inspectCertificateFile(fullExport(wrong, PASS), PASS, expectation);
    expect(failed(inspection)).toEqual(['site-hostname', 'appliance-hostname']);
    expect(finding(inspection, 'site-hostname').text).toContain(SITE_HOSTNAME);
  });

  it('fails only the appliance hostname when the site is named but the appliance is not', () => {
    const siteOnly = fixturePki(now, { commonName: SITE_HOSTNAME, names: [SITE_HOSTNAME] });
    expect(failed(inspectCertificateFile(fullExport(siteOnly, PASS), PASS, expectation))).toEqual(['appliance-hostname']);
  });

  it('warns when the appliance hostname is not known', () => {
    const inspection = inspectCertificateFile(fullExport(pki, PASS), PASS, { ...expectation, applianceHostname: '' });
    expect(finding(inspection, 'appliance-hostname').severity).toBe('warn');
  });
});

describe('files that do not open', () => {
  it.each(['modern', 'legacy'] as const)('%s: a wrong passphrase is told apart from a bad file', (encryption) => {
    const error = rejection(() => inspectCertificateFile(fullExport(pki, PASS, encryption), 'wrong passphrase', expectation));
    expect(error.code).toBe('CERTIFICATE_PASSPHRASE_WRONG');
    expect(JSON.stringify(error.toJSON())).not.toContain('wrong passphrase');
  });

  it('a wrong passphrase is found by the decryption when the file has no integrity MAC', () => {
    const file = pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf, pki.intermediate, pki.root], passphrase: PASS, useMac: false });
    expect(inspectCertificateFile(file, PASS, expectation).keyMatches).toBe(true);
    expect(rejection(() => inspectCertificateFile(file, 'not it', expectation)).code).toBe('CERTIFICATE_PASSPHRASE_WRONG');
  });

  it('a truncated file is not PKCS#12', () => {
    const file = fullExport(pki, PASS);
    for (const length of [10, Math.floor(file.length / 2), file.length - 1]) {
      expect(rejection(() => inspectCertificateFile(file.subarray(0, length), PASS, expectation)).code).toBe('CERTIFICATE_FILE_INVALID');
    }
  });

  it('garbage, an empty file, a PEM and a bare certificate are not PKCS#12', () => {
    const pem = Buffer.from(forge.pki.certificateToPem(pki.leaf.cert) + pki.leaf.key.privatePem);
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(pki.leaf.cert)).getBytes(), 'binary');
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256));
    for (const file of [garbage, Buffer.alloc(0), pem, der]) {
      const error = rejection(() => inspectCertificateFile(file, PASS, expectation));
      expect(error.code).toBe('CERTIFICATE_FILE_INVALID');
      expect(error.message).not.toContain('PRIVATE KEY');
    }
    expect(rejection(() => inspectCertificateFile(pem, PASS, expectation)).message).toContain('PEM');
  });

  it('refuses a file that asks for absurd key-derivation work, without doing it', () => {
    const file = pkcs12File({ key: pki.leaf.key, certificates: [pki.leaf, pki.intermediate, pki.root], passphrase: PASS, macIterations: 2_000_000_000 });
    const started = Date.now();
    const error = rejection(() => inspectCertificateFile(file, PASS, expectation));
    expect(error.code).toBe('CERTIFICATE_FILE_INVALID');
    expect(error.message).toContain('2,000,000,000 key-derivation rounds');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a file over 1 MiB before reading it', () => {
    const error = rejection(() => inspectCertificateFile(Buffer.alloc(CERTIFICATE_FILE_MAX_BYTES + 1, 0x30), PASS, expectation));
    expect(error.code).toBe('CERTIFICATE_FILE_INVALID');
    expect(error.message).toContain('1.0 MiB');
  });
});
