/**
 * Model-based tests of P2-fetch (connected side): xstate/graph walks the machine with every
 * operator event and every outcome of the deterministic fakes; every path is checked against
 * the procedure's promises and replayed on a real actor whose side effects are the fakes.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph';
import { checkTransferProof } from '../../../../../shared/rules/transfer-proof';
import { bundleProven, checkDriveRead, readThroughCache } from '../../../../../shared/procedures/fetch-updates/context';
import { fetchUpdatesMachine, type FetchUpdatesContext } from '../../../../../shared/procedures/fetch-updates/machine';
import { fetchUpdatesView } from '../../../../../shared/procedures/fetch-updates/view';
import { FETCH_UPDATES_STEP_IDS } from '../../../../../shared/procedures/fetch-updates/words';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { FETCH_INPUT } from '../helpers/air-gap-fakes';
import { fetchOperatorEvents, fetchSide, replayOn, serializeWithArrival, traversalOf } from '../helpers/air-gap-model';
import { step } from '../helpers/view-reading';

type ModelPath = StatePath<AnyMachineSnapshot, EventObject>;

const traversal = traversalOf(fetchSide);
const pathOf = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value).join('.');
const topKey = (snapshot: AnyMachineSnapshot) => activeStatePath(snapshot.value)[0] ?? '';
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as FetchUpdatesContext;
const accepted = (snapshot: AnyMachineSnapshot) => [...new Set(fetchOperatorEvents().filter((event) => snapshot.can(event)).map((event) => event.type))];

/** Each planned package has a download whose size and SHA-256 equal the server's list. */
function everyDownloadVerified(context: FetchUpdatesContext): boolean {
  const order = context.plan?.order ?? [];
  return (
    order.length > 0 &&
    order.every((pkg) => context.downloads.some((record) => record.pkgId === pkg.id && record.sha256 === pkg.sha256 && record.size === pkg.size))
  );
}

function expectInvariants(path: ModelPath): void {
  const events = path.steps.map((step) => step.event.type);
  path.steps.forEach(({ state: snapshot }, index) => {
    const context = contextOf(snapshot);
    // A write read back only through the cache counts once the operator re-inserted the stick and
    // the bundle verified from it is the one written; never on to the code or the end before.
    if (snapshot.value === 'note-code' || snapshot.value === 'done') {
      const sinceStart = events.slice(0, index + 1);
      const lastWrite = sinceStart.lastIndexOf('xstate.done.actor.writeTransferBundle');
      expect(lastWrite).toBeGreaterThan(0);
      if (readThroughCache(context.written)) {
        const reinserted = sinceStart.lastIndexOf('REINSERTED');
        const verified = sinceStart.lastIndexOf('xstate.done.actor.verifyTransferBundle');
        expect(reinserted).toBeGreaterThan(lastWrite);
        expect(verified).toBeGreaterThan(reinserted);
        expect(context.reinsertedAt).toBeTruthy();
        expect(checkDriveRead(context.written, context.driveCheck).holds).toBe(true);
      } else {
        // Read from the drive: the path is unchanged, no re-insert asked and the step is shown skipped.
        expect(sinceStart.slice(lastWrite)).not.toContain('REINSERTED');
        expect(step(fetchUpdatesView(snapshot, FETCH_INPUT), 'reinsert-stick').status).toBe('skipped');
      }
      expect(bundleProven(context)).toBe(true);
    }
    if (topKey(snapshot) === 'reinsert-stick') {
      expect(readThroughCache(context.written)).toBe(true);
      expect(checkTransferProof(context.written?.proof).holds).toBe(true);
      // Nothing about the stick is proven yet, so its code is not offered for noting.
      expect(JSON.stringify(fetchUpdatesView(snapshot, FETCH_INPUT))).not.toMatch(/Bundle code — (compare|note)/);
    }
    // No bundle is written before every download is verified.
    if (pathOf(snapshot) === 'write-bundle.writing') expect(everyDownloadVerified(context)).toBe(true);
    // Downloads go in R4 order: Base before site.
    const kinds = context.downloads.map((record) => context.plan?.order.find((pkg) => pkg.id === record.pkgId)?.kind);
    expect(kinds.join(',')).not.toMatch(/site,base/);
    // A package streaming in is never abandoned.
    if (pathOf(snapshot) === 'download.downloading') expect(snapshot.can({ type: 'CANCEL', at: 'x', note: 'x' })).toBe(false);
    // Done only after a verified write; then the view gives the code and frees the drive.
    if (snapshot.value === 'done') {
      expect(checkTransferProof(context.written?.proof).holds).toBe(true);
      expect(everyDownloadVerified(context)).toBe(true);
      expect(accepted(snapshot)).toEqual([]);
      const view = fetchUpdatesView(snapshot, FETCH_INPUT);
      expect(view.banner).toMatchObject({ tone: 'ok', title: expect.stringContaining(context.written?.digestCode ?? '?') });
      expect(view.banner?.text).toMatch(/drive can be removed now/);
    } else {
      const view = fetchUpdatesView(snapshot, FETCH_INPUT);
      expect(JSON.stringify(view)).not.toMatch(/can be removed now/);
    }
    if (snapshot.value === 'cancelled') expect(accepted(snapshot)).toEqual([]);
    // The arrival comparison: after a proven write the code is shown large and must be noted before the end.
    if (snapshot.value === 'note-code') {
      expect(checkTransferProof(context.written?.proof).holds).toBe(true);
      expect(step(fetchUpdatesView(snapshot, FETCH_INPUT), 'note-code').code).toEqual({ label: expect.any(String), value: context.written?.digestCode });
      expect(accepted(snapshot)).toEqual(['CODE_NOTED']);
    }
    if (snapshot.value === 'done') expect(context.codeNotedAt).toBeTruthy();
    // A key the update server refused: the first action offered is another key.
    if (pathOf(snapshot) === 'submit-key.rejected') {
      expect(['KEY_REJECTED', 'CLOCK_SKEW']).toContain(context.error?.code);
      expect(step(fetchUpdatesView(snapshot, FETCH_INPUT), 'submit-key').actions[0]).toMatchObject({ event: 'CHANGE_KEY', tone: 'primary' });
    }
  });
}

async function expectReplayMatches(path: ModelPath): Promise<void> {
  const { actor, fakes } = await replayOn(fetchSide, path.steps.slice(1).map((step) => step.event));
  expect(actor.getSnapshot().value).toEqual(path.state.value);
  expect(actor.getSnapshot().context).toEqual(path.state.context);
  const firstWrite = fakes.calls.findIndex((call) => call.actor === 'writeTransferBundle');
  if (firstWrite >= 0) {
    const downloadedIds = fakes.calls.slice(0, firstWrite).filter((call) => call.actor === 'downloadUpdate').map((call) => (call.input.pkg as { id: string }).id);
    for (const pkg of contextOf(path.state).plan?.order ?? []) expect(downloadedIds).toContain(pkg.id);
  }
  actor.stop();
}

function withPrefix(prefix: ModelPath, segment: ModelPath): ModelPath {
  return { state: segment.state, steps: [...prefix.steps, ...segment.steps.slice(1)], weight: prefix.weight + segment.weight };
}

const shortestPaths = getShortestPaths(fetchUpdatesMachine, traversal) as ModelPath[];

/** Every simple path within one step, from each way of entering it to leaving it. */
const stepSegments: ModelPath[] = FETCH_UPDATES_STEP_IDS.flatMap((step) => {
  const entries = shortestPaths.filter((path) => {
    const before = path.steps.at(-2)?.state;
    return topKey(path.state) === step && (before === undefined || topKey(before) !== step);
  });
  return entries.flatMap((entry) =>
    (
      getSimplePaths(fetchUpdatesMachine, {
        ...traversal,
        serializeState: serializeWithArrival,
        fromState: entry.state,
        toState: (snapshot: AnyMachineSnapshot) => snapshot.status === 'done' || topKey(snapshot) !== step,
      }) as ModelPath[]
    ).map((segment) => withPrefix(entry, segment)),
  );
});

describe('P2-fetch graph: reachable ends and states', () => {
  it('reaches done and cancelled, and nothing else ends it', () => {
    expect([...new Set(shortestPaths.filter((path) => path.state.status === 'done').map((path) => String(path.state.value)))].sort()).toEqual([
      'cancelled',
      'done',
    ]);
  });

  it('reaches every state of the chart', () => {
    expect([...new Set(shortestPaths.map((path) => pathOf(path.state)))].sort()).toEqual(
      [
        'read-key.choosing',
        'read-key.reading',
        'read-key.picking',
        'read-key.failed',
        'submit-key.submitting',
        'submit-key.failed',
        'submit-key.rejected',
        'review.ready',
        'review.blocked',
        'download.downloading',
        'download.failed',
        'choose-media',
        'write-bundle.writing',
        'write-bundle.failed',
        'reinsert-stick.waiting',
        'reinsert-stick.verifying',
        'reinsert-stick.failed',
        'note-code',
        'done',
        'cancelled',
      ].sort(),
    );
  });
});

describe('P2-fetch graph: shortest path to every state', () => {
  it.each(shortestPaths.map((path) => [`${pathOf(path.state)} ${JSON.stringify(contextOf(path.state).plan?.order.map((p) => p.id) ?? null)}`, path] as const))(
    'keeps the invariants and replays on a live actor: %s',
    async (_, path) => {
      expectInvariants(path);
      await expectReplayMatches(path);
    },
  );
});

describe('P2-fetch graph: every simple path through each step', () => {
  it(`keeps the invariants on all ${stepSegments.length} paths`, () => {
    expect(new Set(stepSegments.map((path) => topKey(path.steps.at(-2)?.state as AnyMachineSnapshot)))).toEqual(new Set(FETCH_UPDATES_STEP_IDS));
    stepSegments.forEach(expectInvariants);
  });

  it('covers a clock refusal answered with another key, a resumed download and a write retried on another drive', () => {
    const journeys = stepSegments.map((path) => path.steps.map((step) => `${pathOf(step.state)}<${step.event.type}`).join(' '));
    expect(journeys.some((j) => j.includes('submit-key.rejected<xstate.error.actor.submitDownloadKey') && j.includes('read-key.choosing<CHANGE_KEY'))).toBe(true);
    expect(journeys.some((j) => j.includes('submit-key.failed<xstate.error.actor.submitDownloadKey') && j.includes('submit-key.submitting<RETRY'))).toBe(true);
    expect(journeys.some((j) => j.includes('download.failed<') && j.includes('download.downloading<RETRY'))).toBe(true);
    expect(journeys.some((j) => j.includes('write-bundle.failed<') && j.includes('choose-media<CHOOSE_OTHER_MEDIA'))).toBe(true);
  });

  it('covers a read-back through the cache: re-inserted and verified, a stick that fails and is written again, and one checked again', () => {
    const journeys = stepSegments.map((path) => path.steps.map((step) => `${pathOf(step.state)}<${step.event.type}`).join(' '));
    expect(journeys.some((j) => j.includes('reinsert-stick.waiting<xstate.done.actor.writeTransferBundle') && j.includes('note-code<xstate.done.actor.verifyTransferBundle'))).toBe(true);
    expect(journeys.some((j) => j.includes('reinsert-stick.failed<xstate.done.actor.verifyTransferBundle') && j.includes('write-bundle.writing<RETRY'))).toBe(true);
    expect(journeys.some((j) => j.includes('reinsert-stick.failed<xstate.error.actor.verifyTransferBundle') && j.includes('reinsert-stick.verifying<REINSERTED'))).toBe(true);
    expect(journeys.some((j) => j.includes('reinsert-stick.failed<') && j.includes('choose-media<CHOOSE_OTHER_MEDIA'))).toBe(true);
  });

  it('replays each of them on a live actor with the fakes', async () => {
    for (const path of stepSegments) await expectReplayMatches(path);
  }, 60_000);
});
