/**
 * The words of the failover-pair steps (P3 and P4): titles, instructions, pages and buttons.
 * Facts come from the vendor's upgrade guide; the wording is our own.
 */
import { backupBetweenEntry, checkUpdatesEntry, installEntry, planEntry } from '../appliance-upgrade/words';
import { AFTERCARE_OPERATOR_EVENTS, AFTERCARE_VALUE_EVENTS } from '../aftercare-and-report/record';
import { aftercareEntries, reportEntry } from '../aftercare-and-report/words';
import { tryAgain, type ActionWording, type StepCatalogueEntry } from '../catalogue';
import { backupEntry } from '../window-and-backup/words';
import type { PairRole } from './actors';
import { HOSTS_CHECKS } from './checks';
import { AIR_GAP_OPERATOR_EVENTS } from '../../manual-offline/words';
import { other, type FailoverPairLayout } from './context';

export const FAILOVER_OPERATOR_EVENTS = [
  'CONFIRM',
  'METHOD_SHARED_IP',
  'METHOD_DNS',
  'METHOD_NAT',
  'PLAN_WINDOWS',
  'WINDOW_STARTED',
  'WINDOW_ENDED',
  'CONTINUE',
  'CONFIRM_PRODUCTION',
  'HOSTS_TESTED',
  'SWITCH',
  'SWITCH_MYSELF',
  'SWITCHED',
  'WAIT_LONGER',
  'SYNC_NOW',
  'START_INSTALL',
  'RECHECK',
  'RETRY',
  'CANCEL',
  ...AFTERCARE_OPERATOR_EVENTS,
] as const;
/** The events of the appliances updated by hand across the air gap (P4's A and B): the choices at the decision and P2's restricted-side steps. */
export const MANUAL_UPDATE_OPERATOR_EVENTS = ['UPDATE_A_MANUALLY', 'UPDATE_A_AUTOMATICALLY', 'UPDATE_B_MANUALLY', 'UPDATE_B_AUTOMATICALLY', ...AIR_GAP_OPERATOR_EVENTS, 'CANCEL_UPLOAD'] as const;
export type FailoverOperatorEvent = (typeof FAILOVER_OPERATOR_EVENTS)[number] | (typeof MANUAL_UPDATE_OPERATOR_EVENTS)[number];
/** Events that carry a value the operator gives. */
export const FAILOVER_VALUE_EVENTS: readonly FailoverOperatorEvent[] = ['PLAN_WINDOWS', 'HOSTS_TESTED', 'SAVE_KEY', 'BUNDLE_READY', ...AFTERCARE_VALUE_EVENTS];

export type FailoverEntry = StepCatalogueEntry<string, FailoverOperatorEvent>;

export const cancelFailover: ActionWording = {
  label: 'Cancel the upgrade',
  tone: 'secondary',
  confirm: 'Stop this upgrade here? What was done stays as it is; backups stay in the vault. If the relationship was already broken, re-establish it yourself on Management > Failover.',
  confirmLabel: 'Cancel the upgrade',
  confirmTone: 'danger',
  dismissLabel: 'Keep working',
  noteOptional: true,
};
const checkAgain: ActionWording = { label: 'Check again', tone: 'primary' };
const FAILOVER_PAGE = { pagePath: '/login > Management > Failover', pageRoute: '/login/management/failover' } as const;

const entry = (id: string, fields: Omit<FailoverEntry, 'id'>): FailoverEntry => ({ id, ...fields });

export function decisionEntry(kind: 'sync' | 'async'): FailoverEntry {
  return entry('decision', {
    title: kind === 'sync' ? 'Confirm the synchronous upgrade' : 'Choose how B takes over',
    kind: 'decision',
    rules: ['R9', 'R12', 'R13'],
    instruction:
      kind === 'sync'
        ? 'Synchronous: A stays primary the whole time and no failover event happens, but the site is down twice, once while each appliance installs. Asynchronous (the other procedure) keeps the downtime short but makes B primary and needs a network change. The facts below say how long each install may take.'
        : 'Asynchronous: B is updated first while A keeps serving, then B takes over the site, so users see only a short break; the price is a failover event and a network change. Choose now how the site address moves to B: the shared IP (needs a shared IP on both appliances), your DNS record, or your NAT rule.',
    ...FAILOVER_PAGE,
    actions: {
      CONFIRM: { label: 'Upgrade one after the other', tone: 'primary' },
      METHOD_SHARED_IP: { label: 'Move the shared IP', tone: 'primary' },
      METHOD_DNS: { label: 'Change the DNS record', tone: 'secondary' },
      METHOD_NAT: { label: 'Change the NAT rule', tone: 'secondary' },
      RECHECK: { label: 'Read the appliances again', tone: 'secondary' },
      RETRY: tryAgain,
      CANCEL: cancelFailover,
    },
  });
}

export const planWindowsEntry = entry('plan-windows', {
  title: 'Plan the two maintenance windows',
  kind: 'decision',
  rules: ['R9'],
  instruction:
    'A pair is upgraded in two windows with an interim between them, long enough to see the new version work and short enough to limit the time without failover. Give the planned start and end of window 1, then of window 2, one time a line with its zone (for example 2025-06-02T20:00+02:00).',
  actions: {
    PLAN_WINDOWS: { label: 'Save the plan', tone: 'primary', input: { kind: 'multiline', label: 'Window 1 start, window 1 end, window 2 start, window 2 end', placeholder: '2025-06-02T20:00+02:00' } },
    CANCEL: cancelFailover,
  },
});

export function windowEntry(id: 'window-1' | 'window-2'): FailoverEntry {
  return entry(id, {
    title: id === 'window-1' ? 'Start maintenance window 1' : 'Start maintenance window 2',
    kind: id === 'window-1' ? 'decision' : 'gate',
    rules: ['R9', 'R13'],
    instruction:
      id === 'window-1'
        ? 'Tell the site’s users, then press the button when the first window has begun. The assistant records the actual time and watches the site address from now on.'
        : 'The second window opens only once the first appliance’s new version was confirmed in production. Press the button when the window has begun.',
    actions: { WINDOW_STARTED: { label: 'Window started', tone: 'primary', confirm: 'Have the users been told, and has the agreed window begun?' }, CANCEL: cancelFailover },
  });
}

export function closeWindowEntry(id: 'end-window-1' | 'end-window-2'): FailoverEntry {
  return entry(id, {
    title: id === 'end-window-1' ? 'End maintenance window 1' : 'End maintenance window 2',
    kind: 'guided',
    rules: ['R9'],
    instruction: 'Press the button when the window is over. The assistant records the time and measures, from its watch of the site address, how long the site was down in this window.',
    actions: { WINDOW_ENDED: { label: 'Window is over', tone: 'primary' }, RETRY: tryAgain },
  });
}

export const backupAEntry = (id: string): FailoverEntry => ({ ...(backupEntry as FailoverEntry), id, title: 'Back up appliance A', actions: { RETRY: tryAgain, CANCEL: cancelFailover } });
export const backupBEntry = (id: string, role: PairRole): FailoverEntry => ({
  ...(backupEntry as FailoverEntry),
  id,
  title: `Back up appliance ${role}`,
  instruction: `The assistant downloads a settings backup of appliance ${role} into the vault inside this window, hashed and read back, before anything is installed on it.`,
  actions: { RETRY: tryAgain, CANCEL: cancelFailover },
});

/** The two R8 steps, both on the Failover page: Sync Now and wait, then break. */
const r8Entry = (id: string, { title, kind, instruction, actions }: Pick<FailoverEntry, 'title' | 'kind' | 'instruction' | 'actions'>) => entry(id, { title, kind, rules: ['R8'], instruction, ...FAILOVER_PAGE, actions });

export const syncEntry = r8Entry('sync', {
  title: 'Sync the pair',
  kind: 'wait',
  instruction: 'The assistant presses Sync Now on A and waits until the appliances report a sync newer than the request that ended well. Only then may the relationship be broken, so B holds everything A has.',
  actions: { RETRY: tryAgain, CANCEL: cancelFailover },
});

export const breakEntry = r8Entry('break', {
  title: 'Break the relationship',
  kind: 'auto',
  instruction: 'The assistant breaks the failover relationship on A, then reads both appliances: each must report no failover role.',
  actions: { RETRY: tryAgain },
});

/** The unit's steps placed for one appliance, worded for it. */
export function unitEntries(role: PairRole): Record<string, FailoverEntry> {
  const p = role.toLowerCase();
  const words = (base: StepCatalogueEntry<string, string>, id: string, title: string): FailoverEntry => {
    const actions = { ...base.actions, ...(base.actions.CANCEL ? { CANCEL: cancelFailover } : {}) } as FailoverEntry['actions'];
    return { ...(base as FailoverEntry), id, title, actions };
  };
  return {
    [`${p}-check-updates`]: words(checkUpdatesEntry, `${p}-check-updates`, `Check for updates on appliance ${role}`),
    [`${p}-plan`]: words(planEntry({ RECHECK: { label: 'Check for updates again', tone: 'primary' } }), `${p}-plan`, `Review what appliance ${role} installs`),
    [`${p}-install`]: words(installEntry(`The assistant installs each package on appliance ${role} in order, with a fresh backup right after a Base package, and checks the version after each. Nothing else happens on the pair meanwhile.`), `${p}-install`, `Install on appliance ${role}`),
    [`${p}-backup-between`]: words(backupBetweenEntry, `${p}-backup-between`, `Back up appliance ${role} between Base and site`),
  };
}

export function verifyEntry(role: PairRole): FailoverEntry {
  return entry(`verify-${role.toLowerCase()}`, {
    title: `Verify appliance ${role}`,
    kind: 'auto',
    rules: [],
    instruction: `The assistant reads both appliances and checks that ${role} reports the version just installed.`,
    actions: { RECHECK: checkAgain, RETRY: tryAgain },
  });
}

export const testBEntry = entry('test-b', {
  title: 'Test appliance B before it takes over',
  kind: 'guided',
  rules: ['R11'],
  instruction:
    'On two test computers add the line shown below to the hosts file, so the site hostname leads to B (Windows: C:\\Windows\\System32\\drivers\\etc\\hosts; macOS and Linux: /etc/hosts). On them, open the site, check the console build under Help > About, and run one session to a remote computer. Tick what you did; the assistant then asks B itself as the site and checks its version and certificate. Remove the lines afterwards.',
  actions: {
    HOSTS_TESTED: { label: 'Tests done', tone: 'primary', input: { kind: 'checklist', label: 'What was tested', items: [...HOSTS_CHECKS] } },
    RECHECK: checkAgain,
    RETRY: tryAgain,
  },
});

export const makePrimaryEntry = entry('make-primary', {
  title: 'Make appliance B primary',
  kind: 'guided',
  rules: ['R12'],
  instruction:
    'The site address moves to B by the method chosen. Shared IP: the assistant disables it on A and enables it on B at once (or you do it on both IP Configuration pages side by side). DNS or NAT: change the record or the rule on your own equipment, then say so; the assistant asks the site address until B answers. Afterwards check every Integration Client that reaches the appliance by IP address against B.',
  pagePath: '/appliance > Networking > IP Configuration',
  pageRoute: '/appliance/network/ip',
  actions: {
    SWITCH: { label: 'Switch the shared IP', tone: 'primary', confirm: 'Move the shared IP from A to B now? The site is unreachable for a moment.' },
    SWITCH_MYSELF: { label: 'I switch it myself', tone: 'secondary' },
    SWITCHED: { label: 'The change is made', tone: 'primary' },
    WAIT_LONGER: { label: 'Wait longer', tone: 'primary' },
    CONFIRM: { label: 'Integration Clients checked', tone: 'primary' },
    RETRY: { label: 'Try again', tone: 'primary' },
  },
});

export function jumpClientsEntry(role: PairRole): FailoverEntry {
  return entry('jump-clients', {
    title: 'Wait for the Jump Clients',
    kind: 'wait',
    rules: [],
    instruction: `After a new site version the Jump Clients upgrade themselves and come back online one batch at a time. The assistant counts them on appliance ${role}; no further upgrade should start before they are back. If some stay away, you may go on with a note.`,
    pagePath: '/login > Jump > Jump Clients',
    pageRoute: '/login/jump/clients',
    actions: { RECHECK: checkAgain, CONTINUE: { label: 'Go on anyway', tone: 'secondary', needsNote: true }, RETRY: tryAgain },
  });
}

export const confirmProductionEntry = entry('confirm-production', {
  title: 'Confirm the new version in production',
  kind: 'gate',
  rules: ['R9'],
  instruction: 'Between the windows the pair runs without failover. Let the site work on the updated appliance, then confirm that the new version works in production, saying what you saw. Window 2 waits for this.',
  actions: { CONFIRM_PRODUCTION: { label: 'Works in production', tone: 'primary', needsNote: true } },
});

export function establishEntry(primary: PairRole): FailoverEntry {
  return entry('establish', {
    title: `Re-establish the pair with ${primary} primary`,
    kind: 'auto',
    rules: ['R10'],
    instruction: `The assistant compares the inter-appliance keys of both appliances, then establishes the relationship on ${primary} with each appliance’s own address in the host fields (never the site hostname) and the TLS port 443. If the keys differ, set the same key on both on the Security page and try again.`,
    pagePath: '/login > Management > Security',
    pageRoute: '/login/management/security',
    actions: { RETRY: tryAgain },
  });
}

export const firstSyncEntry = entry('first-sync', {
  title: 'Wait for the first sync',
  kind: 'wait',
  rules: ['R10'],
  instruction: 'About a minute after the relationship is established the appliances sync for the first time. The assistant waits for it and records its time; if it fails, press Sync Now.',
  ...FAILOVER_PAGE,
  actions: { RETRY: tryAgain, SYNC_NOW: { label: 'Sync Now', tone: 'secondary' } },
});

export const closingEntries: Record<string, FailoverEntry> = { ...aftercareEntries, report: reportEntry };

/** A failover-pair procedure's catalogue: the entries above, placed and worded for its layout. */
export function failoverPairCatalogue({ kind, first, secondBackup }: FailoverPairLayout): Record<string, FailoverEntry> {
  return {
    decision: decisionEntry(kind),
    'plan-windows': planWindowsEntry,
    'window-1': windowEntry('window-1'),
    'backup-a': backupAEntry('backup-a'),
    sync: syncEntry,
    break: breakEntry,
    ...unitEntries('A'),
    ...unitEntries('B'),
    'verify-a': verifyEntry('A'),
    'verify-b': verifyEntry('B'),
    'end-window-1': closeWindowEntry('end-window-1'),
    'jump-clients': jumpClientsEntry(first),
    'confirm-production': confirmProductionEntry,
    'window-2': windowEntry('window-2'),
    [secondBackup]: backupBEntry(secondBackup, other(first)),
    ...(kind === 'async' ? { 'test-b': testBEntry, 'make-primary': makePrimaryEntry } : {}),
    establish: establishEntry(first),
    'first-sync': firstSyncEntry,
    'end-window-2': closeWindowEntry('end-window-2'),
    ...closingEntries,
  };
}
