import { describe, expect, it } from 'vitest';
import { maintenanceWindowNotice } from '../../../../shared/rules/maintenance-window';

describe('R13 maintenance window notice', () => {
  it('estimates 15 to 60 minutes for one appliance and says the site goes down', () => {
    const notice = maintenanceWindowNotice(1);
    expect(notice).toMatchObject({ minMinutes: 15, maxMinutes: 60, mayTakeLonger: false });
    expect(notice.text).toMatch(/offline/);
    expect(notice.text).toMatch(/session ends/);
    expect(notice.text).toMatch(/15 to 60 minutes for this appliance/);
    expect(notice.text).toMatch(/session recordings/);
  });

  it('scales with the number of appliances', () => {
    expect(maintenanceWindowNotice(2)).toMatchObject({ minMinutes: 30, maxMinutes: 120 });
    expect(maintenanceWindowNotice(2).text).toMatch(/these 2 appliances/);
  });

  it('warns that much stored data makes it longer', () => {
    const notice = maintenanceWindowNotice(1, { largeStoredData: true });
    expect(notice.mayTakeLonger).toBe(true);
    expect(notice.text).toMatch(/longer than that/);
  });

  it('never estimates for fewer than one appliance', () => {
    expect(maintenanceWindowNotice(0)).toMatchObject({ minMinutes: 15, maxMinutes: 60 });
  });
});
