import { STRAIGHT_AFTERCARE_JOURNAL } from '../helpers/aftercare-fakes';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { procedureDefinitions } from '../../../../../shared/procedures/registry';
import type { ManualOfflineContext } from '../../../../../shared/procedures/manual-offline/machine';
import {
  CLOCK_RIGHT,
  CLOCK_WRONG,
  FILE_BASE,
  FILE_SITE,
  FILE_SITE_NEEDING_UNLISTED_BASE,
  KEY_FILE,
  KEY_MEDIA,
  KEY_READ,
  KEY_READ_DAMAGED,
  OTHER_MEDIA,
  airGapErrors,
  imported,
  tamperedBundle,
  uploaded,
} from '../helpers/air-gap-fakes';
import { BACKUP_AT, BASE, BASE_DONE_AT, BEFORE_WINDOW, backup, installed } from '../helpers/single-automatic-fakes';
import { done, failed, operator, p2Side, replayOn } from '../helpers/air-gap-model';
import {
  p2ToAwaitBundle,
  p2ToBaseInstalling,
  p2ToBaseUploading,
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

const replay = (events: Parameters<typeof replayOn>[1], from?: Parameters<typeof replayOn>[2]) => replayOn(p2Side, events, from);
const contextOf = (actor: { getSnapshot(): { context: unknown } }) => actor.getSnapshot().context as ManualOfflineContext;
const persisted = (actor: { getPersistedSnapshot(): unknown }) => JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));

describe('P2 machine: the whole restricted side', () => {
  it('is registered as P2 with its title', () => {
    expect(procedureDefinitions.P2).toMatchObject({ kind: 'P2', title: 'Single appliance, manual update (air gap)' });
  });

  it('checks the clock, makes and saves the key, verifies and imports the bundle, then opens the window, backs up and installs the vault files in R4 order', async () => {
    const { actor, fakes, journal } = await replay(p2ToDone);
    expect(actor.getSnapshot().value).toBe('done');
    expect(fakes.calls.map((call) => call.actor)).toEqual([
      'exportCertificate',
      'probeCertificate',
      'checkApplianceClock',
      'generateDownloadKey',
      'saveKeyFile',
      'verifyTransferBundle',
      'importBundle',
      'checkCredentials',
      'takeBackup',
      'uploadPackage',
      'installPackage',
      'takeBackup',
      'uploadPackage',
      'installPackage',
      'readJumpClients',
      'setJumpClientLimit',
      'watchJumpClients',
      'setJumpClientLimit',
      'releaseHolds',
    ]);
    const verify = fakes.calls.find((call) => call.actor === 'verifyTransferBundle');
    expect(verify?.input).toMatchObject({ mediaPath: KEY_MEDIA, expectSerial: 'BS-1001', stepId: 'verify-bundle' });
    const uploads = fakes.calls.filter((call) => call.actor === 'uploadPackage').map((call) => call.input.pkg);
    const installs = fakes.calls.filter((call) => call.actor === 'installPackage').map((call) => call.input.pkg);
    expect(uploads).toEqual(installs);
    expect(installs).toEqual([
      { ...FILE_BASE, vaultId: `vault-${FILE_BASE.id}` },
      { ...FILE_SITE, vaultId: `vault-${FILE_SITE.id}` },
    ]);
    expect(journal.map((entry) => `${entry.step}:${entry.event}:${entry.outcome}`)).toEqual([
      'export-certificate:EXPORT:info',
      'export-certificate:CERTIFICATE_CHECKED:ok',
      'export-certificate:CONFIRM:ok',
      'certificate-health:PROBED:ok',
      'certificate-health:CONFIRM:ok',
      'clock-check:CLOCK_CHECKED:ok',
      'download-key:KEY_GENERATED:ok',
      'save-key:KEY_SAVED:ok',
      'await-bundle:BUNDLE_READY:info',
      'verify-bundle:BUNDLE_VERIFIED:ok',
      'compare-code:CODE_MATCHES:ok',
      'import-bundle:BUNDLE_IMPORTED:ok',
      'check-credentials:CREDENTIALS_CHECKED:ok',
      'window:WINDOW_STARTED:ok',
      'backup:BACKUP_TAKEN:ok',
      'plan:START_INSTALL:ok',
      'install:PACKAGE_UPLOADED:ok',
      'install:INSTALL_VERIFIED:ok',
      'backup-between:BACKUP_TAKEN:ok',
      'install:PACKAGE_UPLOADED:ok',
      'install:INSTALL_VERIFIED:ok',
      ...STRAIGHT_AFTERCARE_JOURNAL,
      'report:COMPLETED:ok',
    ]);
  });
});

describe('P2 machine: the arrival comparison of the bundle code', () => {
  it('asks whether the code read from the drive matches the noted one before anything is copied', async () => {
    const { actor, fakes } = await replay(p2ToCompareCode());
    expect(actor.getSnapshot().value).toEqual({ 'compare-code': 'asking' });
    expect(fakes.calls.some((call) => call.actor === 'importBundle')).toBe(false);
    actor.send(operator('CODE_MATCHES'));
    expect(actor.getSnapshot().value).toEqual({ 'import-bundle': 'importing' });
    expect(contextOf(actor).codeConfirmedAt).toBe(operator('CODE_MATCHES').at);
  });

  it('stops on "No" with what to do, journals it, copies nothing and leaves only another bundle or a cancel', async () => {
    const { actor, fakes, journal } = await replay([...p2ToCompareCode(), operator('CODE_DIFFERS')]);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toEqual({ 'compare-code': 'mismatch' });
    expect(contextOf(actor).error).toMatchObject({ code: 'RULE_NOT_MET', step: 'compare-code', message: expect.stringContaining('3F2A-9C1B'), hint: expect.stringMatching(/write a new bundle/) });
    expect(journal.at(-1)).toMatchObject({ step: 'compare-code', event: 'CODE_DIFFERS', outcome: 'failed', who: 'operator' });
    expect(fakes.calls.some((call) => call.actor === 'importBundle')).toBe(false);
    for (const type of ['CODE_MATCHES', 'RETRY', 'START_INSTALL', 'WINDOW_STARTED']) expect(snapshot.can(operator(type, { note: 'x' }))).toBe(false);
    actor.send(operator('CHOOSE_OTHER_MEDIA'));
    expect(actor.getSnapshot().value).toBe('await-bundle');
    expect(contextOf(actor).error).toBeNull();
  });

  it('refuses START_INSTALL for a bundle whose code was never confirmed, even in a hand-made state', async () => {
    const { actor } = await replay(p2ToPlan());
    expect(actor.getSnapshot().can(operator('START_INSTALL'))).toBe(true);
    const forged = p2Side.machine.resolveState({ value: { plan: 'ready' }, context: { ...contextOf(actor), codeConfirmedAt: null } });
    expect(forged.can(operator('START_INSTALL') as Parameters<typeof forged.can>[0])).toBe(false);
  });
});

describe('P2 machine: the clock gate (R6)', () => {
  it('blocks on a wrong clock, shows the fix, and makes the key only after a check that holds', async () => {
    const blocked = await replay([...p2ToClockCheck, done('checkApplianceClock', CLOCK_WRONG)]);
    expect(blocked.actor.getSnapshot().value).toEqual({ 'clock-check': 'blocked' });
    expect(blocked.fakes.calls.some((call) => call.actor === 'generateDownloadKey')).toBe(false);
    expect(blocked.journal.at(-1)).toMatchObject({ event: 'CLOCK_CHECKED', outcome: 'blocked', detail: expect.stringContaining('Networking > IP Configuration') });

    const fixed = await replay([operator('RECHECK'), done('checkApplianceClock', CLOCK_RIGHT)], { snapshot: persisted(blocked.actor) });
    expect(fixed.actor.getSnapshot().value).toEqual({ 'download-key': 'generating' });
  });

  it('checks the clock again before a new attempt at the key', async () => {
    const { actor } = await replay([...p2ToClockCheck, done('checkApplianceClock', CLOCK_RIGHT), failed('generateDownloadKey', airGapErrors.unreachable), operator('RETRY')]);
    expect(actor.getSnapshot().value).toEqual({ 'clock-check': 'checking' });
    expect(contextOf(actor).clock).toBeNull();
  });
});

describe('P2 machine: the key and the wait', () => {
  it('needs a drive for the key file and a note when the key travels by hand', async () => {
    const noValue = await replay([...p2ToSaveKey, operator('SAVE_KEY'), operator('KEY_COPIED')]);
    expect(noValue.actor.getSnapshot().value).toEqual({ 'save-key': 'choosing' });
    const byHand = await replay([...p2ToSaveKey, operator('KEY_COPIED', { note: 'Typed into the ticket' })]);
    expect(byHand.actor.getSnapshot().value).toBe('await-bundle');
    expect(contextOf(byHand.actor).keyCopiedByHand).toEqual({ at: expect.any(String), note: 'Typed into the ticket' });
  });

  it('waits at await-bundle across a restart and goes on from the restored snapshot', async () => {
    const before = await replay(p2ToAwaitBundle);
    const snapshot = persisted(before.actor);
    before.actor.stop();
    expect(snapshot.value).toBe('await-bundle');
    const after = await replay([operator('BUNDLE_READY', { value: OTHER_MEDIA })], { snapshot });
    expect(after.actor.getSnapshot().value).toEqual({ 'verify-bundle': 'verifying' });
    expect(after.fakes.calls).toEqual([expect.objectContaining({ actor: 'verifyTransferBundle', input: expect.objectContaining({ mediaPath: OTHER_MEDIA }) })]);
  });

  it('offers a new key from the wait, through the clock check', async () => {
    const { actor } = await replay([...p2ToAwaitBundle, operator('NEW_KEY')]);
    expect(actor.getSnapshot().value).toEqual({ 'clock-check': 'checking' });
  });
});

describe('P2 machine: the bundle is proven before it is used', () => {
  it('never goes on with a bundle whose proof has a failed file', async () => {
    const { actor, fakes } = await replay([...p2ToVerifying, done('verifyTransferBundle', tamperedBundle([FILE_BASE, FILE_SITE]))]);
    expect(actor.getSnapshot().value).toEqual({ 'verify-bundle': 'failed' });
    expect(contextOf(actor).error).toMatchObject({ code: 'RULE_NOT_MET', step: 'verify-bundle' });
    expect(fakes.calls.some((call) => call.actor === 'importBundle')).toBe(false);
  });

  it.each([airGapErrors.bundleInvalid, airGapErrors.wrongAppliance, airGapErrors.mediaRemoved])('fails on %s and offers a retry or another bundle', async (error) => {
    const { actor } = await replay([...p2ToVerifying, failed('verifyTransferBundle', error)]);
    expect(actor.getSnapshot().value).toEqual({ 'verify-bundle': 'failed' });
    expect(actor.getSnapshot().can(operator('RETRY'))).toBe(true);
    expect(actor.getSnapshot().can(operator('CHOOSE_OTHER_MEDIA'))).toBe(true);
    actor.send(operator('CHOOSE_OTHER_MEDIA'));
    expect(actor.getSnapshot().value).toBe('await-bundle');
  });

  it('refuses an import that left a package out of the vault', async () => {
    const { actor } = await replay([...p2ToCompareCode([FILE_BASE, FILE_SITE]), operator('CODE_MATCHES'), done('importBundle', imported([FILE_SITE]))]);
    expect(actor.getSnapshot().value).toEqual({ 'import-bundle': 'failed' });
    expect(contextOf(actor).imported).toBeNull();
  });

  it('plans over the imported packages: Base first, each with its vault file', async () => {
    const { actor } = await replay(p2ToPlan());
    expect(actor.getSnapshot().value).toEqual({ plan: 'ready' });
    expect(contextOf(actor).plan?.order.map((pkg) => [pkg.id, pkg.vaultId])).toEqual([
      [FILE_BASE.id, `vault-${FILE_BASE.id}`],
      [FILE_SITE.id, `vault-${FILE_SITE.id}`],
    ]);
    expect(contextOf(actor).versionsBefore).toEqual({ siteVersion: '23.1.1', baseVersion: '6.1.0' });
  });
});

describe('P2 machine: the window and the backup belong to the install (R1, R13)', () => {
  it('starts at the certificate export, with no window and no backup', async () => {
    const { actor, fakes } = await replay([]);
    expect(actor.getSnapshot().value).toEqual({ 'export-certificate': 'ask' });
    expect(actor.getSnapshot().can(operator('WINDOW_STARTED'))).toBe(false);
    expect(fakes.calls).toEqual([]);
  });

  it('waits for the bundle with no window started and no backup taken', async () => {
    const { actor, fakes } = await replay(p2ToAwaitBundle);
    expect(contextOf(actor).windowStartedAt).toBeNull();
    expect(contextOf(actor).backups).toEqual([]);
    expect(fakes.calls.some((call) => call.actor === 'takeBackup')).toBe(false);
  });

  it('opens the window only once the bundle is verified and in the vault, then backs up, then plans', async () => {
    const atWindow = await replay(p2ToWindow());
    expect(atWindow.actor.getSnapshot().value).toBe('window');
    expect(contextOf(atWindow.actor).imported).toHaveLength(2);
    atWindow.actor.send(operator('WINDOW_STARTED'));
    expect(atWindow.actor.getSnapshot().value).toEqual({ backup: 'running' });
    expect(atWindow.fakes.calls.at(-1)).toMatchObject({ actor: 'takeBackup', input: { purpose: 'pre-upgrade', stepId: 'backup' } });
  });

  it('refuses a backup older than the window and offers a retry or a cancel, never the plan', async () => {
    const { actor } = await replay([...p2ToWindow(), operator('WINDOW_STARTED'), done('takeBackup', backup('pre-upgrade', BEFORE_WINDOW))]);
    expect(actor.getSnapshot().value).toEqual({ backup: 'failed' });
    expect(actor.getSnapshot().can(operator('START_INSTALL'))).toBe(false);
    expect(actor.getSnapshot().can(operator('RETRY'))).toBe(true);
    expect(actor.getSnapshot().can(operator('CANCEL'))).toBe(true);
  });

  it('blocks a plan R4 refuses before any window is started', async () => {
    const { actor, fakes } = await replay(p2ToCredentials([FILE_SITE_NEEDING_UNLISTED_BASE]));
    expect(actor.getSnapshot().value).toEqual({ plan: 'blocked' });
    expect(fakes.calls.some((call) => call.actor === 'checkCredentials')).toBe(false);
    expect(contextOf(actor).windowStartedAt).toBeNull();
    expect(fakes.calls.some((call) => call.actor === 'takeBackup')).toBe(false);
  });

  it('can still be cancelled at the window, the backup and the plan', async () => {
    for (const events of [p2ToWindow(), [...p2ToWindow(), operator('WINDOW_STARTED')], p2ToPlan()]) {
      const { actor } = await replay([...events, operator('CANCEL', { note: 'Window moved' })]);
      expect(actor.getSnapshot().value).toBe('cancelled');
    }
    const backedUp = await replay(p2ToPlan());
    expect(contextOf(backedUp.actor).backups).toEqual([{ ...backup('pre-upgrade', BACKUP_AT), purpose: 'pre-upgrade' }]);
  });
});

describe('P2 machine: stopping an upload (CANCEL_UPLOAD)', () => {
  it('uploads the file first, offering CANCEL_UPLOAD only while it uploads, with its SHA-256 in the journal', async () => {
    const { actor, fakes, journal } = await replay(p2ToBaseUploading);
    expect(actor.getSnapshot().value).toEqual({ install: 'uploading' });
    expect(fakes.calls.at(-1)).toMatchObject({ actor: 'uploadPackage', input: { stepId: 'install', pkg: { id: FILE_BASE.id, vaultId: `vault-${FILE_BASE.id}` } } });
    expect(actor.getSnapshot().can(operator('CANCEL_UPLOAD'))).toBe(true);
    expect(actor.getSnapshot().can(operator('CANCEL'))).toBe(false);
    fakes.finish({ actor: 'uploadPackage', output: uploaded(FILE_BASE) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(actor.getSnapshot().value).toEqual({ install: 'installing' });
    expect(actor.getSnapshot().can(operator('CANCEL_UPLOAD'))).toBe(false);
    expect(journal.at(-1)).toMatchObject({ step: 'install', event: 'PACKAGE_UPLOADED', who: 'assistant', checksums: { 'Base Software 6.2.0': FILE_BASE.sha256 } });
  });

  it('aborts the upload, shows "Upload stopped — nothing was installed", journals the operator, and retries from the upload', async () => {
    const { actor, fakes, journal } = await replay([...p2ToBaseUploading, operator('CANCEL_UPLOAD', { note: 'Link too slow' })]);
    expect(actor.getSnapshot().value).toEqual({ install: 'failed' });
    expect(fakes.aborted.map((call) => call.actor)).toEqual(['uploadPackage']);
    expect(fakes.pending).toEqual([]);
    expect(contextOf(actor).installed).toEqual([]);
    expect(contextOf(actor).error).toMatchObject({ code: 'CANCELLED', message: 'Upload stopped — nothing was installed.', step: 'install' });
    expect(journal.at(-1)).toMatchObject({ step: 'install', event: 'CANCEL_UPLOAD', who: 'operator', outcome: 'info', detail: expect.stringContaining('Link too slow') });
    expect(actor.getSnapshot().can(operator('CANCEL'))).toBe(false);
    actor.send(operator('RETRY'));
    expect(actor.getSnapshot().value).toEqual({ install: 'uploading' });
    expect(contextOf(actor).error).toBeNull();
    expect(fakes.calls.filter((call) => call.actor === 'uploadPackage')).toHaveLength(2);
  });

  it('goes to R5 support when the appliance reports a failed Base install at the upload', async () => {
    const { actor } = await replay([...p2ToBaseUploading, failed('uploadPackage', { code: 'BASE_INSTALL_FAILED', message: 'Base failed', hint: 'Call support' })]);
    expect(actor.getSnapshot().value).toEqual({ install: 'capturing-diagnostics' });
  });

  it('uploads the site package after the backup between Base and site, and never offers CANCEL_UPLOAD while installing', async () => {
    const { actor } = await replay([...p2ToBaseInstalling, done('installPackage', installed(BASE, BASE_DONE_AT))]);
    expect(actor.getSnapshot().value).toEqual({ install: 'backup-between' });
    expect(actor.getSnapshot().can(operator('CANCEL_UPLOAD'))).toBe(false);
  });
});

describe('P2 machine: a key file read back through the cache is proven on the re-inserted stick', () => {
  it('goes on to the wait at once when the key file was read back from the drive', async () => {
    const { actor, fakes } = await replay(p2ToAwaitBundle);
    expect(actor.getSnapshot().value).toBe('await-bundle');
    expect(fakes.calls.some((call) => call.actor === 'readKeyFile')).toBe(false);
    expect(contextOf(actor)).toMatchObject({ keyFile: KEY_FILE, keyReinsertedAt: null, keyReread: null });
  });

  it('waits for the stick to be re-inserted and does not wait for the bundle before', async () => {
    const { actor, fakes, journal } = await replay(p2ToReinsertKey);
    expect(actor.getSnapshot().value).toEqual({ 'reinsert-stick': 'waiting' });
    expect(actor.getSnapshot().can(operator('BUNDLE_READY', { value: KEY_MEDIA }))).toBe(false);
    expect(fakes.pending).toEqual([]);
    expect(journal.at(-1)).toMatchObject({ step: 'save-key', event: 'KEY_READ_THROUGH_CACHE', outcome: 'info', detail: expect.stringMatching(/the file system refuses direct reads/) });
  });

  it('reads the key file from the re-inserted stick on the same drive, and only a matching one counts as saved', async () => {
    const { actor, fakes, journal } = await replay([...p2ToRereadingKey, done('readKeyFile', KEY_READ)]);
    expect(actor.getSnapshot().value).toBe('await-bundle');
    expect(fakes.calls.find((call) => call.actor === 'readKeyFile')?.input).toMatchObject({ mediaPath: KEY_MEDIA, stepId: 'reinsert-stick' });
    expect(journal.slice(-3).map((entry) => `${entry.step}:${entry.event}:${entry.outcome}:${entry.who}`)).toEqual([
      'save-key:KEY_READ_THROUGH_CACHE:info:assistant',
      'reinsert-stick:REINSERTED:info:operator',
      'reinsert-stick:KEY_VERIFIED_FROM_DRIVE:ok:assistant',
    ]);
    expect(contextOf(actor).keyReread).toEqual(KEY_READ);
  });

  it.each([
    ['its key differs', () => done('readKeyFile', KEY_READ_DAMAGED), /differs from the key written: the key/],
    ['the key file is damaged', () => done('readKeyFile', { ...KEY_READ, path: `${KEY_MEDIA}/old.aua-key.json`, ignored: [{ path: KEY_READ.path, reason: 'is not valid JSON (damaged or cut short)' }] }), /cannot be used: it is not valid JSON/],
    ['the stick cannot be read', () => failed('readKeyFile', airGapErrors.mediaRemoved), /removed/],
  ] as const)('stops with a clear error when %s, and offers writing it again', async (_, outcome, message) => {
    const { actor } = await replay([...p2ToRereadingKey, outcome()]);
    expect(actor.getSnapshot().value).toEqual({ 'reinsert-stick': 'failed' });
    expect(contextOf(actor).error).toMatchObject({ step: 'reinsert-stick', message: expect.stringMatching(message) });
    expect(actor.getSnapshot().can(operator('BUNDLE_READY', { value: KEY_MEDIA }))).toBe(false);
    actor.send(operator('RETRY'));
    expect(actor.getSnapshot().value).toEqual({ 'save-key': 'saving' });
    expect(contextOf(actor).error).toBeNull();
  });

  it('gives this step’s way on when the reader finds no key file, not the connected side’s', async () => {
    const notFound = new AppError('NOT_FOUND', 'There is no download key file on this media.', 'On the restricted side, generate the download key and save the key file onto this stick.');
    const { actor, journal } = await replay([...p2ToRereadingKey, failed('readKeyFile', notFound)]);
    expect(contextOf(actor).error).toMatchObject({ code: 'NOT_FOUND', step: 'reinsert-stick', message: notFound.message, hint: expect.stringMatching(/^Do not take this stick across/) });
    expect(journal.at(-1)).toMatchObject({ step: 'reinsert-stick', event: 'KEY_NOT_VERIFIED_FROM_DRIVE', outcome: 'failed', detail: notFound.message });
  });

  it('takes the key read back from the drive on a second write', async () => {
    const { actor } = await replay([...p2ToRereadingKey, done('readKeyFile', KEY_READ_DAMAGED), operator('RETRY'), done('saveKeyFile', KEY_FILE)]);
    expect(actor.getSnapshot().value).toBe('await-bundle');
    expect(contextOf(actor)).toMatchObject({ keyFile: KEY_FILE, keyReread: null, keyReinsertedAt: null });
  });

  it('survives a JSON round trip while waiting for the stick, and reads the key file after the restore', async () => {
    const before = await replay(p2ToReinsertKey);
    const saved = persisted(before.actor);
    before.actor.stop();
    expect(saved.value).toEqual({ 'reinsert-stick': 'waiting' });
    const after = await replay([operator('REINSERTED'), done('readKeyFile', KEY_READ)], { snapshot: saved });
    expect(after.actor.getSnapshot().value).toBe('await-bundle');
  });
});
