/**
 * The certificate phase as P1 places it (recommended) and as a hardware migration will
 * (required): the passphrase never reaches the machine, a wrong one or one lost in a restart
 * asks again with nothing kept, a file with problems blocks, and R3 judges the presented
 * certificate against the file.
 */
import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import type { JournalParams, ProcedureInput } from '../../../../../shared/procedures/definition';
import { exportCertificateStep } from '../../../../../shared/procedures/steps/certificates/chart';
import { exportCertificateDetails } from '../../../../../shared/procedures/steps/certificates/view';
import { initialUpgradeContext, type UpgradeContext } from '../../../../../shared/procedures/steps/context';
import { upgradeActions, upgradeActorPlaceholders, upgradeGuards } from '../../../../../shared/procedures/steps/setup';
import { singleAutomaticView } from '../../../../../shared/procedures/single-automatic/view';
import {
  EXPIRED_EXPORT,
  GOOD_EXPORT,
  GOOD_FILE,
  HEALTHY_CERTIFICATE,
  INPUT,
  OWN_CERTIFICATE_PATH,
  certificateErrors,
  controlledActors,
  errors,
  settle,
} from '../helpers/single-automatic-fakes';
import { done, failed, operator, replay } from '../helpers/single-automatic-model';
import { toExportCertificate, toExporting } from '../helpers/single-automatic-journeys';
import { step } from '../helpers/view-reading';

const persisted = (actor: { getPersistedSnapshot(): unknown }) => JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
const valueOf = (actor: { getSnapshot(): { value: unknown } }) => actor.getSnapshot().value;

describe('certificate export: the passphrase stays out of the machine', () => {
  it('exports on a passphrase event that carries no value, keeps the checked file and goes on only on CONFIRM', async () => {
    const { actor, fakes, journal } = await replay([...toExporting, done('exportCertificate', GOOD_EXPORT)]);
    expect(fakes.calls.at(-1)).toEqual({
      actor: 'exportCertificate',
      input: { procedureId: INPUT.procedureId, siteId: INPUT.siteId, stepId: 'export-certificate', source: { kind: 'export' } },
    });
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'checked' });
    expect(actor.getSnapshot().context.certificateFile).toEqual(GOOD_EXPORT);
    expect(actor.getSnapshot().context.certificateExport).toBeNull();
    actor.send(operator('CONFIRM'));
    expect(valueOf(actor)).toEqual({ 'certificate-health': 'probing' });
    expect(actor.getSnapshot().context.certificateExport).toEqual({ kind: 'exported', at: expect.any(String), vaultId: GOOD_EXPORT.vaultId, sha256: GOOD_EXPORT.sha256 });
    expect(journal.filter((entry) => entry.step === 'export-certificate').map((entry) => `${entry.event}:${entry.outcome}:${entry.who}`)).toEqual([
      'EXPORT:info:operator',
      'CERTIFICATE_CHECKED:ok:assistant',
      'CONFIRM:ok:operator',
    ]);
    expect(JSON.stringify(persisted(actor))).not.toMatch(/passphrase"\s*:/i);
  });

  it('takes a file the operator saved: its path, then its passphrase, then the same check', async () => {
    const { actor, fakes, journal } = await replay([...toExportCertificate, operator('USE_FILE', undefined, ` ${OWN_CERTIFICATE_PATH} `)]);
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'ask-file-passphrase' });
    expect(fakes.calls.some((call) => call.actor === 'exportCertificate')).toBe(false);
    actor.send(operator('OPEN_FILE'));
    await settle();
    expect(fakes.calls.at(-1)?.input.source).toEqual({ kind: 'file', path: OWN_CERTIFICATE_PATH });
    fakes.finish({ actor: 'exportCertificate', output: GOOD_FILE });
    await settle();
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'checked' });
    expect(journal.find((entry) => entry.event === 'USE_FILE')?.detail).toBe(`Gave the certificate file ${OWN_CERTIFICATE_PATH}.`);
  });

  it('refuses USE_FILE without a path', async () => {
    const { actor } = await replay([...toExportCertificate, operator('USE_FILE', 'a note, no path')]);
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'ask' });
  });
});

describe('certificate export: bad input asks again and keeps nothing', () => {
  it('a wrong passphrase fails the step with the reason; RETRY asks again; nothing is recorded', async () => {
    const { actor, journal } = await replay([...toExporting, failed('exportCertificate', certificateErrors.passphraseWrong)]);
    const context = actor.getSnapshot().context;
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'failed' });
    expect(context.error).toMatchObject({ code: 'CERTIFICATE_PASSPHRASE_WRONG', step: 'export-certificate' });
    expect(context.certificateFile).toBeNull();
    expect(context.certificateExport).toBeNull();
    expect(journal.at(-1)).toMatchObject({ event: 'EXPORT_FAILED', outcome: 'failed', detail: 'The passphrase does not open this file.' });
    const view = singleAutomaticView(persisted(actor), INPUT);
    expect(step(view, 'export-certificate')).toMatchObject({ status: 'failed', error: { code: 'CERTIFICATE_PASSPHRASE_WRONG' } });
    expect(step(view, 'export-certificate').actions.map((a) => a.event)).toEqual(['RETRY', 'CANCEL']);

    actor.send(operator('RETRY'));
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'ask' });
    expect(actor.getSnapshot().context.error).toBeNull();
    expect(actor.getSnapshot().can(operator('CONFIRM'))).toBe(false);
  });

  it('an unreachable appliance fails the step the same way, and another attempt replaces nothing kept', async () => {
    const { actor } = await replay([...toExporting, failed('exportCertificate', errors.unreachable), operator('RETRY'), operator('EXPORT')]);
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'exporting' });
    expect(actor.getSnapshot().context.certificateFile).toBeNull();
  });

  it('an expired file blocks the step: export again or another file; going on only with a reason, journaled', async () => {
    const { actor, journal } = await replay([...toExporting, done('exportCertificate', EXPIRED_EXPORT)]);
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'problems' });
    expect(journal.at(-1)).toMatchObject({ event: 'CERTIFICATE_CHECKED', outcome: 'blocked', detail: expect.stringContaining('expired on 1 May 2025') });
    expect(actor.getSnapshot().can(operator('CONFIRM'))).toBe(false);
    expect(actor.getSnapshot().can(operator('ACCEPT_RISK'))).toBe(false);
    const view = singleAutomaticView(persisted(actor), INPUT);
    const shown = step(view, 'export-certificate');
    expect(shown.status).toBe('blocked');
    expect(shown.actions.map((a) => [a.event, a.tone])).toEqual([
      ['EXPORT', 'primary'],
      ['USE_FILE', 'secondary'],
      ['ACCEPT_RISK', 'danger'],
      ['CANCEL', 'secondary'],
    ]);
    expect(shown.verification).toEqual({ ok: false, text: expect.stringContaining('The certificate expired on 1 May 2025.') });
    expect(shown.items?.[0]).toEqual({ label: 'The certificate expired on 1 May 2025.', status: 'failed' });

    actor.send(operator('ACCEPT_RISK', 'New certificate ordered, arrives Monday'));
    expect(valueOf(actor)).toEqual({ 'certificate-health': 'probing' });
    expect(actor.getSnapshot().context.certificateExport).toMatchObject({ kind: 'exported', vaultId: EXPIRED_EXPORT.vaultId, riskNote: 'New certificate ordered, arrives Monday' });
    expect(journal.at(-1)).toMatchObject({ event: 'ACCEPT_RISK', outcome: 'info', detail: expect.stringMatching(/Reason given: New certificate ordered/) });
  });

  it('R3 then judges the presented certificate against the kept file: an expired file blocks the health step too', async () => {
    const { actor, journal } = await replay([
      ...toExporting,
      done('exportCertificate', EXPIRED_EXPORT),
      operator('ACCEPT_RISK', 'New certificate ordered'),
      done('probeCertificate', HEALTHY_CERTIFICATE),
    ]);
    expect(valueOf(actor)).toEqual({ 'certificate-health': 'unhealthy' });
    expect(journal.at(-1)).toMatchObject({ event: 'PROBED', outcome: 'blocked', detail: expect.stringContaining('In the file appliance-a.lab.example.p12') });
  });

  it('R3 blocks when the site presents another certificate than the exported one', async () => {
    const { actor } = await replay([...toExporting, done('exportCertificate', GOOD_EXPORT), operator('CONFIRM'), done('probeCertificate', { ...HEALTHY_CERTIFICATE, fingerprint256: '01:02' })]);
    expect(valueOf(actor)).toEqual({ 'certificate-health': 'unhealthy' });
    const health = step(singleAutomaticView(persisted(actor), INPUT), 'certificate-health');
    expect(health.facts).toContainEqual({ label: 'Same certificate as the file', value: 'No: appliance-a.lab.example.p12 holds another certificate', tone: 'bad' });
  });

  it('R3 passes with a healthy probe of the very certificate in the file', async () => {
    const { actor } = await replay([...toExporting, done('exportCertificate', GOOD_EXPORT), operator('CONFIRM'), done('probeCertificate', HEALTHY_CERTIFICATE)]);
    expect(valueOf(actor)).toEqual({ 'certificate-health': 'healthy' });
  });
});

describe('certificate export: restart safety', () => {
  it('a snapshot restored in exporting re-runs the export; without the passphrase held it asks again, nothing kept', async () => {
    const first = await replay(toExporting);
    const saved = persisted(first.actor);
    first.actor.stop();
    expect(saved.value).toEqual({ 'export-certificate': 'exporting' });

    const resumed = await replay([failed('exportCertificate', certificateErrors.passphraseNeeded)], { snapshot: saved });
    expect(resumed.fakes.calls.map((call) => call.actor)).toEqual(['exportCertificate']);
    const context = resumed.actor.getSnapshot().context;
    expect(valueOf(resumed.actor)).toEqual({ 'export-certificate': 'ask' });
    expect(context.certificateFile).toBeNull();
    expect(context.certificateExport).toBeNull();
    expect(resumed.journal.at(-1)).toMatchObject({ event: 'PASSPHRASE_NEEDED', outcome: 'info', who: 'assistant' });
    const shown = step(singleAutomaticView(persisted(resumed.actor), INPUT), 'export-certificate');
    expect(shown.status).toBe('active');
    expect(shown.actions.map((a) => a.event)).toEqual(['EXPORT', 'USE_FILE', 'SKIP', 'CANCEL']);
    expect(shown.facts).toEqual([{ label: 'Passphrase needed again', value: expect.stringContaining('restarted'), tone: 'warn' }]);

    resumed.actor.send(operator('EXPORT'));
    await settle();
    expect(resumed.actor.getSnapshot().context.error).toBeNull();
    resumed.fakes.finish({ actor: 'exportCertificate', output: GOOD_EXPORT });
    await settle();
    expect(valueOf(resumed.actor)).toEqual({ 'export-certificate': 'checked' });
  });

  it('resumes a snapshot saved at the old one-state export step at the question', async () => {
    const { actor } = await replay(toExportCertificate);
    const saved = persisted(actor);
    actor.stop();
    const old = { ...saved, value: 'export-certificate', context: { ...saved.context, certificateSource: undefined, certificateFile: undefined } };
    const resumed = await replay([operator('EXPORT')], { snapshot: JSON.parse(JSON.stringify(old)) });
    expect(valueOf(resumed.actor)).toEqual({ 'export-certificate': 'exporting' });
    expect(resumed.fakes.calls.at(-1)?.input.source).toEqual({ kind: 'export' });
  });
});

/** The step as a hardware migration places it: required. */
const requiredMachine = setup({
  types: { context: {} as UpgradeContext, events: {} as { type: string; at: string; note?: string; value?: string }, input: {} as ProcedureInput },
  actors: upgradeActorPlaceholders,
  guards: upgradeGuards,
  actions: upgradeActions<UpgradeContext, { type: string; at: string; note?: string; value?: string }>(),
}).createMachine({
  id: 'required',
  initial: 'export-certificate',
  context: ({ input }) => initialUpgradeContext(input),
  states: {
    'export-certificate': exportCertificateStep('required', 'import', { required: true }),
    import: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

async function runRequired(outcome: { output?: unknown; error?: unknown }) {
  const fakes = controlledActors();
  const journal: JournalParams[] = [];
  const actor = createActor(
    requiredMachine.provide({ actors: fakes.actors as never, actions: { journal: (_: unknown, params: JournalParams) => void journal.push(params) } as never }),
    { input: INPUT },
  );
  actor.start();
  actor.send(operator('EXPORT'));
  await settle();
  fakes.finish({ actor: 'exportCertificate', ...outcome });
  await settle();
  return { actor, journal };
}

describe('certificate export where it is required (hardware migration)', () => {
  it('offers no skip, with or without a reason', () => {
    const actor = createActor(requiredMachine, { input: INPUT }).start();
    expect(actor.getSnapshot().can(operator('SKIP', 'No time today'))).toBe(false);
    expect(actor.getSnapshot().can(operator('EXPORT'))).toBe(true);
    expect(actor.getSnapshot().can(operator('USE_FILE', undefined, OWN_CERTIFICATE_PATH))).toBe(true);
    actor.stop();
  });

  it('a file with problems cannot be accepted: only another export or another file', async () => {
    const { actor } = await runRequired({ output: EXPIRED_EXPORT });
    expect(valueOf(actor)).toEqual({ 'export-certificate': 'problems' });
    expect(actor.getSnapshot().can(operator('ACCEPT_RISK', 'We will fix it later'))).toBe(false);
    expect(actor.getSnapshot().can(operator('EXPORT'))).toBe(true);
    const details = exportCertificateDetails(actor.getSnapshot().context, { required: true });
    expect(details.verification).toEqual({ ok: false, text: expect.stringContaining('expired on 1 May 2025') });
  });

  it('goes on with a checked file, and the verification says so', async () => {
    const { actor, journal } = await runRequired({ output: GOOD_EXPORT });
    actor.send(operator('CONFIRM'));
    expect(actor.getSnapshot().status).toBe('done');
    expect(journal.at(-1)).toMatchObject({ event: 'CONFIRM', outcome: 'ok', detail: expect.stringContaining('passed every check') });
    expect(exportCertificateDetails(actor.getSnapshot().context, { required: true }).verification?.ok).toBe(true);
  });
});
