/**
 * What client aftercare (P6) shows on its four steps: the limit before, the proposal with its
 * arithmetic, the value saved and read back, the clients' counts, the restore, the ticks; the
 * events each state offers; and the actions shaped by the facts (the proposal as the value to
 * save). A snapshot from before P6 acted shows what it has and nothing more.
 */
import { ASSUMED_CLIENT_DOWNLOAD_MIB, explainProposal } from '../../../rules/jump-client-limit';
import type { StepDetails } from '../../procedure-view';
import type { Fact, StepAction } from '../../view';
import { fact } from '../../view-helpers';
import { tickedListItems } from '../checklist';
import type { JumpClientCounts } from './actors';
import { AFTERCARE_CHECKS, AFTERCARE_STEP_IDS, mayRestore, proposalOf, recordOf, type AftercareContext } from './record';

/** The operator events each state of the phase accepts, keyed by state path. */
export const AFTERCARE_OFFERED_EVENTS = {
  'aftercare.reading': ['RECHECK'],
  'aftercare.choose': ['PROPOSE', 'ASSUME_SIZE', 'SET_LIMIT', 'BY_HAND'],
  'aftercare.confirm': ['CONFIRM', 'BACK'],
  'aftercare.failed': ['RETRY', 'BY_HAND'],
  'aftercare.save-failed': ['RETRY', 'BACK', 'BY_HAND'],
  'aftercare-watch.watching': ['END_WATCH'],
  'aftercare-watch.failed': ['RETRY', 'END_WATCH'],
  'aftercare-restore.offer': ['RESTORE', 'KEEP_LIMIT'],
  'aftercare-restore.failed': ['RETRY', 'KEEP_LIMIT'],
  'aftercare-checklist': ['TICKED'],
} as const;

export const AFTERCARE_FAILED_SUBSTATES = ['save-failed'] as const;

const isAftercareStep = (step: string) => (AFTERCARE_STEP_IDS as readonly string[]).includes(step);

const counts = (c: JumpClientCounts) => `${c.online} of ${c.total} online, ${c.upgrading} upgrading, ${c.pending} Upgrade Pending`;

/** The restore is ruled out once the watch is over and the limit was never changed. */
export function isAftercareRestoreSkipped(step: string, context: AftercareContext): boolean {
  return step === 'aftercare-restore' && recordOf(context).watch !== undefined && !mayRestore(context);
}

export function aftercareStepDetails(step: string, context: AftercareContext & { aftercareConfirmedAt: string | null }): StepDetails | null {
  if (!isAftercareStep(step)) return null;
  const record = recordOf(context);
  const { reading, set, watch, restore } = record;
  const facts: Fact[] = [];
  switch (step) {
    case 'aftercare': {
      if (reading) facts.push(fact('Limit before', String(reading.limit)), fact('Jump Clients', counts(reading)));
      const proposal = proposalOf(context);
      if (proposal) facts.push(fact('Proposed limit', String(proposal.limit), { tone: 'ok' }), fact('How it is worked out', explainProposal(proposal)));
      if (record.chosenLimit !== undefined && !set) facts.push(fact('Value to save', String(record.chosenLimit)));
      if (set && 'byHand' in set) facts.push(fact('Set by hand on the appliance', set.note, { tone: 'warn' }));
      if (set && 'limit' in set) return { facts: [...facts, fact('Limit now', String(set.limit), { tone: 'ok' })], verification: { ok: true, text: `The Jump Clients page shows ${set.limit} after saving.` } };
      return { facts };
    }
    case 'aftercare-watch':
      if (watch) facts.push(fact(watch.allOnline ? 'Back online' : 'Last counts', counts(watch), { tone: watch.allOnline ? 'ok' : 'warn' }));
      if (watch?.endedNote) facts.push(fact('Watch ended because', watch.endedNote, { tone: 'warn' }));
      return watch?.allOnline ? { facts, verification: { ok: true, text: `All ${watch.total} Jump Clients are back online.` } } : { facts };
    case 'aftercare-restore':
      if (watch) facts.push(fact('Jump Clients', counts(watch), { tone: watch.allOnline ? 'ok' : 'warn' }));
      if (reading) facts.push(fact('Original limit', String(reading.limit)));
      if (set && 'limit' in set) facts.push(fact('Limit set for the upgrade', String(set.limit)));
      if (restore && 'keptNote' in restore) facts.push(fact('Kept because', restore.keptNote, { tone: 'warn' }));
      if (restore && 'limit' in restore) return { facts: [...facts, fact('Limit now', String(restore.limit), { tone: 'ok' })], verification: { ok: true, text: `The Jump Clients page shows ${restore.limit} again.` } };
      return { facts };
    default:
      return {
        facts: context.aftercareConfirmedAt ? [fact('Ticked off', context.aftercareConfirmedAt, { tone: 'ok' })] : [],
        ...(record.ticked ? { items: tickedListItems(record.ticked, AFTERCARE_CHECKS) } : {}),
      };
  }
}

/** The proposal becomes the value to save (and the primary action); the confirm names the value. */
export function aftercareActions(step: string, actions: StepAction[], context: AftercareContext): StepAction[] {
  if (step !== 'aftercare') return actions;
  const record = recordOf(context);
  const proposal = proposalOf(context);
  return actions.map((action) => {
    if (action.event === 'PROPOSE' && action.input) {
      return { ...action, ...(proposal ? { label: 'Propose again', tone: 'secondary' as const } : {}), input: { ...action.input, ...(record.bandwidthMbps ? { defaultValue: String(record.bandwidthMbps) } : {}) } };
    }
    if (action.event === 'SET_LIMIT' && action.input) {
      const value = proposal?.limit ?? record.reading?.limit;
      return { ...action, ...(proposal ? { tone: 'primary' as const } : {}), input: { ...action.input, ...(value !== undefined ? { defaultValue: String(value) } : {}) } };
    }
    if (action.event === 'ASSUME_SIZE' && action.input) return { ...action, input: { ...action.input, defaultValue: String(record.downloadMiB ?? ASSUMED_CLIENT_DOWNLOAD_MIB) } };
    if (action.event === 'CONFIRM' && record.chosenLimit !== undefined) return { ...action, label: `Save ${record.chosenLimit} on the appliance` };
    return action;
  });
}
