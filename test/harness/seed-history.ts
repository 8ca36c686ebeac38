/**
 * A year of history in real shapes, for the UI benchmark and the history's browser test:
 * sites saved through the sites service, three P1 procedures run through the real services
 * against the lab (one complete, one cancelled, one ended for support), then each copied with
 * a new id, site, operator and dates, as the host itself would have written them. Nothing here
 * invents a snapshot or a journal line: every file is one the app wrote, with names and times
 * substituted.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Site } from '../../shared/domain';
import { frontAppliance } from '../../shared/sites';
import type { ProcedureView } from '../../shared/procedures/view';
import { AFTERCARE_CHECKS } from '../../shared/procedures/steps/aftercare-and-report/record';
import type { Services } from '../../electron/services/compose';
import type { LabControl } from '../e2e/support/lab-control';

/** The passphrase the seeded P1 types for its certificate file (kept in memory only by the app). */
const PASSPHRASE = 'Seeded history passphrase 7';

export interface Template {
  id: string;
  status: ProcedureView['status'];
}

async function waitForView(services: Services, id: string, ready: (view: ProcedureView) => boolean, what: string, timeoutMs = 120_000): Promise<ProcedureView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = services.procedures.get(id);
    if (ready(view)) return view;
    if (Date.now() > deadline) throw new Error(`${id}: waited for ${what}; at ${view.currentStepId} (${view.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends the event once the step offers it, as a person would click it. */
async function act(services: Services, id: string, step: string, event: string, extra: { value?: string; note?: string } = {}): Promise<void> {
  await waitForView(services, id, (v) => v.currentStepId === step && v.steps.some((s) => s.id === step && s.actions.some((a) => a.event === event)), `${event} at ${step}`);
  await services.procedures.send(id, { type: event, ...extra });
}

async function runP1(services: Services, siteId: string, until: 'done' | 'cancelled' | 'support'): Promise<Template> {
  await services.sites.testConnection(siteId);
  const { id } = await services.procedures.start('P1', siteId);
  await act(services, id, 'window', 'WINDOW_STARTED');
  if (until === 'cancelled') {
    await act(services, id, 'export-certificate', 'CANCEL', { note: 'The customer asked to postpone the upgrade.' });
  } else {
    await act(services, id, 'export-certificate', 'EXPORT', { value: PASSPHRASE });
    await act(services, id, 'export-certificate', 'CONFIRM');
    await act(services, id, 'certificate-health', 'CONFIRM');
    await act(services, id, 'plan', 'START_INSTALL');
    if (until === 'done') {
      // Client aftercare: the limit proposed from 100 Mbit/s and saved, the clients back, the original put back, all ticked.
      await act(services, id, 'aftercare', 'PROPOSE', { value: '100' });
      await act(services, id, 'aftercare', 'SET_LIMIT', { value: '40' });
      await act(services, id, 'aftercare', 'CONFIRM');
      await act(services, id, 'aftercare-restore', 'RESTORE');
      await act(services, id, 'aftercare-checklist', 'TICKED', { value: AFTERCARE_CHECKS.map((item) => item.id).join(',') });
    }
  }
  const view = await waitForView(services, id, (v) => v.status !== 'active', 'the end');
  if (view.status !== until) throw new Error(`${id} ended ${view.status}, not ${until}`);
  await services.flush();
  return { id, status: view.status };
}

/** One P1 of each ending, run on the practice lab's site through the real services. */
export async function recordTemplates(services: Services, control: LabControl): Promise<Template[]> {
  const lab = services.sites.list().find((s) => s.isPracticeLab);
  if (!lab) throw new Error('the harness has no practice lab site');
  const done = await runP1(services, lab.id, 'done');
  await control.post('/lab/reset', { scenario: 'single' });
  const cancelled = await runP1(services, lab.id, 'cancelled');
  await control.fault('base-install-failure', true);
  const support = await runP1(services, lab.id, 'support');
  await control.post('/lab/reset', { scenario: 'single' });
  return [done, cancelled, support];
}

const CITIES = ['Aarhus', 'Bergen', 'Cork', 'Dijon', 'Espoo', 'Faro', 'Graz', 'Haarlem', 'Izmir', 'Jena', 'Kraków', 'Lyon', 'Malmö', 'Nantes', 'Oulu', 'Porto', 'Reims', 'Split', 'Tartu', 'Zürich'];
const PLACES = ['Head office', 'Clinic', 'Warehouse', 'Campus', 'Plant'];

/** Sites saved as the editor saves them, each on its own appliance address. */
export async function seedSites(services: Services, count: number): Promise<Site[]> {
  const sites: Site[] = [];
  for (let i = 0; i < count; i++) {
    const city = CITIES[i % CITIES.length]!;
    const place = PLACES[Math.floor(i / CITIES.length) % PLACES.length]!;
    const host = `support${i + 1}.${city.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}.example`;
    sites.push(
      await services.sites.save({
        name: `${city} ${place}`,
        siteHostname: host,
        applianceUrl: `https://b300-${i + 1}.${host}`,
        apiClientId: `upgrade-client-${i + 1}`,
        apiClientSecret: `secret-${i + 1}`,
        adminUser: 'admin',
        adminPassword: `admin-password-${i + 1}`,
      }),
    );
  }
  return sites;
}

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z/g;
const OPERATORS = ['harness-operator', 'Alex Field', 'Sam Rivera', 'Jo Lindqvist'];

function jsonText(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function replaceAll(text: string, pairs: [string, string][]): string {
  return pairs.reduce((t, [from, to]) => (from === '' ? t : t.split(from).join(to)), text);
}

interface TemplateFiles {
  template: Template;
  kind: string;
  startedAt: number;
  snapshotMtime: number;
  files: Map<string, string>;
  siteWatch: string | undefined;
  input: { siteId: string; siteName: string; applianceUrl: string; operator: string };
}

async function readTemplate(dataDir: string, template: Template): Promise<TemplateFiles> {
  const dir = join(dataDir, 'procedures', template.id);
  const files = new Map<string, string>();
  for (const name of await readdir(dir)) files.set(name, await readFile(join(dir, name), 'utf8'));
  const meta = JSON.parse(files.get('meta.json')!) as { kind: string; startedAt: string; input: TemplateFiles['input'] };
  const siteWatch = await readFile(join(dataDir, 'site-watch', `${template.id}.json`), 'utf8').catch(() => undefined);
  return { template, kind: meta.kind, startedAt: Date.parse(meta.startedAt), snapshotMtime: (await stat(join(dir, 'snapshot.json'))).mtimeMs, files, siteWatch, input: meta.input };
}

/**
 * `count` copies of the templates (mostly complete, some cancelled, a few for support), spread
 * over the year before `now`, round the sites; returns the new ids. The host reads them all on
 * its next start.
 */
export async function cloneHistory(options: { dataDir: string; templates: Template[]; sites: Site[]; count: number; now: number }): Promise<string[]> {
  const templates = await Promise.all(options.templates.map((t) => readTemplate(options.dataDir, t)));
  const byStatus = (status: string) => templates.find((t) => t.template.status === status) ?? templates[0]!;
  const yearMs = 365 * 24 * 3600 * 1000;
  const ids: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const source = i % 10 === 9 ? byStatus('support') : i % 5 === 2 ? byStatus('cancelled') : byStatus('done');
    const site = options.sites[i % options.sites.length]!;
    const startedAt = Math.round(options.now - yearMs + ((i + 0.5) / options.count) * (yearMs - 3600_000));
    const delta = startedAt - source.startedAt;
    const stamp = new Date(startedAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const id = `${source.kind}-${stamp}-${randomBytes(3).toString('hex')}`;
    const operator = OPERATORS[i % OPERATORS.length]!;
    const pairs: [string, string][] = [
      [source.template.id, id],
      [jsonText(source.input.siteName), jsonText(site.name)],
      [source.input.siteId, site.id],
      [source.input.applianceUrl, frontAppliance(site).applianceUrl],
      [source.input.operator, operator],
    ];
    const rewrite = (text: string) => replaceAll(text, pairs).replace(ISO, (at) => new Date(Date.parse(at) + delta).toISOString());
    const dir = join(options.dataDir, 'procedures', id);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const [name, text] of source.files) await writeFile(join(dir, name), rewrite(text), { mode: 0o600 });
    // The host takes a snapshot's time from the file, as it was when the procedure last moved.
    const moved = new Date(source.snapshotMtime + delta);
    await utimes(join(dir, 'snapshot.json'), moved, moved);
    if (source.siteWatch !== undefined) await writeFile(join(options.dataDir, 'site-watch', `${id}.json`), rewrite(source.siteWatch), { mode: 0o600 });
    ids.push(id);
  }
  return ids;
}
