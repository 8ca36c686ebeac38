/**
 * What the renderer shows of a P1 procedure, derived from the snapshot alone (it may be a
 * snapshot restored from JSON): step statuses from the state value, facts from the context,
 * words from the step catalogue. Every step shows what its phase under steps/ says.
 */
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../definition';
import { buildProcedureView, type Position, type ProcedureViewSpec } from '../procedure-view';
import { describeBackups, describeVersions } from '../steps/aftercare-and-report/view';
import { nothingToInstall } from '../steps/context';
import { UPGRADE_OFFERED_EVENTS, upgradeEndBanner, upgradeStepDetails, upgradeViewSpec } from '../steps/upgrade-view';
import type { SingleAutomaticContext } from './machine';
import {
  SINGLE_AUTOMATIC_STEP_IDS,
  singleAutomaticBanners,
  singleAutomaticSteps,
  type SingleAutomaticOperatorEventType,
  type SingleAutomaticStepId,
} from './words';

/**
 * The operator events each state accepts, keyed by its state path. A state missing here
 * offers nothing: the assistant is working, or the procedure has ended (support offers no
 * action at all, R5). Tests check this table against the machine.
 */
export const SINGLE_AUTOMATIC_OFFERED_EVENTS: Readonly<Record<string, readonly SingleAutomaticOperatorEventType[]>> = {
  ...UPGRADE_OFFERED_EVENTS,
  'check-updates.running': ['CANCEL'],
  'check-updates.failed': ['RETRY', 'CANCEL'],
  'plan.blocked': ['RECHECK', 'CANCEL'],
};

function bannerFor(position: Position<SingleAutomaticStepId>, context: SingleAutomaticContext): ProcedureViewPart['banner'] {
  const end = upgradeEndBanner(position, context, singleAutomaticSteps);
  if (end) return end;
  if (position.status === 'done') {
    if (nothingToInstall(context) && context.versionsBefore) return singleAutomaticBanners.nothingToInstall(context.versionsBefore);
    return singleAutomaticBanners.done({ versions: describeVersions(context), backups: describeBackups(context) });
  }
  return undefined;
}

const singleAutomaticViewSpec: ProcedureViewSpec<SingleAutomaticStepId, SingleAutomaticContext> = {
  stepIds: SINGLE_AUTOMATIC_STEP_IDS,
  catalogue: singleAutomaticSteps,
  offeredEvents: SINGLE_AUTOMATIC_OFFERED_EVENTS,
  ...upgradeViewSpec,
  details: (step, status, position, context) => upgradeStepDetails(step, status, position, context),
  banner: bannerFor,
};

export function singleAutomaticView(snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart {
  return buildProcedureView(singleAutomaticViewSpec, snapshot, input);
}
