/**
 * P2 and P2-fetch as graph models: for each state, the events that can happen there — every
 * operator event (bare, with a note, with a value) and every outcome the invoked actor of that
 * state may report, built from the deterministic fakes — plus live replays on real actors.
 */
import { createActor, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type EventObject, type Snapshot, type SnapshotFrom } from 'xstate';
import type { JournalParams, ProcedureInput } from '../../../../../shared/procedures/definition';
import { fetchUpdatesMachine, type FetchUpdatesContext } from '../../../../../shared/procedures/fetch-updates/machine';
import { manualOfflineMachine, type ManualOfflineContext } from '../../../../../shared/procedures/manual-offline/machine';
import { FETCH_UPDATES_OPERATOR_EVENTS, FETCH_UPDATES_VALUE_EVENTS } from '../../../../../shared/procedures/fetch-updates/words';
import { MANUAL_OFFLINE_OPERATOR_EVENTS, MANUAL_OFFLINE_VALUE_EVENTS } from '../../../../../shared/procedures/manual-offline/words';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import {
  CLOCK_RIGHT,
  CLOCK_WRONG,
  DOWNLOAD_KEY,
  FETCH_INPUT,
  FILE_BASE,
  FILE_SITE,
  FILE_SITE_NEEDING_UNLISTED_BASE,
  KEY_FILE,
  KEY_FILE_CACHED,
  KEY_MEDIA,
  KEY_READ,
  KEY_READ_BOTH,
  KEY_READ_DAMAGED,
  P2_INPUT,
  TYPED_KEY,
  airGapErrors,
  badlyWritten,
  bundle,
  controlledActorsFor,
  corruptDownload,
  downloaded,
  imported,
  otherBundle,
  submission,
  tamperedBundle,
  uploaded,
  written,
  writtenThroughCache,
} from './air-gap-fakes';
import {
  BACKUP_AT,
  BASE_DONE_AT,
  BEFORE_WINDOW,
  EXPIRING_CERTIFICATE,
  HEALTHY_CERTIFICATE,
  LATER,
  SITE_DONE_AT,
  WINDOW_AT,
  backup,
  errors,
  installed,
  settle,
} from './single-automatic-fakes';
import { NOTE } from './single-automatic-model';
import { AFTERCARE_ACTORS, AFTERCARE_VALUES, straightThroughAftercare } from './aftercare-fakes';
import { actorDone, actorFailed, certificateOutcomes, isActorEvent, scriptOf, serializeWithArrival, sharedInstallOutcomes } from './model-events';

export { NOTE };

export const done = actorDone;
export const failed = actorFailed;

export interface OperatorEvent {
  type: string;
  at: string;
  note?: string;
  value?: string;
}

/** An operator event at the fixed times of the fakes. */
export function operator(type: string, extra: { note?: string; value?: string } = {}): OperatorEvent {
  return { type, at: type === 'WINDOW_STARTED' ? WINDOW_AT : LATER, ...extra };
}

function variants(types: readonly string[], valueTypes: readonly string[], value: (type: string) => string): OperatorEvent[] {
  return types.flatMap((type) => [
    operator(type),
    operator(type, { note: NOTE }),
    ...(valueTypes.includes(type) ? (AFTERCARE_VALUES[type] ?? [value(type)]).flatMap((v) => [operator(type, { value: v }), operator(type, { value: v, note: NOTE })]) : []),
  ]);
}

export function p2OperatorEvents(): OperatorEvent[] {
  return variants(MANUAL_OFFLINE_OPERATOR_EVENTS, MANUAL_OFFLINE_VALUE_EVENTS, () => KEY_MEDIA);
}

export function fetchOperatorEvents(): OperatorEvent[] {
  return variants(FETCH_UPDATES_OPERATOR_EVENTS, FETCH_UPDATES_VALUE_EVENTS, (type) => (type === 'KEY_TYPED' ? TYPED_KEY : KEY_MEDIA));
}

export const P2_BUNDLES = {
  baseAndSite: [FILE_BASE, FILE_SITE],
  siteNeedingUnlistedBase: [FILE_SITE_NEEDING_UNLISTED_BASE],
  empty: [],
} as const;

/** The certificate exported by the assistant and found good and healthy, and no key carried by hand so far. */
export function plainWayIn(context: ManualOfflineContext): boolean {
  return (
    context.certificateExport?.kind === 'exported' &&
    context.certificateExport.riskNote === undefined &&
    context.certificateFile?.source === 'export' &&
    context.certificateRiskAccepted === null &&
    context.keyCopiedByHand === null
  );
}

function p2ActorOutcomes(snapshot: AnyMachineSnapshot): EventObject[] {
  const context = snapshot.context as ManualOfflineContext;
  const statePath = activeStatePath(snapshot.value).join('.');
  switch (statePath) {
    case 'backup.running':
      return [done('takeBackup', backup('pre-upgrade', BACKUP_AT)), done('takeBackup', backup('pre-upgrade', BEFORE_WINDOW)), failed('takeBackup', errors.unreachable)];
    case 'export-certificate.exporting':
      return certificateOutcomes(context);
    case 'certificate-health.probing':
      return [done('probeCertificate', HEALTHY_CERTIFICATE), done('probeCertificate', EXPIRING_CERTIFICATE), failed('probeCertificate', errors.unreachable)];
    case 'clock-check.checking':
      return [done('checkApplianceClock', CLOCK_RIGHT), done('checkApplianceClock', CLOCK_WRONG), failed('checkApplianceClock', airGapErrors.unreachable)];
    case 'download-key.generating':
      return [done('generateDownloadKey', DOWNLOAD_KEY), failed('generateDownloadKey', airGapErrors.unreachable)];
    case 'save-key.saving':
      return [
        done('saveKeyFile', KEY_FILE),
        // Read back through the cache only, explored from the plain way in: the certificate choices before do not bear on it.
        ...(plainWayIn(context) ? [done('saveKeyFile', KEY_FILE_CACHED)] : []),
        failed('saveKeyFile', airGapErrors.mediaReadOnly),
      ];
    case 'reinsert-stick.reading':
      return [done('readKeyFile', KEY_READ), done('readKeyFile', KEY_READ_DAMAGED), failed('readKeyFile', airGapErrors.mediaRemoved)];
    case 'verify-bundle.verifying':
      return [
        ...Object.values(P2_BUNDLES).map((packages) => done('verifyTransferBundle', bundle([...packages]))),
        done('verifyTransferBundle', tamperedBundle([FILE_BASE, FILE_SITE])),
        failed('verifyTransferBundle', airGapErrors.bundleInvalid),
        failed('verifyTransferBundle', airGapErrors.wrongAppliance),
        failed('verifyTransferBundle', airGapErrors.mediaRemoved),
      ];
    case 'import-bundle.importing': {
      const packages = context.bundle?.packages ?? [];
      return [
        done('importBundle', imported(packages)),
        // The vault lost a package on the way: the import is not complete.
        ...(packages.length > 0 ? [done('importBundle', imported(packages.slice(1)))] : []),
        failed('importBundle', airGapErrors.disk),
      ];
    }
    case 'install.uploading': {
      const pkg = context.plan?.order[context.installIndex];
      if (!pkg) return [];
      return [
        done('uploadPackage', uploaded(pkg)),
        done('uploadPackage', uploaded(pkg, true)),
        failed('uploadPackage', airGapErrors.uploadInterrupted),
        ...(pkg.kind === 'base' ? [failed('uploadPackage', errors.baseInstall)] : []),
      ];
    }
    case 'install.installing': {
      const pkg = context.plan?.order[context.installIndex];
      if (!pkg) return [];
      const finishedAt = pkg.kind === 'base' ? BASE_DONE_AT : SITE_DONE_AT;
      return [
        done('installPackage', installed(pkg, finishedAt)),
        done('installPackage', installed(pkg, finishedAt, '0.0.1')),
        failed('installPackage', pkg.kind === 'base' ? errors.baseInstall : errors.siteInstall),
      ];
    }
    default:
      return sharedInstallOutcomes(statePath, context);
  }
}

export const FETCH_OFFERS = {
  baseAndSite: [FILE_BASE, FILE_SITE],
  siteNeedingUnlistedBase: [FILE_SITE_NEEDING_UNLISTED_BASE],
  nothing: [],
} as const;

function fetchActorOutcomes(snapshot: AnyMachineSnapshot): EventObject[] {
  const context = snapshot.context as FetchUpdatesContext;
  switch (activeStatePath(snapshot.value).join('.')) {
    case 'read-key.reading':
      // A drive with the keys of both appliances of a pair: the operator picks one, then it is read as picked.
      return [done('readKeyFile', KEY_READ), ...(context.keyFileName ? [] : [done('readKeyFile', KEY_READ_BOTH)]), failed('readKeyFile', airGapErrors.mediaRemoved)];
    case 'submit-key.submitting':
      return [
        ...Object.values(FETCH_OFFERS).map((packages) => done('submitDownloadKey', submission([...packages]))),
        failed('submitDownloadKey', airGapErrors.clockSkew),
        failed('submitDownloadKey', airGapErrors.keyRejected),
        failed('submitDownloadKey', airGapErrors.unreachable),
      ];
    case 'download.downloading': {
      const pkg = context.plan?.order[context.downloadIndex];
      if (!pkg) return [];
      return [done('downloadUpdate', downloaded(pkg)), done('downloadUpdate', corruptDownload(pkg)), failed('downloadUpdate', airGapErrors.interrupted)];
    }
    case 'write-bundle.writing': {
      const packages = context.plan?.order ?? [];
      return [
        done('writeTransferBundle', written([...packages])),
        done('writeTransferBundle', writtenThroughCache([...packages])),
        done('writeTransferBundle', badlyWritten([...packages])),
        failed('writeTransferBundle', airGapErrors.mediaFull),
        failed('writeTransferBundle', airGapErrors.fileTooLarge),
        failed('writeTransferBundle', airGapErrors.mediaRemoved),
        failed('writeTransferBundle', airGapErrors.mediaReadOnly),
        failed('writeTransferBundle', airGapErrors.checksum),
      ];
    }
    case 'reinsert-stick.verifying': {
      const packages = (context.plan?.order ?? []).map(({ url: _url, ...pkg }) => pkg);
      return [
        done('verifyTransferBundle', bundle(packages)),
        done('verifyTransferBundle', tamperedBundle(packages)),
        done('verifyTransferBundle', otherBundle(packages)),
        failed('verifyTransferBundle', airGapErrors.mediaRemoved),
      ];
    }
    default:
      return [];
  }
}

export const P2_ACTORS = [
  ...AFTERCARE_ACTORS,
  'checkCredentials',
  'takeBackup',
  'exportCertificate',
  'probeCertificate',
  'installPackage',
  'captureDiagnostics',
  'releaseHolds',
  'checkApplianceClock',
  'generateDownloadKey',
  'saveKeyFile',
  'readKeyFile',
  'verifyTransferBundle',
  'importBundle',
  'uploadPackage',
] as const;
export const FETCH_ACTORS = ['readKeyFile', 'submitDownloadKey', 'downloadUpdate', 'writeTransferBundle', 'verifyTransferBundle'] as const;

export { isActorEvent, scriptOf };

interface Side<TMachine extends AnyStateMachine, TName extends string> {
  machine: TMachine;
  actors: readonly TName[];
  input: ProcedureInput;
  operatorEvents(): OperatorEvent[];
  actorOutcomes(snapshot: AnyMachineSnapshot): EventObject[];
  /** Whether the walk goes on from this state; states it stops at are still reached and checked. */
  explores?(snapshot: AnyMachineSnapshot): boolean;
}

/**
 * The operator's own certificate file, or one with problems accepted, is walked through both
 * certificate steps (where it makes a difference) and stopped at the first air-gap step: the air
 * gap does not depend on which good file is in the vault, and walking it again for each would
 * multiply the graph.
 */
function exploresP2(snapshot: AnyMachineSnapshot): boolean {
  const context = snapshot.context as ManualOfflineContext;
  const ownOrAccepted =
    context.certificateFile?.source === 'file' || (context.certificateExport?.kind === 'exported' && context.certificateExport.riskNote !== undefined);
  return !ownOrAccepted || ['export-certificate', 'certificate-health'].includes(activeStatePath(snapshot.value)[0] ?? '');
}

export const p2Side: Side<typeof manualOfflineMachine, (typeof P2_ACTORS)[number]> = {
  machine: manualOfflineMachine,
  actors: P2_ACTORS,
  input: P2_INPUT,
  operatorEvents: p2OperatorEvents,
  actorOutcomes: p2ActorOutcomes,
  explores: exploresP2,
};

export const fetchSide: Side<typeof fetchUpdatesMachine, (typeof FETCH_ACTORS)[number]> = {
  machine: fetchUpdatesMachine,
  actors: FETCH_ACTORS,
  input: FETCH_INPUT,
  operatorEvents: fetchOperatorEvents,
  actorOutcomes: fetchActorOutcomes,
};

/**
 * Plays events on a real actor of that side: operator events are sent, actor outcomes finish
 * the fake call the machine made. Starts fresh, or from a (JSON round-tripped) persisted snapshot.
 */
export async function replayOn<TMachine extends AnyStateMachine, TName extends string>(
  side: Side<TMachine, TName>,
  events: readonly EventObject[],
  from?: { snapshot: Snapshot<unknown> },
) {
  const fakes = controlledActorsFor(side.actors);
  const journal: JournalParams[] = [];
  const machine = side.machine.provide({
    actors: fakes.actors as never,
    actions: { journal: (_: unknown, params: JournalParams) => void journal.push(params) } as never,
  });
  const actor = createActor(machine, from ? { snapshot: from.snapshot, input: side.input } : { input: side.input });
  actor.start();
  await settle();
  for (const event of events) {
    const [outcome] = scriptOf<TName>([event]);
    if (outcome) fakes.finish(outcome);
    else actor.send(event);
    await settle();
  }
  return { actor, fakes, journal };
}

/** Traversal options for xstate/graph: only accepted events, actor outcomes included. */
export function traversalOf<TMachine extends AnyStateMachine, TName extends string>(side: Side<TMachine, TName>) {
  return {
    input: side.input,
    // Actor done/error events are not operator events, but the machine accepts them as input.
    events: ((snapshot: AnyMachineSnapshot) => [...side.operatorEvents(), ...side.actorOutcomes(snapshot)]) as unknown as (
      snapshot: SnapshotFrom<TMachine>,
    ) => EventFromLogic<TMachine>[],
    filterEvents: (snapshot: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>) =>
      (side.explores?.(snapshot as AnyMachineSnapshot) ?? true) && (snapshot as AnyMachineSnapshot).can(event) && straightThroughAftercare(snapshot as AnyMachineSnapshot, event),
  };
}

export { serializeWithArrival };
