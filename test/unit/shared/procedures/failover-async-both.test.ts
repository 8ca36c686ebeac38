/**
 * P4 with appliance A updated by hand, alone or together with B: every shortest path keeps the
 * pair's invariants and the manual update's own, walked in parts from one state to the next
 * (A's key out, B's key and bundle, A's bundle, window 1, window 2); with both by hand one trip
 * serves both (both keys before either bundle, each bundle verified against its own appliance's
 * key), and A's manual unit runs in window 2 on A's own bundle; the view offers exactly what each
 * state accepts; A's states replay and resume from JSON.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { failoverAsyncMachine } from '../../../../shared/procedures/failover-async/machine';
import { failoverAsyncView } from '../../../../shared/procedures/failover-async/view';
import type { FilePackageRef } from '../../../../shared/procedures/actors';
import { isImportComplete } from '../../../../shared/procedures/manual-offline/context';
import { checkTransferProof } from '../../../../shared/rules/transfer-proof';
import { updatedManually, type FailoverContext } from '../../../../shared/procedures/steps/failover/context';
import { manualFieldsOf } from '../../../../shared/procedures/steps/failover/manual-fields';
import { MANUAL_UPDATE_OPERATOR_EVENTS } from '../../../../shared/procedures/steps/failover/words';
import { expectViewContract } from './helpers/view-contract';
import { onePerActiveState } from './helpers/view-reading';
import { PAIR_INPUT } from './failover/fakes';
import { FILE_SITE_A, FILE_SITE_B, KEY_A, KEY_B, MANUAL_ACTORS, expectReplaysAndResumes, manualPairOutcomes, pairWalker } from './failover/manual-fakes';
import { expectInvariants, pairOperatorEvents, pathOf, topKey, valueOf, type PairExtras } from './failover/model';

const machine = failoverAsyncMachine;
const extras: PairExtras = { events: MANUAL_UPDATE_OPERATOR_EVENTS, outcomes: manualPairOutcomes, actors: MANUAL_ACTORS };
const AIR_GAP = /^([ab])-(clock-check|download-key|save-key|reinsert-stick|await-bundle|verify-bundle|compare-code|import-bundle)$/;
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as FailoverContext;
type Path = ReturnType<typeof getShortestPaths>[number];

const walk = pairWalker(machine, extras);

/** The path to the first state of `paths` that is at `at` and passes `where` (a clean run: keys read back from the drive). */
function pick(paths: Path[], at: string, where: (context: FailoverContext) => boolean, what: string): Path {
  const found = paths.filter((path) => pathOf(path.state) === at && where(contextOf(path.state))).sort((a, b) => a.steps.length - b.steps.length)[0];
  if (!found) throw new Error(`P4, A by hand: ${what} is not reached`);
  return found;
}

const mode = (value: FailoverContext['manualUpdate']) => (context: FailoverContext) => context.manualUpdate === value;
const cleanKey = (context: FailoverContext) => context.keyCopiedByHand === null && context.keyReread === null;

// Part 1: the decision and A's key, up to the next appliance's steps (B's key with both, A's bundle alone).
const keyOut = walk((snapshot) => topKey(snapshot) === 'a-await-bundle' || topKey(snapshot).startsWith('b-') || pathOf(snapshot) === 'plan-windows.ask');
/** Where a part stops besides its end: B's failures and retries are walked in failover-async-manual.test.ts, A's once (with both). */
const settled = (snapshot: AnyMachineSnapshot) => /\.(failed|blocked|mismatch)$/.test(pathOf(snapshot));
// Both by hand: B's key onto the same stick, then (the stick back) B's bundle, then A's.
const bKey = pick(keyOut, 'b-clock-check.checking', (c) => mode('both')(c) && c.manualParked?.A?.keyFile?.readBack?.from === 'drive', 'B’s key after A’s');
const bTrip = walk((snapshot) => topKey(snapshot) === 'a-await-bundle' || pathOf(snapshot) === 'plan-windows.ask' || settled(snapshot), bKey);
const aBundle = pick(bTrip, 'a-await-bundle', (c) => cleanKey(c) && c.manualParked?.B?.codeConfirmedAt != null && c.manualParked.B.keyReread === null, 'A’s bundle after B’s');
const aTrip = walk((snapshot) => pathOf(snapshot) === 'plan-windows.ask', aBundle);
const bothPlanned = pick(aTrip, 'plan-windows.ask', (c) => c.imported !== null && c.manualParked?.A?.imported != null, 'the window plan with both bundles in the vault');
// A alone by hand: its bundle (its failures and retries are walked with both by hand), then B automatically.
const aloneBundle = pick(keyOut, 'a-await-bundle', (c) => mode('A')(c) && cleanKey(c), 'A’s bundle (A alone)');
const aloneTrip = walk((snapshot) => pathOf(snapshot) === 'plan-windows.ask' || settled(snapshot) || topKey(snapshot) === 'a-clock-check', aloneBundle);
const alonePlanned = pick(aloneTrip, 'plan-windows.ask', (c) => c.manualParked?.A?.imported != null, 'the window plan with A’s bundle in the vault');
// Windows 1 and 2 of each.
const window1 = (from: Path) => walk((snapshot) => pathOf(snapshot) === 'window-2', from);
const bothW1 = window1(bothPlanned);
const aloneW1 = window1(alonePlanned);
const bothW2 = walk(() => false, pick(bothW1, 'window-2', () => true, 'window 2 (both)'));
const aloneW2 = walk(() => false, pick(aloneW1, 'window-2', () => true, 'window 2 (A alone)'));
const all = [...keyOut, ...bTrip, ...aTrip, ...aloneTrip, ...bothW1, ...aloneW1, ...bothW2, ...aloneW2];

/** The manual update's promises for A (and B with it), on every state of a path. */
function expectManualInvariants(path: Path): void {
  let bothKeysOut = false;
  for (const { state } of path.steps) {
    const context = contextOf(state);
    const top = topKey(state);
    const role = AIR_GAP.exec(top)?.[1]?.toUpperCase() as 'A' | 'B' | undefined;
    if (role) expect(updatedManually(context, role)).toBe(true);
    // By hand, the appliance is never asked for its updates by the assistant.
    for (const each of ['A', 'B'] as const) if (updatedManually(context, each)) expect(top).not.toBe(`${each.toLowerCase()}-check-updates`);
    // Every trip across the air gap happens before any window is planned or opened.
    if (role) expect(context.windows).toBeNull();
    // One trip serves both: with both by hand no bundle is awaited before both keys went out.
    if (context.manualUpdate === 'both' && top === 'b-await-bundle') bothKeysOut = true;
    if (context.manualUpdate === 'both' && /-(verify-bundle|compare-code|import-bundle)$/.test(top)) {
      expect(bothKeysOut).toBe(true);
      expect(manualFieldsOf(context, 'A').downloadKey?.applianceSerial).toBe(KEY_A.applianceSerial);
    }
    // Each bundle is verified against its own appliance's key.
    if (role && /verify-bundle|compare-code|import-bundle/.test(top)) expect(context.downloadKey?.applianceSerial).toBe(role === 'A' ? KEY_A.applianceSerial : KEY_B.applianceSerial);
    // The windows are planned only once every bundle by hand is verified, its code confirmed and its packages in the vault.
    if (context.windows !== null) {
      for (const each of ['A', 'B'] as const) {
        if (!updatedManually(context, each) || context.updated[each]) continue;
        const own = manualFieldsOf(context, each);
        expect(checkTransferProof(own.bundle?.proof).holds).toBe(true);
        expect(own.codeConfirmedAt).not.toBeNull();
        expect(own.imported !== null && isImportComplete(own.bundle, own.imported)).toBe(true);
      }
    }
    // A's manual unit runs in window 2 on A's own bundle, uploaded from the vault only.
    if (top === 'a-manual-install') {
      expect(context.windows?.window2.startedAt).toBeTruthy();
      expect(context.downloadKey?.applianceSerial).toBe(KEY_A.applianceSerial);
      for (const pkg of (context.plan?.order ?? []) as FilePackageRef[]) expect(context.imported?.some((held) => held.id === pkg.id && held.vaultId === pkg.vaultId && held.sha256 === pkg.sha256)).toBe(true);
    }
    if (top === 'b-manual-install') expect(context.downloadKey?.applianceSerial).toBe(KEY_B.applianceSerial);
  }
}

describe('P4 with A by hand (alone or with B): graph', () => {
  it('reaches both keys on one stick, both bundles, A’s manual unit in window 2 and the end', () => {
    const reached = new Set(all.map((path) => pathOf(path.state)));
    for (const state of ['a-clock-check.blocked', 'a-reinsert-stick.waiting', 'a-await-bundle', 'a-verify-bundle.failed', 'a-compare-code.mismatch', 'a-import-bundle.failed', 'a-manual-plan.blocked', 'a-manual-plan.ready', 'a-manual-install.uploading', 'b-manual-install.uploading', 'b-install.installing', 'verify-a.reading'])
      expect(reached).toContain(state);
    for (const [paths, b] of [[bothW2, FILE_SITE_B], [aloneW2, null]] as const) {
      const done = paths.find((path) => path.state.value === 'done');
      const context = contextOf(done!.state);
      expect(context.updated.A?.installed.map((record) => (record.pkg as FilePackageRef).sha256)).toContain(FILE_SITE_A.sha256);
      if (b) expect(context.updated.B?.installed.map((record) => (record.pkg as FilePackageRef).sha256)).toContain(b.sha256);
      else expect(context.updated.B?.installed.map((record) => (record.pkg as FilePackageRef).sha256)).not.toContain(FILE_SITE_A.sha256);
    }
  });
  it(`keeps the pair's and the manual update's invariants on all ${all.length} shortest paths`, () => all.forEach((path) => (expectInvariants(path as never, 'B'), expectManualInvariants(path))), 120_000);
  it('offers in the view exactly what each state accepts', () => onePerActiveState(all).forEach((path) => expectViewContract(machine, failoverAsyncView, path.state, PAIR_INPUT, pairOperatorEvents(MANUAL_UPDATE_OPERATOR_EVENTS), valueOf)), 60_000);
});

describe('P4 with A by hand: live replays and JSON resumes', () => {
  const samples = onePerActiveState(all).filter((path) => path.state.status === 'active' && (/^a-/.test(topKey(path.state)) && (AIR_GAP.test(topKey(path.state)) || topKey(path.state).startsWith('a-manual-'))));
  it.each(samples.map((path) => [`${contextOf(path.state).manualUpdate} ${pathOf(path.state)}`, path] as const))(
    'replays and resumes from JSON at %s',
    async (_, path) => expectReplaysAndResumes(machine, path as never, 'A'),
    20_000,
  );
});
