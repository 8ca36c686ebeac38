/**
 * What the renderer shows of a P1 procedure, derived from the snapshot alone (it may be a
 * snapshot restored from JSON): step statuses from the state value, facts from the context,
 * words from the step catalogue. The steps shared with P2 show what upgrade-steps-view.ts says.
 */
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from './definition';
import { buildProcedureView, type Position, type ProcedureViewSpec } from './procedure-view';
import type { SingleAutomaticContext } from './single-automatic';
import {
  SINGLE_AUTOMATIC_STEP_IDS,
  singleAutomaticBanners,
  singleAutomaticSteps,
  type SingleAutomaticOperatorEventType,
  type SingleAutomaticStepId,
} from './steps/single-automatic';
import {
  UPGRADE_OFFERED_EVENTS,
  describeBackups,
  describeVersions,
  nothingToInstall,
  upgradeEndBanner,
  upgradeStepDetails,
  upgradeViewSpec,
} from './upgrade-steps-view';
import { fact } from './view-helpers';

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
  details: (step, status, position, context) => {
    if (step !== 'check-updates') return upgradeStepDetails(step, status, position, context);
    const before = context.versionsBefore;
    if (!before || !context.plan) return { facts: [] };
    return {
      facts: [
        fact('Site version running', before.siteVersion),
        fact('Base version running', before.baseVersion),
        fact('Updates offered', String(context.plan.order.length)),
      ],
    };
  },
  banner: bannerFor,
};

export function singleAutomaticView(snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart {
  return buildProcedureView(singleAutomaticViewSpec, snapshot, input);
}
