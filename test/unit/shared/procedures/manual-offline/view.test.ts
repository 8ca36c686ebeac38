import { AFTERCARE_VALUES } from '../helpers/aftercare-fakes';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyMachineSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { manualOfflineMachine } from '../../../../../shared/procedures/manual-offline/machine';
import { manualOfflineView } from '../../../../../shared/procedures/manual-offline/view';
import { MANUAL_OFFLINE_STEP_IDS } from '../../../../../shared/procedures/manual-offline/words';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { procedureViewSchema } from '../../../../../shared/procedures/view';
import type { ProcedureViewPart } from '../../../../../shared/procedures/definition';
import { CLOCK_WRONG, FILE_BASE, FILE_SITE, FILE_SITE_NEEDING_UNLISTED_BASE, KEY_MEDIA, KEY_READ, KEY_READ_DAMAGED, P2_INPUT, airGapErrors, tamperedBundle } from '../helpers/air-gap-fakes';
import { done, failed, operator, p2OperatorEvents, p2Side, replayOn, traversalOf } from '../helpers/air-gap-model';
import {
  p2ToAwaitBundle,
  p2ToBaseInstalling,
  p2ToClockCheck,
  p2ToDone,
  p2ToPlan,
  p2ToReinsertKey,
  p2ToRereadingKey,
  p2ToSaveKey,
  p2ToVerifying,
  p2ToCompareCode,
  p2ToCredentials,
  p2ToWindow,
} from '../helpers/air-gap-journeys';
import { expectViewContract } from '../helpers/view-contract';
import { DIAGNOSTICS, errors } from '../helpers/single-automatic-fakes';
import { onePerActiveState, persistedViewOf, step } from '../helpers/view-reading';

async function viewAfter(events: Parameters<typeof replayOn>[1]): Promise<ProcedureViewPart> {
  return persistedViewOf((await replayOn(p2Side, events)).actor, manualOfflineView, P2_INPUT);
}

describe('P2 view: the air-gap steps', () => {
  it('lists every step, schema-valid, with the certificate first, the window after the import, and page links on the site', async () => {
    const view = await viewAfter([]);
    expect(view.steps.map((s) => s.id)).toEqual([...MANUAL_OFFLINE_STEP_IDS]);
    expect(view.steps.map((s) => s.id).slice(0, 1)).toEqual(['export-certificate']);
    expect(view.steps.map((s) => s.id).slice(4, 7)).toEqual(['save-key', 'reinsert-stick', 'await-bundle']);
    expect(view.steps.map((s) => s.id).slice(7, 14)).toEqual(['verify-bundle', 'compare-code', 'import-bundle', 'check-credentials', 'window', 'backup', 'plan']);
    expect(view.currentStepId).toBe('export-certificate');
    procedureViewSchema.shape.steps.parse(view.steps);
    expect(z.array(z.string()).parse(view.steps.map((s) => s.instruction)).every((text) => text.length > 40)).toBe(true);
    expect(step(view, 'clock-check')).toMatchObject({ pagePath: '/appliance > Networking > IP Configuration', pageUrl: 'https://127.0.0.1:9443/appliance/networking/ip' });
    expect(step(view, 'install').instruction).toMatch(/Manual Installation/);
  });

  it('shows both clocks and NTP when the clock blocks, and how to fix it', async () => {
    const view = await viewAfter([...p2ToClockCheck, done('checkApplianceClock', CLOCK_WRONG)]);
    const clock = step(view, 'clock-check');
    expect(clock.status).toBe('blocked');
    expect(clock.facts.map((f) => [f.label, f.value])).toEqual([
      ['Appliance clock', CLOCK_WRONG.applianceTime],
      ['This computer’s clock', CLOCK_WRONG.operatorTime],
      ['Difference', '600 s'],
      ['NTP', 'off'],
    ]);
    expect(clock.verification).toMatchObject({ ok: false, text: expect.stringContaining('/appliance > Networking > IP Configuration') });
    expect(clock.actions.map((a) => a.event)).toEqual(['RECHECK', 'CANCEL']);
    expect(step(view, 'download-key').status).toBe('pending');
  });

  it('shows the whole key, and asks for a drive or a note to carry it', async () => {
    const view = await viewAfter(p2ToSaveKey);
    expect(step(view, 'download-key').facts[0]).toEqual({ label: 'Appliance Download Key', value: 'AUA1.RESTRICTED-KEY-0001', mono: true });
    // The step that offers "I copied the key by hand" shows the key to copy.
    expect(step(view, 'save-key').facts[0]).toEqual({ label: 'Appliance Download Key', value: 'AUA1.RESTRICTED-KEY-0001', mono: true });
    expect(step(view, 'save-key').actions).toEqual([
      expect.objectContaining({ event: 'SAVE_KEY', input: expect.objectContaining({ kind: 'media' }) }),
      expect.objectContaining({ event: 'KEY_COPIED', needsNote: true }),
      expect.objectContaining({ event: 'CANCEL' }),
    ]);
  });

  it('explains the other side while waiting, and asks for the drive with the bundle', async () => {
    const view = await viewAfter(p2ToAwaitBundle);
    const wait = step(view, 'await-bundle');
    expect(view.currentStepId).toBe('await-bundle');
    expect(wait.instruction).toMatch(/Fetch updates/);
    expect(wait.instruction).toMatch(/days/);
    expect(wait.instruction).not.toMatch(/backup already|stay valid/);
    expect(step(view, 'window').status).toBe('pending');
    expect(step(view, 'backup').status).toBe('pending');
    expect(wait.actions.find((a) => a.event === 'BUNDLE_READY')?.input).toMatchObject({ kind: 'media' });
    expect(step(view, 'save-key').facts).toContainEqual(expect.objectContaining({ label: 'Key file' }));
  });

  it('shows a key file read back from the drive, with the re-insert step skipped', async () => {
    const view = await viewAfter(p2ToAwaitBundle);
    expect(step(view, 'save-key').facts).toContainEqual({ label: 'Read back', value: 'From the stick itself.', tone: 'ok' });
    expect(step(view, 'reinsert-stick').status).toBe('skipped');
  });

  it('asks for the stick to be re-inserted when the key file was read back through the cache', async () => {
    const view = await viewAfter(p2ToReinsertKey);
    expect(view.currentStepId).toBe('reinsert-stick');
    expect(step(view, 'save-key').facts).toContainEqual({ label: 'Read back', value: expect.stringMatching(/^Only through this computer’s memory, not from the stick/), tone: 'warn' });
    const reinsert = step(view, 'reinsert-stick');
    expect(reinsert).toMatchObject({ status: 'active', kind: 'guided', title: 'Remove and re-insert the stick' });
    expect(reinsert.actions.map((a) => [a.event, a.label, a.tone])).toEqual([
      ['REINSERTED', 'The stick is back in', 'primary'],
      ['CANCEL', 'Cancel the upgrade', 'secondary'],
    ]);
    expect(step(view, 'await-bundle').status).toBe('pending');
  });

  it('after a failed read of the re-inserted stick offers writing the key file again first, and says why', async () => {
    const view = await viewAfter([...p2ToRereadingKey, done('readKeyFile', KEY_READ_DAMAGED)]);
    const reinsert = step(view, 'reinsert-stick');
    expect(reinsert.status).toBe('failed');
    expect(reinsert.error).toMatchObject({ message: expect.stringMatching(/differs from the key written/), hint: expect.stringMatching(/Do not take this stick across/) });
    expect(reinsert.verification?.ok).toBe(false);
    expect(reinsert.actions.map((a) => [a.event, a.tone])).toEqual([
      ['RETRY', 'primary'],
      ['REINSERTED', 'secondary'],
      ['CHOOSE_OTHER_MEDIA', 'secondary'],
      ['KEY_COPIED', 'secondary'],
      ['CANCEL', 'secondary'],
    ]);
  });

  it('shows the key file read from the re-inserted stick once it matches, and goes on to the wait', async () => {
    const view = await viewAfter([...p2ToRereadingKey, done('readKeyFile', KEY_READ)]);
    expect(view.currentStepId).toBe('await-bundle');
    const reinsert = step(view, 'reinsert-stick');
    expect(reinsert.status).toBe('done');
    expect(reinsert.facts).toContainEqual({ label: 'Key file read from the stick', value: KEY_READ.path, mono: true });
    expect(reinsert.verification).toEqual({ ok: true, text: 'The key file support.lab.example.aua-key.json was read again from the re-inserted stick and holds the key as written.' });
  });

  it('shows a failed proof file by file with the code, and offers a retry or another bundle', async () => {
    const view = await viewAfter([...p2ToVerifying, done('verifyTransferBundle', tamperedBundle([FILE_BASE, FILE_SITE]))]);
    const verify = step(view, 'verify-bundle');
    expect(verify.status).toBe('failed');
    expect(verify.items).toEqual([
      { label: `${FILE_BASE.id}.nsu — 191 MiB — SHA-256 eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee`, status: 'failed', detail: 'SHA-256 differs' },
      { label: `${FILE_SITE.id}.nsu — 858 MiB — SHA-256 ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff`, status: 'done' },
    ]);
    expect(verify.facts[0]).toMatchObject({ value: '3F2A-9C1B', tone: 'bad' });
    expect(verify.error).toMatchObject({ code: 'RULE_NOT_MET' });
    expect(verify.actions.map((a) => a.event)).toEqual(['RETRY', 'CHOOSE_OTHER_MEDIA', 'CANCEL']);
    expect(step(view, 'import-bundle').status).toBe('pending');
  });

  it('shows the code read from the drive large and asks whether it matches, yes or no', async () => {
    const view = await viewAfter(p2ToCompareCode());
    const compare = step(view, 'compare-code');
    expect(view.currentStepId).toBe('compare-code');
    expect(compare.code).toEqual({ label: 'Bundle code read from the drive', value: '3F2A-9C1B' });
    expect(compare.actions.map((a) => [a.event, a.tone])).toEqual([
      ['CODE_MATCHES', 'primary'],
      ['CODE_DIFFERS', 'danger'],
      ['CANCEL', 'secondary'],
    ]);
    expect(step(view, 'verify-bundle').status).toBe('done');
    expect(step(view, 'import-bundle').status).toBe('pending');
  });

  it('shows a differing code as a stop with what to do, offering another bundle', async () => {
    const view = await viewAfter([...p2ToCompareCode(), operator('CODE_DIFFERS')]);
    const compare = step(view, 'compare-code');
    expect(compare.status).toBe('failed');
    expect(compare.error).toMatchObject({ code: 'RULE_NOT_MET', hint: expect.stringMatching(/altered or swapped/) });
    expect(compare.actions.map((a) => a.event)).toEqual(['CHOOSE_OTHER_MEDIA', 'CANCEL']);
    expect(view.attention).toBe(true);
    expect(view.statusLabel).toBe('Needs attention');
  });

  it('shows the error of a bundle for another appliance', async () => {
    const view = await viewAfter([...p2ToVerifying, failed('verifyTransferBundle', airGapErrors.wrongAppliance)]);
    expect(step(view, 'verify-bundle').error).toEqual(airGapErrors.wrongAppliance.toJSON());
  });

  it('asks for the window once the bundle is in the vault, saying it is verified and ready', async () => {
    const view = await viewAfter(p2ToWindow());
    expect(view.currentStepId).toBe('window');
    expect(step(view, 'window').instruction).toMatch(/verified/);
    expect(step(view, 'window').actions.map((a) => a.event)).toEqual(['WINDOW_STARTED', 'RECHECK', 'CANCEL']);
    expect(step(view, 'check-credentials').status).toBe('done');
    expect(step(view, 'import-bundle').status).toBe('done');
    expect(step(view, 'backup').status).toBe('pending');
  });

  it('shows a plan R4 refuses as blocked with the window and backup still to come', async () => {
    const view = await viewAfter(p2ToCredentials([FILE_SITE_NEEDING_UNLISTED_BASE]));
    expect(step(view, 'plan').status).toBe('blocked');
    expect(step(view, 'check-credentials').status).toBe('pending');
    expect(step(view, 'window').status).toBe('pending');
    expect(step(view, 'backup').status).toBe('pending');
  });

  it('says an install of a package carried as a file begins with its upload', async () => {
    const view = await viewAfter(p2ToBaseInstalling);
    expect(step(view, 'install').phase).toMatchObject({ id: 'installing', uploads: true });
  });

  it('shows the verified proof and the imported packages before the plan', async () => {
    const view = await viewAfter(p2ToPlan());
    expect(step(view, 'verify-bundle')).toMatchObject({ status: 'done', verification: { ok: true } });
    expect(step(view, 'import-bundle').items?.map((i) => i.status)).toEqual(['done', 'done']);
    expect(step(view, 'plan').facts.slice(0, 2).map((f) => f.value)).toEqual(['Base Software 6.2.0 (191 MiB)', 'Site Software 23.2.1 (858 MiB)']);
  });

  it('offers "Stop the upload" only while uploading, and shows a stopped upload as failed with a retry', async () => {
    const uploading = await viewAfter([...p2ToPlan(), operator('START_INSTALL')]);
    expect(step(uploading, 'install').actions).toEqual([expect.objectContaining({ event: 'CANCEL_UPLOAD', label: 'Stop the upload', confirm: expect.stringContaining('Nothing has been installed') })]);
    const installing = await viewAfter(p2ToBaseInstalling);
    expect(step(installing, 'install').actions).toEqual([]);
    const stopped = await viewAfter([...p2ToPlan(), operator('START_INSTALL'), operator('CANCEL_UPLOAD')]);
    expect(step(stopped, 'install')).toMatchObject({ status: 'failed', error: { code: 'CANCELLED', message: 'Upload stopped — nothing was installed.' } });
    expect(step(stopped, 'install').actions.map((a) => a.event)).toEqual(['RETRY']);
    expect(step(stopped, 'install').actions[0]).toMatchObject({ event: 'RETRY', label: 'Upload again' });
  });

  it('ends like P1: done with versions and backups, support offering nothing', async () => {
    const finished = await viewAfter(p2ToDone);
    expect(finished.status).toBe('done');
    expect(finished.banner?.text).toContain('Site 23.1.1 → 23.2.1, Base 6.1.0 → 6.2.0');
    const support = await viewAfter([...p2ToBaseInstalling, failed('installPackage', errors.baseInstall), done('captureDiagnostics', DIAGNOSTICS)]);
    expect(support.status).toBe('support');
    expect(support.steps.flatMap((s) => s.actions)).toEqual([]);
  });
});

describe('P2 view: derived from the snapshot alone, for every reachable snapshot', () => {
  const paths = getShortestPaths(manualOfflineMachine, traversalOf(p2Side));
  const valueOf = (type: string) => AFTERCARE_VALUES[type]?.[0] ?? KEY_MEDIA;

  it(`offers exactly the accepted events, asks for values and notes as needed, and survives JSON, on all ${paths.length} snapshots`, () => {
    for (const path of paths) expectViewContract(manualOfflineMachine, manualOfflineView, path.state as AnyMachineSnapshot, P2_INPUT, p2OperatorEvents(), valueOf);
  }, 120_000);

  const onePerState = onePerActiveState(paths);
  it.each(onePerState.map((path) => [activeStatePath(path.state.value).join('.'), path] as const))(
    'resumes where it was from the persisted JSON snapshot: %s',
    async (_, path) => {
      const original = await replayOn(p2Side, path.steps.slice(1).map((s) => s.event));
      const json = JSON.parse(JSON.stringify(original.actor.getPersistedSnapshot()));
      // Read before stopping: stopping aborts what runs; an upload stopped earlier is no longer pending.
      const running = original.fakes.pending.map((call) => call.actor);
      original.actor.stop();
      const resumed = await replayOn(p2Side, [], { snapshot: json });
      expect(resumed.actor.getSnapshot().value).toEqual(path.state.value);
      expect(resumed.actor.getSnapshot().context).toEqual(path.state.context);
      expect(manualOfflineView(JSON.parse(JSON.stringify(resumed.actor.getPersistedSnapshot())), P2_INPUT)).toEqual(manualOfflineView(json, P2_INPUT));
      // A step that was running starts again; a resting step (e.g. await-bundle) starts nothing.
      expect(resumed.fakes.calls.map((call) => call.actor)).toEqual(running);
      resumed.actor.stop();
    },
  );
});
