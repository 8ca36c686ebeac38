/**
 * The appliance-upgrade unit is one reusable piece: placed twice in one chart — for appliance A,
 * then for appliance B, as the failover procedures will — it runs the same steps for each, acts
 * on the appliance it was placed for, keeps R4 per appliance, and resumes from a persisted
 * snapshot inside the second placement.
 */
import { describe, expect, it } from 'vitest';
import { assign, createActor, fromPromise, setup, type AnyActorRef } from 'xstate';
import type { ActorBaseInput, InstallPackageInput, TakeBackupInput } from '../../../../../shared/procedures/actors';
import type { JournalParams, ProcedureInput } from '../../../../../shared/procedures/definition';
import { automaticUpgradeUnit } from '../../../../../shared/procedures/steps/appliance-upgrade/chart';
import { initialUpgradeContext, type InstallRecord, type UpgradeContext } from '../../../../../shared/procedures/steps/context';
import { upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../../../../../shared/procedures/steps/setup';
import { BACKUP_AT, BASE, BASE_DONE_AT, BETWEEN_BACKUP_AT, INPUT, LATER, SITE, SITE_DONE_AT, WINDOW_AT, backup, installed, settle, updates } from '../helpers/single-automatic-fakes';

interface PairContext extends UpgradeContext {
  /** What the unit placed for A installed, kept when the unit is placed again for B. */
  upgradedA: InstallRecord[] | null;
}
type PairEvent = { type: 'START_INSTALL' | 'RETRY' | 'CANCEL' | 'RECHECK'; at: string; note?: string };

const MACHINE = 'pair';

function pairMachine() {
  const calls: { actor: string; input: ActorBaseInput }[] = [];
  const journal: JournalParams[] = [];
  const log = <T>(actor: string, output: (input: never) => T) =>
    fromPromise(async ({ input }: { input: ActorBaseInput }) => {
      calls.push({ actor, input });
      return output(input as never);
    });
  const machine = setup({
    types: { context: {} as PairContext, events: {} as PairEvent, input: {} as ProcedureInput },
    actors: {
      ...upgradeActorPlaceholders,
      checkForUpdates: log('checkForUpdates', () => updates([SITE, BASE])),
      installPackage: log('installPackage', (input: InstallPackageInput) => installed(input.pkg, input.pkg.kind === 'base' ? BASE_DONE_AT : SITE_DONE_AT)),
      takeBackup: log('takeBackup', (input: TakeBackupInput) => backup(input.purpose, BETWEEN_BACKUP_AT)),
      releaseHolds: log('releaseHolds', () => undefined),
    },
    guards: upgradeGuards,
    actions: {
      ...upgradeActions<PairContext, PairEvent>(),
      journal: (_, params: JournalParams) => void journal.push(params),
      // Units never run side by side (R4: nothing else between Base and site), so the second placement reuses the unit's fields.
      handOverToB: assign(({ context }) => ({ upgradedA: context.installed, plan: null, installIndex: 0, installed: [], installStartedAt: null })),
    },
  }).createMachine({
    id: MACHINE,
    initial: 'a-check-updates',
    context: ({ input }) => ({
      ...initialUpgradeContext(input),
      windowStartedAt: WINDOW_AT,
      backups: [{ ...backup('pre-upgrade', BACKUP_AT), purpose: 'pre-upgrade' }],
      upgradedA: null,
    }),
    states: {
      ...automaticUpgradeUnit({ machine: MACHINE, prefix: 'a-', appliance: 'A' }, { exits: { aftercare: 'between', noAftercare: 'between', nothingToInstall: 'between' } }),
      between: { always: { target: 'b-check-updates', actions: 'handOverToB' } },
      ...automaticUpgradeUnit({ machine: MACHINE, prefix: 'b-', appliance: 'B' }, { exits: { aftercare: 'done', noAftercare: 'done', nothingToInstall: 'done' } }),
      done: { type: 'final' },
      cancelled: { type: 'final' },
    },
  });
  return { machine, calls, journal };
}

async function until(actor: AnyActorRef, value: unknown): Promise<void> {
  for (let i = 0; i < 20 && JSON.stringify(actor.getSnapshot().value) !== JSON.stringify(value); i++) await settle();
  expect(actor.getSnapshot().value).toEqual(value);
}

describe('the appliance-upgrade unit, placed for appliance A and for appliance B', () => {
  it('runs check, plan and install with the backup between Base and site for each appliance, acting on that appliance', async () => {
    const { machine, calls, journal } = pairMachine();
    const actor = createActor(machine, { input: INPUT }).start();
    await until(actor, { 'a-plan': 'ready' });
    actor.send({ type: 'START_INSTALL', at: LATER });
    await until(actor, { 'b-plan': 'ready' });
    expect(actor.getSnapshot().context.upgradedA?.map((record) => record.pkg.id)).toEqual([BASE.id, SITE.id]);
    actor.send({ type: 'START_INSTALL', at: LATER });
    await until(actor, 'done');

    expect(calls.map((call) => `${call.actor}@${call.input.appliance}:${call.input.stepId}`)).toEqual([
      'checkForUpdates@A:a-check-updates',
      'installPackage@A:a-install',
      'takeBackup@A:a-backup-between',
      'installPackage@A:a-install',
      'checkForUpdates@B:b-check-updates',
      'installPackage@B:b-install',
      'takeBackup@B:b-backup-between',
      'installPackage@B:b-install',
    ]);
    expect(journal.filter((entry) => entry.event === 'INSTALL_VERIFIED').map((entry) => entry.step)).toEqual(['a-install', 'a-install', 'b-install', 'b-install']);
    expect(actor.getSnapshot().context.installed.map((record) => record.pkg.id)).toEqual([BASE.id, SITE.id]);
  });

  it('resumes inside the second placement from a persisted JSON snapshot, at the same step', async () => {
    const first = pairMachine();
    const actor = createActor(first.machine, { input: INPUT }).start();
    await until(actor, { 'a-plan': 'ready' });
    actor.send({ type: 'START_INSTALL', at: LATER });
    await until(actor, { 'b-plan': 'ready' });
    const snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();

    const second = pairMachine();
    const resumed = createActor(second.machine, { snapshot, input: INPUT }).start();
    expect(resumed.getSnapshot().value).toEqual({ 'b-plan': 'ready' });
    resumed.send({ type: 'START_INSTALL', at: LATER });
    await until(resumed, 'done');
    expect(second.calls.every((call) => call.input.appliance === 'B')).toBe(true);
  });
});
