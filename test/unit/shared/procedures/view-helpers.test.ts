import { describe, expect, it } from 'vitest';
import { activeStatePath, offeredActions, pageUrl, proofItems } from '../../../../shared/procedures/view-helpers';

describe('view helpers', () => {
  it('reads the active path of a state value', () => {
    expect(activeStatePath('window')).toEqual(['window']);
    expect(activeStatePath({ install: 'backup-between' })).toEqual(['install', 'backup-between']);
    expect(activeStatePath(undefined)).toEqual([]);
  });

  it('joins the appliance address and a page route with one slash', () => {
    expect(pageUrl('https://a.example:9443/', '/appliance/updates')).toBe('https://a.example:9443/appliance/updates');
    expect(pageUrl('https://a.example', 'login/jump/clients')).toBe('https://a.example/login/jump/clients');
  });

  it('builds actions from a wording table in the order asked', () => {
    const wording = { GO: { label: 'Go', tone: 'primary' as const }, STOP: { label: 'Stop', tone: 'danger' as const } };
    expect(offeredActions(wording, ['STOP', 'GO'])).toEqual([
      { event: 'STOP', label: 'Stop', tone: 'danger' },
      { event: 'GO', label: 'Go', tone: 'primary' },
    ]);
  });

  it('lays a proof out as one item per file: file — size — the whole SHA-256, failed with its problem', () => {
    const base = '3f2a9c1d0e77'.padEnd(64, '5');
    expect(
      proofItems([
        { file: 'base.nsu', size: 2048, sha256: base, ok: true },
        { file: 'site.nsu.part1', size: 10, sha256: '', ok: false, problem: 'SHA-256 differs' },
      ]),
    ).toEqual([
      { label: `base.nsu — 2.0 KiB — SHA-256 ${base}`, status: 'done' },
      { label: 'site.nsu.part1 — 10 B — SHA-256 not computed', status: 'failed', detail: 'SHA-256 differs' },
    ]);
  });

  it('shows the prefix a procedure saved before full digests, marked as cut', () => {
    expect(proofItems([{ file: 'base.nsu', size: 2048, sha256: '', sha256Prefix: '3f2a9c1d0e77', ok: true }])[0]!.label).toBe('base.nsu — 2.0 KiB — SHA-256 3f2a9c1d0e77…');
  });

  it('shows a proof line read through the cache with its note, after any problem, or with the note given instead', () => {
    const note = 'read through the cache; remove and re-insert the stick to verify from the drive';
    const proof = [
      { file: 'base.nsu', size: 2048, sha256: '3f2a9c1d0e77'.padEnd(64, '1'), ok: true, note },
      { file: 'site.nsu', size: 10, sha256: '0123456789ab'.padEnd(64, '2'), ok: false, problem: 'SHA-256 differs', note },
    ];
    expect(proofItems(proof).map((item) => item.detail)).toEqual([note, `SHA-256 differs; ${note}`]);
    expect(proofItems(proof, { cacheNote: 'read after the re-insert' }).map((item) => item.detail)).toEqual(['read after the re-insert', 'SHA-256 differs; read after the re-insert']);
    // A line read from the drive has no note, and the replacement never adds one.
    expect(proofItems([{ file: 'a', size: 1, sha256: 'x'.padEnd(64, '3'), ok: true }], { cacheNote: 'read after the re-insert' })[0]?.detail).toBeUndefined();
  });
});
