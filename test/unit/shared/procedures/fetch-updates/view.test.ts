import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { fetchUpdatesMachine } from '../../../../../shared/procedures/fetch-updates/machine';
import { fetchUpdatesView } from '../../../../../shared/procedures/fetch-updates/view';
import { FETCH_UPDATES_STEP_IDS } from '../../../../../shared/procedures/fetch-updates/words';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { procedureViewSchema } from '../../../../../shared/procedures/view';
import type { ProcedureViewPart } from '../../../../../shared/procedures/definition';
import { FETCH_INPUT, FILE_BASE, FILE_SITE, KEY_MEDIA, TYPED_KEY, airGapErrors, badlyWritten, bundle, downloaded, submission, tamperedBundle } from '../helpers/air-gap-fakes';
import { done, failed, fetchOperatorEvents, fetchSide, operator, replayOn, traversalOf } from '../helpers/air-gap-model';
import { fetchToChooseMedia, fetchToDone, fetchToNoteCode, fetchToReinsert, fetchToReview, fetchToVerifyingReinserted, fetchToWriting } from '../helpers/air-gap-journeys';
import { expectViewContract } from '../helpers/view-contract';
import { onePerActiveState, persistedViewOf, step } from '../helpers/view-reading';

async function viewAfter(events: Parameters<typeof replayOn>[1]): Promise<ProcedureViewPart> {
  return persistedViewOf((await replayOn(fetchSide, events)).actor, fetchUpdatesView, FETCH_INPUT);
}

describe('P2-fetch view', () => {
  it('starts at reading the key, with a drive or a typed key, and links to no site page', async () => {
    const view = await viewAfter([]);
    procedureViewSchema.shape.steps.parse(view.steps);
    expect(view.steps.map((s) => s.id)).toEqual([...FETCH_UPDATES_STEP_IDS]);
    expect(view.steps.every((s) => s.pageUrl === undefined)).toBe(true);
    expect(step(view, 'read-key').actions.map((a) => [a.event, a.input?.kind])).toEqual([
      ['KEY_FROM_MEDIA', 'media'],
      ['KEY_TYPED', 'multiline'],
      ['CANCEL', undefined],
    ]);
  });

  it('explains a clock refusal in plain words, and offers another key first', async () => {
    const view = await viewAfter([...fetchToReview.slice(0, 2), failed('submitDownloadKey', airGapErrors.clockSkew)]);
    const submit = step(view, 'submit-key');
    expect(submit.status).toBe('failed');
    expect(submit.error).toMatchObject({ code: 'CLOCK_SKEW', hint: expect.stringMatching(/within 120 seconds.*new download key/s) });
    // The way on after a refused key is another key: offered first, as the one primary action.
    expect(submit.actions.map((a) => [a.event, a.label, a.tone])).toEqual([
      ['CHANGE_KEY', 'Enter another key', 'primary'],
      ['RETRY', 'Submit the same key again', 'secondary'],
      ['CANCEL', 'Cancel fetching', 'secondary'],
    ]);
  });

  it('offers another key first after a rejected key too, but a retry first after a network failure', async () => {
    const rejected = await viewAfter([...fetchToReview.slice(0, 2), failed('submitDownloadKey', airGapErrors.keyRejected)]);
    expect(step(rejected, 'submit-key').actions[0]).toMatchObject({ event: 'CHANGE_KEY', tone: 'primary' });
    const dropped = await viewAfter([...fetchToReview.slice(0, 2), failed('submitDownloadKey', airGapErrors.interrupted)]);
    expect(step(dropped, 'submit-key').actions.map((a) => a.event)).toEqual(['RETRY', 'CHANGE_KEY', 'CANCEL']);
  });

  it('reviews the packages in R4 order with sizes and full SHA-256 and the R7 warning', async () => {
    const view = await viewAfter(fetchToReview);
    const review = step(view, 'review');
    expect(review.items?.map((i) => i.label)).toEqual([
      `Base Software 6.2.0 — 191 MiB — SHA-256 eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee`,
      `Site Software 23.2.1 — 858 MiB — SHA-256 ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff`,
    ]);
    expect(review.facts).toContainEqual(expect.objectContaining({ tone: 'warn', value: expect.stringMatching(/no longer lists it/) }));
    expect(review.actions.find((a) => a.event === 'START_DOWNLOAD')?.confirm).toMatch(/support/);
    expect(step(view, 'read-key').facts).toContainEqual({ label: 'Not used', value: `${KEY_MEDIA}/old.aua-key.json: an older key for the same appliance`, tone: 'warn' });
  });

  it('blocks the review when nothing is offered', async () => {
    const view = await viewAfter([operator('KEY_TYPED', { value: TYPED_KEY }), done('submitDownloadKey', submission([]))]);
    expect(step(view, 'review')).toMatchObject({ status: 'blocked', verification: { ok: false } });
    expect(step(view, 'review').actions.map((a) => a.event)).toEqual(['CHANGE_KEY', 'CANCEL']);
  });

  it('shows one item per package while downloading, a failed one with a retry that continues', async () => {
    const view = await viewAfter([...fetchToReview, operator('START_DOWNLOAD'), done('downloadUpdate', downloaded(FILE_BASE)), failed('downloadUpdate', airGapErrors.interrupted)]);
    const download = step(view, 'download');
    expect(download.items?.map((i) => i.status)).toEqual(['done', 'failed']);
    expect(download.actions.map((a) => [a.event, a.label])).toEqual([
      ['RETRY', 'Continue the download'],
      ['CANCEL', 'Cancel fetching'],
    ]);
  });

  it('suggests the drive the key came on, preselected in the drive choice', async () => {
    const view = await viewAfter(fetchToChooseMedia);
    expect(step(view, 'choose-media').facts).toEqual([{ label: 'Suggested: the drive the key came on', value: KEY_MEDIA, mono: true }]);
    expect(step(view, 'choose-media').actions.find((a) => a.event === 'WRITE_BUNDLE')?.input).toMatchObject({ kind: 'media', defaultValue: KEY_MEDIA });
  });

  it('preselects no drive when the key was typed', async () => {
    const typed = [operator('KEY_TYPED', { value: TYPED_KEY }), done('submitDownloadKey', submission([FILE_SITE, FILE_BASE])), operator('START_DOWNLOAD'), done('downloadUpdate', downloaded(FILE_BASE)), done('downloadUpdate', downloaded(FILE_SITE))];
    const view = await viewAfter(typed);
    expect(view.currentStepId).toBe('choose-media');
    expect(step(view, 'choose-media').actions.find((a) => a.event === 'WRITE_BUNDLE')?.input?.defaultValue).toBeUndefined();
  });

  it('words the cancel dialog for technicians: keep working, or cancel with an optional reason', async () => {
    const view = await viewAfter([]);
    expect(step(view, 'read-key').actions.find((a) => a.event === 'CANCEL')).toMatchObject({
      confirmLabel: 'Cancel fetching',
      confirmTone: 'danger',
      dismissLabel: 'Keep working',
      noteOptional: true,
    });
  });

  it('never calls a write with a failed check done, and never frees the drive', async () => {
    const view = await viewAfter([...fetchToWriting, done('writeTransferBundle', badlyWritten([FILE_BASE, FILE_SITE]))]);
    expect(view.status).toBe('active');
    expect(step(view, 'write-bundle')).toMatchObject({ status: 'failed', verification: { ok: false } });
    expect(step(view, 'write-bundle').items?.map((i) => i.status)).toEqual(['done', 'failed']);
    expect(step(view, 'write-bundle').facts.some((f) => f.value === '3F2A-9C1B')).toBe(false);
    expect(view.banner).toBeUndefined();
  });

  it('shows the proven bundle’s code large and asks the operator to note it, before freeing the drive', async () => {
    const view = await viewAfter(fetchToNoteCode);
    expect(view.currentStepId).toBe('note-code');
    const note = step(view, 'note-code');
    expect(note.code).toEqual({ label: expect.stringMatching(/note it/), value: '3F2A-9C1B' });
    expect(note.actions).toEqual([expect.objectContaining({ event: 'CODE_NOTED', tone: 'primary' })]);
    expect(step(view, 'write-bundle').status).toBe('done');
    expect(view.banner).toBeUndefined();
    expect(JSON.stringify(view)).not.toMatch(/can be removed now/);
  });

  it('ends with the bundle code to compare and the drive free to remove', async () => {
    const view = await viewAfter(fetchToDone);
    expect(view.status).toBe('done');
    expect(view.banner).toMatchObject({ tone: 'ok', title: expect.stringContaining('3F2A-9C1B') });
    expect(view.banner?.text).toMatch(/Compare this code on the restricted side/);
    expect(view.banner?.text).toMatch(/drive can be removed now/);
    // Read back from the drive itself: the re-insert step never came and is shown skipped.
    expect(view.steps.filter((s) => s.status !== 'done').map((s) => [s.id, s.status])).toEqual([['reinsert-stick', 'skipped']]);
    expect(view.progress).toEqual({ done: FETCH_UPDATES_STEP_IDS.length - 1, total: FETCH_UPDATES_STEP_IDS.length - 1 });
  });

  it('shows a read-back through the cache on the proof and asks for the stick to be re-inserted, with no code yet', async () => {
    const view = await viewAfter(fetchToReinsert);
    expect(view.currentStepId).toBe('reinsert-stick');
    const write = step(view, 'write-bundle');
    expect(write.facts).toContainEqual({ label: 'Read back', value: expect.stringMatching(/^Only through this computer’s memory, not from the stick \(the file system refuses direct reads\)\. Remove and re-insert/), tone: 'warn' });
    expect(write.verification).toMatchObject({ ok: false, text: expect.stringMatching(/re-insert the stick/) });
    // Each proof line says it was read through the cache.
    expect(write.items?.map((i) => i.detail)).toEqual([
      'read through the cache; remove and re-insert the stick to verify from the drive',
      'read through the cache; remove and re-insert the stick to verify from the drive',
    ]);
    expect(write.facts.some((f) => f.value === '3F2A-9C1B')).toBe(false);
    const reinsert = step(view, 'reinsert-stick');
    expect(reinsert).toMatchObject({ status: 'active', kind: 'guided', title: 'Remove and re-insert the stick' });
    expect(reinsert.actions.map((a) => [a.event, a.label, a.tone])).toEqual([
      ['REINSERTED', 'The stick is back in', 'primary'],
      ['CANCEL', 'Cancel fetching', 'secondary'],
    ]);
    expect(step(view, 'note-code')).toMatchObject({ status: 'pending', facts: [] });
    expect(step(view, 'note-code').code).toBeUndefined();
    expect(JSON.stringify(view)).not.toMatch(/can be removed now/);
  });

  it('after a failed check of the re-inserted stick offers writing again first, and says why', async () => {
    const view = await viewAfter([...fetchToVerifyingReinserted, done('verifyTransferBundle', tamperedBundle([FILE_BASE, FILE_SITE]))]);
    const reinsert = step(view, 'reinsert-stick');
    expect(reinsert.status).toBe('failed');
    expect(reinsert.error).toMatchObject({ message: expect.stringMatching(/did not match/), hint: expect.stringMatching(/Do not use this stick/) });
    expect(reinsert.verification?.ok).toBe(false);
    expect(reinsert.items?.map((i) => i.status)).toEqual(['failed', 'done']);
    expect(reinsert.actions.map((a) => [a.event, a.label, a.tone])).toEqual([
      ['RETRY', 'Write the bundle again', 'primary'],
      ['REINSERTED', 'Check the stick again', 'secondary'],
      ['CHOOSE_OTHER_MEDIA', 'Choose another drive', 'secondary'],
      ['CANCEL', 'Cancel fetching', 'secondary'],
    ]);
    expect(step(view, 'note-code').code).toBeUndefined();
  });

  it('notes the code once the re-inserted stick holds the bundle written, its proof read from the stick', async () => {
    const view = await viewAfter([...fetchToVerifyingReinserted, done('verifyTransferBundle', bundle([FILE_BASE, FILE_SITE]))]);
    expect(view.currentStepId).toBe('note-code');
    const reinsert = step(view, 'reinsert-stick');
    expect(reinsert.status).toBe('done');
    expect(reinsert.facts).toContainEqual({ label: 'Stick re-inserted (operator)', value: expect.any(String) });
    expect(reinsert.verification).toEqual({ ok: true, text: 'Every file was read again from the re-inserted stick and matches: bundle code 3F2A-9C1B.' });
    expect(step(view, 'note-code').code).toEqual({ label: expect.stringMatching(/note it/), value: '3F2A-9C1B' });
  });

  it('reads a snapshot saved before the read-back said where it read from as read from the drive', async () => {
    const { actor } = await replayOn(fetchSide, fetchToNoteCode);
    const saved = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();
    delete saved.context.written.readBack;
    delete saved.context.reinsertedAt;
    delete saved.context.driveCheck;
    const view = fetchUpdatesView(saved, FETCH_INPUT);
    expect(step(view, 'note-code').code).toEqual({ label: expect.any(String), value: '3F2A-9C1B' });
    expect(step(view, 'reinsert-stick').status).toBe('skipped');
    expect(step(view, 'write-bundle').facts.map((f) => f.label)).not.toContain('Read back');
    const resumed = await replayOn(fetchSide, [operator('CODE_NOTED')], { snapshot: saved });
    expect(resumed.actor.getSnapshot().value).toBe('done');
  });

  it('reads the proof notes of a re-check through the cache as read after the re-insert', async () => {
    const cached = bundle([FILE_BASE, FILE_SITE]);
    const withNotes = { ...cached, proof: cached.proof.map((line) => ({ ...line, note: 'read through the cache; remove and re-insert the stick to verify from the drive' })) };
    const view = await viewAfter([...fetchToVerifyingReinserted, done('verifyTransferBundle', withNotes)]);
    expect(step(view, 'reinsert-stick').items?.map((i) => i.detail)).toEqual(['read from the stick after it was re-inserted', 'read from the stick after it was re-inserted']);
  });
});

describe('P2-fetch view: derived from the snapshot alone, for every reachable snapshot', () => {
  const paths = getShortestPaths(fetchUpdatesMachine, traversalOf(fetchSide));
  const valueOf = (type: string) => (type === 'KEY_TYPED' ? TYPED_KEY : KEY_MEDIA);

  it.each(paths.map((path) => [JSON.stringify(path.state.value), path] as const))('offers exactly the accepted events and survives JSON: %s', (_, path) => {
    expectViewContract(fetchUpdatesMachine, fetchUpdatesView, path.state as AnyMachineSnapshot, FETCH_INPUT, fetchOperatorEvents(), valueOf);
  });

  const onePerState = onePerActiveState(paths);
  it.each(onePerState.map((path) => [activeStatePath(path.state.value).join('.'), path] as const))(
    'resumes where it was from the persisted JSON snapshot: %s',
    async (_, path) => {
      const original = await replayOn(fetchSide, path.steps.slice(1).map((s) => s.event));
      const json = JSON.parse(JSON.stringify(original.actor.getPersistedSnapshot()));
      const running = original.fakes.pending.map((call) => call.actor);
      original.actor.stop();
      const resumed = await replayOn(fetchSide, [], { snapshot: json });
      expect(resumed.actor.getSnapshot().value).toEqual(path.state.value);
      expect(resumed.actor.getSnapshot().context).toEqual(path.state.context);
      expect(resumed.fakes.calls.map((call) => call.actor)).toEqual(running);
      resumed.actor.stop();
    },
  );
});
