/**
 * Model-based tests of P1: xstate/graph walks the machine with every operator event and every
 * outcome of the deterministic fakes; each path is checked against the procedure's
 * invariants, then played on a real actor whose side effects are the fakes.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { checkBackupFreshness } from '../../../../../shared/rules/backup-freshness';
import { checkSiteCredentials } from '../../../../../shared/rules/site-credentials';
import { singleAutomaticMachine, type SingleAutomaticContext, type SingleAutomaticEvent } from '../../../../../shared/procedures/single-automatic/machine';
import { singleAutomaticView } from '../../../../../shared/procedures/single-automatic/view';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { expectCertificateInvariants } from '../helpers/certificate-invariants';
import { STRAIGHT_AFTERCARE_STATES } from '../helpers/aftercare-fakes';
import { INPUT } from '../helpers/single-automatic-fakes';
import {
  eventsOf,
  isActorEvent,
  operatorEvents,
  replay,
  serializeWithArrival,
  statesOf,
  traversal,
  type MachineSnapshot,
  type ModelPath,
} from '../helpers/single-automatic-model';

const PRE_INSTALL_STEPS = ['check-credentials', 'window', 'backup', 'export-certificate', 'certificate-health', 'check-updates', 'plan'];

function topKey(snapshot: MachineSnapshot): string {
  return activeStatePath(snapshot.value)[0] ?? '';
}

function contextOf(snapshot: MachineSnapshot): SingleAutomaticContext {
  return snapshot.context;
}

function isAt(snapshot: MachineSnapshot, path: string): boolean {
  return activeStatePath(snapshot.value).join('.') === path;
}

function accepted(snapshot: MachineSnapshot): string[] {
  return operatorEvents()
    .filter((event) => snapshot.can(event as SingleAutomaticEvent))
    .map((event) => event.type);
}

/** The procedure's promises, checked on every state of a path. */
function expectInvariants(path: ModelPath): void {
  const states = statesOf(path);
  // events[k] is the event that led to states[k].
  const events = path.steps.map((step) => step.event);
  let siteInstallEntered = false;
  states.forEach((snapshot, index) => {
    const context = contextOf(snapshot);

    // Nothing after the export step (and no install) before a checked certificate file in the vault or a skip with a reason (R2); never a passphrase held.
    expectCertificateInvariants(context, { installing: isAt(snapshot, 'install.installing'), past: !['check-credentials', 'window', 'backup', 'export-certificate', 'cancelled'].includes(topKey(snapshot)) });

    // No install before a verified backup newer than the window start (R1).
    if (isAt(snapshot, 'install.installing')) {
      const preUpgrade = context.backups.filter((backup) => backup.purpose === 'pre-upgrade').at(-1);
      expect(checkBackupFreshness(preUpgrade, { windowStartedAt: context.windowStartedAt }).holds).toBe(true);
      expect(context.installStartedAt).not.toBeNull();
    }

    // Base before site (R4), both in the plan and in what was installed.
    const kinds = context.installed.map((record) => record.pkg.kind);
    expect(kinds.join(',')).not.toMatch(/site,base/);
    if (context.plan) expect(context.plan.order.map((pkg) => pkg.kind).join(',')).not.toMatch(/site,base/);

    // Right after a Base install that a site package follows: a fresh backup and nothing else (R4).
    const current = context.plan?.order[context.installIndex];
    const previous = context.installed.at(-1);
    if (!siteInstallEntered && isAt(snapshot, 'install.installing') && current?.kind === 'site' && previous?.pkg.kind === 'base') {
      siteInstallEntered = true;
      const between = context.backups.filter((backup) => backup.purpose === 'between-base-and-site').at(-1);
      expect(between).toBeDefined();
      expect(Date.parse(between?.createdAt ?? '')).toBeGreaterThanOrEqual(Date.parse(previous.finishedAt));
      const baseDoneAt = states.findIndex((s) => contextOf(s).installed.length === context.installed.length);
      for (let k = baseDoneAt; k < index; k++) {
        expect(['install.backup-between', 'install.backup-between-failed']).toContain(activeStatePath(states[k]?.value).join('.'));
      }
      for (let k = baseDoneAt + 1; k <= index; k++) {
        const event = events[k];
        if (event && !isActorEvent(event)) expect(event.type).toBe('RETRY');
      }
    }

    // The window starts only on sign-ins just accepted, at the window step itself.
    if (context.windowStartedAt !== null) expect(checkSiteCredentials(context.credentials).holds).toBe(true);
    if (events[index]?.type === 'WINDOW_STARTED') {
      expect(activeStatePath(states[index - 1]?.value)).toEqual(['window']);
      expect(checkSiteCredentials(contextOf(states[index - 1] as MachineSnapshot).credentials).holds).toBe(true);
    }

    // Once the site goes down the upgrade cannot be cancelled.
    if (context.installStartedAt !== null) expect(snapshot.can({ type: 'CANCEL', at: 'x' })).toBe(false);

    // R5: support is terminal and offers nothing, in the machine and on screen.
    if (snapshot.value === 'support') {
      expect(accepted(snapshot)).toEqual([]);
      const view = singleAutomaticView(snapshot, INPUT);
      expect(view.status).toBe('support');
      expect(view.steps.flatMap((step) => step.actions)).toEqual([]);
      expect(view.banner?.tone).toBe('bad');
    }
    if (snapshot.status === 'done') expect(accepted(snapshot)).toEqual([]);
  });
}

/** The fakes' call log of a replay tells the same story: backup first, Base, backup, site. */
function expectCallOrder(calls: { actor: string; input: Record<string, unknown> }[]): void {
  const firstInstall = calls.findIndex((call) => call.actor === 'installPackage');
  if (firstInstall >= 0) {
    expect(calls.slice(0, firstInstall).some((call) => call.actor === 'takeBackup' && call.input.purpose === 'pre-upgrade')).toBe(true);
  }
  let lastInstall: { kind: string; index: number } | null = null;
  calls.forEach((call, index) => {
    if (call.actor !== 'installPackage') return;
    const kind = (call.input.pkg as { kind: string }).kind;
    if (kind === 'site' && lastInstall?.kind === 'base') {
      const between = calls.slice(lastInstall.index + 1, index);
      expect(between.length).toBeGreaterThan(0);
      expect(between.every((c) => c.actor === 'takeBackup' && c.input.purpose === 'between-base-and-site')).toBe(true);
    }
    if (lastInstall?.kind === 'site') expect(kind).toBe('site');
    lastInstall = { kind, index };
  });
}

async function expectReplayMatches(path: ModelPath): Promise<void> {
  const { actor, fakes } = await replay(eventsOf(path));
  const snapshot = actor.getSnapshot();
  expect(snapshot.value).toEqual(path.state.value);
  expect(snapshot.context).toEqual(path.state.context);
  expectCallOrder(fakes.calls);
  actor.stop();
}

function withPrefix(prefix: ModelPath, segment: ModelPath): ModelPath {
  return { state: segment.state, steps: [...prefix.steps, ...segment.steps.slice(1)], weight: prefix.weight + segment.weight };
}

const shortestPaths = getShortestPaths(singleAutomaticMachine, traversal);

/** Every simple path within one pre-install step, from each way of entering it to leaving it. */
const preInstallSegments: ModelPath[] = PRE_INSTALL_STEPS.flatMap((step) => {
  const entries = shortestPaths.filter((path) => {
    const before = path.steps.at(-2)?.state;
    return topKey(path.state) === step && (before === undefined || topKey(before) !== step);
  });
  return entries.flatMap((entry) =>
    getSimplePaths(singleAutomaticMachine, {
      ...traversal,
      serializeState: serializeWithArrival,
      fromState: entry.state,
      toState: (snapshot) => snapshot.status === 'done' || topKey(snapshot) !== step,
    })
      // The plan step is left for the install phase below.
      .filter((segment) => !(step === 'plan' && topKey(segment.state) === 'install'))
      .map((segment) => withPrefix(entry, segment)),
  );
});

/** Every simple path from "ready to install" to leaving the install (an end, aftercare or the report), for each set of updates offered. */
const installPhasePaths: ModelPath[] = (() => {
  const readyByPlan = new Map<string, ModelPath>();
  for (const path of shortestPaths) {
    if (!isAt(path.state, 'plan.ready')) continue;
    const key = JSON.stringify(contextOf(path.state).plan?.order.map((pkg) => pkg.id));
    if (!readyByPlan.has(key)) readyByPlan.set(key, path);
  }
  return [...readyByPlan.values()].flatMap((ready) =>
    getSimplePaths(singleAutomaticMachine, {
      ...traversal,
      serializeState: serializeWithArrival,
      fromState: ready.state,
      toState: (snapshot) => snapshot.status === 'done' || !['plan', 'install'].includes(topKey(snapshot)),
    }).map((segment) => withPrefix(ready, segment)),
  );
})();

describe('P1 graph: reachable ends', () => {
  it('reaches done, done with nothing installed, support and cancelled — and no other end', () => {
    const ends = new Set(
      shortestPaths
        .filter((path) => path.state.status === 'done')
        .map((path) => {
          const value = String(path.state.value);
          return value === 'done' && contextOf(path.state).installed.length === 0 ? 'done (nothing to install)' : value;
        }),
    );
    expect([...ends].sort()).toEqual(['cancelled', 'done', 'done (nothing to install)', 'support']);
  });

  it('reaches every state of the chart', () => {
    const reached = new Set(shortestPaths.map((path) => activeStatePath(path.state.value).join('.')));
    expect([...reached].sort()).toEqual(
      [
        'check-credentials.checking',
        'check-credentials.failed',
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
        'check-updates.running',
        'check-updates.failed',
        'plan.ready',
        'plan.blocked',
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

  it('reaches support only through a failed Base install', () => {
    for (const path of shortestPaths.filter((p) => p.state.value === 'support')) {
      const context = contextOf(path.state);
      expect(context.plan?.order[context.installIndex]?.kind).toBe('base');
      expect(context.error?.step).toBe('install');
    }
  });
});

describe('P1 graph: shortest path to every state', () => {
  it.each(shortestPaths.map((path) => [JSON.stringify(path.state.value), path] as const))(
    'keeps the invariants and replays on a live actor: %s',
    async (_, path) => {
      expectInvariants(path);
      await expectReplayMatches(path);
    },
  );
});

describe('P1 graph: every simple path through each pre-install step', () => {
  it(`keeps the invariants on all ${preInstallSegments.length} paths`, () => {
    expect(preInstallSegments.length).toBeGreaterThan(PRE_INSTALL_STEPS.length);
    preInstallSegments.forEach(expectInvariants);
  });

  it('replays each of them on a live actor with the fakes', async () => {
    for (const path of preInstallSegments) await expectReplayMatches(path);
  }, 60_000);
});

describe('P1 graph: every simple path of the install phase', () => {
  it(`keeps the invariants on all ${installPhasePaths.length} paths`, () => {
    expect(installPhasePaths.length).toBeGreaterThan(0);
    installPhasePaths.forEach(expectInvariants);
  });

  it('covers Base failures, site retries, the between-backup retry and both kinds of success', () => {
    const ends = installPhasePaths.map((path) => path.steps.map((step) => step.event.type).join(' > '));
    expect(ends.some((events) => events.includes('xstate.error.actor.installPackage') && events.includes('RETRY'))).toBe(true);
    expect(installPhasePaths.some((path) => path.state.value === 'support')).toBe(true);
    expect(
      installPhasePaths.some((path) =>
        statesOf(path).some((snapshot) => isAt(snapshot, 'install.backup-between-failed')) && topKey(path.state) === 'aftercare',
      ),
    ).toBe(true);
  });

  it('replays each of them on a live actor with the fakes', async () => {
    for (const path of installPhasePaths) await expectReplayMatches(path);
  }, 60_000);
});
