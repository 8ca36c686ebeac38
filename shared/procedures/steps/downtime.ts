/** R13's expected downtime per appliance, as every step that mentions it words it. */
import { maintenanceWindowNotice } from '../../rules/maintenance-window';

const WINDOW_NOTICE = maintenanceWindowNotice(1);

export const EXPECTED_INSTALL = {
  minMinutes: WINDOW_NOTICE.minMinutes,
  maxMinutes: WINDOW_NOTICE.maxMinutes,
  text: `${WINDOW_NOTICE.minMinutes}–${WINDOW_NOTICE.maxMinutes} minutes, longer with much stored data`,
} as const;

export const DOWNTIME = EXPECTED_INSTALL.text;
