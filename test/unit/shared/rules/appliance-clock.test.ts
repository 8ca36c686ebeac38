import { describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_SECONDS, checkApplianceClock } from '../../../../shared/rules/appliance-clock';
import type { CheckApplianceClockOutput } from '../../../../shared/procedures/actors';

function reading(offsetSeconds: number, ntp: Partial<Pick<CheckApplianceClockOutput, 'ntpEnabled' | 'ntpServers'>> = {}): CheckApplianceClockOutput {
  return {
    applianceTime: '2025-06-01T20:00:00.000Z',
    operatorTime: '2025-06-01T20:00:00.000Z',
    offsetSeconds,
    ntpEnabled: true,
    ntpServers: ['ntp.lab.example'],
    ...ntp,
  };
}

describe('R6 appliance clock', () => {
  it.each([0, 30, -30, CLOCK_TOLERANCE_SECONDS, -CLOCK_TOLERANCE_SECONDS])('holds at %i s apart', (offset) => {
    expect(checkApplianceClock(reading(offset)).holds).toBe(true);
  });

  it.each([CLOCK_TOLERANCE_SECONDS + 1, -(CLOCK_TOLERANCE_SECONDS + 1), 3600])('fails at %i s apart, naming the fix', (offset) => {
    const verdict = checkApplianceClock(reading(offset));
    expect(verdict.holds).toBe(false);
    expect(verdict.reason).toContain('/appliance > Networking > IP Configuration');
    expect(verdict.reason).toMatch(/NTP/);
    expect(verdict.reason).toMatch(/check again/);
  });

  it('says which way the clock is off and what NTP is doing', () => {
    expect(checkApplianceClock(reading(600, { ntpEnabled: false, ntpServers: [] })).reason).toMatch(/600 s ahead of .*NTP is turned off/);
    expect(checkApplianceClock(reading(-300, { ntpServers: [] })).reason).toMatch(/300 s behind .*names no server/);
    expect(checkApplianceClock(reading(-300)).reason).toMatch(/ntp\.lab\.example, but the clock has not followed it/);
  });

  it('fails without a reading or with an offset that is not a number', () => {
    expect(checkApplianceClock(null).holds).toBe(false);
    expect(checkApplianceClock(reading(Number.NaN))).toMatchObject({ holds: false, reason: expect.stringContaining('IP Configuration') });
  });
});
