import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { fetchUpdatesMachine } from '../../../../../shared/procedures/fetch-updates/machine';
import { fetchUpdatesView } from '../../../../../shared/procedures/fetch-updates/view';
import { FETCH_UPDATES_STEP_IDS } from '../../../../../shared/procedures/fetch-updates/words';
import { activeStatePath } from '../../../../../shared/procedures/view-helpers';
import { procedureViewSchema } from '../../../../../shared/procedures/view';
import type { ProcedureViewPart } from '../../../../../shared/procedures/definition';
import { FETCH_INPUT, FILE_BASE, FILE_SITE, KEY_MEDIA, TYPED_KEY, airGapErrors, badlyWritten, downloaded, submission } from '../helpers/air-gap-fakes';
import { done, failed, fetchOperatorEvents, fetchSide, operator, replayOn, traversalOf } from '../helpers/air-gap-model';
import { fetchToChooseMedia, fetchToDone, fetchToNoteCode, fetchToReview, fetchToWriting } from '../helpers/air-gap-journeys';
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
    expect(new Set(view.steps.map((s) => s.status))).toEqual(new Set(['done']));
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
