/**
 * Secrets typed into a step (a passphrase) stay in the host's memory: the machine gets the event
 * without its value, and neither the snapshot, the journal nor the view ever holds it. A new host
 * (an app restart) no longer has it.
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assign, setup } from 'xstate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcedureDefinition, ProcedureInput, SnapshotLike } from '../../shared/procedures/definition';
import * as media from '../../electron/services/media';
import { createProcedureHost, type ProcedureHost } from '../../electron/services/procedures';
import { createProcedureSecrets, type ProcedureSecrets } from '../../electron/services/procedures/procedure-secrets';
import { createVault } from '../../electron/services/vault';
import { AppError } from '../../shared/errors';
import { siteRecord } from '../unit/helpers/site-record';

const PASSPHRASE = 'correct horse battery staple 42';

const secretMachine = setup({
  types: {
    context: {} as { procedureId: string; seen: string | null; at: string | null },
    events: {} as { type: 'EXPORT'; at: string; value?: string },
    input: {} as ProcedureInput,
  },
}).createMachine({
  id: 'secretTest',
  initial: 'ask',
  context: ({ input }) => ({ procedureId: input.procedureId, seen: null, at: null }),
  states: {
    ask: { on: { EXPORT: { target: 'done', actions: assign({ seen: ({ event }) => event.value ?? null, at: ({ event }) => event.at }) } } },
    done: { type: 'final' },
  },
});

const secretProcedure: ProcedureDefinition = {
  kind: 'P1',
  title: 'Secret test',
  machine: secretMachine,
  view(snapshot: SnapshotLike) {
    const asking = snapshot.value === 'ask';
    return {
      status: asking ? 'active' : 'done',
      currentStepId: asking ? 'export' : null,
      steps: [
        {
          id: 'export',
          title: 'Export',
          kind: 'auto',
          rules: [],
          status: asking ? 'active' : 'done',
          instruction: 'Type a passphrase.',
          facts: [],
          actions: asking
            ? [{ event: 'EXPORT', label: 'Export', tone: 'primary', input: { kind: 'secret', label: 'Passphrase for the file', secretSlot: 'certificate-passphrase' } }]
            : [],
        },
      ],
    };
  },
};

let dataDir: string;
let hosts: ProcedureHost[];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'secrets-'));
  hosts = [];
});
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.stopAll()));
  await rm(dataDir, { recursive: true, force: true });
});

async function newHost(secrets: ProcedureSecrets): Promise<ProcedureHost> {
  const host = createProcedureHost({
    dataDir,
    definitions: { P1: secretProcedure },
    sites: {
      get: async () => siteRecord({ id: 'site-1', name: 'Site', siteHostname: 'support.test', applianceUrl: 'https://a.test' }),
      endpoint: async () => ({ baseUrl: 'https://a.test', apiClientId: 'c', apiClientSecret: 's' }),
    },
    vault: await createVault({ dir: join(dataDir, 'vault'), clock: { now: () => Date.now() } }),
    clientFactory: () => {
      throw new Error('no appliance in this test');
    },
    clock: { now: () => Date.now() },
    operator: 'Alex Field',
    appVersion: '0.0.0-test',
    media,
    drives: media.createFolderDriveLister([]),
    emit: () => undefined,
    secrets,
  });
  hosts.push(host);
  return host;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('secrets typed into a step', () => {
  it('reach the memory store, never the machine, the snapshot, the journal or the view', async () => {
    const secrets = createProcedureSecrets();
    const host = await newHost(secrets);
    const started = await host.start('P1', 'site-1');
    const after = await host.send(started.id, { type: 'EXPORT', value: PASSPHRASE });
    await host.whenIdle();

    expect(secrets.get(started.id, 'certificate-passphrase')).toBe(PASSPHRASE);
    expect(after.status).toBe('done');
    expect(JSON.stringify(after)).not.toContain(PASSPHRASE);
    const snapshot = JSON.parse(await readFile(join(dataDir, 'procedures', started.id, 'snapshot.json'), 'utf8'));
    // The machine saw the event (its time is recorded) but not the value.
    expect(snapshot.context.at).toEqual(expect.any(String));
    expect(snapshot.context.seen).toBeNull();
    const files = await filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
    for (const file of files) expect((await readFile(file)).toString('latin1')).not.toContain(PASSPHRASE);
  });

  it('refuses a secret action without its value, and records nothing', async () => {
    const host = await newHost(createProcedureSecrets());
    const started = await host.start('P1', 'site-1');
    await expect(host.send(started.id, { type: 'EXPORT' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await host.get(started.id)).status).toBe('active');
  });

  it('are gone after a restart: the actor is told to ask again', () => {
    const before = createProcedureSecrets();
    before.put('p-1', 'certificate-passphrase', PASSPHRASE);
    const afterRestart = createProcedureSecrets();
    expect(afterRestart.get('p-1', 'certificate-passphrase')).toBeUndefined();
    let thrown: unknown;
    try {
      afterRestart.require('p-1', 'certificate-passphrase', 'the passphrase of the certificate file');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'PASSPHRASE_NEEDED' });
    expect((thrown as AppError).message).toContain('the passphrase of the certificate file');
    before.drop('p-1');
    expect(before.get('p-1', 'certificate-passphrase')).toBeUndefined();
  });
});
