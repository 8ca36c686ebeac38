import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClockOffset,
  formatDuration,
  formatEta,
  formatRate,
  formatRelativeTime,
  formatDateTime,
  humaniseTimestamps,
  isClockOffsetTooLarge,
  percent,
  shortenFingerprint,
  isSha256,
  isFingerprint256,
  groupCharacters,
  proofGroups,
  formatWindowClock,
} from '../../../renderer/src/format';

describe('format', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(734003200)).toBe('700 MiB');
    expect(formatBytes(1288490188)).toBe('1.2 GiB');
    expect(formatBytes(4 * 1024 ** 4)).toBe('4.0 TiB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats durations with the two largest parts', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(130)).toBe('2 min 10 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(7200)).toBe('2 h');
  });

  it('rounds the ETA up and says when it is unknown', () => {
    expect(formatEta(129.2)).toBe('2 min 10 s left');
    expect(formatEta(0.3)).toBe('1 s left');
    expect(formatEta(null)).toBe('estimating…');
  });

  it('formats rates per unit', () => {
    expect(formatRate(4404019, 'bytes')).toBe('4.2 MiB/s');
    expect(formatRate(358400, 'bytes')).toBe('350 KiB/s');
    expect(formatRate(1, 'seconds')).toBe('1.0 s/s');
    expect(formatRate(null, 'bytes')).toBe('—');
  });

  it('formats relative times', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(formatRelativeTime('2026-11-28T11:59:50Z', now)).toBe('just now');
    expect(formatRelativeTime('2026-11-28T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelativeTime('2026-11-28T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelativeTime('2026-11-27T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2026-11-24T12:00:00Z', now)).toBe('4 days ago');
    expect(formatRelativeTime('not a date', now)).toBe('—');
  });

  it('shortens fingerprints but keeps short ones whole', () => {
    const fp = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');
    expect(shortenFingerprint(fp)).toBe('00:01:02:03 … 1C:1D:1E:1F');
    expect(shortenFingerprint('AA:BB')).toBe('AA:BB');
  });

  it('recognises a full SHA-256 and groups long values in eights that join back to the value', () => {
    const sha = 'ab'.repeat(32);
    expect(isSha256(sha)).toBe(true);
    expect(isSha256(` ${sha.toUpperCase()} `)).toBe(true);
    expect(isSha256(sha.slice(0, 12))).toBe(false);
    expect(isSha256(`${sha}0`)).toBe(false);
    expect(groupCharacters(sha)).toHaveLength(8);
    expect(groupCharacters(sha).join('')).toBe(sha);
    expect(groupCharacters('abcdefghij')).toEqual(['abcdefgh', 'ij']);
  });

  it('groups a certificate fingerprint by four bytes, keeping every colon', () => {
    const fp = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');
    expect(isFingerprint256(fp)).toBe(true);
    expect(isFingerprint256('AB:CD')).toBe(false);
    const groups = proofGroups(fp);
    expect(groups).toHaveLength(8);
    expect(groups[0]).toBe('00:01:02:03:');
    expect(groups[7]).toBe('1C:1D:1E:1F');
    expect(groups.join('')).toBe(fp);
    expect(proofGroups('ab'.repeat(32))).toEqual(groupCharacters('ab'.repeat(32)));
  });

  it('tells the maintenance window clock, with the planned end and an overrun', () => {
    const start = '2026-11-28T12:00:00Z';
    const end = '2026-11-28T13:00:00Z';
    const endText = new Date(end).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(formatWindowClock(start, undefined, new Date('2026-11-28T12:12:40Z'))).toEqual({ text: 'Window open 12 min', overrun: false });
    expect(formatWindowClock(start, end, new Date('2026-11-28T12:30:00Z'))).toEqual({
      text: `Window open 30 min · planned end ${endText}`,
      overrun: false,
    });
    expect(formatWindowClock(start, end, new Date('2026-11-28T13:05:00Z'))).toEqual({
      text: `Window open 1 h 5 min · 5 min past the planned end ${endText}`,
      overrun: true,
    });
  });

  it('describes the clock offset and flags more than 120 s', () => {
    expect(formatClockOffset(0.2)).toBe('in sync');
    expect(formatClockOffset(187)).toBe('3 min 7 s ahead');
    expect(formatClockOffset(-5)).toBe('5 s behind');
    expect(isClockOffsetTooLarge(120)).toBe(false);
    expect(isClockOffsetTooLarge(-121)).toBe(true);
  });

  it('computes a bounded percentage, or none without a total', () => {
    expect(percent(50, 200)).toBe(25);
    expect(percent(300, 200)).toBe(100);
    expect(percent(5, null)).toBeNull();
    expect(percent(5, 0)).toBeNull();
  });

  describe('humaniseTimestamps', () => {
    it('replaces every ISO 8601 time in a sentence with the local date and time to the second', () => {
      const text = 'Window from 2026-11-28T20:56:23.908Z to 2026-11-28T22:00:00Z (offset 2026-11-29T01:02:03+02:00).';
      const shown = humaniseTimestamps(text);
      expect(shown).toBe(
        `Window from ${formatDateTime('2026-11-28T20:56:23.908Z')} to ${formatDateTime('2026-11-28T22:00:00Z')} (offset ${formatDateTime('2026-11-29T01:02:03+02:00')}).`,
      );
      expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      // Seconds precision, as in the journal: the seconds of the instant are in the text.
      expect(humaniseTimestamps('2026-11-28T20:56:23.908Z')).toMatch(/23/);
    });

    it('replaces a whole fact value and leaves the rest of the sentence alone', () => {
      expect(humaniseTimestamps('Maintenance window started at 2026-11-28T20:56:23.908Z.')).toBe(
        `Maintenance window started at ${formatDateTime('2026-11-28T20:56:23.908Z')}.`,
      );
    });

    it('replaces a timestamp followed by a colon, as in "from j.smith, <time>: all files match"', () => {
      expect(humaniseTimestamps('from j.smith, 2026-12-01T22:18:12.244Z: All 2 files match.')).toBe(
        `from j.smith, ${formatDateTime('2026-12-01T22:18:12.244Z')}: All 2 files match.`,
      );
      // A colon that continues the value (a longer time) is still not cut into.
      expect(humaniseTimestamps('at 2026-11-28T20:56Z:30')).toBe('at 2026-11-28T20:56Z:30');
    });

    it('leaves text without a timestamp untouched', () => {
      expect(humaniseTimestamps('Base 6.2.0 installed; site 23.2.1 next.')).toBe('Base 6.2.0 installed; site 23.2.1 next.');
      expect(humaniseTimestamps('')).toBe('');
      expect(humaniseTimestamps('Date only: 2026-11-28, time only: 20:56:23')).toBe('Date only: 2026-11-28, time only: 20:56:23');
    });

    it('never rewrites a digest or an identifier that only looks like digits', () => {
      const numericHash = '2026112820562390820261128205623908202611282056239082026112820562';
      expect(humaniseTimestamps(`SHA-256 ${numericHash}`)).toBe(`SHA-256 ${numericHash}`);
      const glued = 'a3f2026-11-28T20:56:23.908Zb9';
      expect(humaniseTimestamps(glued)).toBe(glued);
      expect(humaniseTimestamps('backup-2026-11-28T20:56:23Z.tgz')).toBe('backup-2026-11-28T20:56:23Z.tgz');
    });

    it('leaves an impossible date as written rather than showing "Invalid Date"', () => {
      expect(humaniseTimestamps('at 2026-13-45T99:99:99Z')).toBe('at 2026-13-45T99:99:99Z');
    });
  });
});
