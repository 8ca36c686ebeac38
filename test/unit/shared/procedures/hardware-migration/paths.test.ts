/**
 * Model-based tests of P5: xstate/graph walks the machine with every operator event and every
 * outcome of the deterministic fakes, in two halves — from the start to the certificate export,
 * and from the export (with the checked file the certificate phase records) to every end, for an
 * old appliance that is physical and one that is virtual. Every path keeps the procedure's
 * promises; one path per state is replayed on a real actor and resumed from JSON.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { hardwareMigrationMachine } from '../../../../../shared/procedures/hardware-migration/machine';
import {
  certificateFileReady,
  migrationVerified,
  presentsFileCertificate,
  restoreVerified,
  siteServesNew,
  softwareInstallVerified,
  type HardwareMigrationContext,
} from '../../../../../shared/procedures/hardware-migration/context';
import { hardwareMigrationView } from '../../../../../shared/procedures/hardware-migration/view';
import { expectViewContract } from '../helpers/view-contract';
import { onePerActiveState } from '../helpers/view-reading';
import { P5_INPUT, SECRET } from './fakes';
import {
  eventsOf,
  p5OperatorEvents,
  pathOf,
  replay,
  statesOf,
  topKey,
  traversal,
  valueOf,
  firstHalfTraversal,
  SPLIT_AT,
  type MachineSnapshot,
  type ModelPath,
} from './model';

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as HardwareMigrationContext;

/** The procedure's promises, checked on every state of a path. */
function expectInvariants(path: ModelPath): void {
  const states = statesOf(path);
  const events = path.steps.map((step) => step.event as EventObject);
  states.forEach((snapshot, index) => {
    const context = contextOf(snapshot);
    const at = pathOf(snapshot);
    const arrivedBy = events[index]?.type ?? '';

    // No passphrase or password in any snapshot.
    expect(JSON.stringify(snapshot.context)).not.toContain(SECRET);

    // The certificate file is in the vault and checked before anything is imported.
    if (at === 'import-certificate.importing') expect(certificateFileReady(context)).toBe(true);
    // The new appliance goes on only when it presents the file's certificate.
    if (arrivedBy === 'xstate.done.actor.assignCertificate' && topKey(snapshot) === 'accept-eula') expect(presentsFileCertificate(context)).toBe(true);
    // Never silently: the licence is accepted only after the operator's ACCEPT_EULA.
    if (at === 'accept-eula.accepting') expect(events.slice(0, index + 1).map((event) => event.type)).toContain('ACCEPT_EULA');

    // No restore before the software install on the new appliance is verified.
    if (['restore-backup.checking', 'restore-backup.uploading', 'restore-backup.waiting'].includes(at)) expect(softwareInstallVerified(context)).toBe(true);
    // An upload only right after the appliance said it holds nothing restored.
    if (at === 'restore-backup.uploading') {
      expect(pathOf(states[index - 1] as AnyMachineSnapshot)).toBe('restore-backup.checking');
      expect(context.restoreCheck?.state).toBe('not-restored');
    }
    if (context.restoreVerification !== null && topKey(snapshot) === 'point-dns') expect(restoreVerified(context)).toBe(true);

    // No reset before the new appliance serves the site (checked again right before) and its restore is verified.
    if (at === 'reset-old.resetting') {
      expect(siteServesNew(context.siteAnswer)).toBe(true);
      expect(restoreVerified(context)).toBe(true);
      expect(pathOf(states[index - 1] as AnyMachineSnapshot)).toMatch(/^reset-old\.(rechecking|resetting)$/);
    }
    if (context.oldReset !== null) expect(context.oldAppliance?.model).toBe('physical');
    if (context.oldDeleted !== null) expect(context.oldAppliance?.model).toBe('virtual');

    // The vault holds are released only once the migration is verified end to end.
    if (at === 'report.releasing' || snapshot.value === 'done') expect(migrationVerified(context)).toBe(true);

    // R5: the new appliance's support end is terminal.
    if (snapshot.value === 'new-support') expect(p5OperatorEvents().filter((event) => snapshot.can(event as never))).toEqual([]);
  });
}

const firstHalf = getShortestPaths(hardwareMigrationMachine, firstHalfTraversal);
const atExport = (model: 'physical' | 'virtual') => {
  const found = firstHalf.find((path) => pathOf(path.state) === SPLIT_AT && contextOf(path.state).oldAppliance?.model === model);
  if (!found) throw new Error(`no way to the export with a ${model} old appliance`);
  return found;
};
const secondHalf = (model: 'physical' | 'virtual') =>
  getShortestPaths(hardwareMigrationMachine, { ...traversal, fromState: atExport(model).state });
const physical = secondHalf('physical');
const virtual = secondHalf('virtual');

/** Replays the first half to the export, gives the snapshot the checked file, and plays a second-half path from there. */
async function replaySecondHalf(model: 'physical' | 'virtual', path: ModelPath) {
  const start = await replay(eventsOf(atExport(model)));
  const persisted = JSON.parse(JSON.stringify(start.actor.getPersistedSnapshot()));
  start.actor.stop();
  return replay(eventsOf(path), { snapshot: persisted });
}

describe('P5 graph: reachable states', () => {
  it('walks the first half to the certificate export, and no further without a checked certificate file', () => {
    const reached = new Set(firstHalf.map((path) => pathOf(path.state)));
    expect(reached).toContain('new-appliance.compare');
    expect(reached).toContain('new-appliance.not-factory');
    expect(reached).toContain('factory-password.failed');
    expect(reached).toContain('export-certificate.ask');
    expect(reached).toContain('export-certificate.failed');
    expect(reached).toContain(SPLIT_AT);
    // Past the export only with a checked file: the import's guard never finds it missing.
    expect(reached).not.toContain('import-certificate.no-file');
    expect(reached).not.toContain('import-certificate.importing');
  });

  it('reaches every end and each way of retiring the old appliance', () => {
    const ends = (paths: ModelPath[]) => new Set(paths.filter((path) => path.state.status === 'done').map((path) => String(path.state.value)));
    expect([...ends(physical)].sort()).toEqual(['cancelled', 'done', 'new-support']);
    expect([...ends(virtual)].sort()).toEqual(['cancelled', 'done', 'new-support']);
    const reachedPhysical = new Set(physical.map((path) => pathOf(path.state)));
    const reachedVirtual = new Set(virtual.map((path) => pathOf(path.state)));
    for (const state of ['reset-old.resetting', 'reset-old.site-not-new', 'shut-down-old.shutting-down', 'ship-old']) {
      expect(reachedPhysical).toContain(state);
      expect(reachedVirtual).not.toContain(state);
    }
    for (const state of ['delete-old.guide', 'delete-old.still-answers', 'delete-old.checking']) {
      expect(reachedVirtual).toContain(state);
      expect(reachedPhysical).not.toContain(state);
    }
    for (const state of ['resolve-warnings.open', 'assign-ip.mismatch', 'accept-eula.review', 'new-plan.blocked', 'new-install.backup-between', 'restore-backup.uploading', 'restore-backup.not-verified', 'point-dns.late']) {
      expect(reachedPhysical).toContain(state);
    }
    // The restore's own gate is never reached on a path: the unit leaves only with the install verified.
    expect(reachedPhysical).not.toContain('restore-backup.not-ready');
  });
});

describe('P5 graph: every shortest path keeps the invariants', () => {
  it(`on all ${firstHalf.length} paths of the first half`, () => firstHalf.forEach(expectInvariants));
  it(`on all ${physical.length} paths to a physical old appliance's retirement`, () => physical.forEach(expectInvariants), 120_000);
  it(`on all ${virtual.length} paths to a virtual old appliance's deletion`, () => virtual.forEach(expectInvariants), 120_000);
});

describe('P5 graph: every simple path through the DNS change and the reset', () => {
  // The steps that decide when the old appliance may be erased; the others are covered by the
  // shortest paths (every state, every way in). A state is its value and context, so loops are revisits.
  const STEPS = ['point-dns', 'reset-old'];
  it('keeps the invariants on every one of them', () => {
    const segments = STEPS.flatMap((step) => {
      const entry = physical.find((path) => topKey(path.state) === step);
      if (!entry) throw new Error(`no way into ${step}`);
      return getSimplePaths(hardwareMigrationMachine, {
        ...traversal,
        fromState: entry.state,
        toState: (snapshot) => snapshot.status === 'done' || topKey(snapshot) !== step,
      }).map((segment) => ({ ...segment, steps: [...entry.steps, ...segment.steps.slice(1)] }) as ModelPath);
    });
    expect(segments.length).toBeGreaterThan(1000);
    expect(segments.some((path) => pathOf(path.state) === 'shut-down-old.shutting-down')).toBe(true);
    segments.forEach(expectInvariants);
  }, 180_000);
});

describe('P5: the view offers exactly what each state accepts', () => {
  const check = (snapshot: MachineSnapshot) =>
    expectViewContract(hardwareMigrationMachine, hardwareMigrationView, snapshot, P5_INPUT, p5OperatorEvents(), valueOf);
  it('in every state of the first half', () => onePerActiveState(firstHalf).forEach((path) => check(path.state)));
  it('in every state of the second half, physical and virtual', () => {
    onePerActiveState(physical).forEach((path) => check(path.state));
    onePerActiveState(virtual).forEach((path) => check(path.state));
  });
});

describe('P5: live replays and JSON resumes', () => {
  const samples = [...onePerActiveState(physical).map((path) => ['physical', path] as const), ...onePerActiveState(virtual).map((path) => ['virtual', path] as const)];

  it.each(samples.map(([model, path]) => [`${model}: ${pathOf(path.state)}`, model, path] as const))(
    'replays and resumes from JSON at %s',
    async (_, model, path) => {
      const { actor, fakes, journal } = await replaySecondHalf(model, path);
      const snapshot = actor.getSnapshot();
      expect(snapshot.value).toEqual(path.state.value);
      expect(snapshot.context).toEqual(path.state.context);
      expect(JSON.stringify(journal)).not.toContain(SECRET);
      const inFlight = fakes.pending.map((call) => ({ actor: call.actor, input: call.input }));
      const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
      actor.stop();

      // Resumed: the same step, and whatever was in flight starts again with the same input — nothing else.
      const resumed = await replay([], { snapshot: persisted });
      expect(resumed.actor.getSnapshot().value).toEqual(path.state.value);
      expect(resumed.actor.getSnapshot().context).toEqual(path.state.context);
      expect(resumed.fakes.calls).toEqual(inFlight);
      resumed.actor.stop();
    },
    20_000,
  );
});
