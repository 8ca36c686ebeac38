/**
 * The words of the phase every upgrade ends with: client aftercare (P6, when R14 asks for it),
 * the report, and the closing messages. Facts come from the vendor's upgrade guide; the wording
 * is our own.
 */
import { tryAgain, type StepCatalogueEntry, type UpgradeOperatorEventType } from '../catalogue';
import { AFTERCARE_CHECKS, type AftercareStepId } from './record';

const JUMP_CLIENTS_PAGE = { pagePath: '/login > Jump > Jump Clients', pageRoute: '/login/jump/clients' } as const;
const LIMIT = 'Maximum Number of Concurrent Jump Client Upgrades';
type Entry<TId extends AftercareStepId> = StepCatalogueEntry<TId, UpgradeOperatorEventType>;

export const aftercareEntry: Entry<'aftercare'> = {
  id: 'aftercare',
  title: 'Limit the Jump Client upgrades',
  kind: 'decision',
  rules: ['R14'],
  instruction: [
    `A new site version makes every Jump Client update itself. Many at once can flood the appliance and the network, so the Jump Clients page has a “${LIMIT}” setting.`,
    'The assistant reads the current value and the clients’ counts. Say how much bandwidth client upgrades may use and it proposes a value from the number of clients; you may type another. Once you confirm, the assistant saves it through the page’s own form and reads it back.',
  ].join('\n'),
  ...JUMP_CLIENTS_PAGE,
  actions: {
    RECHECK: { label: 'Read again', tone: 'secondary' },
    PROPOSE: { label: 'Propose a limit', tone: 'primary', input: { kind: 'text', label: 'Bandwidth for client upgrades (Mbit/s)', placeholder: 'e.g. 100' } },
    ASSUME_SIZE: { label: 'Use this download size', tone: 'secondary', input: { kind: 'text', label: 'Download size of one client upgrade (MiB)', placeholder: 'e.g. 40' } },
    SET_LIMIT: { label: 'Use this limit', tone: 'secondary', input: { kind: 'text', label: LIMIT, placeholder: '1 to 1000' } },
    CONFIRM: { label: 'Save it on the appliance', tone: 'primary' },
    BACK: { label: 'Choose another value', tone: 'secondary' },
    RETRY: tryAgain,
    BY_HAND: { label: 'I set it on the page myself', tone: 'secondary', needsNote: true },
  },
};

export const aftercareWatchEntry: Entry<'aftercare-watch'> = {
  id: 'aftercare-watch',
  title: 'Watch the Jump Clients come back',
  kind: 'wait',
  rules: ['R14'],
  instruction: [
    'Active Jump Clients queue for their update as soon as the appliance runs the new version; passive ones when their computer starts, when someone connects to them, when told to check in from the tray, or within a day. Until then they show “Upgrade Pending” and cannot be jumped to (trying moves them to the front of the queue).',
    'The assistant reads the counts every few seconds until every client is back online. Allow them that time before any further upgrade; if some stay away (passive clients may take a day), end the watch with a note.',
  ].join('\n'),
  ...JUMP_CLIENTS_PAGE,
  actions: { END_WATCH: { label: 'End the watch', tone: 'secondary', needsNote: true }, RETRY: tryAgain },
};

export const aftercareRestoreEntry: Entry<'aftercare-restore'> = {
  id: 'aftercare-restore',
  title: 'Put the original limit back',
  kind: 'decision',
  rules: ['R14'],
  instruction: `The clients are looked after. The assistant can put “${LIMIT}” back to the value it had before this step (saved and read back), or you keep the new value and say why.`,
  ...JUMP_CLIENTS_PAGE,
  actions: {
    RESTORE: { label: 'Put the original value back', tone: 'primary' },
    KEEP_LIMIT: { label: 'Keep the new value', tone: 'secondary', needsNote: true },
    RETRY: tryAgain,
  },
};

export const aftercareChecklistEntry: Entry<'aftercare-checklist'> = {
  id: 'aftercare-checklist',
  title: 'Consoles, installers and other clients',
  kind: 'guided',
  rules: ['R14'],
  instruction: [
    'The other clients need a look too; tick each point once it is done or does not apply:',
    '• Access consoles update the next time they start. Consoles deployed with an MSI on locked-down computers may have to be deployed again; keep the old MSI, the new one cannot remove outdated copies.',
    '• Integration Clients do not update themselves: reinstall them by hand (installers are on the vendor’s download page).',
    '• Every Jump Client and console installer package made before this upgrade stopped working; create new ones.',
    '• Jumpoints and Connection Agents update themselves: check that they did.',
  ].join('\n'),
  actions: { TICKED: { label: 'All done', tone: 'primary', input: { kind: 'checklist', label: 'Client aftercare', items: AFTERCARE_CHECKS.map((item) => ({ ...item })) } } },
};

/** The phase's entries, keyed by step id, for a procedure's catalogue. */
export const aftercareEntries = {
  aftercare: aftercareEntry,
  'aftercare-watch': aftercareWatchEntry,
  'aftercare-restore': aftercareRestoreEntry,
  'aftercare-checklist': aftercareChecklistEntry,
} as const;

export const reportEntry: StepCatalogueEntry<'report', UpgradeOperatorEventType> = {
  id: 'report',
  title: 'Close and report',
  kind: 'auto',
  rules: ['R7'],
  instruction:
    'The assistant marks the procedure complete and stops protecting the vault files it held for it. The files stay in the vault; the journal and this summary record what was done.',
  actions: { RETRY: tryAgain },
};

/** Closing messages every upgrade shows the same way; the view fills in the facts. */
export const closingBanners = {
  done: (summary: { versions: string; backups: string }) => ({
    tone: 'ok' as const,
    title: 'Upgrade complete',
    text: `${summary.versions}. Every install was verified against the version the appliance reports. Backups kept in the vault: ${summary.backups}.`,
  }),
  cancelled: (where: { stepTitle: string; note?: string }) => ({
    tone: 'info' as const,
    title: 'Upgrade cancelled',
    text: `Stopped at “${where.stepTitle}”${where.note ? ` — ${where.note}` : ''}. Nothing was installed; any backup taken stays in the vault.`,
  }),
};
