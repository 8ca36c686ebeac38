import { AFTERCARE_VALUES } from '../helpers/aftercare-fakes';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getShortestPaths } from 'xstate/graph';
import { singleAutomaticMachine } from '../../../../../shared/procedures/single-automatic/machine';
import { singleAutomaticView } from '../../../../../shared/procedures/single-automatic/view';
import { stepViewSchema } from '../../../../../shared/procedures/view';
import type { ProcedureViewPart } from '../../../../../shared/procedures/definition';
import { ADMIN_REFUSED, BASE, BETWEEN_BACKUP_AT, DIAGNOSTICS, EXPIRING_CERTIFICATE, INPUT, LATER, OWN_CERTIFICATE_PATH, SITE, errors } from '../helpers/single-automatic-fakes';
import { done, failed, operator, operatorEvents, replay, traversal, NOTE } from '../helpers/single-automatic-model';
import { toBackupBetween, toBaseInstalling, toDone, toExportCertificate, toPlanReady, toProbing, toSiteInstalling, toWindow } from '../helpers/single-automatic-journeys';
import type { SingleAutomaticEvent } from '../../../../../shared/procedures/single-automatic/machine';
import { persistedViewOf, step } from '../helpers/view-reading';
import { expectOnePrimary, expectPlainWords } from '../helpers/view-contract';

async function viewAfter(events: Parameters<typeof replay>[0]): Promise<ProcedureViewPart> {
  return persistedViewOf((await replay(events)).actor, singleAutomaticView, INPUT);
}

function statuses(view: ProcedureViewPart): Record<string, string> {
  return Object.fromEntries(view.steps.map((s) => [s.id, s.status]));
}

describe('P1 view: at the start', () => {
  it('lists every step with its words, page and link, the sign-in check active', async () => {
    const view = await viewAfter([]);
    expect(z.array(stepViewSchema).parse(view.steps)).toEqual(view.steps);
    expect(view.status).toBe('active');
    expect(view.currentStepId).toBe('check-credentials');
    expect(view.banner).toBeUndefined();
    expect(statuses(view)).toEqual({
      'check-credentials': 'active',
      window: 'pending',
      backup: 'pending',
      'export-certificate': 'pending',
      'certificate-health': 'pending',
      'check-updates': 'pending',
      plan: 'pending',
      install: 'pending',
      'backup-between': 'pending',
      aftercare: 'pending',
      'aftercare-watch': 'pending',
      'aftercare-restore': 'pending',
      'aftercare-checklist': 'pending',
      report: 'pending',
    });
    expect(view.steps.every((s) => s.instruction.length > 40)).toBe(true);
    expect(step(view, 'window').instruction).toMatch(/15 to 60 minutes/);
    expect(step(view, 'export-certificate')).toMatchObject({
      pagePath: '/appliance > Security > Certificates',
      pageUrl: 'https://127.0.0.1:9443/appliance/security/certificates',
    });
    expect(step(view, 'check-updates').pageUrl).toBe('https://127.0.0.1:9443/appliance/updates');
    expect(step(view, 'aftercare')).toMatchObject({ pagePath: '/login > Jump > Jump Clients', pageUrl: 'https://127.0.0.1:9443/login/jump/clients' });
    expect(step(view, 'aftercare').instruction).toMatch(/Maximum Number of Concurrent Jump Client Upgrades/);
  });

  it('offers the window start with a confirmation, a new sign-in check, and cancel', async () => {
    const view = await viewAfter(toWindow);
    expect(step(view, 'check-credentials').status).toBe('done');
    expect(step(view, 'window').actions.map((a) => [a.event, a.tone, Boolean(a.confirm)])).toEqual([
      ['WINDOW_STARTED', 'primary', true],
      ['RECHECK', 'secondary', false],
      ['CANCEL', 'secondary', true],
    ]);
    expect(view.steps.filter((s) => s.id !== 'window').flatMap((s) => s.actions)).toEqual([]);
    // The cancel dialog: "Keep working" or "Cancel the upgrade" (destructive), with an optional reason.
    expect(step(view, 'window').actions.find((a) => a.event === 'CANCEL')).toMatchObject({
      confirmLabel: 'Cancel the upgrade',
      confirmTone: 'danger',
      dismissLabel: 'Keep working',
      noteOptional: true,
    });
  });

  it('resumes a snapshot saved at the window before the sign-in check existed by offering the check, not the window', async () => {
    const persistedAtWindow = JSON.parse(JSON.stringify(singleAutomaticMachine.getPersistedSnapshot((await replay(toWindow)).actor.getSnapshot())));
    const { credentials: _dropped, ...oldContext } = persistedAtWindow.context;
    const oldSnapshot = { ...persistedAtWindow, context: oldContext };
    const window = step(singleAutomaticView(oldSnapshot, INPUT), 'window');
    expect(window.actions.map((a) => [a.event, a.tone])).toEqual([
      ['RECHECK', 'primary'],
      ['CANCEL', 'secondary'],
    ]);
    // The machine agrees: the window does not start on sign-ins never checked, and RECHECK checks them.
    const resumed = await replay([], { snapshot: oldSnapshot });
    expect(resumed.actor.getSnapshot().can(operator('WINDOW_STARTED'))).toBe(false);
    resumed.actor.send(operator('RECHECK'));
    expect(resumed.actor.getSnapshot().value).toEqual({ 'check-credentials': 'checking' });
    resumed.actor.stop();
  });

  it('shows what a refused sign-in needs fixed, as a failed step with a retry', async () => {
    const view = await viewAfter([done('checkCredentials', ADMIN_REFUSED)]);
    const check = step(view, 'check-credentials');
    expect(check.status).toBe('failed');
    expect(check.facts).toContainEqual({ label: 'Admin account', value: ADMIN_REFUSED.admin.message, tone: 'bad' });
    expect(check.error).toMatchObject({ code: 'ADMIN_LOGIN_FAILED', hint: expect.stringMatching(/site’s settings/) });
    expect(check.actions.map((a) => [a.event, a.tone])).toEqual([
      ['RETRY', 'primary'],
      ['CANCEL', 'secondary'],
    ]);
    expect(step(view, 'window').status).toBe('pending');
    expect(view).toMatchObject({ statusLabel: 'Needs attention', attention: true, progress: { done: 0, total: 14 } });
  });
});

describe('P1 view: honest status', () => {
  it('counts the steps done while under way, and says so in words', async () => {
    const view = await viewAfter(toPlanReady());
    // Of 14 steps the backup between Base and site is needed (Base and site offered): none is ruled out.
    expect(view).toMatchObject({ status: 'active', statusLabel: 'In progress', attention: false, progress: { done: 6, total: 14 } });
  });

  it('reads "Cancelled at step N" with N the step it was on, never all steps done', async () => {
    const view = await viewAfter([...toExportCertificate, operator('CANCEL')]);
    expect(view.statusLabel).toBe('Cancelled at step 4');
    expect(view.progress).toEqual({ done: 3, total: 14 });
    expect(view.attention).toBe(false);
  });

  it('reads "Needs attention" for a failed step, never "In progress"', async () => {
    const view = await viewAfter([...toSiteInstalling, failed('installPackage', errors.timeout)]);
    expect(view).toMatchObject({ status: 'active', statusLabel: 'Needs attention', attention: true });
  });

  it('reads "Needs attention" at the support end, and "Complete" with every step it took done', async () => {
    const support = await viewAfter([...toBaseInstalling, failed('installPackage', errors.baseInstall), done('captureDiagnostics', DIAGNOSTICS)]);
    expect(support).toMatchObject({ attention: true, statusLabel: expect.stringMatching(/^Needs attention/) });
    const finished = await viewAfter(toDone);
    expect(finished).toMatchObject({ statusLabel: 'Complete', attention: false, progress: { done: 14, total: 14 } });
    const nothing = await viewAfter([...toPlanReady([]), done('releaseHolds', undefined)]);
    expect(nothing).toMatchObject({ statusLabel: 'Complete', progress: { done: 7, total: 7 } });
  });
});

describe('P1 view: honest waiting', () => {
  it('shows the install phase, since when, and the expected 15 to 60 minutes', async () => {
    const view = await viewAfter(toBaseInstalling);
    expect(step(view, 'install').phase).toEqual({
      id: 'installing',
      label: 'The appliance is installing',
      startedAt: LATER,
      expected: { minMinutes: 15, maxMinutes: 60, text: '15–60 minutes, longer with much stored data' },
    });
    // The site package's clock starts when the backup after the Base install was taken.
    expect(step(await viewAfter(toSiteInstalling), 'install').phase?.startedAt).toBe(BETWEEN_BACKUP_AT);
  });

  it('shows no phase when the install is not running', async () => {
    expect(step(await viewAfter(toBackupBetween), 'install').phase).toBeUndefined();
    expect(step(await viewAfter([...toSiteInstalling, failed('installPackage', errors.timeout)]), 'install').phase).toBeUndefined();
  });
});

describe('P1 view: along the way', () => {
  it('shows the backup as facts with a verification once taken', async () => {
    const view = await viewAfter(toExportCertificate);
    const backup = step(view, 'backup');
    expect(backup.status).toBe('done');
    expect(backup.facts).toEqual(
      expect.arrayContaining([
        { label: 'Backup file', value: 'appliance-a-pre-upgrade.nsb', mono: true },
        { label: 'Size', value: '3.0 MiB' },
        { label: 'SHA-256', value: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', mono: true },
      ]),
    );
    expect(backup.verification?.ok).toBe(true);
    expect(step(view, 'export-certificate').actions.map((a) => [a.event, a.input?.kind ?? null, a.needsNote ?? false])).toEqual([
      ['EXPORT', 'secret', false],
      ['USE_FILE', 'text', false],
      ['SKIP', null, true],
      ['CANCEL', null, false],
    ]);
    expect(step(view, 'export-certificate').actions[0]?.input).toEqual({ kind: 'secret', label: 'Passphrase for the file', confirmTwice: true, secretSlot: 'certificate-passphrase' });
  });

  it('blocks on an unhealthy certificate, shows the findings and asks a reason to go on', async () => {
    const view = await viewAfter([...toProbing, done('probeCertificate', EXPIRING_CERTIFICATE)]);
    const health = step(view, 'certificate-health');
    expect(health.status).toBe('blocked');
    expect(health.facts).toContainEqual({ label: 'Problem', value: 'Expires in 5 days.', tone: 'bad' });
    expect(health.verification).toEqual({ ok: false, text: 'The certificate has 1 problem: Expires in 5 days.' });
    expect(health.actions.map((a) => a.event)).toEqual(['RECHECK', 'ACCEPT_RISK', 'CANCEL']);
    expect(health.actions.find((a) => a.event === 'ACCEPT_RISK')).toMatchObject({ tone: 'danger', needsNote: true, confirm: expect.stringMatching(/Jump Clients/) });
  });

  it('shows a skipped certificate export as skipped with its reason', async () => {
    const view = await viewAfter([...toExportCertificate, operator('SKIP', 'Exported yesterday')]);
    expect(step(view, 'export-certificate')).toMatchObject({ status: 'skipped', facts: [{ label: 'Skipped because', value: 'Exported yesterday', tone: 'warn' }] });
  });

  it('shows the install order and the downtime before the start, with a confirmation that the site goes down', async () => {
    const view = await viewAfter(toPlanReady());
    const plan = step(view, 'plan');
    expect(plan.status).toBe('active');
    expect(plan.facts.slice(0, 2).map((f) => f.value)).toEqual(['Base Software 6.2.0 (191 MiB)', 'Site Software 23.2.1 (858 MiB)']);
    expect(plan.facts.at(-1)).toMatchObject({ label: 'Expected downtime', tone: 'warn' });
    expect(plan.actions.map((a) => a.event)).toEqual(['START_INSTALL', 'CANCEL']);
    expect(plan.actions[0]?.confirm).toMatch(/goes offline now/);
    expect(step(view, 'backup-between').status).toBe('pending');
  });

  it('shows a blocked plan with the reason and no way to start', async () => {
    const view = await viewAfter(toPlanReady([{ ...SITE, requires: '7.0.0' }]));
    const plan = step(view, 'plan');
    expect(plan.status).toBe('blocked');
    expect(plan.verification).toEqual({ ok: false, text: expect.stringContaining('needs Base software 7.0.0 or later') });
    expect(plan.actions.map((a) => a.event)).toEqual(['RECHECK', 'CANCEL']);
  });

  it('shows one item per package while installing, and offers nothing to do', async () => {
    const view = await viewAfter(toBaseInstalling);
    const install = step(view, 'install');
    expect(install.status).toBe('active');
    expect(install.items).toEqual([
      { label: 'Base Software 6.2.0', status: 'active' },
      { label: 'Site Software 23.2.1', status: 'pending' },
    ]);
    expect(view.steps.flatMap((s) => s.actions)).toEqual([]);
    expect(step(view, 'plan').status).toBe('done');
  });

  it('shows the backup between Base and site as the current step, with no action offered (R4)', async () => {
    const view = await viewAfter(toBackupBetween);
    expect(view.currentStepId).toBe('backup-between');
    expect(statuses(view)).toMatchObject({ install: 'active', 'backup-between': 'active', aftercare: 'pending', 'aftercare-watch': 'pending', 'aftercare-restore': 'pending', 'aftercare-checklist': 'pending' });
    expect(step(view, 'install').items?.map((i) => i.status)).toEqual(['done', 'pending']);
    expect(step(view, 'install').items?.[0]?.detail).toBe('Appliance reports 6.2.0');
    expect(view.steps.flatMap((s) => s.actions)).toEqual([]);
  });

  it('shows a failed site install with the error and a retry only', async () => {
    const view = await viewAfter([...toSiteInstalling, failed('installPackage', errors.timeout)]);
    const install = step(view, 'install');
    expect(install.status).toBe('failed');
    expect(install.error).toEqual(errors.timeout.toJSON());
    expect(install.items?.map((i) => i.status)).toEqual(['done', 'failed']);
    expect(install.actions.map((a) => a.event)).toEqual(['RETRY']);
    expect(step(view, 'backup-between').status).toBe('done');
  });
});

describe('P1 view: endings', () => {
  it('summarises a finished upgrade: versions before and after, backups with their full SHA-256', async () => {
    const view = await viewAfter(toDone);
    expect(view.status).toBe('done');
    expect(view.currentStepId).toBeNull();
    expect(new Set(Object.values(statuses(view)))).toEqual(new Set(['done']));
    expect(view.banner?.tone).toBe('ok');
    expect(view.banner?.text).toContain('Site 23.1.1 → 23.2.1, Base 6.1.0 → 6.2.0');
    expect(view.banner?.text).toContain('appliance-a-pre-upgrade.nsb (SHA-256 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)');
    expect(view.banner?.text).toContain('appliance-a-between-base-and-site.nsb (SHA-256 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)');
    expect(view.steps.flatMap((s) => s.actions)).toEqual([]);
  });

  it('says so when nothing was offered, with the install steps skipped', async () => {
    const view = await viewAfter([...toPlanReady([]), done('releaseHolds', undefined)]);
    expect(view.banner).toMatchObject({ tone: 'ok', title: 'Already up to date' });
    expect(statuses(view)).toMatchObject({ 'check-updates': 'done', plan: 'skipped', install: 'skipped', 'backup-between': 'skipped', aftercare: 'skipped', 'aftercare-watch': 'skipped', 'aftercare-restore': 'skipped', 'aftercare-checklist': 'skipped', report: 'done' });
  });

  it('skips aftercare and the between-backup when only Base software is installed', async () => {
    const view = await viewAfter([...toPlanReady([BASE]), operator('START_INSTALL')]);
    expect(statuses(view)).toMatchObject({ install: 'active', 'backup-between': 'skipped', aftercare: 'skipped', 'aftercare-watch': 'skipped', 'aftercare-restore': 'skipped', 'aftercare-checklist': 'skipped' });
  });

  it('tells the operator not to restart and to call support, offering nothing (R5)', async () => {
    const view = await viewAfter([...toBaseInstalling, failed('installPackage', errors.baseInstall), done('captureDiagnostics', DIAGNOSTICS)]);
    expect(view.status).toBe('support');
    expect(view.currentStepId).toBe('install');
    expect(view.banner).toMatchObject({ tone: 'bad', title: expect.stringMatching(/Do not restart/) });
    expect(view.banner?.text).toContain('dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd');
    expect(step(view, 'install')).toMatchObject({ status: 'failed', error: { code: 'BASE_INSTALL_FAILED' } });
    expect(view.steps.flatMap((s) => s.actions)).toEqual([]);
    expect(statuses(view)).toMatchObject({ aftercare: 'skipped', 'aftercare-watch': 'skipped', 'aftercare-restore': 'skipped', 'aftercare-checklist': 'skipped', report: 'skipped' });
  });

  it('says where a cancelled upgrade stopped and why', async () => {
    const view = await viewAfter([...toExportCertificate, operator('CANCEL', 'Customer called off the window')]);
    expect(view.status).toBe('cancelled');
    expect(view.currentStepId).toBeNull();
    expect(view.banner).toMatchObject({ tone: 'info', text: expect.stringContaining('Export the SSL certificate” — Customer called off the window') });
    expect(statuses(view)).toMatchObject({ 'check-credentials': 'done', window: 'done', backup: 'done', 'export-certificate': 'skipped', report: 'skipped' });
  });
});

describe('P1 view: derived from the snapshot alone, for every reachable state', () => {
  const paths = getShortestPaths(singleAutomaticMachine, traversal);

  it.each(paths.map((path) => [JSON.stringify(path.state.value), path.state] as const))(
    'offers exactly the events the machine accepts, and reads the same after a JSON round trip: %s',
    (_, snapshot) => {
      const view = singleAutomaticView(snapshot, INPUT);
      const restored = singleAutomaticView(JSON.parse(JSON.stringify(singleAutomaticMachine.getPersistedSnapshot(snapshot))), INPUT);
      expect(restored).toEqual(JSON.parse(JSON.stringify(view)));

      const offered = view.steps.flatMap((s) => s.actions.map((a) => a.event)).sort();
      const acceptedTypes = [
        ...new Set(
          operatorEvents()
            .filter((event) => 'note' in event && snapshot.can(event as SingleAutomaticEvent))
            .map((event) => event.type),
        ),
      ].sort();
      expect(offered).toEqual(acceptedTypes);

      // Offered actions sit on the current step; a note is asked for exactly when the machine needs one.
      for (const s of view.steps) if (s.actions.length > 0) expect(s.id).toBe(view.currentStepId);
      // A typed value (a path) is needed where the action asks for one; a secret never reaches the machine.
      for (const action of view.steps.flatMap((s) => s.actions)) {
        const type = action.event as SingleAutomaticEvent['type'];
        const value = action.input && action.input.kind !== 'secret' ? (AFTERCARE_VALUES[type]?.[0] ?? OWN_CERTIFICATE_PATH) : undefined;
        if (value !== undefined) expect(snapshot.can(operator(type, NOTE))).toBe(false);
        const withoutNote = snapshot.can(operator(type, undefined, value));
        const withNote = snapshot.can(operator(type, NOTE, value));
        expect(withNote).toBe(true);
        expect(action.needsNote ?? false).toBe(!withoutNote);
      }

      expectPlainWords(view);
      expectOnePrimary(view);
      if (view.status === 'active') {
        const current = view.steps.find((s) => s.id === view.currentStepId);
        expect(['active', 'failed', 'blocked']).toContain(current?.status);
        const busy = view.steps.filter((s) => ['active', 'failed', 'blocked'].includes(s.status)).map((s) => s.id);
        expect(busy).toEqual(view.currentStepId === 'backup-between' ? ['install', 'backup-between'] : [view.currentStepId]);
      } else {
        expect(view.banner).toBeDefined();
        expect(view.steps.some((s) => s.status === 'pending')).toBe(false);
      }
    },
  );
});
