import { describe, expect, it } from 'vitest';
import { checkCertificateHealth } from '../../../../shared/rules/certificate-health';
import type { ProbeCertificateOutput } from '../../../../shared/procedures/actors';
import { EXPIRED_EXPORT, GOOD_EXPORT } from '../procedures/helpers/single-automatic-fakes';

const healthy: ProbeCertificateOutput = {
  ok: true,
  findings: [
    { ok: true, text: 'Valid for 300 more days.' },
    { ok: true, text: 'Chain complete.' },
  ],
  fingerprint256: 'AB:CD',
  validTo: '2026-03-28T00:00:00.000Z',
};

describe('R3 certificate health', () => {
  it('holds when the probe passed every check', () => {
    const verdict = checkCertificateHealth(healthy);
    expect(verdict.holds).toBe(true);
    expect(verdict.reason).toContain('2026-03-28');
  });

  it('fails and names each problem', () => {
    const verdict = checkCertificateHealth({
      ...healthy,
      ok: false,
      findings: [
        { ok: false, text: 'Expires in 5 days.' },
        { ok: false, text: 'Does not cover support.example.com.' },
        { ok: true, text: 'Chain complete.' },
      ],
    });
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toBe('The certificate has 2 problems: Expires in 5 days.; Does not cover support.example.com.');
  });

  it('does not pass a probe that says ok but lists a failed finding', () => {
    expect(checkCertificateHealth({ ...healthy, findings: [{ ok: false, text: 'Chain incomplete.' }] }).holds).toBe(false);
  });

  it('does not pass a probe that failed without naming a finding', () => {
    expect(checkCertificateHealth({ ...healthy, ok: false }).holds).toBe(false);
  });

  it('fails before any probe ran', () => {
    expect(checkCertificateHealth(null).holds).toBe(false);
  });
});

describe('R3 certificate health with the file R2 kept', () => {
  const presented: ProbeCertificateOutput = { ...healthy, fingerprint256: GOOD_EXPORT.fingerprint256 };

  it('holds when the site presents the very certificate in a good file, and says so', () => {
    const verdict = checkCertificateHealth(presented, GOOD_EXPORT);
    expect(verdict).toEqual({
      holds: true,
      reason: 'The certificate (valid until 2026-03-28T00:00:00.000Z) passed every check, and it is the one in the file appliance-a.lab.example.p12.',
    });
  });

  it('compares fingerprints whatever their case and separators', () => {
    expect(checkCertificateHealth({ ...presented, fingerprint256: GOOD_EXPORT.fingerprint256.toLowerCase().replace(/:/g, '') }, GOOD_EXPORT).holds).toBe(true);
  });

  it('fails when the site presents another certificate than the one in the file, naming both fingerprints', () => {
    const verdict = checkCertificateHealth({ ...presented, fingerprint256: '01:02:03' }, GOOD_EXPORT);
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toBe(
      `The certificate has 1 problem: The site presents a different certificate (SHA-256 fingerprint 01:02:03) from the one in the file appliance-a.lab.example.p12 (${GOOD_EXPORT.fingerprint256}).`,
    );
  });

  it.each([
    ['an expired certificate', EXPIRED_EXPORT, /In the file appliance-a\.lab\.example\.p12: The certificate expired on 1 May 2025\./],
    ['an incomplete chain', { ...GOOD_EXPORT, findings: [], chainComplete: false }, /whole chain/],
    ['a key that does not match', { ...GOOD_EXPORT, findings: [], keyMatches: false }, /does not belong/],
    [
      'names not covered',
      { ...GOOD_EXPORT, findings: [{ id: 'names', ok: false, severity: 'fail' as const, text: 'Does not cover support.lab.example.' }] },
      /Does not cover support\.lab\.example/,
    ],
  ])('fails on a file with %s, although the probe passed', (_, file, reason) => {
    const verdict = checkCertificateHealth(presented, file);
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toMatch(reason);
  });
});
