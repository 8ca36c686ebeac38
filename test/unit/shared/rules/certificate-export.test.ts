import { describe, expect, it } from 'vitest';
import { checkCertificateExport, checkCertificateFile, type CertificateExportDecision } from '../../../../shared/rules/certificate-export';
import { EXPIRED_EXPORT, GOOD_EXPORT } from '../procedures/helpers/single-automatic-fakes';

const AT = '2025-06-01T20:05:00.000Z';
const exported = (file = GOOD_EXPORT, riskNote?: string): CertificateExportDecision => ({
  kind: 'exported',
  at: AT,
  vaultId: file.vaultId,
  sha256: file.sha256,
  ...(riskNote === undefined ? {} : { riskNote }),
});

describe('R2 certificate file', () => {
  it('holds for a file with key and chain that passed every check, naming it and its SHA-256', () => {
    const verdict = checkCertificateFile(GOOD_EXPORT);
    expect(verdict.holds).toBe(true);
    expect(verdict.reason).toBe(
      `The certificate file appliance-a.lab.example.p12 is in the vault (SHA-256 ${'7'.repeat(64)}) with its private key and chain, and passed every check.`,
    );
  });

  it('fails on a failed finding and names it', () => {
    expect(checkCertificateFile(EXPIRED_EXPORT)).toEqual({
      holds: false,
      reason: 'The certificate file appliance-a.lab.example.p12 has 1 problem: The certificate expired on 1 May 2025.',
    });
  });

  it('holds with a warning that does not block, and says it', () => {
    const expiring = { ...GOOD_EXPORT, findings: [...GOOD_EXPORT.findings, { id: 'expiry-soon', ok: false, severity: 'warn' as const, text: 'Expires in 20 days.' }] };
    const verdict = checkCertificateFile(expiring);
    expect(verdict.holds).toBe(true);
    expect(verdict.reason).toMatch(/with a warning: Expires in 20 days\.$/);
  });

  it.each([
    ['an incomplete chain', { chainComplete: false }, /whole chain/],
    ['a key of another certificate', { keyMatches: false }, /private key in the file does not belong/],
    ['an expiry before the check', { notAfter: '2025-06-01T00:00:00.000Z' }, /expired on 2025-06-01/],
  ])('does not pass an inspection that names no failed check but shows %s', (_, change, reason) => {
    const verdict = checkCertificateFile({ ...GOOD_EXPORT, ...change });
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toMatch(reason);
  });

  it('fails a finding marked ok in severity but not passed', () => {
    expect(checkCertificateFile({ ...GOOD_EXPORT, findings: [{ id: 'names', ok: false, severity: 'ok', text: 'Does not cover support.lab.example.' }] }).holds).toBe(false);
  });

  it('fails while no file was checked', () => {
    expect(checkCertificateFile(null).holds).toBe(false);
  });
});

describe('R2 certificate export', () => {
  it('holds for a checked file in the vault, required or not', () => {
    expect(checkCertificateExport(exported(), { required: true, file: GOOD_EXPORT }).holds).toBe(true);
    expect(checkCertificateExport(exported(), { required: false, file: GOOD_EXPORT }).holds).toBe(true);
  });

  it('fails for an "exported" decision without a file in the vault (the operator’s word alone)', () => {
    expect(checkCertificateExport({ kind: 'exported', at: AT, vaultId: '', sha256: '' }, { required: false, file: GOOD_EXPORT }).holds).toBe(false);
    expect(checkCertificateExport(exported(), { required: false }).reason).toBe('No checked certificate file is in the vault.');
  });

  it('fails when the decision names another file than the one in the vault', () => {
    expect(checkCertificateExport(exported(GOOD_EXPORT), { required: false, file: EXPIRED_EXPORT }).reason).toBe(
      'The certificate file in the vault is not the one that was checked.',
    );
  });

  it('holds for a file with problems only where not required, and only with a reason', () => {
    expect(checkCertificateExport(exported(EXPIRED_EXPORT), { required: false, file: EXPIRED_EXPORT }).holds).toBe(false);
    expect(checkCertificateExport(exported(EXPIRED_EXPORT, ' x '), { required: false, file: EXPIRED_EXPORT }).holds).toBe(false);
    const accepted = checkCertificateExport(exported(EXPIRED_EXPORT, 'New certificate ordered'), { required: false, file: EXPIRED_EXPORT });
    expect(accepted.holds).toBe(true);
    expect(accepted.reason).toMatch(/expired on 1 May 2025.*Reason given: New certificate ordered$/);
    const required = checkCertificateExport(exported(EXPIRED_EXPORT, 'New certificate ordered'), { required: true, file: EXPIRED_EXPORT });
    expect(required.holds).toBe(false);
    expect(required.reason).toMatch(/must be right before going on/);
  });

  it('holds for a skip with a reason where the export is only recommended', () => {
    const verdict = checkCertificateExport({ kind: 'skipped', at: AT, note: 'Exported last week, file in the safe' }, { required: false });
    expect(verdict).toEqual({ holds: true, reason: 'The certificate export was skipped: Exported last week, file in the safe' });
  });

  it('fails for a skip without a meaningful reason', () => {
    expect(checkCertificateExport({ kind: 'skipped', at: AT, note: '  x ' }, { required: false }).holds).toBe(false);
  });

  it('fails for a skip where the export is required (hardware migration)', () => {
    const verdict = checkCertificateExport({ kind: 'skipped', at: AT, note: 'No time' }, { required: true });
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toMatch(/cannot be skipped/);
  });

  it('fails while nothing was decided', () => {
    expect(checkCertificateExport(null, { required: false }).holds).toBe(false);
  });
});
