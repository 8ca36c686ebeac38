import { describe, expect, it } from 'vitest';
import { activeStatePath, formatBytes, offeredActions, pageUrl, sha256Prefix } from '../../../../shared/procedures/view-helpers';

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

  it('shortens a SHA-256 for the eye and sizes for people', () => {
    expect(sha256Prefix('0123456789abcdef'.repeat(4))).toBe('0123456789ab…');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });

  it('builds actions from a wording table in the order asked', () => {
    const wording = { GO: { label: 'Go', tone: 'primary' as const }, STOP: { label: 'Stop', tone: 'danger' as const } };
    expect(offeredActions(wording, ['STOP', 'GO'])).toEqual([
      { event: 'STOP', label: 'Stop', tone: 'danger' },
      { event: 'GO', label: 'Go', tone: 'primary' },
    ]);
  });
});
