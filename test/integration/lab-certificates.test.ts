/**
 * Security > Certificates of the practice lab over HTTPS, driven by the app's admin client:
 * list, export (modern and legacy, opened with node-forge), import with the appliance's
 * warnings, refusals, Assign IP (the TLS listener presents the new certificate) and the
 * `certificate` fault.
 */
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdminSession, probeCertificate } from '../../electron/services/appliance';
import { LabPki, keyMatches } from '../../electron/lab/pki';
import { fixturePkcs12, type CertificateFlaw } from '../../electron/lab/pki-fixtures';
import { createLabFixture, failure } from './helpers/lab-fixture';

interface LabState {
  appliances: Record<string, { fingerprint256: string }>;
}

const fixture = createLabFixture<LabState>();
const IP = '10.20.0.11';
const PASSPHRASE = 'correct horse 42';
/** Another CA's files: their chains end at its own root, which the file carries. */
let otherPki: LabPki;

beforeAll(async () => {
  await fixture.start();
  otherPki = LabPki.create();
});
afterAll(() => fixture.close());
beforeEach(async () => {
  await fixture.resetSingle();
});

/** A session pinned to what A presents now. */
async function adminNow() {
  const presented = await probeCertificate(fixture.lab.appliances.A!.url);
  return createAdminSession(fixture.endpoint({ pinnedFingerprint256: presented.fingerprint256 }));
}

function openWithForge(bytes: Buffer, passphrase: string) {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).map((bag) =>
    forge.pki.certificateToPem(bag.cert!),
  );
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]?.[0];
  return { certs, keyPem: keyBag?.key ? forge.pki.privateKeyToPem(keyBag.key) : null, der: asn1 };
}

const PBES2 = forge.asn1.oidToDer('1.2.840.113549.1.5.13').getBytes();
const TRIPLE_DES = forge.asn1.oidToDer('1.2.840.113549.1.12.1.3').getBytes();

describe('list', () => {
  it('shows the lab leaf assigned to the appliance IP, without warnings', async () => {
    const list = await fixture.admin().listCertificates();
    expect(list).toHaveLength(1);
    const [cert] = list;
    expect(cert).toMatchObject({
      subject: 'appliance-a.lab.example',
      fingerprint256: fixture.lab.fingerprint256,
      assignedIps: [IP],
      selfSigned: false,
      warnings: [],
    });
    expect(cert!.subjectAltNames).toEqual(['appliance-a.lab.example', 'support.lab.example', 'localhost', '127.0.0.1']);
    expect(Date.parse(cert!.notAfter)).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
  });
});

describe('export', () => {
  it.each(['modern', 'legacy'] as const)('writes a %s PKCS#12 file with the leaf, its key and the chain', async (encryption) => {
    const admin = fixture.admin();
    const [cert] = await admin.listCertificates();
    const { fileName, bytes } = await admin.exportCertificate({
      certificateId: cert!.id,
      passphrase: PASSPHRASE,
      includeKey: true,
      includeChain: true,
      encryption,
    });
    expect(fileName).toBe('appliance-a.lab.example.p12');
    const opened = openWithForge(bytes, PASSPHRASE);
    const der = forge.asn1.toDer(opened.der).getBytes();
    expect(der.includes(encryption === 'modern' ? PBES2 : TRIPLE_DES)).toBe(true);
    expect(der.includes(encryption === 'modern' ? TRIPLE_DES : PBES2)).toBe(false);
    const subjects = opened.certs.map((pem) => new X509Certificate(pem).subject);
    expect(subjects.some((s) => s.includes('CN=Lab Issuing CA'))).toBe(true);
    expect(subjects.some((s) => s.includes('CN=Lab Root CA'))).toBe(true);
    const leaf = opened.certs.find((pem) => new X509Certificate(pem).fingerprint256 === fixture.lab.fingerprint256);
    expect(leaf).toBeDefined();
    expect(keyMatches(leaf!, opened.keyPem!)).toBe(true);
    expect(() => openWithForge(bytes, 'wrong')).toThrow();
  });

  it('leaves the key and the chain out unless asked', async () => {
    const admin = fixture.admin();
    const [cert] = await admin.listCertificates();
    const { bytes } = await admin.exportCertificate({ certificateId: cert!.id, passphrase: PASSPHRASE });
    const opened = openWithForge(bytes, PASSPHRASE);
    expect(opened.keyPem).toBeNull();
    expect(opened.certs).toHaveLength(1);
  });

  it('refuses an empty passphrase with the appliance’s words', async () => {
    const admin = fixture.admin();
    const [cert] = await admin.listCertificates();
    const error = await failure(admin.exportCertificate({ certificateId: cert!.id, passphrase: '' }));
    expect(error.code).toBe('CERTIFICATE_EXPORT_REFUSED');
    expect(error.message).toContain('passphrase');
  });
});

describe('import', () => {
  it('refuses a wrong passphrase', async () => {
    const { bytes } = fixturePkcs12(otherPki, { passphrase: PASSPHRASE });
    const error = await failure(fixture.admin().importCertificate({ fileName: 'a.p12', bytes, passphrase: 'nope' }));
    expect(error.code).toBe('CERTIFICATE_PASSPHRASE_WRONG');
    expect(error.message).toContain('The passphrase does not open this file.');
  });

  it('refuses a file without a private key, and a file that is not PKCS#12', async () => {
    const admin = fixture.admin();
    const { bytes } = fixturePkcs12(otherPki, { passphrase: PASSPHRASE, includeKey: false });
    const noKey = await failure(admin.importCertificate({ fileName: 'a.p12', bytes, passphrase: PASSPHRASE }));
    expect(noKey.code).toBe('CERTIFICATE_IMPORT_REFUSED');
    expect(noKey.message).toContain('no private key');
    const junk = await failure(admin.importCertificate({ fileName: 'a.p12', bytes: Buffer.from('not a certificate'), passphrase: PASSPHRASE }));
    expect(junk.code).toBe('CERTIFICATE_IMPORT_REFUSED');
    expect(junk.message).toContain('PKCS#12');
  });

  it('imports a good file without warnings and lists it', async () => {
    const admin = fixture.admin();
    const { bytes, certificate } = fixturePkcs12(otherPki, { passphrase: PASSPHRASE, encryption: 'legacy' });
    const result = await admin.importCertificate({ fileName: 'good.p12', bytes, passphrase: PASSPHRASE });
    expect(result.warnings).toEqual([]);
    const listed = (await admin.listCertificates()).find((c) => c.id === result.certificateId);
    expect(listed).toMatchObject({ fingerprint256: certificate.fingerprint256, assignedIps: [] });
  });

  it.each([
    ['expired', 'expired'],
    ['expiring', 'expiring-soon'],
    ['incomplete-chain', 'incomplete-chain'],
    ['wrong-san', 'hostname-not-covered'],
  ] as [CertificateFlaw, string][])('shows the warning for a %s certificate', async (flaw, code) => {
    const admin = fixture.admin();
    const { bytes } = fixturePkcs12(otherPki, { passphrase: PASSPHRASE, flaw });
    const result = await admin.importCertificate({ fileName: `${flaw}.p12`, bytes, passphrase: PASSPHRASE });
    expect(result.warnings.map((w) => w.code)).toEqual([code]);
    expect(result.warnings[0]!.text.length).toBeGreaterThan(20);
    const listed = (await admin.listCertificates()).find((c) => c.id === result.certificateId);
    expect(listed!.warnings.map((w) => w.code)).toEqual([code]);
  });

  it('refuses a file whose key does not belong to its certificate', async () => {
    const { bytes } = fixturePkcs12(otherPki, { passphrase: PASSPHRASE, flaw: 'mismatched-key' });
    const error = await failure(fixture.admin().importCertificate({ fileName: 'k.p12', bytes, passphrase: PASSPHRASE }));
    expect(error.code).toBe('CERTIFICATE_IMPORT_REFUSED');
  });
});

describe('assign IP', () => {
  it('presents the imported certificate with its chain on new connections', async () => {
    const admin = fixture.admin();
    const { bytes, certificate } = fixturePkcs12(otherPki, { passphrase: PASSPHRASE });
    const { certificateId } = await admin.importCertificate({ fileName: 'new.p12', bytes, passphrase: PASSPHRASE });
    const refused = await failure(admin.assignCertificate(certificateId, '10.20.0.99'));
    expect(refused.code).toBe('CERTIFICATE_ASSIGN_REFUSED');
    expect(refused.message).toContain(IP);
    expect((await probeCertificate(fixture.lab.appliances.A!.url)).fingerprint256).toBe(fixture.lab.fingerprint256);

    await admin.assignCertificate(certificateId, IP);
    expect((await probeCertificate(fixture.lab.appliances.A!.url)).fingerprint256).toBe(certificate.fingerprint256);
    // The old pin no longer reaches it; a session pinned to the new certificate sees the assignment.
    expect((await failure(fixture.admin().listCertificates())).code).toBe('TLS_CHANGED');
    const listed = await (await adminNow()).listCertificates();
    expect(listed.find((c) => c.id === certificateId)!.assignedIps).toEqual([IP]);
    expect(listed.find((c) => c.fingerprint256 === fixture.lab.fingerprint256)!.assignedIps).toEqual([]);
    // A reset brings back the lab leaf.
    await fixture.resetSingle();
    expect((await probeCertificate(fixture.lab.appliances.A!.url)).fingerprint256).toBe(fixture.lab.fingerprint256);
  });
});

describe('certificate fault', () => {
  it('expired: the app refuses the re-issued certificate even when pinned; clearing restores the original', async () => {
    await fixture.fault('certificate', 'expired');
    const presented = await probeCertificate(fixture.lab.appliances.A!.url);
    expect(Date.parse(presented.validTo)).toBeLessThan(Date.now());
    expect((await failure((await adminNow()).listCertificates())).code).toBe('TLS_INVALID');
    await fixture.control('DELETE', '/lab/faults');
    expect((await fixture.admin().listCertificates())[0]!.fingerprint256).toBe(fixture.lab.fingerprint256);
  });

  it.each([
    ['expiring', 'expiring-soon'],
    ['incomplete-chain', 'incomplete-chain'],
    ['wrong-san', 'hostname-not-covered'],
  ] as [CertificateFlaw, string][])('%s: a re-issued certificate is served until the fault is cleared', async (flaw, code) => {
    const state = await fixture.fault('certificate', flaw);
    const presented = await probeCertificate(fixture.lab.appliances.A!.url);
    expect(presented.fingerprint256).not.toBe(fixture.lab.fingerprint256);
    expect(state.appliances.A!.fingerprint256).toBe(presented.fingerprint256);
    const [listed] = await (await adminNow()).listCertificates();
    expect(listed!.fingerprint256).toBe(presented.fingerprint256);
    expect(listed!.warnings.map((w) => w.code)).toEqual([code]);

    await fixture.control('DELETE', '/lab/faults');
    expect((await probeCertificate(fixture.lab.appliances.A!.url)).fingerprint256).toBe(fixture.lab.fingerprint256);
  });

  it('mismatched-key: the same certificate is served, exports carry another key', async () => {
    await fixture.fault('certificate', 'mismatched-key');
    expect((await probeCertificate(fixture.lab.appliances.A!.url)).fingerprint256).toBe(fixture.lab.fingerprint256);
    const admin = fixture.admin();
    const [cert] = await admin.listCertificates();
    const { bytes } = await admin.exportCertificate({ certificateId: cert!.id, passphrase: PASSPHRASE, includeKey: true, includeChain: true });
    const opened = openWithForge(bytes, PASSPHRASE);
    const leaf = opened.certs.find((pem) => new X509Certificate(pem).fingerprint256 === fixture.lab.fingerprint256)!;
    expect(keyMatches(leaf, opened.keyPem!)).toBe(false);
  });

  it('rejects an unknown flaw', async () => {
    await expect(fixture.fault('certificate', 'gremlins')).rejects.toThrow(/400/);
  });
});
