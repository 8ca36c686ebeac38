/**
 * The failover side of the command API: the failover elements of check_health and the
 * set_failover_role action (PROTOCOL.md, "Failover pairs (issue 8)").
 */
import type { Appliance } from './appliance-state';
import { FailoverRefusal } from './failover-pair';
import type { FailoverRole } from './failover-state';
import { escapeMarkup as e } from './http-kit';
import type { LabModel } from './lab-model';

/** The failover elements of one <appliance> in check_health. */
export function failoverHealthXml(model: LabModel, appliance: Appliance): string {
  const view = model.failover.view(appliance);
  const ips = appliance.failover
    .enabledSharedIps()
    .map((ip) => `<ip>${e(ip)}</ip>`)
    .join('');
  const at = view.lastSyncAt === null ? null : Date.parse(view.lastSyncAt);
  return `    <failover_role>${view.role}</failover_role>
    <enabled_shared_ips>${ips}</enabled_shared_ips>
    <last_data_sync_time ts="${at === null ? 0 : Math.floor(at / 1000)}">${at === null ? '' : e(view.lastSyncAt ?? '')}</last_data_sync_time>
    <last_data_sync_status>${view.lastSyncStatus}</last_data_sync_status>`;
}

export type RoleAnswer = { ok: true; xml: string } | { ok: false; status: number; message: string };

/** set_failover_role&role=…&data_sync_first=0|1&force=0|1 (the caller checked perm_command=full). */
export function setFailoverRole(model: LabModel, appliance: Appliance, params: (name: string) => string | undefined, ns: string): RoleAnswer {
  const role = params('role') as FailoverRole | undefined;
  try {
    const taken = model.failover.setRole(appliance, {
      role: role ?? 'none',
      dataSyncFirst: params('data_sync_first') === '1',
      force: params('force') === '1',
    });
    return {
      ok: true,
      xml: `<?xml version="1.0" encoding="UTF-8"?>
<set_failover_role xmlns="${ns}">
  <success>1</success>
  <failover_role>${taken}</failover_role>
</set_failover_role>
`,
    };
  } catch (error) {
    if (error instanceof FailoverRefusal) return { ok: false, status: error.status, message: error.message };
    throw error;
  }
}
