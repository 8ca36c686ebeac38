/**
 * The contract's journal and support-bundle requests, wired to their services; compose.ts
 * spreads these below its issue-9 marker.
 */
import type { Handlers } from '../../bridge/router';
import type { SupportBundleDeps } from './support-bundle';
import { createSupportBundles } from './support-bundle';
import { createJournalService } from './journal-service';

type JournalChannels = 'journal.verify' | 'journal.export' | 'support.bundle' | 'support.saveBundle';

export function journalHandlers(deps: Omit<SupportBundleDeps, 'journals'>): Pick<Handlers, JournalChannels> {
  const journals = createJournalService(deps);
  const bundles = createSupportBundles({ ...deps, journals });
  return {
    'journal.verify': ({ id }) => journals.verify(id),
    'journal.export': async ({ id, format }) => (await journals.export(id, format)) ?? null,
    'support.bundle': ({ id }) => bundles.create(id),
    'support.saveBundle': async ({ id, vaultId }) => (await bundles.saveAs(id, vaultId)) ?? null,
  };
}
