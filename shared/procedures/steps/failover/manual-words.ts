/**
 * The words of an appliance of the pair updated by hand across the air gap: the choice at the
 * decision, and P2's restricted-side steps and manual unit worded for that appliance. The
 * instructions are P2's own; only titles, the appliance named and the cancel differ.
 */
import { manualOfflineSteps } from '../../manual-offline/words';
import type { StepCatalogueEntry } from '../catalogue';
import type { PairRole } from './actors';
import type { FailoverPairLayout } from './context';
import { cancelFailover, type FailoverEntry } from './words';

const AIR_GAP_STEPS = ['clock-check', 'download-key', 'save-key', 'reinsert-stick', 'await-bundle', 'verify-bundle', 'compare-code', 'import-bundle'] as const;

function placedEntry(base: StepCatalogueEntry<string, string>, id: string, title: string, role: PairRole, lead = ''): FailoverEntry {
  const actions = { ...base.actions, ...(base.actions.CANCEL ? { CANCEL: cancelFailover } : {}) } as FailoverEntry['actions'];
  return { ...(base as FailoverEntry), id, title, instruction: `${lead}${base.instruction}`, actions, ...(base.pagePath ? { pageOn: role } : {}) };
}

/** The decision, with the choice of how each of the appliances is updated. */
export function withUpdateModeChoice(entry: FailoverEntry, roles: readonly PairRole[]): FailoverEntry {
  const named = roles.join(' and ');
  const both = roles.length > 1 ? ' With both by hand, one trip serves both: both keys go out on the same stick and a bundle for each comes back.' : '';
  return {
    ...entry,
    instruction: `${entry.instruction} Appliance${roles.length > 1 ? 's' : ''} ${named} ${roles.length > 1 ? 'are' : 'is'} updated by the assistant from the update server unless you choose to update ${roles.length > 1 ? 'one or both' : 'it'} by hand across the air gap: then a download key goes out on a stick and the transfer bundle comes back before window 1, and the windows are planned once the packages are in the vault.${both}`,
    actions: {
      ...entry.actions,
      ...Object.fromEntries(
        roles.flatMap((role) => [
          [`UPDATE_${role}_MANUALLY`, { label: `Update ${role} by hand across the air gap`, tone: 'secondary' }],
          [`UPDATE_${role}_AUTOMATICALLY`, { label: `Update ${role} automatically`, tone: 'secondary' }],
        ]),
      ),
    },
  };
}

/** A pair's catalogue with the appliances `layout.manual` may be updated by hand: the decision's choices and the manual steps' entries. */
export function withManualUpdate(catalogue: Record<string, FailoverEntry>, layout: FailoverPairLayout): Record<string, FailoverEntry> {
  const roles = layout.manual ?? [];
  if (roles.length === 0 || !catalogue.decision) return catalogue;
  return { ...catalogue, decision: withUpdateModeChoice(catalogue.decision, roles), ...Object.assign({}, ...roles.map(manualUpdateEntries)) };
}

/** `<p>-clock-check` … `<p>-import-bundle`, `<p>-manual-plan`, `<p>-manual-install`, `<p>-manual-backup-between`. */
export function manualUpdateEntries(role: PairRole): Record<string, FailoverEntry> {
  const p = role.toLowerCase();
  const lead = `For appliance ${role}: `;
  const airGap = AIR_GAP_STEPS.map((step) => {
    const base = manualOfflineSteps[step];
    return [`${p}-${step}`, placedEntry(base, `${p}-${step}`, `${base.title} (appliance ${role})`, role, lead)] as const;
  });
  return {
    ...Object.fromEntries(airGap),
    [`${p}-manual-plan`]: placedEntry(manualOfflineSteps.plan, `${p}-manual-plan`, `Review what appliance ${role} installs from the bundle`, role),
    [`${p}-manual-install`]: placedEntry(manualOfflineSteps.install, `${p}-manual-install`, `Upload and install on appliance ${role}`, role),
    [`${p}-manual-backup-between`]: placedEntry(manualOfflineSteps['backup-between'], `${p}-manual-backup-between`, `Back up appliance ${role} between Base and site`, role),
  };
}
