/** A customer report as main assembles it, for the renderer's tests. */
import type { CustomerReport } from '../../../../shared/report/model';

export const BACKUP_SHA = 'a'.repeat(16) + '0123456789abcdef'.repeat(3);
export const CERT_SHA = 'f'.repeat(32) + 'fedcba9876543210'.repeat(2);

export function sampleReport(overrides: Partial<CustomerReport> = {}): CustomerReport {
  return {
    generatedAt: '2026-12-02T16:00:00.000Z',
    site: { id: 'site-1', name: 'Head office <Berlin>', hostname: 'support.example.com' },
    procedure: {
      id: 'P1-20261202-150000-abc123',
      kind: 'P1',
      title: 'Single appliance, automatic update',
      status: 'done',
      outcome: 'Complete',
      startedAt: '2026-12-02T15:00:00.000Z',
      endedAt: '2026-12-02T15:40:00.000Z',
    },
    technician: 'Dana Tech',
    appliances: [{ name: 'B300 rack 2', address: 'https://appliance.example.com', role: 'The appliance serving the site', serial: 'SN-1' }],
    versions: [{ appliance: 'B300 rack 2', before: { siteVersion: '23.1.1', baseVersion: '7.0.0' }, after: { siteVersion: '23.2.4', baseVersion: '7.1.0' } }],
    steps: [
      { number: 1, title: 'Start the maintenance window', status: 'done', who: 'Dana Tech', at: '2026-12-02T15:01:00.000Z', outcome: 'Window started.' },
      { number: 2, title: 'Back up the settings', status: 'done', who: 'assistant', at: '2026-12-02T15:02:00.000Z', outcome: 'Backup kept.' },
    ],
    notes: [{ at: '2026-12-02T15:30:00.000Z', who: 'Dana Tech', step: 'Client aftercare', text: 'Told the help desk <script>alert(1)</script> & waited.' }],
    files: [
      { kind: 'backup', label: 'Settings backup before the upgrade', fileName: 'backup.nsb', sha256: BACKUP_SHA, size: 2048, at: '2026-12-02T15:02:00.000Z' },
      { kind: 'certificate', label: 'Certificate with key and chain', fileName: 'cert.p12', sha256: CERT_SHA, size: 4096, at: null },
    ],
    rules: [{ code: 'R1', meaning: 'A settings backup must exist first.', steps: ['Back up the settings'] }],
    windows: [
      {
        label: 'Maintenance window',
        plannedStart: null,
        plannedEnd: null,
        startedAt: '2026-12-02T15:01:00.000Z',
        endedAt: '2026-12-02T15:25:00.000Z',
        downtime: { measured: true, from: '2026-12-02T15:01:00.000Z', to: '2026-12-02T15:25:00.000Z', downSeconds: 125, unwatchedSeconds: 0 },
      },
    ],
    openItems: [],
    ...overrides,
  };
}
