import { describe, expect, it } from 'vitest';
import type { CertificateInspection } from '../../../../shared/certificate-inspection';
import { checkCertificateFile } from '../../../../shared/rules/certificate-file';

const good: CertificateInspection = {
  subject: 'CN=appliance-a.fixture.example, O=Fixture Lab',
  subjectAltNames: ['DNS:appliance-a.fixture.example', 'DNS:support.fixture.example'],
  notBefore: '2026-11-21T12:00:00.000Z',
  notAfter: '2027-12-01T12:00:00.000Z',
  fingerprint256: 'AB:CD',
  keyType: 'rsa',
  keyBits: 2048,
  keyMatches: true,
  chain: [
    { subject: 'CN=appliance-a.fixture.example', issuer: 'CN=Fixture Issuing CA' },
    { subject: 'CN=Fixture Issuing CA', issuer: 'CN=Fixture Root CA' },
    { subject: 'CN=Fixture Root CA', issuer: 'CN=Fixture Root CA' },
  ],
  chainComplete: true,
  encryption: 'modern',
  findings: [
    { id: 'chain', ok: true, severity: 'ok', text: 'The chain is complete.' },
    { id: 'key-match', ok: true, severity: 'ok', text: 'The key belongs to the certificate.' },
    { id: 'validity', ok: true, severity: 'ok', text: 'Valid until 2027-12-01.' },
  ],
};

describe('certificate file rule', () => {
  it('fails when no file was inspected', () => {
    expect(checkCertificateFile(null)).toEqual({ holds: false, reason: expect.stringContaining('not been opened and checked') });
  });

  it('holds when every finding passed and says until when the certificate is valid', () => {
    const verdict = checkCertificateFile(good);
    expect(verdict.holds).toBe(true);
    expect(verdict.reason).toContain('2027-12-01');
    expect(verdict.reason).toContain('passed every check');
  });

  it('holds with warnings but names each of them', () => {
    const verdict = checkCertificateFile({
      ...good,
      findings: [...good.findings, { id: 'validity', ok: true, severity: 'warn', text: 'The certificate expires in 20 days.' }],
    });
    expect(verdict.holds).toBe(true);
    expect(verdict.reason).toContain('one warning');
    expect(verdict.reason).toContain('expires in 20 days');
  });

  it('fails and names every failed finding', () => {
    const verdict = checkCertificateFile({
      ...good,
      findings: [
        ...good.findings,
        { id: 'site-hostname', ok: false, severity: 'fail', text: 'The certificate does not name support.fixture.example.' },
        { id: 'key-size', ok: false, severity: 'fail', text: 'The RSA key is 1024 bits.' },
      ],
    });
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toContain('2 problems');
    expect(verdict.reason).toContain('support.fixture.example');
    expect(verdict.reason).toContain('1024 bits');
  });

  it('never passes an inspection that contradicts itself', () => {
    expect(checkCertificateFile({ ...good, chainComplete: false }).holds).toBe(false);
    expect(checkCertificateFile({ ...good, keyMatches: false }).holds).toBe(false);
    expect(checkCertificateFile({ ...good, findings: [{ id: 'chain', ok: true, severity: 'fail', text: 'Chain broken.' }] }).holds).toBe(false);
  });
});
