/**
 * What the renderer shows of a P2 procedure (restricted side), derived from the snapshot alone
 * (it may be restored from JSON, e.g. after days at "await-bundle"). The steps shared with P1
 * show what their phase under steps/ says; the air-gap steps are described here.
 */
import { checkApplianceClock } from '../../rules/appliance-clock';
import { checkTransferProof } from '../../rules/transfer-proof';
import { packageLabel } from '../../package-label';
import type { ProcedureInput, ProcedureViewPart, SnapshotLike } from '../definition';
import { buildProcedureView, type Position, type ProcedureViewSpec, type StepDetails } from '../procedure-view';
import { describeBackups, describeVersions } from '../steps/aftercare-and-report/view';
import { isUpgradeStep, type UpgradeStepId } from '../steps/catalogue';
import { latestBackup } from '../steps/context';
import { UPGRADE_OFFERED_EVENTS, upgradeEndBanner, upgradeStepDetails, upgradeViewSpec } from '../steps/upgrade-view';
import { fact, proofItems } from '../view-helpers';
import { checkKeyReread, keyReadThroughCache, type ManualOfflineContext, type ManualStepsContext } from './context';
import {
  MANUAL_OFFLINE_STEP_IDS,
  manualOfflineBanners,
  manualOfflineStateActions,
  manualOfflineSteps,
  manualOfflineWords,
  type ManualOfflineOperatorEventType,
  type ManualOfflineStepId,
} from './words';
import { formatBytes } from '../../sizes';
import { countOf } from '../../counting';

/**
 * The operator events each state accepts, keyed by its state path; a state missing here offers
 * nothing (the assistant is working, or the procedure has ended). Tests check it against the machine.
 */
export const MANUAL_OFFLINE_OFFERED_EVENTS: Readonly<Record<string, readonly ManualOfflineOperatorEventType[]>> = {
  ...UPGRADE_OFFERED_EVENTS,
  'clock-check.checking': ['CANCEL'],
  'clock-check.blocked': ['RECHECK', 'CANCEL'],
  'clock-check.failed': ['RETRY', 'CANCEL'],
  'download-key.generating': ['CANCEL'],
  'download-key.failed': ['RETRY', 'CANCEL'],
  'save-key.choosing': ['SAVE_KEY', 'KEY_COPIED', 'CANCEL'],
  'save-key.saving': ['CANCEL'],
  'save-key.failed': ['RETRY', 'CHOOSE_OTHER_MEDIA', 'KEY_COPIED', 'CANCEL'],
  'reinsert-stick.waiting': ['REINSERTED', 'CANCEL'],
  'reinsert-stick.reading': ['CANCEL'],
  'reinsert-stick.failed': ['RETRY', 'REINSERTED', 'CHOOSE_OTHER_MEDIA', 'KEY_COPIED', 'CANCEL'],
  'await-bundle': ['BUNDLE_READY', 'NEW_KEY', 'CANCEL'],
  'verify-bundle.verifying': ['CANCEL'],
  'verify-bundle.failed': ['RETRY', 'CHOOSE_OTHER_MEDIA', 'CANCEL'],
  'compare-code.asking': ['CODE_MATCHES', 'CODE_DIFFERS', 'CANCEL'],
  'compare-code.mismatch': ['CHOOSE_OTHER_MEDIA', 'CANCEL'],
  'import-bundle.importing': ['CANCEL'],
  'import-bundle.failed': ['RETRY', 'CHOOSE_OTHER_MEDIA', 'CANCEL'],
  'plan.blocked': ['CHOOSE_OTHER_MEDIA', 'CANCEL'],
  'install.uploading': ['CANCEL_UPLOAD'],
};

/** The facts of a restricted-side step (also as a pair places it for one appliance). */
export function airGapDetails(step: Exclude<ManualOfflineStepId, UpgradeStepId>, context: ManualStepsContext): StepDetails {
  switch (step) {
    case 'clock-check': {
      const clock = context.clock;
      if (!clock) return { facts: [] };
      const verdict = checkApplianceClock(clock);
      return {
        facts: [
          fact('Appliance clock', clock.applianceTime),
          fact('This computer’s clock', clock.operatorTime),
          fact('Difference', `${Math.round(clock.offsetSeconds)} s`, { tone: verdict.holds ? 'ok' : 'bad' }),
          fact('NTP', clock.ntpEnabled ? `on (${clock.ntpServers.join(', ') || 'no server named'})` : 'off', {
            tone: clock.ntpEnabled && clock.ntpServers.length > 0 ? 'ok' : 'warn',
          }),
        ],
        verification: { ok: verdict.holds, text: verdict.reason },
      };
    }
    case 'download-key': {
      const key = context.downloadKey;
      if (!key) return { facts: [] };
      return {
        facts: [
          fact('Appliance Download Key', key.key, { mono: true }),
          fact('Appliance', `${key.applianceHostname} (serial ${key.applianceSerial})`),
          fact('Running', `site ${key.siteVersion} on Base ${key.baseVersion}`),
          fact('Generated at', key.generatedAt),
        ],
      };
    }
    case 'save-key': {
      // The key itself, whole and copyable: carrying it by hand is one of the ways across.
      const key = context.downloadKey ? [fact('Appliance Download Key', context.downloadKey.key, { mono: true })] : [];
      if (context.keyCopiedByHand) return { facts: [...key, fact('Carried by hand', context.keyCopiedByHand.note, { tone: 'warn' })] };
      return {
        facts: [
          ...key,
          ...(context.keyMediaPath ? [fact('Drive', context.keyMediaPath, { mono: true })] : []),
          ...(context.keyFile
            ? [fact('Key file', context.keyFile.path, { mono: true }), fact('SHA-256', context.keyFile.sha256, { mono: true })]
            : []),
          ...(context.keyFile?.readBack
            ? [
                keyReadThroughCache(context.keyFile)
                  ? fact(manualOfflineWords.readBackLabel, manualOfflineWords.cacheRead(context.keyFile.readBack.reason), { tone: 'warn' })
                  : fact(manualOfflineWords.readBackLabel, manualOfflineWords.driveRead, { tone: 'ok' }),
              ]
            : []),
        ],
      };
    }
    case 'reinsert-stick': {
      if (!context.keyFile || !keyReadThroughCache(context.keyFile)) return { facts: [] };
      const read = context.keyReread;
      return {
        facts: [
          ...(context.keyMediaPath ? [fact('Drive', context.keyMediaPath, { mono: true })] : []),
          ...(context.keyReinsertedAt ? [fact(manualOfflineWords.reinsertedLabel, context.keyReinsertedAt)] : []),
          ...(read ? [fact(manualOfflineWords.rereadLabel, read.path, { mono: true })] : []),
        ],
        ...(read ? { verification: (({ holds, reason }) => ({ ok: holds, text: reason }))(checkKeyReread(context.keyFile, context.downloadKey, read)) } : {}),
      };
    }
    case 'await-bundle':
      return {
        facts: [
          ...(context.keyFile ? [fact('Key file on the drive', context.keyFile.path, { mono: true })] : []),
          ...(context.keyCopiedByHand ? [fact('Key carried by hand', context.keyCopiedByHand.note)] : []),
          ...(context.bundleMediaPath ? [fact('Drive with the bundle', context.bundleMediaPath, { mono: true })] : []),
        ],
      };
    case 'verify-bundle': {
      const bundle = context.bundle;
      if (!bundle) return { facts: context.bundleMediaPath ? [fact('Drive', context.bundleMediaPath, { mono: true })] : [] };
      const verdict = checkTransferProof(bundle.proof);
      return {
        facts: [
          fact('Bundle code — compare with the connected computer', bundle.digestCode, { mono: true, tone: verdict.holds ? 'ok' : 'bad' }),
          fact('Bundle', bundle.bundleId, { mono: true }),
          fact('Written at', bundle.createdAt),
          fact('Written by', bundle.createdBy),
          fact('Packages', bundle.packages.map((pkg) => `${packageLabel(pkg)}`).join(', ') || 'none'),
        ],
        verification: { ok: verdict.holds, text: verdict.reason },
        items: proofItems(bundle.proof),
      };
    }
    case 'compare-code': {
      const bundle = context.bundle;
      if (!bundle || !checkTransferProof(bundle.proof).holds) return { facts: [] };
      return {
        facts: context.codeConfirmedAt ? [fact('Codes match (operator)', context.codeConfirmedAt, { tone: 'ok' })] : [],
        code: { label: 'Bundle code read from the drive', value: bundle.digestCode },
      };
    }
    case 'import-bundle': {
      const imported = context.imported;
      if (!imported) return { facts: [] };
      return {
        facts: [],
        verification: { ok: true, text: `${countOf(imported.length, 'package')} in the vault, held until their install is verified.` },
        items: imported.map((pkg) => ({
          label: `${packageLabel(pkg)} — ${formatBytes(pkg.size)} — SHA-256 ${pkg.sha256}`,
          status: 'done' as const,
        })),
      };
    }
  }
}

/** The stick needs re-inserting only when the key file could be read back through the cache alone. */
export function reinsertNotNeeded(context: ManualStepsContext): boolean {
  return context.keyCopiedByHand !== null || (context.keyFile !== null && !keyReadThroughCache(context.keyFile));
}

function bannerFor(position: Position<ManualOfflineStepId>, context: ManualOfflineContext): ProcedureViewPart['banner'] {
  const end = upgradeEndBanner(position, context, manualOfflineSteps);
  if (end) return end;
  // A bundle always brings a package (one without a file proves nothing), so done means installed.
  if (position.status === 'done') return manualOfflineBanners.done({ versions: describeVersions(context), backups: describeBackups(context) });
  return undefined;
}

const manualOfflineViewSpec: ProcedureViewSpec<ManualOfflineStepId, ManualOfflineContext> = {
  stepIds: MANUAL_OFFLINE_STEP_IDS,
  catalogue: manualOfflineSteps,
  offeredEvents: MANUAL_OFFLINE_OFFERED_EVENTS,
  ...upgradeViewSpec,
  stateActions: { ...upgradeViewSpec.stateActions, ...manualOfflineStateActions },
  failedSubstates: new Set([...upgradeViewSpec.failedSubstates, 'mismatch']),
  isSkipped: (step, context) => upgradeViewSpec.isSkipped(step, context) || (step === 'reinsert-stick' && reinsertNotNeeded(context)),
  // Listed before the plan but reached only once the plan is judged safe: a blocked plan leaves them ahead.
  notYetReached: (step, context) =>
    (step === 'check-credentials' && !context.credentials) ||
    (step === 'window' && context.windowStartedAt === null) ||
    (step === 'backup' && latestBackup(context, 'pre-upgrade') === undefined),
  details: (step, status, position, context) =>
    isUpgradeStep(step) ? upgradeStepDetails(step, status, position, context) : airGapDetails(step, context),
  banner: bannerFor,
};

export function manualOfflineView(snapshot: SnapshotLike, input: ProcedureInput): ProcedureViewPart {
  return buildProcedureView(manualOfflineViewSpec, snapshot, input);
}
