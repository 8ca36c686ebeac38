import { describe, expect, it } from 'vitest';
import { procedureDefinitions } from '../../../../../shared/procedures/registry';
import type { FetchUpdatesContext } from '../../../../../shared/procedures/fetch-updates/machine';
import { FILE_BASE, FILE_SITE, KEY_MEDIA, OTHER_MEDIA, TYPED_KEY, airGapErrors, badlyWritten, corruptDownload, downloaded, submission } from '../helpers/air-gap-fakes';
import { done, failed, fetchSide, operator, replayOn } from '../helpers/air-gap-model';
import { fetchToChooseMedia, fetchToDone, fetchToReview, fetchToWriting } from '../helpers/air-gap-journeys';

const replay = (events: Parameters<typeof replayOn>[1], from?: Parameters<typeof replayOn>[2]) => replayOn(fetchSide, events, from);
const contextOf = (actor: { getSnapshot(): { context: unknown } }) => actor.getSnapshot().context as FetchUpdatesContext;
const persisted = (actor: { getPersistedSnapshot(): unknown }) => JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));

describe('P2-fetch machine: the whole connected side', () => {
  it('is registered as P2-fetch with its title', () => {
    expect(procedureDefinitions['P2-fetch']).toMatchObject({ kind: 'P2-fetch', title: 'Fetch updates (connected side)' });
  });

  it('reads the key, submits it, downloads in R4 order and writes a verified bundle', async () => {
    const { actor, fakes, journal } = await replay(fetchToDone);
    expect(actor.getSnapshot().value).toBe('done');
    expect(fakes.calls.map((call) => [call.actor, (call.input.pkg as { id?: string } | undefined)?.id])).toEqual([
      ['readKeyFile', undefined],
      ['submitDownloadKey', undefined],
      ['downloadUpdate', FILE_BASE.id],
      ['downloadUpdate', FILE_SITE.id],
      ['writeTransferBundle', undefined],
    ]);
    const write = fakes.calls.at(-1)?.input;
    expect(write).toMatchObject({ mediaPath: KEY_MEDIA, keyId: 'k-1', serial: 'BS-1001', siteName: 'Practice lab' });
    expect((write?.packages as { id: string; vaultId: string }[]).map((pkg) => [pkg.id, pkg.vaultId])).toEqual([
      [FILE_BASE.id, `vault-${FILE_BASE.id}`],
      [FILE_SITE.id, `vault-${FILE_SITE.id}`],
    ]);
    expect(journal.map((entry) => `${entry.step}:${entry.event}:${entry.outcome}`)).toEqual([
      'read-key:KEY_READ:ok',
      'submit-key:KEY_ACCEPTED:ok',
      'review:START_DOWNLOAD:ok',
      'download:DOWNLOAD_VERIFIED:ok',
      'download:DOWNLOAD_VERIFIED:ok',
      'choose-media:WRITE_BUNDLE:info',
      'write-bundle:BUNDLE_WRITTEN:ok',
      'note-code:CODE_NOTED:ok',
    ]);
  });

  it('takes a typed key without whitespace and submits it as it is', async () => {
    const { actor, fakes } = await replay([operator('KEY_TYPED', { value: `\n${TYPED_KEY.slice(0, 8)}\n${TYPED_KEY.slice(8)}  ` })]);
    expect(actor.getSnapshot().value).toEqual({ 'submit-key': 'submitting' });
    expect(fakes.calls).toEqual([expect.objectContaining({ actor: 'submitDownloadKey', input: expect.objectContaining({ key: TYPED_KEY }) })]);
  });
});

describe('P2-fetch machine: refusals and interruptions', () => {
  it('explains a clock refusal (R6), rests as a refused key, and goes back to the key on CHANGE_KEY', async () => {
    const { actor } = await replay([...fetchToReview.slice(0, 2), failed('submitDownloadKey', airGapErrors.clockSkew)]);
    expect(actor.getSnapshot().value).toEqual({ 'submit-key': 'rejected' });
    expect(contextOf(actor).error).toMatchObject({ code: 'CLOCK_SKEW', hint: expect.stringMatching(/new download key/) });
    actor.send(operator('CHANGE_KEY'));
    expect(actor.getSnapshot().value).toEqual({ 'read-key': 'choosing' });
    expect(contextOf(actor).key).toBeNull();
  });

  it('keeps a network failure apart from a refused key: it rests as failed, to be retried', async () => {
    const { actor } = await replay([...fetchToReview.slice(0, 2), failed('submitDownloadKey', airGapErrors.unreachable)]);
    expect(actor.getSnapshot().value).toEqual({ 'submit-key': 'failed' });
    expect(actor.getSnapshot().can(operator('RETRY'))).toBe(true);
  });

  it('blocks the review when nothing is offered', async () => {
    const { actor } = await replay([...fetchToReview.slice(0, 2), done('submitDownloadKey', submission([]))]);
    expect(actor.getSnapshot().value).toEqual({ review: 'blocked' });
    expect(actor.getSnapshot().can(operator('START_DOWNLOAD'))).toBe(false);
  });

  it('continues an interrupted download on RETRY from the same package', async () => {
    const { actor, fakes } = await replay([
      ...fetchToReview,
      operator('START_DOWNLOAD'),
      done('downloadUpdate', downloaded(FILE_BASE)),
      failed('downloadUpdate', airGapErrors.interrupted),
      operator('RETRY'),
      done('downloadUpdate', downloaded(FILE_SITE, 5_000)),
    ]);
    expect(actor.getSnapshot().value).toBe('choose-media');
    expect(fakes.calls.filter((call) => call.actor === 'downloadUpdate').map((call) => (call.input.pkg as { id: string }).id)).toEqual([FILE_BASE.id, FILE_SITE.id, FILE_SITE.id]);
    expect(contextOf(actor).downloads.map((record) => record.resumedFrom)).toEqual([0, 5_000]);
  });

  it('refuses a download whose SHA-256 differs from the list', async () => {
    const { actor } = await replay([...fetchToReview, operator('START_DOWNLOAD'), done('downloadUpdate', corruptDownload(FILE_BASE))]);
    expect(actor.getSnapshot().value).toEqual({ download: 'failed' });
    expect(contextOf(actor).downloads).toEqual([]);
  });

  it('is never done when a file read back differs, and offers another drive', async () => {
    const { actor } = await replay([...fetchToWriting, done('writeTransferBundle', badlyWritten([FILE_BASE, FILE_SITE]))]);
    expect(actor.getSnapshot().value).toEqual({ 'write-bundle': 'failed' });
    actor.send(operator('CHOOSE_OTHER_MEDIA'));
    expect(actor.getSnapshot().value).toBe('choose-media');
    actor.send(operator('WRITE_BUNDLE', { value: OTHER_MEDIA }));
    expect(contextOf(actor).bundleMediaPath).toBe(OTHER_MEDIA);
  });

  it('resumes at choose-media from a restored snapshot', async () => {
    const before = await replay(fetchToChooseMedia);
    const after = await replay([operator('WRITE_BUNDLE', { value: KEY_MEDIA })], { snapshot: persisted(before.actor) });
    expect(after.actor.getSnapshot().value).toEqual({ 'write-bundle': 'writing' });
  });
});
