/**
 * R6: an Appliance Download Key carries the appliance's time, and the update server refuses a
 * key whose clock is off. So the appliance clock is compared with this computer's before a key
 * is generated; a difference within the tolerance holds, anything else blocks with the fix.
 */
import type { CheckApplianceClockOutput } from '../procedures/actors';
import { fails, holds, type RuleVerdict } from './rule-verdict';

export const CLOCK_TOLERANCE_SECONDS = 120;

export const NTP_SETTINGS_PAGE = '/appliance > Networking > IP Configuration';

/** What a person does about a wrong appliance clock, in one sentence; views and hints reuse it. */
export const CLOCK_FIX = `Turn on NTP with a reachable time server on ${NTP_SETTINGS_PAGE} (or correct the servers listed there), wait until the appliance has taken the time, then check again.`;

function describeOffset(offsetSeconds: number): string {
  const seconds = Math.round(Math.abs(offsetSeconds));
  const direction = offsetSeconds > 0 ? 'ahead of' : 'behind';
  return `${seconds} s ${direction}`;
}

function describeNtp(reading: CheckApplianceClockOutput): string {
  if (!reading.ntpEnabled) return 'NTP is turned off on the appliance.';
  if (reading.ntpServers.length === 0) return 'NTP is turned on but names no server.';
  return `NTP is turned on with ${reading.ntpServers.join(', ')}, but the clock has not followed it.`;
}

export function checkApplianceClock(reading: CheckApplianceClockOutput | null | undefined): RuleVerdict {
  if (!reading) return fails('The appliance clock has not been compared with this computer’s yet.');
  if (!Number.isFinite(reading.offsetSeconds)) {
    return fails(`The difference between the appliance clock and this computer’s could not be worked out. ${CLOCK_FIX}`);
  }
  if (Math.abs(reading.offsetSeconds) > CLOCK_TOLERANCE_SECONDS) {
    return fails(
      `The appliance clock (${reading.applianceTime}) is ${describeOffset(reading.offsetSeconds)} this computer’s (${reading.operatorTime}); more than ${CLOCK_TOLERANCE_SECONDS} s apart, the update server would refuse the download key. ${describeNtp(reading)} ${CLOCK_FIX}`,
    );
  }
  return holds(
    `The appliance clock is within ${CLOCK_TOLERANCE_SECONDS} s of this computer’s (${describeOffset(reading.offsetSeconds)}), so a download key made now carries the right time.`,
  );
}
