import { describe, expect, it } from 'vitest';
import { checkBackupFreshness, isSha256Hex, type BackupFacts } from '../../../../shared/rules/backup-freshness';

const WINDOW = '2025-06-01T20:00:00.000Z';
const good: BackupFacts = { fileName: 'a.nsb', size: 3_145_728, sha256: 'ab'.repeat(32), createdAt: '2025-06-01T20:02:00.000Z' };

describe('R1 backup freshness', () => {
  it('holds for a non-empty, hashed backup taken after the window started', () => {
    const verdict = checkBackupFreshness(good, { windowStartedAt: WINDOW });
    expect(verdict.holds).toBe(true);
    expect(verdict.reason).toContain('a.nsb');
  });

  it('holds for a backup taken at the very moment the window started', () => {
    expect(checkBackupFreshness({ ...good, createdAt: WINDOW }, { windowStartedAt: WINDOW }).holds).toBe(true);
  });

  it.each([
    ['missing', null, /No settings backup/],
    ['empty', { ...good, size: 0 }, /empty/],
    ['unhashed', { ...good, sha256: '' }, /SHA-256/],
    ['hash of the wrong length', { ...good, sha256: 'ab'.repeat(16) }, /SHA-256/],
    ['unreadable time', { ...good, createdAt: 'yesterday' }, /creation time/],
    ['taken before the window', { ...good, createdAt: '2025-06-01T19:59:59.000Z' }, /before the maintenance window/],
  ])('fails when the backup is %s', (_, backup, reason) => {
    const verdict = checkBackupFreshness(backup, { windowStartedAt: WINDOW });
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toMatch(reason);
  });

  it('fails while the window has not been started', () => {
    expect(checkBackupFreshness(good, { windowStartedAt: null })).toMatchObject({ holds: false, reason: expect.stringMatching(/not been started/) });
  });

  it('fails when the backup predates a later required moment (the Base install)', () => {
    const verdict = checkBackupFreshness(good, {
      windowStartedAt: WINDOW,
      notBefore: { at: '2025-06-01T20:20:00.000Z', what: 'the Base install finished' },
    });
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toContain('the Base install finished');
  });

  it('holds when the backup follows that moment', () => {
    const verdict = checkBackupFreshness(
      { ...good, createdAt: '2025-06-01T20:21:00.000Z' },
      { windowStartedAt: WINDOW, notBefore: { at: '2025-06-01T20:20:00.000Z', what: 'the Base install finished' } },
    );
    expect(verdict.holds).toBe(true);
  });

  it('recognises a SHA-256 in either case', () => {
    expect(isSha256Hex('AB'.repeat(32))).toBe(true);
    expect(isSha256Hex('zz'.repeat(32))).toBe(false);
  });
});
