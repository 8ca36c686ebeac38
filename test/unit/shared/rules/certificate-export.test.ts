import { describe, expect, it } from 'vitest';
import { checkCertificateExport } from '../../../../shared/rules/certificate-export';

const AT = '2025-06-01T20:05:00.000Z';

describe('R2 certificate export', () => {
  it('holds once the operator exported the certificate, key and chain', () => {
    expect(checkCertificateExport({ kind: 'exported', at: AT }, { required: true }).holds).toBe(true);
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
