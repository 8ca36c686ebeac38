import { STRAIGHT_AFTERCARE_JOURNAL } from '../helpers/aftercare-fakes';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { singleAutomaticMachine, type SingleAutomaticContext } from '../../../../../shared/procedures/single-automatic/machine';
import { procedureDefinitions } from '../../../../../shared/procedures/registry';
import {
  BASE,
  BASE_DONE_AT,
  BETWEEN_BACKUP_AT,
  DIAGNOSTICS,
  EXPIRING_CERTIFICATE,
  GOOD_EXPORT,
  ADMIN_REFUSED,
  API_REFUSED,
  CREDENTIALS_OK,
  INPUT,
  SITE,
  SITE_DONE_AT,
  WINDOW_AT,
  backup,
  errors,
  installed,
  settle,
  quietSiteWatch,
} from '../helpers/single-automatic-fakes';
import { done, failed, operator, replay } from '../helpers/single-automatic-model';
import {
  toAftercare,
  toBackupBetween,
  toBaseInstalling,
  toDone,
  toExportCertificate,
  toPlanReady,
  toProbing,
  toSiteInstalling,
  toWindow,
} from '../helpers/single-automatic-journeys';

/** What the host stores: the persisted snapshot, through JSON. */
function persisted(actor: { getPersistedSnapshot(): unknown }) {
  return JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
}

describe('P1 machine: a whole upgrade with Base and site package', () => {
  it('backs up, installs Base, backs up again, installs the site package, then aftercare and report', async () => {
    const { actor, fakes, journal } = await replay(toDone);
    expect(actor.getSnapshot().value).toBe('done');
    expect(fakes.calls.map((call) => [call.actor, call.input.stepId, call.input.purpose ?? (call.input.pkg as { id?: string })?.id])).toEqual([
      ['checkCredentials', 'check-credentials', undefined],
      ['takeBackup', 'backup', 'pre-upgrade'],
      ['exportCertificate', 'export-certificate', undefined],
      ['probeCertificate', 'certificate-health', undefined],
      ['checkForUpdates', 'check-updates', undefined],
      ['installPackage', 'install', BASE.id],
      ['takeBackup', 'backup-between', 'between-base-and-site'],
      ['installPackage', 'install', SITE.id],
      ['readJumpClients', 'aftercare', undefined],
      ['setJumpClientLimit', 'aftercare', undefined],
      ['watchJumpClients', 'aftercare-watch', undefined],
      ['setJumpClientLimit', 'aftercare-restore', undefined],
      ['releaseHolds', 'report', undefined],
    ]);
    expect(fakes.calls.filter((call) => call.actor === 'setJumpClientLimit').map((call) => call.input.limit)).toEqual([30, 20]);
    expect(fakes.calls.every((call) => call.input.procedureId === INPUT.procedureId && call.input.siteId === INPUT.siteId)).toBe(true);
    expect(journal.map((entry) => `${entry.step}:${entry.event}:${entry.outcome}`)).toEqual([
      'check-credentials:CREDENTIALS_CHECKED:ok',
      'window:WINDOW_STARTED:ok',
      'backup:BACKUP_TAKEN:ok',
      'export-certificate:EXPORT:info',
      'export-certificate:CERTIFICATE_CHECKED:ok',
      'export-certificate:CONFIRM:ok',
      'certificate-health:PROBED:ok',
      'certificate-health:CONFIRM:ok',
      'check-updates:UPDATES_CHECKED:ok',
      'plan:START_INSTALL:ok',
      'install:INSTALL_VERIFIED:ok',
      'backup-between:BACKUP_TAKEN:ok',
      'install:INSTALL_VERIFIED:ok',
      ...STRAIGHT_AFTERCARE_JOURNAL,
      'report:COMPLETED:ok',
    ]);
    expect(journal.find((entry) => entry.step === 'backup')?.checksums).toEqual({ 'appliance-a-pre-upgrade.nsb': 'a'.repeat(64) });
    expect(journal.find((entry) => entry.event === 'CERTIFICATE_CHECKED')?.checksums).toEqual({ [GOOD_EXPORT.fileName]: GOOD_EXPORT.sha256 });
    expect(fakes.calls.find((call) => call.actor === 'exportCertificate')?.input).toEqual({
      procedureId: INPUT.procedureId,
      siteId: INPUT.siteId,
      stepId: 'export-certificate',
      source: { kind: 'export' },
    });
    expect(journal.filter((entry) => entry.event === 'INSTALL_VERIFIED').map((entry) => entry.detail)).toEqual([
      'Base Software is installed: the appliance now reports version 6.2.0. Health: healthy',
      'Site Software is installed: the appliance now reports version 23.2.1. Health: healthy',
    ]);
  });

  it('takes the window start from the operator event, never from a clock', async () => {
    const { actor } = await replay([...toWindow, operator('WINDOW_STARTED')]);
    expect(actor.getSnapshot().context.windowStartedAt).toBe(WINDOW_AT);
  });

  it('skips client aftercare when only Base software was installed (R14)', async () => {
    const { actor, journal } = await replay([...toPlanReady([BASE]), operator('START_INSTALL'), done('installPackage', installed(BASE, BASE_DONE_AT))]);
    expect(actor.getSnapshot().value).toEqual({ report: 'releasing' });
    expect(journal.at(-1)).toMatchObject({ step: 'aftercare', event: 'AFTERCARE_NOT_NEEDED', outcome: 'info' });
  });

  it('goes straight to the report when no update is offered', async () => {
    const { actor, fakes } = await replay([...toPlanReady([]), done('releaseHolds', undefined)]);
    expect(actor.getSnapshot().value).toBe('done');
    expect(fakes.calls.some((call) => call.actor === 'installPackage')).toBe(false);
  });
});

describe('P1 machine: the site’s sign-ins are checked before the window', () => {
  it('starts by signing in with both accounts, and offers the window only when both are accepted', async () => {
    const { actor, fakes, journal } = await replay(toWindow);
    expect(fakes.calls[0]).toEqual({ actor: 'checkCredentials', input: { procedureId: INPUT.procedureId, siteId: INPUT.siteId, stepId: 'check-credentials' } });
    expect(actor.getSnapshot().value).toBe('window');
    expect(actor.getSnapshot().context.credentials).toEqual(CREDENTIALS_OK);
    expect(journal).toEqual([expect.objectContaining({ step: 'check-credentials', event: 'CREDENTIALS_CHECKED', outcome: 'ok', who: 'assistant' })]);
  });

  it.each([
    ['admin', ADMIN_REFUSED, 'ADMIN_LOGIN_FAILED', /Admin account: The appliance refused the admin user name or password/],
    ['API', API_REFUSED, 'UNAUTHORISED', /API account: The appliance refused the API client ID or secret/],
  ] as const)('fails the step on a refused %s sign-in, says to edit the site, and starts no window until a check passes', async (_, result, code, message) => {
    const { actor, journal } = await replay([done('checkCredentials', result)]);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toEqual({ 'check-credentials': 'failed' });
    expect(snapshot.context.error).toMatchObject({ code, step: 'check-credentials', message: expect.stringMatching(message), hint: expect.stringMatching(/site’s settings/) });
    expect(snapshot.can(operator('WINDOW_STARTED'))).toBe(false);
    expect(snapshot.can(operator('RETRY'))).toBe(true);
    expect(journal.at(-1)).toMatchObject({ step: 'check-credentials', event: 'CREDENTIALS_REFUSED', outcome: 'failed' });

    const fixed = await replay([operator('RETRY'), done('checkCredentials', CREDENTIALS_OK)], { snapshot: persisted(actor) });
    expect(fixed.fakes.calls.map((call) => call.actor)).toEqual(['checkCredentials']);
    expect(fixed.actor.getSnapshot().value).toBe('window');
    expect(fixed.actor.getSnapshot().context.error).toBeNull();
  });

  it('refuses WINDOW_STARTED in a window state whose sign-ins were refused, and checks again on RECHECK', async () => {
    const { actor } = await replay(toWindow);
    const forged = singleAutomaticMachine.resolveState({ value: 'window', context: { ...actor.getSnapshot().context, credentials: ADMIN_REFUSED } });
    expect(forged.can(operator('WINDOW_STARTED'))).toBe(false);
    expect(forged.can(operator('RECHECK'))).toBe(true);
    actor.send(operator('RECHECK'));
    expect(actor.getSnapshot().value).toEqual({ 'check-credentials': 'checking' });
    expect(actor.getSnapshot().context.credentials).toBeNull();
  });
});

describe('P1 machine: operator choices that need a reason', () => {
  it('ignores a certificate-export skip without a note and journals the reason of one with a note', async () => {
    const toExport = toExportCertificate;
    const refused = await replay([...toExport, operator('SKIP')]);
    expect(refused.actor.getSnapshot().value).toEqual({ 'export-certificate': 'ask' });
    const skipped = await replay([...toExport, operator('SKIP', 'Exported yesterday, file in the safe')]);
    expect(skipped.actor.getSnapshot().value).toEqual({ 'certificate-health': 'probing' });
    expect(skipped.journal.at(-1)).toMatchObject({
      step: 'export-certificate',
      event: 'SKIP',
      outcome: 'info',
      who: 'operator',
      detail: 'The certificate export was skipped: Exported yesterday, file in the safe',
    });
  });

  it('blocks on an unhealthy certificate and goes on only with a journaled reason (R3)', async () => {
    const toProbe = [...toProbing, done('probeCertificate', EXPIRING_CERTIFICATE)];
    const blocked = await replay([...toProbe, operator('CONFIRM'), operator('ACCEPT_RISK')]);
    expect(blocked.actor.getSnapshot().value).toEqual({ 'certificate-health': 'unhealthy' });
    expect(blocked.journal.at(-1)).toMatchObject({ event: 'PROBED', outcome: 'blocked' });

    const accepted = await replay([...toProbe, operator('ACCEPT_RISK', 'Site package is not newly built')]);
    expect(accepted.actor.getSnapshot().value).toEqual({ 'check-updates': 'running' });
    expect(accepted.actor.getSnapshot().context.certificateRiskAccepted).toEqual({ at: expect.any(String), note: 'Site package is not newly built' });
    expect(accepted.journal.at(-1)).toMatchObject({ event: 'ACCEPT_RISK', outcome: 'info', detail: expect.stringContaining('Expires in 5 days.') });
  });
});

describe('P1 machine: rules enforced, not only shown', () => {
  it('rejects a backup older than the window start and offers a retry (R1)', async () => {
    const { actor } = await replay([...toWindow, operator('WINDOW_STARTED'), done('takeBackup', backup('pre-upgrade', '2025-06-01T19:00:00.000Z'))]);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toEqual({ backup: 'failed' });
    expect(snapshot.context.error).toMatchObject({ code: 'RULE_NOT_MET', step: 'backup', message: expect.stringMatching(/before the maintenance window/) });
    expect(snapshot.context.backups).toEqual([]);
  });

  it('refuses START_INSTALL when the pre-upgrade backup is missing, even in a hand-made state', async () => {
    const { actor } = await replay(toPlanReady());
    const context: SingleAutomaticContext = { ...actor.getSnapshot().context, backups: [] };
    const forged = singleAutomaticMachine.resolveState({ value: { plan: 'ready' }, context });
    expect(forged.can(operator('START_INSTALL'))).toBe(false);
    expect(actor.getSnapshot().can(operator('START_INSTALL'))).toBe(true);
  });

  it('blocks a site package whose Base is not offered (R4) and lets the operator check again', async () => {
    const { actor, journal } = await replay(toPlanReady([{ ...SITE, requires: '7.0.0' }]));
    expect(actor.getSnapshot().value).toEqual({ plan: 'blocked' });
    expect(actor.getSnapshot().can(operator('START_INSTALL'))).toBe(false);
    expect(actor.getSnapshot().can(operator('RECHECK'))).toBe(true);
    expect(journal.at(-1)).toMatchObject({ step: 'plan', event: 'PLAN_BLOCKED', outcome: 'blocked' });
  });

  it('rejects a between-backup taken before the Base install finished (R4)', async () => {
    const { actor } = await replay([...toBackupBetween, done('takeBackup', backup('between-base-and-site', '2025-06-01T20:10:00.000Z'))]);
    expect(actor.getSnapshot().value).toEqual({ install: 'backup-between-failed' });
    expect(actor.getSnapshot().context.error?.message).toMatch(/not after the Base Software install finished/);
  });

  it('treats an install whose version does not verify as failed', async () => {
    const { actor } = await replay([...toSiteInstalling, done('installPackage', installed(SITE, SITE_DONE_AT, '23.1.1'))]);
    expect(actor.getSnapshot().value).toEqual({ install: 'failed' });
    expect(actor.getSnapshot().context.error).toMatchObject({ code: 'RULE_NOT_MET', message: expect.stringContaining('23.1.1, not 23.2.1') });
  });
});

describe('P1 machine: failures', () => {
  it('ends a failed Base install in support with diagnostics captured, and accepts nothing after (R5)', async () => {
    const { actor, fakes, journal } = await replay([...toBaseInstalling, failed('installPackage', errors.baseInstall), done('captureDiagnostics', DIAGNOSTICS)]);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('support');
    expect(snapshot.status).toBe('done');
    expect(snapshot.context.diagnostics).toEqual(DIAGNOSTICS);
    expect(fakes.calls.at(-1)).toMatchObject({ actor: 'captureDiagnostics', input: { reason: 'The Base software update failed.' } });
    for (const type of ['RETRY', 'CANCEL', 'CONFIRM', 'START_INSTALL'] as const) expect(snapshot.can(operator(type, 'note text'))).toBe(false);
    expect(journal.at(-1)).toMatchObject({ event: 'SUPPORT_NEEDED', outcome: 'failed' });
  });

  it('still ends in support when the diagnostics cannot be saved', async () => {
    const { actor } = await replay([...toBaseInstalling, failed('installPackage', errors.baseInstall), failed('captureDiagnostics', errors.diagnostics)]);
    expect(actor.getSnapshot().value).toBe('support');
    expect(actor.getSnapshot().context.diagnosticsError).toEqual(errors.diagnostics.toJSON());
    expect(actor.getSnapshot().context.error?.code).toBe('BASE_INSTALL_FAILED');
  });

  it('offers RETRY, not CANCEL, after a failed site install, and the retry installs the same package', async () => {
    const { actor, fakes } = await replay([...toSiteInstalling, failed('installPackage', errors.timeout), operator('RETRY')]);
    expect(actor.getSnapshot().value).toEqual({ install: 'installing' });
    expect(fakes.calls.filter((call) => call.actor === 'installPackage').map((call) => (call.input.pkg as { id: string }).id)).toEqual([
      BASE.id,
      SITE.id,
      SITE.id,
    ]);
  });

  it('stores an unknown error as an INTERNAL error shape without its stack', async () => {
    const { actor } = await replay([...toWindow, operator('WINDOW_STARTED'), failed('takeBackup', new TypeError('boom at line 3'))]);
    expect(actor.getSnapshot().context.error).toEqual(expect.objectContaining({ code: 'INTERNAL', step: 'backup' }));
    expect(JSON.stringify(actor.getSnapshot().context)).not.toContain('boom');
  });

  it('fails loudly, not silently, when the host forgot to provide a side effect', async () => {
    // Only the root site watch is provided; every step's side effect is forgotten.
    const actor = createActor(singleAutomaticMachine.provide({ actors: quietSiteWatch as never }), { input: INPUT }).start();
    await settle();
    expect(actor.getSnapshot().value).toEqual({ 'check-credentials': 'failed' });
    expect(actor.getSnapshot().context.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('checkCredentials') });
  });
});

describe('P1 machine: persisted snapshots resume at the same step', () => {
  it('resumes a Base install after a restart and finishes the procedure', async () => {
    const before = await replay(toBaseInstalling);
    const snapshot = persisted(before.actor);
    before.actor.stop();

    const after = await replay([], { snapshot });
    expect(after.actor.getSnapshot().value).toEqual({ install: 'installing' });
    // The idempotent install is asked again for the same package.
    expect(after.fakes.calls).toEqual([{ actor: 'installPackage', input: expect.objectContaining({ pkg: BASE, stepId: 'install' }) }]);

    after.fakes.finish({ actor: 'installPackage', output: installed(BASE, BASE_DONE_AT) });
    await settle();
    expect(after.actor.getSnapshot().value).toEqual({ install: 'backup-between' });
  });

  it('resumes the backup between Base and site, then installs the site package at once', async () => {
    const before = await replay(toBackupBetween);
    const after = await replay(
      [done('takeBackup', backup('between-base-and-site', BETWEEN_BACKUP_AT)), done('installPackage', installed(SITE, SITE_DONE_AT))],
      { snapshot: persisted(before.actor) },
    );
    before.actor.stop();
    expect(after.fakes.calls.map((call) => call.actor)).toEqual(['takeBackup', 'installPackage', 'readJumpClients']);
    expect(after.actor.getSnapshot().value).toEqual({ aftercare: 'reading' });
  });

  it('keeps a failed install failed across a restart, with RETRY still accepted', async () => {
    const before = await replay([...toSiteInstalling, failed('installPackage', errors.siteInstall)]);
    const after = await replay([], { snapshot: persisted(before.actor) });
    before.actor.stop();
    expect(after.actor.getSnapshot().value).toEqual({ install: 'failed' });
    expect(after.fakes.calls).toEqual([]);
    expect(after.actor.getSnapshot().can(operator('RETRY'))).toBe(true);
  });

  it('restores every step of a whole run to the same state', async () => {
    const journey = toAftercare;
    for (let length = 0; length <= journey.length; length++) {
      const original = await replay(journey.slice(0, length));
      const restored = createActor(singleAutomaticMachine, { snapshot: persisted(original.actor), input: INPUT });
      expect(restored.getSnapshot().value).toEqual(original.actor.getSnapshot().value);
      expect(restored.getSnapshot().context).toEqual(original.actor.getSnapshot().context);
      original.actor.stop();
    }
  });
});

describe('P1 registry', () => {
  it('registers P1 with its machine and view', () => {
    expect(procedureDefinitions.P1?.kind).toBe('P1');
    expect(procedureDefinitions.P1?.machine).toBe(singleAutomaticMachine);
    expect(procedureDefinitions.P1?.title).toMatch(/single appliance/i);
  });
});
