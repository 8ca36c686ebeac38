/**
 * What client aftercare (P6) keeps in the procedure's context, and the readings of it the chart's
 * guards and the view both use. Every field is optional: a snapshot saved before P6 acted (at the
 * one "Clients looked after" step) resumes with none of them.
 */
import { proposeJumpClientLimit, type LimitProposal } from '../../../rules/jump-client-limit';
import type { ChecklistItem } from '../checklist';
import type { JumpClientReading, WatchJumpClientsOutput } from './actors';

/** The steps of client aftercare, in order; every procedure that places the phase lists them. */
export const AFTERCARE_STEP_IDS = ['aftercare', 'aftercare-watch', 'aftercare-restore', 'aftercare-checklist'] as const;
export type AftercareStepId = (typeof AFTERCARE_STEP_IDS)[number];

/**
 * The operator events of the phase besides CONFIRM, RECHECK and RETRY, which every procedure has;
 * PROPOSE, ASSUME_SIZE, SET_LIMIT and TICKED carry a value.
 */
export const AFTERCARE_OPERATOR_EVENTS = ['PROPOSE', 'ASSUME_SIZE', 'SET_LIMIT', 'BY_HAND', 'BACK', 'END_WATCH', 'RESTORE', 'KEEP_LIMIT', 'TICKED'] as const;
export type AftercareOperatorEventType = (typeof AFTERCARE_OPERATOR_EVENTS)[number];
export const AFTERCARE_VALUE_EVENTS = ['PROPOSE', 'ASSUME_SIZE', 'SET_LIMIT', 'TICKED'] as const;

export interface AftercareRecord {
  /** The page as first read: the original limit and the counts. */
  reading?: JumpClientReading;
  bandwidthMbps?: number;
  /** The operator's size of one upgrade download, in place of our assumption. */
  downloadMiB?: number;
  /** The value the operator chose and is asked to confirm. */
  chosenLimit?: number;
  /** The limit saved and read back, or set by the operator on the page (with a note). */
  set?: { limit: number; at: string } | { byHand: true; note: string; at: string };
  /** The last counts the watch read, and how it ended. */
  watch?: WatchJumpClientsOutput & { endedNote?: string };
  restore?: { limit: number; at: string } | { keptNote: string; at: string };
  ticked?: { items: string[]; at: string };
}

export interface AftercareContext {
  aftercare?: AftercareRecord | null;
}

/** The largest bandwidth (Mbit/s) and download size (MiB) the step takes. */
export const MAX_MBPS = 100_000;
export const MAX_MIB = 10_000;

export const recordOf = (context: AftercareContext): AftercareRecord => context.aftercare ?? {};

export function proposalOf(context: AftercareContext): LimitProposal | null {
  const { reading, bandwidthMbps, downloadMiB } = recordOf(context);
  if (!reading || bandwidthMbps === undefined) return null;
  return proposeJumpClientLimit({ clients: reading.total, bandwidthMbps, downloadMiB: downloadMiB ?? null });
}

/** Whether there is an original value to put back: read at the start, and the limit may have changed since. */
export function mayRestore(context: AftercareContext): boolean {
  const { reading, set } = recordOf(context);
  if (!reading || !set) return false;
  return 'byHand' in set || set.limit !== reading.limit;
}

/** The points the operator ticks once the Jump Clients are looked after. */
export const AFTERCARE_CHECKS: readonly ChecklistItem[] = [
  { id: 'console-msi', label: 'Access consoles deployed by MSI on locked-down computers deployed again (or none there)' },
  { id: 'old-msi', label: 'The old console MSI kept, to remove outdated consoles later' },
  { id: 'integration-clients', label: 'Integration Clients reinstalled by hand (or none in use)' },
  { id: 'installers', label: 'Jump Client and console installer packages made before the upgrade created anew' },
  { id: 'jumpoints', label: 'Jumpoints updated themselves: checked' },
  { id: 'connection-agents', label: 'Connection Agents updated themselves: checked (or none in use)' },
];
