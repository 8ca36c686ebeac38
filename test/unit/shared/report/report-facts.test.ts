/** Each procedure's report facts, read from its context with the shared readers. */
import { describe, expect, it } from 'vitest';
import { failoverAsyncProcedure } from '../../../../shared/procedures/failover-async/procedure';
import { failoverSyncProcedure } from '../../../../shared/procedures/failover-sync/procedure';
import { fetchUpdatesProcedure } from '../../../../shared/procedures/fetch-updates/procedure';
import type { FetchUpdatesContext } from '../../../../shared/procedures/fetch-updates/context';
import { initialMigrationFields, type HardwareMigrationContext } from '../../../../shared/procedures/hardware-migration/context';
import { hardwareMigrationProcedure } from '../../../../shared/procedures/hardware-migration/procedure';
import { initialManualOfflineFields, type ManualOfflineContext } from '../../../../shared/procedures/manual-offline/context';
import { manualOfflineProcedure } from '../../../../shared/procedures/manual-offline/procedure';
import { initialUpgradeContext, type BackupRecord, type InstallRecord } from '../../../../shared/procedures/steps/context';
import { initialFailoverFields, type FailoverContext } from '../../../../shared/procedures/steps/failover/context';
import { hostOf, reportAppliance } from '../../../../shared/report/report-appliances';
import { pair, PAIR_INPUT } from '../procedures/failover/fakes';
import { BASE, INPUT, SITE, backup } from '../procedures/helpers/single-automatic-fakes';
import { FILE_BASE, FILE_SITE, KEY_FILE, KEY_READ } from '../procedures/helpers/air-gap-fakes';

const PAIR_SITE = {
  siteAppliances: [
    { role: 'A', label: 'Primary rack', applianceUrl: 'https://appliance-a.lab.example' },
    { role: 'B', label: 'Backup rack', applianceUrl: 'https://appliance-b.lab.example' },
  ],
};
const BEFORE = { siteVersion: '23.1.1', baseVersion: '6.1.0' };
const installs = (finishedAt: string): InstallRecord[] => [
  { pkg: BASE, verifiedVersion: BASE.version, finishedAt, health: 'ok' },
  { pkg: SITE, verifiedVersion: SITE.version, finishedAt, health: 'ok' },
];
const backupOf = (sha: string, at: string): BackupRecord => ({ ...backup('pre-upgrade', at), sha256: sha.repeat(64), purpose: 'pre-upgrade' });

function pairContext(kind: 'sync' | 'async'): FailoverContext {
  const first = kind === 'sync' ? 'A' : 'B';
  return {
    ...initialUpgradeContext(PAIR_INPUT),
    ...initialFailoverFields,
    ...initialManualOfflineFields,
    decision: { kind, method: null, at: '2025-06-01T19:00:00.000Z' },
    pair: pair('23.2.1', '23.2.1'),
    windows: {
      window1: { plannedStart: '2025-06-01T20:00:00.000Z', plannedEnd: '2025-06-01T22:00:00.000Z', startedAt: '2025-06-01T20:01:00.000Z', endedAt: '2025-06-01T21:00:00.000Z' },
      window2: { plannedStart: '2025-06-03T20:00:00.000Z', plannedEnd: '2025-06-03T22:00:00.000Z', startedAt: '2025-06-03T20:02:00.000Z', endedAt: null },
    },
    downtime: { window1: { from: '2025-06-01T20:01:00.000Z', to: '2025-06-01T21:00:00.000Z', downSeconds: 3, unwatchedSeconds: 0, intervals: [] }, window2: null },
    updated: { [first]: { versionsBefore: BEFORE, siteVersionAfter: SITE.version, installed: installs('2025-06-01T20:50:00.000Z'), backups: [backupOf('1', '2025-06-01T20:02:00.000Z')], verifiedAt: '2025-06-01T20:55:00.000Z' } },
    // The unit runs on the second appliance now: its backup is in the live fields.
    versionsBefore: BEFORE,
    backups: [backupOf('2', '2025-06-03T20:03:00.000Z')],
    installed: [],
  };
}

describe('report facts: failover pairs', () => {
  it('P3: A first and primary afterwards, its window measured; B’s unit still under way', () => {
    const facts = failoverSyncProcedure.reportFacts?.(pairContext('sync'), PAIR_INPUT, PAIR_SITE);
    expect(facts?.appliances.map((a) => [a.name, a.role, a.serial])).toEqual([
      ['Primary rack', 'Appliance A: primary after the upgrade', 'LAB-A-1001'],
      ['Backup rack', 'Appliance B: backup after the upgrade', 'LAB-B-1002'],
    ]);
    expect(facts?.versions).toEqual([
      { appliance: 'Primary rack', before: BEFORE, after: { siteVersion: SITE.version, baseVersion: BASE.version } },
      { appliance: 'Backup rack', before: BEFORE, after: BEFORE },
    ]);
    expect(facts?.windows.map((w) => [w.label, w.downtime?.measured, w.downtime && 'downSeconds' in w.downtime ? w.downtime.downSeconds : null])).toEqual([
      ['Window 1: appliance A', true, 3],
      // Not measured by the procedure: the assembly asks the site watch.
      ['Window 2: appliance B', undefined, null],
    ]);
    expect(facts?.files.map((f) => [f.label, f.sha256])).toEqual([
      ['Settings backup before the upgrade (A)', '1'.repeat(64)],
      ['Settings backup before the upgrade (B)', '2'.repeat(64)],
    ]);
  });

  it('P4: B first and primary afterwards', () => {
    const facts = failoverAsyncProcedure.reportFacts?.(pairContext('async'), PAIR_INPUT, PAIR_SITE);
    expect(facts?.appliances.map((a) => a.role)).toEqual(['Appliance A: backup after the upgrade', 'Appliance B: primary after the upgrade']);
    expect(facts?.windows.map((w) => w.label)).toEqual(['Window 1: appliance B', 'Window 2: appliance A']);
    expect(facts?.versions[1]?.after).toEqual({ siteVersion: SITE.version, baseVersion: BASE.version });
    expect(facts?.files.map((f) => f.label)).toEqual(['Settings backup before the upgrade (B)', 'Settings backup before the upgrade (A)']);
  });
});

describe('report facts: single appliances and the air gap', () => {
  it('P2: the key file and the imported packages with their digests, besides the backups', () => {
    const context: ManualOfflineContext = {
      ...initialUpgradeContext(INPUT),
      ...initialManualOfflineFields,
      windowStartedAt: '2025-06-01T20:00:00.000Z',
      backups: [backupOf('a', '2025-06-01T20:02:00.000Z')],
      versionsBefore: BEFORE,
      installed: installs('2025-06-01T20:40:00.000Z'),
      keyFile: KEY_FILE,
      imported: [FILE_BASE, { ...FILE_SITE, vaultId: 'vault-site' }],
      plan: null,
    };
    const facts = manualOfflineProcedure.reportFacts?.(context, INPUT, { siteAppliances: [] });
    expect(facts?.appliances).toEqual([{ name: '127.0.0.1:9443', address: INPUT.applianceUrl, role: 'The appliance serving the site' }]);
    expect(facts?.versions[0]?.after).toEqual({ siteVersion: SITE.version, baseVersion: BASE.version });
    expect(facts?.windows).toEqual([{ label: 'Maintenance window', plannedStart: null, plannedEnd: null, startedAt: '2025-06-01T20:00:00.000Z', endedAt: '2025-06-01T20:40:00.000Z' }]);
    expect(facts?.files.map((f) => [f.kind, f.sha256, f.vaultId])).toEqual([
      ['backup', 'a'.repeat(64), expect.any(String)],
      ['key', KEY_FILE.sha256, undefined],
      ['package', FILE_BASE.sha256, undefined],
      ['package', FILE_SITE.sha256, 'vault-site'],
    ]);
  });

  it('P2-fetch: the appliance the key names and each downloaded package', () => {
    const context = {
      procedureId: 'fetch-1',
      siteId: '',
      keySource: null,
      keyFile: KEY_READ,
      key: KEY_READ.key,
      submission: null,
      plan: { ok: true, order: [{ ...FILE_SITE, url: 'https://x' }] },
      downloadStartedAt: null,
      downloadIndex: 1,
      downloads: [{ pkgId: FILE_SITE.id, vaultId: 'v-1', size: FILE_SITE.size, sha256: FILE_SITE.sha256, resumedFrom: 0 }],
      bundleMediaPath: null,
      written: null,
      error: null,
      cancelled: null,
    } as unknown as FetchUpdatesContext;
    const facts = fetchUpdatesProcedure.reportFacts?.(context, INPUT, { siteAppliances: [] });
    expect(facts?.appliances).toEqual([{ name: KEY_READ.applianceHostname, address: KEY_READ.applianceHostname, role: 'The appliance the download key was made on', serial: KEY_READ.applianceSerial }]);
    expect(facts?.files).toEqual([expect.objectContaining({ kind: 'package', sha256: FILE_SITE.sha256, vaultId: 'v-1', size: FILE_SITE.size })]);
    expect(facts?.versions).toEqual([]);
  });

  it('P5: the old appliance as read and the new one before and after its upgrade', () => {
    const context: HardwareMigrationContext = {
      ...initialUpgradeContext(INPUT),
      ...initialMigrationFields,
      newAddress: 'https://new.lab.example',
      oldAppliance: { model: 'physical', modelName: 'B300', serial: 'OLD-1', hostname: 'old', ip: '10.0.0.1', siteVersion: '23.2.1', baseVersion: '6.2.0', siteHostname: 'support', checkedAt: '2025-06-01T19:00:00.000Z' },
      versionsBefore: { siteVersion: '23.1.1', baseVersion: '6.1.0' },
      installed: installs('2025-06-01T21:00:00.000Z'),
      windowStartedAt: '2025-06-01T20:00:00.000Z',
      backups: [backupOf('c', '2025-06-01T20:05:00.000Z')],
    };
    const site = { siteAppliances: [{ role: 'new', label: 'Virtual B Series', applianceUrl: 'https://new.lab.example' }] };
    const facts = hardwareMigrationProcedure.reportFacts?.(context, INPUT, site);
    expect(facts?.appliances.map((a) => [a.name, a.role])).toEqual([
      ['127.0.0.1:9443', 'Old appliance, replaced'],
      ['Virtual B Series', 'New appliance, serves the site afterwards'],
    ]);
    expect(facts?.versions[0]).toEqual({ appliance: '127.0.0.1:9443', before: { siteVersion: '23.2.1', baseVersion: '6.2.0' }, after: { siteVersion: '23.2.1', baseVersion: '6.2.0' } });
    expect(facts?.versions[1]?.after).toEqual({ siteVersion: SITE.version, baseVersion: BASE.version });
    expect(facts?.windows[0]?.endedAt).toBeNull();
    expect(facts?.files.map((f) => f.sha256)).toEqual(['c'.repeat(64)]);
  });

  it('names an appliance by host and port, a bare host by host alone', () => {
    const site = { siteAppliances: [{ role: 'current', label: 'Old', applianceUrl: 'https://127.0.0.1:9443' }, { role: 'new', label: 'New', applianceUrl: 'https://127.0.0.1:9444' }] };
    expect(reportAppliance(site, 'https://127.0.0.1:9444', 'x').name).toBe('New');
    expect(reportAppliance(site, '127.0.0.1', 'x').name).toBe('Old');
    expect(reportAppliance(site, 'https://10.0.0.9', 'x').name).toBe('10.0.0.9');
  });

  it('names an appliance by its host whatever the form of its address', () => {
    expect(hostOf('https://Appliance.Example:8443/')).toBe('appliance.example:8443');
    expect(hostOf('10.0.0.5')).toBe('10.0.0.5');
  });
});
