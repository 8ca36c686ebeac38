import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { procedureDefinitions } from '../../../../../shared/procedures/registry';
import type { FetchUpdatesContext } from '../../../../../shared/procedures/fetch-updates/machine';
import {
  FILE_BASE,
  FILE_SITE,
  KEY_MEDIA,
  OTHER_MEDIA,
  TYPED_KEY,
  airGapErrors,
  badlyWritten,
  bundle,
  corruptDownload,
  downloaded,
  otherBundle,
  submission,
  tamperedBundle,
  written,
} from '../helpers/air-gap-fakes';
import { done, failed, fetchSide, operator, replayOn } from '../helpers/air-gap-model';
import { fetchToChooseMedia, fetchToDone, fetchToReinsert, fetchToReview, fetchToVerifyingReinserted, fetchToWriting } from '../helpers/air-gap-journeys';

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

describe('P2-fetch machine: a read-back through the cache is proven on the re-inserted stick', () => {
  const packages = [FILE_BASE, FILE_SITE];

  it('goes on to the code at once when the bundle was read back from the drive', async () => {
    const { actor, fakes } = await replay([...fetchToWriting, done('writeTransferBundle', written(packages))]);
    expect(actor.getSnapshot().value).toBe('note-code');
    expect(fakes.calls.some((call) => call.actor === 'verifyTransferBundle')).toBe(false);
    expect(contextOf(actor)).toMatchObject({ reinsertedAt: null, driveCheck: null });
  });

  it('waits for the stick to be re-inserted and accepts nothing that would note the code or end', async () => {
    const { actor, fakes, journal } = await replay(fetchToReinsert);
    expect(actor.getSnapshot().value).toEqual({ 'reinsert-stick': 'waiting' });
    expect(actor.getSnapshot().can(operator('CODE_NOTED'))).toBe(false);
    expect(fakes.pending).toEqual([]);
    expect(journal.at(-1)).toMatchObject({ step: 'write-bundle', event: 'BUNDLE_READ_THROUGH_CACHE', outcome: 'info', detail: expect.stringMatching(/the file system refuses direct reads/) });
  });

  it('verifies the re-inserted stick on the same drive and for the same appliance, journaling who said it was back', async () => {
    const { actor, fakes, journal } = await replay([...fetchToVerifyingReinserted, done('verifyTransferBundle', bundle(packages)), operator('CODE_NOTED')]);
    expect(actor.getSnapshot().value).toBe('done');
    const verify = fakes.calls.find((call) => call.actor === 'verifyTransferBundle');
    expect(verify?.input).toMatchObject({ mediaPath: KEY_MEDIA, expectSerial: 'BS-1001', stepId: 'reinsert-stick' });
    expect(journal.slice(-4).map((entry) => `${entry.step}:${entry.event}:${entry.outcome}:${entry.who}`)).toEqual([
      'write-bundle:BUNDLE_READ_THROUGH_CACHE:info:assistant',
      'reinsert-stick:REINSERTED:info:operator',
      'reinsert-stick:BUNDLE_VERIFIED_FROM_DRIVE:ok:assistant',
      'note-code:CODE_NOTED:ok:operator',
    ]);
    expect(contextOf(actor).driveCheck?.digestCode).toBe('3F2A-9C1B');
  });

  it.each([
    ['a file on the stick differs', () => done('verifyTransferBundle', tamperedBundle(packages)), /did not match/],
    ['the stick holds another bundle', () => done('verifyTransferBundle', otherBundle(packages)), /not the bundle just written/],
    ['the stick cannot be read', () => failed('verifyTransferBundle', airGapErrors.mediaRemoved), /removed/],
  ] as const)('stops with a clear error when %s, and offers writing again', async (_, outcome, message) => {
    const { actor } = await replay([...fetchToVerifyingReinserted, outcome()]);
    expect(actor.getSnapshot().value).toEqual({ 'reinsert-stick': 'failed' });
    expect(contextOf(actor).error).toMatchObject({ step: 'reinsert-stick', message: expect.stringMatching(message) });
    expect(actor.getSnapshot().can(operator('CODE_NOTED'))).toBe(false);
    expect(actor.getSnapshot().can(operator('RETRY'))).toBe(true);
  });

  it('gives this step’s way on when the verifier finds no bundle, not the restricted side’s', async () => {
    const noBundle = new AppError('BUNDLE_INVALID', 'There is no bundle for appliance BS-1001 on this media.', 'Nothing was uploaded.');
    const { actor, journal } = await replay([...fetchToVerifyingReinserted, failed('verifyTransferBundle', noBundle)]);
    expect(contextOf(actor).error).toMatchObject({ code: 'BUNDLE_INVALID', step: 'reinsert-stick', message: noBundle.message, hint: expect.stringMatching(/^Do not use this stick/) });
    expect(journal.at(-1)).toMatchObject({ step: 'reinsert-stick', event: 'BUNDLE_NOT_VERIFIED_FROM_DRIVE', outcome: 'failed', detail: noBundle.message });
  });

  it('writes again on RETRY, forgetting the earlier write and its check', async () => {
    const { actor, fakes } = await replay([...fetchToVerifyingReinserted, done('verifyTransferBundle', tamperedBundle(packages)), operator('RETRY')]);
    expect(actor.getSnapshot().value).toEqual({ 'write-bundle': 'writing' });
    expect(fakes.calls.filter((call) => call.actor === 'writeTransferBundle')).toHaveLength(2);
    expect(contextOf(actor)).toMatchObject({ written: null, driveCheck: null, reinsertedAt: null, error: null });
  });

  it('checks the stick again on REINSERTED after a failed check (it was not back in)', async () => {
    const { actor } = await replay([
      ...fetchToVerifyingReinserted,
      failed('verifyTransferBundle', airGapErrors.mediaRemoved),
      operator('REINSERTED'),
      done('verifyTransferBundle', bundle(packages)),
    ]);
    expect(actor.getSnapshot().value).toBe('note-code');
  });

  it('survives a JSON round trip while waiting for the stick, and verifies after the restore', async () => {
    const before = await replay(fetchToReinsert);
    const saved = persisted(before.actor);
    before.actor.stop();
    expect(saved.value).toEqual({ 'reinsert-stick': 'waiting' });
    const after = await replay([operator('REINSERTED'), done('verifyTransferBundle', bundle(packages))], { snapshot: saved });
    expect(after.actor.getSnapshot().value).toBe('note-code');
    expect(contextOf(after.actor).written?.readBack).toEqual({ from: 'cache', reason: 'the file system refuses direct reads' });
  });

  it('resumes the check of the re-inserted stick from a snapshot saved while it ran', async () => {
    const before = await replay(fetchToVerifyingReinserted);
    const saved = persisted(before.actor);
    before.actor.stop();
    const after = await replay([], { snapshot: saved });
    expect(after.actor.getSnapshot().value).toEqual({ 'reinsert-stick': 'verifying' });
    expect(after.fakes.pending.map((call) => call.actor)).toEqual(['verifyTransferBundle']);
  });
});
