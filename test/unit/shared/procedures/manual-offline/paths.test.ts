/**
 * Model-based tests of P2 (restricted side): xstate/graph walks the machine with every operator
 * event and every outcome of the deterministic fakes; every path is checked against the
 * procedure's promises, and paths are replayed on a real actor whose side effects are the fakes.
 */
import { STRAIGHT_AFTERCARE_STATES } from '../helpers/aftercare-fakes';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph';
import { checkApplianceClock } from '../../../../../shared/rules/appliance-clock';
import { checkBackupFreshness } from '../../../../../shared/rules/backup-freshness';
import { checkHoldsMayBeReleased } from '../../../../../shared/rules/keep-until-verified';
import { checkSiteCredentials } from '../../../../../shared/rules/site-credentials';
import { checkTransferProof } from '../../../../../shared/rules/transfer-proof';
import { manualOfflineMachine, type ManualOfflineContext } from '../../../../../shared/procedures/manual-offline/machine';
import { manualOfflineView } from '../../../../../shared/procedures/manual-offline/view';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { P2_INPUT } from '../helpers/air-gap-fakes';
import { expectCertificateInvariants } from '../helpers/certificate-invariants';
import { isActorEvent, p2OperatorEvents, p2Side, plainWayIn, replayOn, serializeWithArrival, traversalOf } from '../helpers/air-gap-model';
import { checkKeyReread, keyReadThroughCache } from '../../../../../shared/procedures/manual-offline/context';

type ModelPath = StatePath<AnyMachineSnapshot, EventObject>;

const traversal = traversalOf(p2Side);
const AIR_GAP_STEPS = ['clock-check', 'download-key', 'save-key', 'reinsert-stick', 'await-bundle', 'verify-bundle', 'compare-code', 'import-bundle'];
/** Walked path by path like the air-gap steps: the window and the backup that open the install. */
const SEGMENT_STEPS = [...AIR_GAP_STEPS, 'check-credentials', 'window', 'backup'];
/** Steps before START_INSTALL: CANCEL is offered at every one of their states. */
const BEFORE_INSTALL = ['export-certificate', 'certificate-health', ...AIR_GAP_STEPS, 'check-credentials', 'window', 'backup', 'plan'];

const pathOf = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value).join('.');
const topKey = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value)[0] ?? '';
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as ManualOfflineContext;
const accepted = (snapshot: AnyMachineSnapshot) => [...new Set(p2OperatorEvents().filter((event) => snapshot.can(event)).map((event) => event.type))];

/** The procedure's promises, checked on every state of a path. */
function expectInvariants(path: ModelPath): void {
  const states = path.steps.map((step) => step.state);
  const events = path.steps.map((step) => step.event);
  let siteInstallEntered = false;
  states.forEach((snapshot, index) => {
    const context = contextOf(snapshot);
    const previous = states[index - 1];

    // A key file read back only through the cache counts once the operator re-inserted the stick and
    // the key file read from it is the one written: never on to the wait for the bundle before.
    if (topKey(snapshot) === 'await-bundle' && context.keyCopiedByHand === null) {
      expect(context.keyFile).not.toBeNull();
      const sinceStart = events.slice(0, index + 1).map((event) => event?.type);
      const lastSave = sinceStart.lastIndexOf('xstate.done.actor.saveKeyFile');
      if (keyReadThroughCache(context.keyFile)) {
        const reinserted = sinceStart.lastIndexOf('REINSERTED');
        expect(reinserted).toBeGreaterThan(lastSave);
        expect(sinceStart.lastIndexOf('xstate.done.actor.readKeyFile')).toBeGreaterThan(reinserted);
        expect(context.keyReinsertedAt).toBeTruthy();
        expect(checkKeyReread(context.keyFile, context.downloadKey, context.keyReread).holds).toBe(true);
      } else {
        // Read from the drive: the path is unchanged, no re-insert asked and the step is shown skipped.
        expect(sinceStart.slice(lastSave)).not.toContain('REINSERTED');
        expect(manualOfflineView(snapshot, P2_INPUT).steps.find((s) => s.id === 'reinsert-stick')?.status).toBe('skipped');
      }
    }
    if (topKey(snapshot) === 'reinsert-stick') expect(keyReadThroughCache(context.keyFile)).toBe(true);

    // No install, and no step past the certificate phase, before a checked certificate file in the vault or a skip with a reason (R2).
    expectCertificateInvariants(context, {
      installing: pathOf(snapshot) === 'install.installing',
      past: !['export-certificate', 'cancelled'].includes(topKey(snapshot)),
    });

    // R6: a key is only ever made right after a clock check that holds.
    if (pathOf(snapshot) === 'download-key.generating') expect(checkApplianceClock(context.clock).holds).toBe(true);
    if (events[index]?.type === 'xstate.done.actor.generateDownloadKey') {
      expect(previous && pathOf(previous)).toBe('download-key.generating');
      expect(checkApplianceClock(previous && contextOf(previous).clock).holds).toBe(true);
    }

    // The window opens only on a verified bundle held in the vault, and the pre-upgrade backup only inside it.
    if (context.windowStartedAt !== null) {
      expect(checkTransferProof(context.bundle?.proof).holds).toBe(true);
      expect(context.imported).not.toBeNull();
      expect(context.plan?.ok).toBe(true);
    }
    for (const taken of context.backups.filter((backup) => backup.purpose === 'pre-upgrade')) {
      expect(context.windowStartedAt).not.toBeNull();
      expect(Date.parse(taken.createdAt)).toBeGreaterThanOrEqual(Date.parse(context.windowStartedAt ?? ''));
    }
    if (events[index]?.type === 'WINDOW_STARTED') {
      expect(previous && pathOf(previous)).toBe('window');
      // The window starts only on sign-ins just accepted.
      expect(checkSiteCredentials(previous && contextOf(previous).credentials).holds).toBe(true);
    }

    // The arrival comparison: nothing is copied before a "Yes" for the bundle now verified, and a
    // "No" never leads on to an install — only a new bundle, verified and confirmed, does.
    if (pathOf(snapshot) === 'import-bundle.importing' || topKey(snapshot) === 'install') {
      const sinceStart = events.slice(0, index + 1).map((event) => event?.type);
      const lastVerified = sinceStart.lastIndexOf('xstate.done.actor.verifyTransferBundle');
      const lastYes = sinceStart.lastIndexOf('CODE_MATCHES');
      expect(lastYes).toBeGreaterThan(lastVerified);
      expect(lastYes).toBeGreaterThan(sinceStart.lastIndexOf('CODE_DIFFERS'));
      expect(context.codeConfirmedAt).not.toBeNull();
    }
    if (events[index]?.type === 'CODE_DIFFERS') expect(pathOf(snapshot)).toBe('compare-code.mismatch');

    // Until START_INSTALL the upgrade can be cancelled, wherever it stands.
    if (snapshot.status === 'active' && BEFORE_INSTALL.includes(topKey(snapshot))) {
      expect(context.installStartedAt).toBeNull();
      expect(snapshot.can({ type: 'CANCEL', at: 'x', note: 'x' })).toBe(true);
    }

    // No install before a verified bundle import and a fresh backup from inside the window (R1, R7).
    if (pathOf(snapshot) === 'install.installing') {
      const preUpgrade = context.backups.filter((backup) => backup.purpose === 'pre-upgrade').at(-1);
      expect(checkBackupFreshness(preUpgrade, { windowStartedAt: context.windowStartedAt }).holds).toBe(true);
      expect(checkTransferProof(context.bundle?.proof).holds).toBe(true);
      expect(context.imported).not.toBeNull();
      for (const pkg of context.plan?.order ?? []) {
        expect(pkg.vaultId).toBeTruthy();
        expect(context.imported?.find((held) => held.id === pkg.id)).toMatchObject({ sha256: pkg.sha256, vaultId: pkg.vaultId });
      }
      expect(context.installStartedAt).not.toBeNull();
    }

    // Base before site (R4), in the plan and in what was installed; the backup between them and nothing else.
    expect(context.installed.map((record) => record.pkg.kind).join(',')).not.toMatch(/site,base/);
    if (context.plan) expect(context.plan.order.map((pkg) => pkg.kind).join(',')).not.toMatch(/site,base/);
    const current = context.plan?.order[context.installIndex];
    const last = context.installed.at(-1);
    if (!siteInstallEntered && pathOf(snapshot) === 'install.installing' && current?.kind === 'site' && last?.pkg.kind === 'base') {
      siteInstallEntered = true;
      const between = context.backups.filter((backup) => backup.purpose === 'between-base-and-site').at(-1);
      expect(Date.parse(between?.createdAt ?? '')).toBeGreaterThanOrEqual(Date.parse(last.finishedAt));
      const baseDoneAt = states.findIndex((s) => contextOf(s).installed.length === context.installed.length);
      // The site package's own upload is the start of its install; a stopped or failed upload only retries.
      const siteUploadAt = states.findIndex((s, k) => k > baseDoneAt && pathOf(s) === 'install.uploading');
      expect(siteUploadAt).toBeGreaterThan(baseDoneAt);
      expect(siteUploadAt).toBeLessThan(index);
      for (let k = baseDoneAt; k < index; k++) {
        const allowed = k < siteUploadAt ? ['install.backup-between', 'install.backup-between-failed'] : ['install.uploading', 'install.failed'];
        expect(allowed).toContain(pathOf(states[k] as AnyMachineSnapshot));
      }
      for (let k = baseDoneAt + 1; k <= index; k++) {
        const event = events[k];
        if (event && !isActorEvent(event)) expect(['RETRY', 'CANCEL_UPLOAD']).toContain(event.type);
      }
    }

    // CANCEL_UPLOAD only while a package file is being uploaded, never once the appliance installs it.
    expect(snapshot.can({ type: 'CANCEL_UPLOAD', at: 'x' })).toBe(pathOf(snapshot) === 'install.uploading');
    if (events[index]?.type === 'CANCEL_UPLOAD') {
      expect(previous && pathOf(previous)).toBe('install.uploading');
      expect(pathOf(snapshot)).toBe('install.failed');
      expect(context.error).toMatchObject({ code: 'CANCELLED', step: 'install' });
      expect(context.installed).toEqual(previous && contextOf(previous).installed);
    }
    // Nothing is installed after a stopped upload until the file was uploaded again: every
    // install the machine waits for follows an upload of that very package.
    if (pathOf(snapshot) === 'install.installing') {
      const sinceStart = events.slice(0, index + 1);
      const lastUpload = sinceStart.map((event) => event?.type).lastIndexOf('xstate.done.actor.uploadPackage');
      const lastCancel = sinceStart.map((event) => event?.type).lastIndexOf('CANCEL_UPLOAD');
      expect(lastUpload).toBeGreaterThan(lastCancel);
      expect(contextOf(states[lastUpload - 1] as AnyMachineSnapshot).installIndex).toBe(context.installIndex);
    }

    // Once the site goes down the upgrade cannot be cancelled.
    if (context.installStartedAt !== null) expect(snapshot.can({ type: 'CANCEL', at: 'x', note: 'x' })).toBe(false);

    // R7: the holds are released only when every planned install is verified.
    if (pathOf(snapshot) === 'report.releasing' || snapshot.value === 'done') {
      const order = context.plan?.order ?? [];
      expect(context.installed.length).toBe(order.length);
      expect(checkHoldsMayBeReleased(order, context.installed).holds).toBe(true);
    }

    // R5: support is terminal and offers nothing, in the machine and on screen.
    if (snapshot.value === 'support') {
      expect(accepted(snapshot)).toEqual([]);
      const view = manualOfflineView(snapshot, P2_INPUT);
      expect(view.steps.flatMap((step) => step.actions)).toEqual([]);
      expect(view.banner?.tone).toBe('bad');
      expect(context.plan?.order[context.installIndex]?.kind).toBe('base');
    }
    if (snapshot.status === 'done') expect(accepted(snapshot)).toEqual([]);
  });
}

/** The fakes' call log tells the same story: clock before key, the bundle imported before the backup and any upload, Base, backup, site. */
function expectCallOrder(calls: { actor: string; input: Record<string, unknown> }[]): void {
  calls.forEach((call, index) => {
    if (call.actor === 'generateDownloadKey') expect(calls.slice(0, index).some((c) => c.actor === 'checkApplianceClock')).toBe(true);
    if (call.actor === 'installPackage') {
      expect(calls.slice(0, index).some((c) => c.actor === 'importBundle')).toBe(true);
      // The file of this very package was uploaded since the previous install call.
      const previousInstall = calls.slice(0, index).map((c) => c.actor).lastIndexOf('installPackage');
      expect(calls.slice(previousInstall + 1, index).some((c) => c.actor === 'uploadPackage' && (c.input.pkg as { id: string }).id === (call.input.pkg as { id: string }).id)).toBe(true);
      expect((call.input.pkg as { vaultId?: string }).vaultId).toBeTruthy();
    }
    if (call.actor === 'releaseHolds') expect(calls.slice(0, index).some((c) => c.actor === 'verifyTransferBundle')).toBe(true);
    if (call.actor === 'importBundle') expect(calls.slice(0, index).some((c) => c.actor === 'verifyTransferBundle')).toBe(true);
    if (call.actor === 'takeBackup' && call.input.purpose === 'pre-upgrade') expect(calls.slice(0, index).some((c) => c.actor === 'importBundle')).toBe(true);
  });
}

async function expectReplayMatches(path: ModelPath): Promise<void> {
  const { actor, fakes } = await replayOn(p2Side, path.steps.slice(1).map((step) => step.event));
  expect(actor.getSnapshot().value).toEqual(path.state.value);
  expect(actor.getSnapshot().context).toEqual(path.state.context);
  expectCallOrder(fakes.calls);
  actor.stop();
}

function withPrefix(prefix: ModelPath, segment: ModelPath): ModelPath {
  return { state: segment.state, steps: [...prefix.steps, ...segment.steps.slice(1)], weight: prefix.weight + segment.weight };
}

const shortestPaths = getShortestPaths(manualOfflineMachine, traversal) as ModelPath[];

/** The shortest path to each distinct state value: one live replay per place in the chart. */
const onePerState: ModelPath[] = [...new Map(shortestPaths.map((path) => [pathOf(path.state), path])).values()];

/**
 * Entering a step the simplest way: an exported certificate and a healthy one, the key on a drive
 * read back from the drive itself — or, for the re-insert step and the wait right after it, read
 * back through the cache and checked again on the re-inserted stick (later steps do not depend on how).
 */
function plainEntry(path: ModelPath): boolean {
  const context = contextOf(path.state);
  const cacheRead = keyReadThroughCache(context.keyFile);
  return plainWayIn(context) && (!cacheRead || ['reinsert-stick', 'await-bundle'].includes(topKey(path.state)));
}

/** Every simple path within one air-gap step (or the window or backup), from the plain ways of entering it to leaving it. */
const airGapSegments: ModelPath[] = SEGMENT_STEPS.flatMap((step) => {
  const entries = shortestPaths.filter((path) => {
    const before = path.steps.at(-2)?.state;
    return topKey(path.state) === step && (before === undefined || topKey(before) !== step) && plainEntry(path);
  });
  return entries.flatMap((entry) =>
    (
      getSimplePaths(manualOfflineMachine, {
        ...traversal,
        serializeState: serializeWithArrival,
        fromState: entry.state,
        toState: (snapshot: AnyMachineSnapshot) => snapshot.status === 'done' || topKey(snapshot) !== step,
      }) as ModelPath[]
    ).map((segment) => withPrefix(entry, segment)),
  );
});

/** Every simple path from "ready to install" to an end, for each bundle that can be installed. */
const installPhasePaths: ModelPath[] = (() => {
  const readyByPlan = new Map<string, ModelPath>();
  for (const path of shortestPaths) {
    if (pathOf(path.state) !== 'plan.ready' || !plainEntry(path)) continue;
    const key = JSON.stringify(contextOf(path.state).plan?.order.map((pkg) => pkg.id));
    if (!readyByPlan.has(key)) readyByPlan.set(key, path);
  }
  return [...readyByPlan.values()].flatMap((ready) =>
    (
      getSimplePaths(manualOfflineMachine, {
        ...traversal,
        serializeState: serializeWithArrival,
        fromState: ready.state,
        toState: (snapshot: AnyMachineSnapshot) => snapshot.status === 'done',
      }) as ModelPath[]
    ).map((segment) => withPrefix(ready, segment)),
  );
})();

describe('P2 graph: reachable ends and states', () => {
  it('reaches done, support and cancelled — and no other end; done always with something installed', () => {
    const ends = shortestPaths.filter((path) => path.state.status === 'done');
    expect([...new Set(ends.map((path) => String(path.state.value)))].sort()).toEqual(['cancelled', 'done', 'support']);
    // A bundle without packages proves nothing (no file to check), so it never reaches the plan.
    for (const path of ends.filter((p) => p.state.value === 'done')) expect(contextOf(path.state).installed.length).toBeGreaterThan(0);
  });

  it('reaches every state of the chart', () => {
    expect([...new Set(shortestPaths.map((path) => pathOf(path.state)))].sort()).toEqual(
      [
        'window',
        'backup.running',
        'backup.failed',
        'export-certificate.ask',
        'export-certificate.ask-file-passphrase',
        'export-certificate.exporting',
        'export-certificate.checked',
        'export-certificate.problems',
        'export-certificate.failed',
        'certificate-health.probing',
        'certificate-health.healthy',
        'certificate-health.unhealthy',
        'certificate-health.probe-failed',
        'clock-check.checking',
        'clock-check.blocked',
        'clock-check.failed',
        'download-key.generating',
        'download-key.failed',
        'save-key.choosing',
        'save-key.saving',
        'save-key.failed',
        'reinsert-stick.waiting',
        'reinsert-stick.reading',
        'reinsert-stick.failed',
        'await-bundle',
        'verify-bundle.verifying',
        'verify-bundle.failed',
        'compare-code.asking',
        'compare-code.mismatch',
        'import-bundle.importing',
        'import-bundle.failed',
        'check-credentials.checking',
        'check-credentials.failed',
        'plan.ready',
        'plan.blocked',
        'install.uploading',
        'install.installing',
        'install.failed',
        'install.backup-between',
        'install.backup-between-failed',
        'install.capturing-diagnostics',
        ...STRAIGHT_AFTERCARE_STATES,
        'report.releasing',
        'report.failed',
        'done',
        'support',
        'cancelled',
      ].sort(),
    );
  });
});

describe('P2 graph: shortest path to every reachable snapshot', () => {
  it(`keeps the invariants on all ${shortestPaths.length} paths`, () => {
    expect(shortestPaths.length).toBeGreaterThan(onePerState.length);
    shortestPaths.forEach(expectInvariants);
  }, 60_000);

  it.each(onePerState.map((path) => [pathOf(path.state), path] as const))('replays on a live actor: %s', async (_, path) => {
    await expectReplayMatches(path);
  });
});

describe('P2 graph: every simple path through each air-gap step, the window and the backup', () => {
  it(`keeps the invariants on all ${airGapSegments.length} paths`, () => {
    expect(new Set(airGapSegments.map((path) => topKey(path.steps.at(-2)?.state as AnyMachineSnapshot)))).toEqual(new Set(SEGMENT_STEPS));
    airGapSegments.forEach(expectInvariants);
  }, 60_000);

  it('covers a wrong clock fixed, a key carried by hand, a tampered bundle given up for another, and a short import', () => {
    const journeys = airGapSegments.map((path) => path.steps.map((step) => `${pathOf(step.state)}<${step.event.type}`).join(' '));
    expect(journeys.some((j) => j.includes('clock-check.blocked<') && j.includes('download-key.generating<'))).toBe(true);
    expect(journeys.some((j) => j.includes('await-bundle<KEY_COPIED'))).toBe(true);
    // A key file read back through the cache: re-inserted and read again, written again after a failed read, or checked again.
    expect(journeys.some((j) => j.includes('reinsert-stick.waiting<xstate.done.actor.saveKeyFile') && j.includes('await-bundle<xstate.done.actor.readKeyFile'))).toBe(true);
    expect(journeys.some((j) => j.includes('reinsert-stick.failed<xstate.done.actor.readKeyFile') && j.includes('save-key.saving<RETRY'))).toBe(true);
    expect(journeys.some((j) => j.includes('reinsert-stick.failed<xstate.error.actor.readKeyFile') && j.includes('reinsert-stick.reading<REINSERTED'))).toBe(true);
    expect(journeys.some((j) => j.includes('reinsert-stick.failed<') && j.includes('await-bundle<KEY_COPIED'))).toBe(true);
    expect(journeys.some((j) => j.includes('verify-bundle.failed<') && j.includes('await-bundle<CHOOSE_OTHER_MEDIA'))).toBe(true);
    expect(journeys.some((j) => j.includes('import-bundle.failed<xstate.done.actor.importBundle'))).toBe(true);
    expect(journeys.some((j) => j.includes('compare-code.mismatch<CODE_DIFFERS') && j.includes('await-bundle<CHOOSE_OTHER_MEDIA'))).toBe(true);
    expect(journeys.some((j) => j.includes('backup.failed<xstate.done.actor.takeBackup') && j.includes('plan.ready<'))).toBe(true);
    expect(journeys.some((j) => j.includes('import-bundle.importing') && j.includes('check-credentials.checking<xstate.done.actor.importBundle'))).toBe(true);
    expect(journeys.some((j) => j.includes('check-credentials.failed<xstate.done.actor.checkCredentials') && j.includes('window<xstate.done.actor.checkCredentials'))).toBe(true);
  });

  it('replays each of them on a live actor with the fakes', async () => {
    for (const path of airGapSegments) await expectReplayMatches(path);
  }, 60_000);
});

describe('P2 graph: every simple path of the install phase', () => {
  it(`keeps the invariants on all ${installPhasePaths.length} paths`, () => {
    expect(installPhasePaths.length).toBeGreaterThan(0);
    installPhasePaths.forEach(expectInvariants);
    expect(installPhasePaths.some((path) => path.state.value === 'support')).toBe(true);
    expect(installPhasePaths.some((path) => path.state.value === 'done')).toBe(true);
    const journeys = installPhasePaths.map((path) => path.steps.map((step) => `${pathOf(step.state)}<${step.event.type}`).join(' '));
    expect(journeys.some((j) => j.includes('install.failed<CANCEL_UPLOAD') && j.includes('done<'))).toBe(true);
  }, 180_000);

  it('replays each of them on a live actor with the fakes', async () => {
    for (const path of installPhasePaths) await expectReplayMatches(path);
  }, 180_000);
});
