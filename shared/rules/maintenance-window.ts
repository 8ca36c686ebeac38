/**
 * R13: while a package installs the site is down, everyone logged in is signed out and every
 * session ends. Each appliance takes roughly 15 to 60 minutes, more when it stores a lot of
 * data such as session recordings.
 */
export const MINUTES_PER_APPLIANCE = { min: 15, max: 60 } as const;

export interface MaintenanceWindowNotice {
  minMinutes: number;
  maxMinutes: number;
  /** True when a large amount of stored data may stretch the install beyond the estimate. */
  mayTakeLonger: boolean;
  text: string;
}

export function maintenanceWindowNotice(
  applianceCount: number,
  options: { largeStoredData?: boolean } = {},
): MaintenanceWindowNotice {
  const count = Math.max(1, Math.floor(applianceCount));
  const minMinutes = MINUTES_PER_APPLIANCE.min * count;
  const maxMinutes = MINUTES_PER_APPLIANCE.max * count;
  const appliances = count === 1 ? 'this appliance' : `these ${count} appliances`;
  const stored = options.largeStoredData
    ? 'This appliance keeps a lot of data (for example session recordings), so expect it to take longer than that.'
    : 'Appliances that keep a lot of data, such as session recordings, can take noticeably longer.';
  const text = [
    'The site is offline while updates install: everyone logged in is signed out and every open session ends.',
    `Plan about ${minMinutes} to ${maxMinutes} minutes for ${appliances}.`,
    stored,
  ].join(' ');
  return { minMinutes, maxMinutes, mayTakeLonger: options.largeStoredData === true, text };
}
