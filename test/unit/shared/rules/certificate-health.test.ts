import { describe, expect, it } from 'vitest';
import { checkCertificateHealth } from '../../../../shared/rules/certificate-health';
import type { ProbeCertificateOutput } from '../../../../shared/procedures/actors';

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
