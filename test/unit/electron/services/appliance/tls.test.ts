import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../../../shared/domain';
import {
  assessCertificate,
  hostnameCovered,
  normaliseFingerprint,
} from '../../../../../electron/services/appliance/tls';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-03-01T00:00:00Z');

function cert(overrides: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    fingerprint256: 'AA:BB',
    subject: 'CN=appliance-a.lab.example, O=Lab',
    issuer: 'CN=Lab CA',
    validFrom: new Date(NOW - 100 * DAY).toISOString(),
    validTo: new Date(NOW + 300 * DAY).toISOString(),
    subjectAltNames: ['DNS:support.lab.example', 'DNS:appliance-a.lab.example', 'IP Address:127.0.0.1'],
    selfSigned: false,
    ...overrides,
  };
}

const at = { siteHostname: 'support.lab.example', now: NOW };

describe('assessCertificate (R3)', () => {
  it('finds nothing wrong with a current certificate naming the site', () => {
    expect(assessCertificate(cert(), at)).toEqual([]);
  });

  it('fails an expired certificate', () => {
    const findings = assessCertificate(cert({ validTo: new Date(NOW - DAY).toISOString() }), at);
    expect(findings).toEqual([expect.objectContaining({ code: 'expired', severity: 'fail' })]);
    expect(findings[0]?.message).toContain('2026-02-28');
  });

  it('fails a certificate expiring within 30 days and says when', () => {
    const findings = assessCertificate(cert({ validTo: new Date(NOW + 10 * DAY).toISOString() }), at);
    expect(findings).toEqual([expect.objectContaining({ code: 'expires-soon', severity: 'fail' })]);
    expect(findings[0]?.message).toContain('in 10 days');
  });

  it('passes a certificate expiring in 31 days', () => {
    expect(assessCertificate(cert({ validTo: new Date(NOW + 31 * DAY).toISOString() }), at)).toEqual([]);
  });

  it('fails a certificate not yet valid', () => {
    const findings = assessCertificate(cert({ validFrom: new Date(NOW + DAY).toISOString() }), at);
    expect(findings.map((f) => f.code)).toEqual(['not-yet-valid']);
  });

  it('fails when the site hostname is not covered', () => {
    const findings = assessCertificate(cert({ subjectAltNames: ['DNS:appliance-a.lab.example'] }), at);
    expect(findings).toEqual([expect.objectContaining({ code: 'hostname-not-covered', severity: 'fail' })]);
    expect(findings[0]?.message).toContain('support.lab.example');
  });

  it('notes a self-signed certificate without failing', () => {
    expect(assessCertificate(cert({ selfSigned: true }), at)).toEqual([
      expect.objectContaining({ code: 'self-signed', severity: 'info' }),
    ]);
  });
});

describe('hostnameCovered', () => {
  it('matches a wildcard for exactly one label', () => {
    const wildcard = cert({ subjectAltNames: ['DNS:*.lab.example'] });
    expect(hostnameCovered(wildcard, 'support.lab.example')).toBe(true);
    expect(hostnameCovered(wildcard, 'SUPPORT.Lab.Example.')).toBe(true);
    expect(hostnameCovered(wildcard, 'a.support.lab.example')).toBe(false);
    expect(hostnameCovered(wildcard, 'lab.example')).toBe(false);
  });

  it('uses the CN only when there are no DNS names', () => {
    expect(hostnameCovered(cert({ subjectAltNames: [] }), 'appliance-a.lab.example')).toBe(true);
    expect(hostnameCovered(cert({ subjectAltNames: ['DNS:other.example'] }), 'appliance-a.lab.example')).toBe(false);
  });

  it('matches IP addresses against IP entries only', () => {
    expect(hostnameCovered(cert(), '127.0.0.1')).toBe(true);
    expect(hostnameCovered(cert({ subject: 'CN=10.0.0.1', subjectAltNames: [] }), '10.0.0.1')).toBe(false);
  });
});

describe('normaliseFingerprint', () => {
  it('gives upper-case colon-separated pairs whatever the input form', () => {
    expect(normaliseFingerprint('ab:cd:0f')).toBe('AB:CD:0F');
    expect(normaliseFingerprint('abcd0f')).toBe('AB:CD:0F');
  });
});
