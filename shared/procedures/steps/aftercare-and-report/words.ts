/**
 * The words of the phase every upgrade ends with: client aftercare (P6, when R14 asks for it),
 * the report, and the closing messages. Facts come from the vendor's upgrade guide; the wording
 * is our own.
 */
import { tryAgain, type StepCatalogueEntry, type UpgradeOperatorEventType } from '../catalogue';

export const aftercareEntry: StepCatalogueEntry<'aftercare', UpgradeOperatorEventType> = {
  id: 'aftercare',
  title: 'Look after the clients',
  kind: 'guided',
  rules: ['R14'],
  instruction: [
    'A new site version changes what the clients need. Go through each point:',
    '• Access consoles update the next time they start. Consoles deployed with an MSI on locked-down computers may have to be deployed again; keep the old MSI to remove outdated copies.',
    '• Jump Clients update themselves. To spare the appliance and the network, set “Maximum Number of Concurrent Jump Client Upgrades” on the Jump Clients page to a modest number. Active clients queue at once; passive ones when they boot, are connected to, are told to check in from the tray, or within a day. Until then they show “Upgrade Pending” and cannot be jumped to (trying moves them to the front of the queue). Wait until they are back online before any further upgrade.',
    '• Jumpoints and Connection Agents update themselves.',
    '• Integration Clients do not: reinstall them by hand.',
    '• Every Jump Client and console installer made before this upgrade stopped working; create new ones.',
  ].join('\n'),
  pagePath: '/login > Jump > Jump Clients',
  pageRoute: '/login/jump/clients',
  actions: { CONFIRM: { label: 'Clients looked after', tone: 'primary' } },
};

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
