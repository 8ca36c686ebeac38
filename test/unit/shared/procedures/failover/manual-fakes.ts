/**
 * Deterministic stand-ins for the restricted-side actors of P4's appliances updated by hand (A, B or both): each
 * clock, its download key and key file, the transfer bundle coming back and its import, and the
 * uploads of the manual unit — the outcomes each may report, by state path.
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { expect } from 'vitest';
import type { FilePackageRef, GenerateDownloadKeyOutput, ReadKeyFileOutput } from '../../../../../shared/procedures/actors';
import type { FailoverContext } from '../../../../../shared/procedures/steps/failover/context';
import { CLOCK_RIGHT, CLOCK_WRONG, DOWNLOAD_KEY, KEY_FILE, KEY_FILE_CACHED, KEY_READ, airGapErrors, bundle, imported, tamperedBundle, uploaded } from '../helpers/air-gap-fakes';
import { actorDone as done, actorFailed as failed } from '../helpers/model-events';
import { errors } from '../helpers/single-automatic-fakes';
import { NEW_BASE, NEW_SITE, SITE_ON_NEW_BASE } from '../hardware-migration/fakes';
import { PAIR_INPUT, pairActorOutcomes } from './fakes';
import { getShortestPaths } from 'xstate/graph';
import { eventsOf, replay, traversalOf, type PairExtras } from './model';

export const MANUAL_ACTORS = ['checkApplianceClock', 'generateDownloadKey', 'saveKeyFile', 'readKeyFile', 'verifyTransferBundle', 'importBundle', 'uploadPackage'] as const;

/** B's key: B's serial and name, the versions the pair runs. */
export const KEY_B: GenerateDownloadKeyOutput = { ...DOWNLOAD_KEY, applianceSerial: 'LAB-B-1002', applianceHostname: 'appliance-b.lab.example', siteVersion: '23.1.1', baseVersion: '6.1.0' };
/** A's key: A's serial and name. */
export const KEY_A: GenerateDownloadKeyOutput = { ...KEY_B, key: 'AUA1.RESTRICTED-KEY-A', applianceSerial: 'LAB-A-1001', applianceHostname: 'appliance-a.lab.example' };
const keyRead = (key: GenerateDownloadKeyOutput): ReadKeyFileOutput => ({ ...KEY_READ, key: key.key, applianceSerial: key.applianceSerial, applianceHostname: key.applianceHostname, siteVersion: key.siteVersion, baseVersion: key.baseVersion, generatedAt: key.generatedAt });

export const FILE_BASE_B: FilePackageRef = { ...NEW_BASE, sha256: 'e'.repeat(64) };
export const FILE_SITE_B: FilePackageRef = { ...SITE_ON_NEW_BASE, sha256: 'f'.repeat(64) };
/** A's bundle: the same packages, told apart by their checksums. */
export const FILE_BASE_A: FilePackageRef = { ...NEW_BASE, sha256: 'a'.repeat(64) };
export const FILE_SITE_A: FilePackageRef = { ...SITE_ON_NEW_BASE, sha256: 'b'.repeat(64) };
/** A site package needing a Base the bundle does not bring: R4 refuses the plan. */
const FILE_SITE_UNLISTED_BASE: FilePackageRef = { ...NEW_SITE, id: 'site-24.1.0', version: '24.1.0', requires: '7.0.0', sha256: '9'.repeat(64) };

/** Every outcome the invoked restricted-side actor of this state may report (the manual unit's installs as the automatic unit's). */
export function manualPairOutcomes(statePath: string, context: FailoverContext): EventObject[] {
  const [top = '', sub] = statePath.split('.');
  const role = top.startsWith('a-') ? 'a' : 'b';
  if (top === `${role}-manual-install` && sub !== 'uploading') return pairActorOutcomes(`${role}-install.${sub ?? ''}`, context);
  const key = role === 'a' ? KEY_A : KEY_B;
  const [base, site] = role === 'a' ? [FILE_BASE_A, FILE_SITE_A] : [FILE_BASE_B, FILE_SITE_B];
  switch (statePath.replace(/^[ab]-/, '')) {
    case 'clock-check.checking':
      return [done('checkApplianceClock', CLOCK_RIGHT), done('checkApplianceClock', CLOCK_WRONG), failed('checkApplianceClock', airGapErrors.unreachable)];
    case 'download-key.generating':
      return [done('generateDownloadKey', key), failed('generateDownloadKey', airGapErrors.unreachable)];
    case 'save-key.saving':
      return [done('saveKeyFile', KEY_FILE), done('saveKeyFile', KEY_FILE_CACHED), failed('saveKeyFile', airGapErrors.mediaReadOnly)];
    case 'reinsert-stick.reading':
      return [done('readKeyFile', keyRead(key)), done('readKeyFile', { ...keyRead(key), key: 'AUA1.OTHER' }), failed('readKeyFile', airGapErrors.mediaRemoved)];
    case 'verify-bundle.verifying':
      return [
        done('verifyTransferBundle', bundle([base, site])),
        done('verifyTransferBundle', bundle([FILE_SITE_UNLISTED_BASE])),
        done('verifyTransferBundle', tamperedBundle([base, site])),
        failed('verifyTransferBundle', airGapErrors.wrongAppliance),
      ];
    case 'import-bundle.importing': {
      const packages = context.bundle?.packages ?? [];
      return [done('importBundle', imported(packages)), ...(packages.length > 1 ? [done('importBundle', imported(packages.slice(1)))] : []), failed('importBundle', airGapErrors.disk)];
    }
    case 'manual-install.uploading': {
      const pkg = context.plan?.order[context.installIndex] as FilePackageRef | undefined;
      if (!pkg) return [];
      return [done('uploadPackage', uploaded(pkg)), failed('uploadPackage', airGapErrors.uploadInterrupted), ...(pkg.kind === 'base' ? [failed('uploadPackage', errors.baseInstall)] : [])];
    }
    default:
      return [];
  }
}

/**
 * A path replayed on a live actor reaches the same state and context; the restricted-side actors
 * in flight act on `role`; the persisted JSON resumes there and starts the same calls again.
 */
export async function expectReplaysAndResumes(machine: AnyStateMachine, path: { state: AnyMachineSnapshot; steps: { state: AnyMachineSnapshot; event: EventObject }[] }, role: 'A' | 'B'): Promise<void> {
  const { actor, fakes } = await replay(machine, eventsOf(path), undefined, MANUAL_ACTORS);
  expect(actor.getSnapshot().value).toEqual(path.state.value);
  expect(actor.getSnapshot().context).toEqual(path.state.context);
  const inFlight = fakes.pending.map((call) => ({ actor: call.actor, input: call.input }));
  const onAppliance = MANUAL_ACTORS.filter((name) => name !== 'importBundle' && name !== 'verifyTransferBundle') as readonly string[];
  for (const call of inFlight.filter((c) => onAppliance.includes(c.actor))) expect(call.input).toMatchObject({ appliance: role });
  const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
  actor.stop();
  const resumed = await replay(machine, [], { snapshot: persisted }, MANUAL_ACTORS);
  expect(resumed.actor.getSnapshot().value).toEqual(path.state.value);
  expect(resumed.actor.getSnapshot().context).toEqual(path.state.context);
  expect(resumed.fakes.calls).toEqual(inFlight);
  resumed.actor.stop();
}

type WalkPath = ReturnType<typeof getShortestPaths>[number];

/** A walker of P4 with `extras`: every shortest path from the start (or on from `from`, its steps kept) up to where `stopAt` holds. */
export function pairWalker(machine: AnyStateMachine, extras: PairExtras) {
  return (stopAt: (snapshot: AnyMachineSnapshot) => boolean, from?: WalkPath): WalkPath[] => {
    const traversal = traversalOf(PAIR_INPUT, stopAt, extras) as object;
    const paths = getShortestPaths(machine, (from ? { ...traversal, fromState: from.state } : traversal) as never);
    return from ? paths.map((path) => ({ ...path, steps: [...from.steps, ...path.steps.slice(1)] })) : paths;
  };
}
