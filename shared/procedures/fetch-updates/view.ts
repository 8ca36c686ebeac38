/**
 * What the renderer shows of a P2-fetch procedure (connected side), derived from the snapshot
 * alone. It has no site, so no page links; the bundle code and "remove the drive" appear only
 * once the written bundle was read back and proven.
 */
import { REDOWNLOAD_WARNING } from '../../rules/keep-until-verified';
import { checkTransferProof } from '../../rules/transfer-proof';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../definition';
import { bundleProven, checkDriveRead, readThroughCache, type FetchUpdatesContext } from './context';
import { buildProcedureView, type Position, type ProcedureViewSpec, type StepDetails } from '../procedure-view';
import {
  FETCH_UPDATES_STEP_IDS,
  fetchUpdatesBanners,
  fetchUpdatesStateActions,
  fetchUpdatesSteps,
  fetchUpdatesWords,
  type FetchUpdatesOperatorEventType,
  type FetchUpdatesStepId,
} from './words';
import { fact, proofItems } from '../view-helpers';
import type { Fact, StepStatus, StepView } from '../view';
import { packageLabel } from '../../package-label';
import { formatBytes } from '../../sizes';
import { countOf, nounFor } from '../../counting';

/**
 * The operator events each state accepts, keyed by its state path; a state missing here offers
 * nothing (the assistant is working, or the procedure has ended). Tests check it against the machine.
 */
export const FETCH_UPDATES_OFFERED_EVENTS: Readonly<Record<string, readonly FetchUpdatesOperatorEventType[]>> = {
  'read-key.choosing': ['KEY_FROM_MEDIA', 'KEY_TYPED', 'CANCEL'],
  'read-key.reading': ['CANCEL'],
  'read-key.picking': ['KEY_FILE_CHOSEN', 'KEY_FROM_MEDIA', 'KEY_TYPED', 'CANCEL'],
  'read-key.failed': ['RETRY', 'KEY_FROM_MEDIA', 'KEY_TYPED', 'CANCEL'],
  'submit-key.submitting': ['CANCEL'],
  'submit-key.failed': ['RETRY', 'CHANGE_KEY', 'CANCEL'],
  'submit-key.rejected': ['CHANGE_KEY', 'RETRY', 'CANCEL'],
  'review.ready': ['START_DOWNLOAD', 'CHANGE_KEY', 'CANCEL'],
  'review.blocked': ['CHANGE_KEY', 'CANCEL'],
  'download.failed': ['RETRY', 'CANCEL'],
  'choose-media': ['WRITE_BUNDLE', 'CANCEL'],
  'write-bundle.failed': ['RETRY', 'CHOOSE_OTHER_MEDIA', 'CANCEL'],
  'reinsert-stick.waiting': ['REINSERTED', 'CANCEL'],
  'reinsert-stick.verifying': ['CANCEL'],
  'reinsert-stick.failed': ['RETRY', 'REINSERTED', 'CHOOSE_OTHER_MEDIA', 'CANCEL'],
  'note-code': ['CODE_NOTED'],
};

function keyFacts(context: FetchUpdatesContext): Fact[] {
  const source = context.keySource;
  const file = context.keyFile;
  return [
    ...(source?.kind === 'media' ? [fact('Drive', source.mediaPath, { mono: true })] : []),
    ...(source?.kind === 'typed' ? [fact('Key typed or pasted at', source.at)] : []),
    ...(file
      ? [
          fact('Key file', file.path, { mono: true }),
          fact('Appliance', `${file.applianceHostname} (serial ${file.applianceSerial})`),
          fact('Site', file.siteName),
          fact('Running', `site ${file.siteVersion} on Base ${file.baseVersion}`),
          fact('Key generated at', file.generatedAt),
          ...file.ignored.map((ignored) => fact('Not used', `${ignored.path}: ${ignored.reason}`, { tone: 'warn' })),
          // Keys for several appliances: each one the operator may choose, by its file name.
          ...(file.others && !context.keyFileName ? [file, ...file.others].map((other) => fact(`Key for ${other.applianceHostname} (serial ${other.applianceSerial})`, other.path.split(/[\\/]/).at(-1) ?? other.path, { mono: true })) : []),
        ]
      : []),
  ];
}

function fileProofLabel(pkg: { name: string; version: string; size: number; sha256: string }): string {
  return `${packageLabel(pkg)} — ${formatBytes(pkg.size)} — SHA-256 ${pkg.sha256}`;
}

function downloadItems(context: FetchUpdatesContext, status: StepStatus, position: Position<FetchUpdatesStepId>): NonNullable<StepView['items']> {
  return (context.plan?.order ?? []).map((pkg, index) => {
    const record = context.downloads.find((download) => download.pkgId === pkg.id);
    const label = fileProofLabel(pkg);
    if (record) return { label, status: 'done' as const, ...(record.resumedFrom > 0 ? { detail: `Resumed from ${formatBytes(record.resumedFrom)}` } : {}) };
    if (position.step === 'download' && index === context.downloadIndex && position.status === 'active') {
      return { label, status: status === 'failed' ? ('failed' as const) : ('active' as const) };
    }
    return { label, status: position.status === 'active' ? ('pending' as const) : ('skipped' as const) };
  });
}

function stepDetails(step: FetchUpdatesStepId, status: StepStatus, position: Position<FetchUpdatesStepId>, context: FetchUpdatesContext): StepDetails {
  switch (step) {
    case 'read-key':
      return { facts: keyFacts(context) };
    case 'submit-key': {
      const submission = context.submission;
      if (!submission) return { facts: context.key ? [fact('Download key', context.key, { mono: true })] : [] };
      return {
        facts: [fact('Key id', submission.keyId, { mono: true }), fact('Appliance serial', submission.serial)],
        verification: { ok: true, text: `The update server accepted the key and offers ${countOf(submission.packages.length, 'package')}.` },
      };
    }
    case 'review': {
      const plan = context.plan;
      if (!plan) return { facts: [] };
      const total = plan.order.reduce((sum, pkg) => sum + pkg.size, 0);
      const blocked = position.step === 'review' && position.path.at(-1) === 'blocked';
      const verification =
        plan.order.length === 0
          ? { ok: false, text: 'The update server offers no package for this appliance: it is up to date, or its packages were downloaded before (then only the vendor’s support can offer them again).' }
          : blocked
            ? { ok: false, text: plan.reason }
            : { ok: true, text: plan.reason };
      return {
        facts: [
          fact('Packages', String(plan.order.length)),
          fact('Total size', formatBytes(total)),
          fact('Before downloading', REDOWNLOAD_WARNING, { tone: 'warn' }),
        ],
        verification,
        items: plan.order.map((pkg) => ({ label: fileProofLabel(pkg), status: status === 'done' ? ('done' as const) : ('pending' as const) })),
      };
    }
    case 'download': {
      const order = context.plan?.order ?? [];
      if (context.downloadStartedAt === null) return { facts: [] };
      return {
        facts: [fact('Download started', context.downloadStartedAt)],
        verification:
          context.downloads.length > 0 ? { ok: true, text: `${context.downloads.length} of ${order.length} ${nounFor(order.length, 'package')} downloaded and verified.` } : undefined,
        items: downloadItems(context, status, position),
      };
    }
    case 'choose-media':
      return {
        facts: [
          ...(context.keySource?.kind === 'media' ? [fact('Suggested: the drive the key came on', context.keySource.mediaPath, { mono: true })] : []),
          ...(context.bundleMediaPath ? [fact('Chosen drive', context.bundleMediaPath, { mono: true })] : []),
        ],
      };
    case 'note-code':
      return noteCodeDetails(context);
    case 'write-bundle': {
      const written = context.written;
      if (!written) return { facts: context.bundleMediaPath ? [fact('Drive', context.bundleMediaPath, { mono: true })] : [] };
      const verdict = checkTransferProof(written.proof);
      const cached = readThroughCache(written);
      return {
        facts: [
          // Only a bundle proven on the stick itself has a code worth noting.
          ...(bundleProven(context) ? [fact('Bundle code — compare on the restricted side', written.digestCode, { mono: true, tone: 'ok' })] : []),
          fact('Bundle', written.bundleId, { mono: true }),
          fact('Drive', context.bundleMediaPath ?? '', { mono: true }),
          ...(written.readBack
            ? [
                fact(fetchUpdatesWords.readBackLabel, cached ? fetchUpdatesWords.cacheRead(written.readBack.reason) : fetchUpdatesWords.driveRead, {
                  tone: cached ? 'warn' : 'ok',
                }),
              ]
            : []),
        ],
        verification: { ok: verdict.holds && !cached, text: verdict.holds && cached ? `${verdict.reason} ${fetchUpdatesWords.cacheRead(written.readBack?.reason)}` : verdict.reason },
        items: proofItems(written.proof),
      };
    }
    case 'reinsert-stick':
      return reinsertDetails(context);
  }
}

/** The check of the re-inserted stick: when the operator put it back, and what was read from it. */
function reinsertDetails(context: FetchUpdatesContext): StepDetails {
  if (!context.written || !readThroughCache(context.written)) return { facts: [] };
  const check = context.driveCheck;
  return {
    facts: [
      fact('Drive', context.bundleMediaPath ?? '', { mono: true }),
      ...(context.reinsertedAt ? [fact(fetchUpdatesWords.reinsertedLabel, context.reinsertedAt)] : []),
    ],
    ...(check
      ? {
          verification: (({ holds, reason }) => ({ ok: holds, text: reason }))(checkDriveRead(context.written, check)),
          items: proofItems(check.proof, { cacheNote: fetchUpdatesWords.afterReinsert }),
        }
      : {}),
  };
}

function noteCodeDetails(context: FetchUpdatesContext): StepDetails {
  const written = context.written;
  if (!written || !bundleProven(context)) return { facts: [] };
  return {
    facts: context.codeNotedAt ? [fact('Noted by the operator', context.codeNotedAt, { tone: 'ok' })] : [],
    code: { label: 'Bundle code — note it for the restricted side', value: written.digestCode },
  };
}

function bannerFor(position: Position<FetchUpdatesStepId>, context: FetchUpdatesContext): ProcedureViewPart['banner'] {
  if (position.status === 'cancelled') {
    const step = context.cancelled?.step;
    const title = FETCH_UPDATES_STEP_IDS.find((id) => id === step);
    return fetchUpdatesBanners.cancelled({ stepTitle: title ? fetchUpdatesSteps[title].title : 'the start', note: context.cancelled?.note });
  }
  // "Remove the drive" only after a proven write (a lesson from media writers that ejected unverified drives).
  if (position.status === 'done' && context.written && bundleProven(context)) {
    return fetchUpdatesBanners.done({
      digestCode: context.written.digestCode,
      mediaPath: context.bundleMediaPath ?? '',
      count: context.plan?.order.length ?? 0,
    });
  }
  return undefined;
}

const fetchUpdatesViewSpec: ProcedureViewSpec<FetchUpdatesStepId, FetchUpdatesContext> = {
  stepIds: FETCH_UPDATES_STEP_IDS,
  catalogue: fetchUpdatesSteps,
  offeredEvents: FETCH_UPDATES_OFFERED_EVENTS,
  failedSubstates: new Set(['failed', 'rejected']),
  stateActions: fetchUpdatesStateActions,
  // The drive the key came on is preselected for the bundle; the operator may choose another.
  adjustActions: (step, actions, context) =>
    step === 'choose-media' && context.keySource?.kind === 'media'
      ? actions.map((action) =>
          action.event === 'WRITE_BUNDLE' && action.input ? { ...action, input: { ...action.input, defaultValue: (context.keySource as { mediaPath: string }).mediaPath } } : action,
        )
      : actions,
  blockedSubstates: new Set(['blocked']),
  cancelledAt: (context) => context.cancelled?.step,
  errorOf: (context) => context.error,
  // The stick needs re-inserting only when the write could be read back through the cache alone.
  isSkipped: (step, context) =>
    step === 'reinsert-stick' && context.written !== null && checkTransferProof(context.written.proof).holds && !readThroughCache(context.written),
  details: stepDetails,
  banner: bannerFor,
};

export function fetchUpdatesView(snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart {
  return buildProcedureView(fetchUpdatesViewSpec, snapshot, input);
}
