/**
 * Fuzzing the router's input validation for every request of the contract. Inputs come from
 * the contract's own schemas (the right keys with good, bad and hostile values) and from
 * arbitrary values, as a compromised renderer could send them. The router either hands the
 * handler an input its schema accepts, or answers INVALID_INPUT without calling it; and the
 * real services behind it answer every such call without a plain Error surfacing as INTERNAL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '../../../../electron/bridge/router';
import { composeServices, type Services } from '../../../../electron/services/compose';
import { createFolderDriveLister } from '../../../../electron/services/media';
import { channels, requests, type Channel } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { FUZZ_TIMEOUT_MS, fuzzRuns } from '../../helpers/fuzz';
import { memorySecrets, memorySettings } from '../../helpers/memory-stores';
import { createDeskPorts } from '../../../harness/desk-ports';

/** Strings a field may meet: empty, padded, too long, control characters, near-valid values. */
const STRINGS = [
  '', ' ', 'x', '  padded  ', 'a'.repeat(201), 'é✓\u0000\u202e', 'P1', 'P2-fetch', 'P9', 'CONFIRM', 'OPERATOR_DONE', 'lower_case',
  'https://127.0.0.1:9', 'https://127.0.0.1:9/', 'http://127.0.0.1:9', 'https://127.0.0.1:9/path', 'not a url', 'javascript:alert(1)',
  '../../etc/passwd', '/dev/zero', 'AA:BB:CC:DD:EE:FF', '__proto__', 'constructor',
];
const hostile = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, 0, -1, 1e308, Number.NaN, [], {}, ['x'], { toString: 'x' }),
  fc.string({ maxLength: 20 }),
  fc.double(),
);

type Schema = z.ZodType & { _zod: { def: { type: string; innerType?: Schema } }; shape?: Record<string, Schema>; options?: readonly unknown[] };

/**
 * Arbitrary calls `[channel, input]` over the whole contract. `known` adds strings worth
 * trying (ids that exist); fields named like an address, an id or an event type also get
 * plausible values, so valid calls reach deep into the handlers, not only the validation.
 */
function callsOver(known: readonly string[] = []) {
  const text = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...STRINGS, ...known) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });
  const plausible: Record<string, fc.Arbitrary<unknown>> = {
    applianceUrl: fc.constantFrom('https://127.0.0.1:9', 'https://127.0.0.1:9/', 'http://127.0.0.1:9'),
    url: fc.constantFrom('https://127.0.0.1:9/login', 'https://127.0.0.1:10/', 'https://evil.example/', 'file:///etc/passwd'),
    type: fc.constantFrom('CONFIRM', 'CANCEL', 'RETRY', 'CONTINUE', 'SUBMIT_KEY', 'lower'),
    ...(known.length ? { id: fc.constantFrom(...known), siteId: fc.constantFrom(...known) } : {}),
  };

  function valueFor(schema: Schema, key: string | undefined, depth: number): fc.Arbitrary<unknown> {
    const { type, innerType } = schema._zod.def;
    if ((type === 'optional' || type === 'default' || type === 'nullable') && innerType) {
      return fc.oneof(valueFor(innerType, key, depth), fc.constant(undefined));
    }
    let typed: fc.Arbitrary<unknown>;
    if (type === 'object' && schema.shape && depth < 3) {
      const fields = Object.fromEntries(Object.entries(schema.shape).map(([name, field]) => [name, valueFor(field, name, depth + 1)]));
      // Mostly every key (an optional one may still come as undefined), sometimes any of them missing.
      const given = fc.oneof({ weight: 3, arbitrary: fc.record(fields) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) });
      typed = fc
        .tuple(given, fc.dictionary(fc.constantFrom('extra', '__proto__', 'id'), hostile, { maxKeys: 2 }))
        .map(([known, extra]) => ({ ...extra, ...known }));
    } else if (type === 'enum' && schema.options) {
      typed = fc.oneof(fc.constantFrom(...schema.options), text);
    } else if (type === 'string') {
      typed = key && plausible[key] ? fc.oneof(plausible[key], text) : text;
    } else {
      typed = hostile;
    }
    return fc.oneof({ weight: 6, arbitrary: typed }, { weight: 1, arbitrary: hostile });
  }

  return fc.constantFrom(...channels).chain((channel) =>
    fc.tuple(
      fc.constant(channel),
      fc.oneof({ weight: 5, arbitrary: valueFor(requests[channel].input as unknown as Schema, undefined, 0) }, { weight: 1, arbitrary: fc.anything() }),
    ),
  );
}

/** Marks that a handler ran; its input is kept to check against the schema. */
class Reached extends AppError {
  constructor(readonly input: unknown) {
    super('NOT_FOUND', 'reached the handler', 'none');
  }
}

describe('router input validation (fuzzed)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('hands a handler only input its schema accepts, and answers anything else INVALID_INPUT without calling it', async () => {
    let lastInput: unknown;
    const handlers = Object.fromEntries(
      channels.map((channel) => [
        channel,
        (input: unknown) => {
          lastInput = input;
          throw new Reached(input);
        },
      ]),
    ) as unknown as Handlers;
    const unexpected: unknown[] = [];
    const router = createRouter(handlers, { onUnexpectedError: (_channel, error) => unexpected.push(error) });
    await fc.assert(
      fc.asyncProperty(callsOver(), async ([channel, input]) => {
        lastInput = undefined;
        const reply = await router.dispatch(channel, input);
        expect(reply.ok).toBe(false);
        if (reply.ok) return;
        if (reply.error.code === 'INVALID_INPUT') {
          expect(lastInput).toBeUndefined();
          expect(reply.error.message.length).toBeGreaterThan(0);
          expect(reply.error.hint.length).toBeGreaterThan(0);
        } else {
          expect(reply.error.code).toBe('NOT_FOUND');
          expect(requests[channel as Channel].input.safeParse(lastInput).success).toBe(true);
        }
        expect(unexpected).toEqual([]);
      }),
      fuzzRuns(3000),
    );
  });

  it('answers INVALID_INPUT for a channel the contract does not declare, whatever its name', async () => {
    const router = createRouter({} as Handlers);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom<unknown>('__proto__', 'constructor', 'toString', 'hasOwnProperty', null, 42, {})), fc.anything(), async (channel, input) => {
        fc.pre(!(channels as unknown[]).includes(channel));
        expect(await router.dispatch(channel, input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }),
      fuzzRuns(1000),
    );
  });
});

describe('the real services behind the router (fuzzed)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  let dir: string;
  let services: Services;
  const unexpected: Array<[string, unknown]> = [];
  const opened: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aua-router-fuzz-'));
    services = await composeServices({
      dataDir: dir,
      appVersion: '0.1.0-fuzz',
      operator: 'fuzz',
      settings: memorySettings(),
      secrets: memorySecrets(),
      pages: { open: async (url) => void opened.push(url) },
      drives: createFolderDriveLister([]),
      folders: { chooseFolder: async () => undefined },
      ...createDeskPorts({ saveDir: join(dir, 'saved') }),
      onUnexpectedError: (where, error) => unexpected.push([where, error]),
    });
  });

  afterAll(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every call with a value or a typed error, never INTERNAL', async () => {
    // One site on a closed loopback port, whose id the fuzzer knows: calls reach the handlers
    // and the appliance client, and nothing outside 127.0.0.1 is ever contacted.
    const site = await services.sites.save({ name: 'Loopback', siteHostname: 'support.example', applianceUrl: 'https://127.0.0.1:9', apiClientId: 'c', apiClientSecret: 's' });
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(callsOver([site.id]), async ([channel, input]) => {
        // Removing the one known site would leave nothing for the rest of the run to reach.
        fc.pre(!(channel === 'sites.remove' && (input as { id?: unknown } | null)?.id === site.id));
        const reply = await services.router.dispatch(channel, input);
        seen.add(`${channel} ${reply.ok ? 'ok' : reply.error.code}`);
        if (!reply.ok) {
          expect(reply.error.code, `${channel} ${JSON.stringify(input)}: ${reply.error.message}`).not.toBe('INTERNAL');
          expect(reply.error.hint.length).toBeGreaterThan(0);
        }
        expect(unexpected.filter(([where]) => where === channel)).toEqual([]);
      }),
      {
        ...fuzzRuns<[[Channel, unknown]]>(300),
        // Run first, so the run always goes past validation into the services, whatever the seed.
        examples: [
          [['sites.save', { name: 'Second', siteHostname: 'h', applianceUrl: 'https://127.0.0.1:9/', apiClientId: 'c', apiClientSecret: 's' }]],
          [['sites.testConnection', { id: site.id }]],
          [['procedures.start', { kind: 'P1', siteId: site.id }]],
          [['procedures.start', { kind: 'P2-fetch' }]],
          [['shell.openPage', { siteId: site.id, url: 'https://127.0.0.1:9/login' }]],
          [['shell.openPage', { siteId: site.id, url: 'https://evil.example/login' }]],
        ],
      },
    );
    for (const reached of ['sites.save ok', 'sites.testConnection UNREACHABLE', 'procedures.start ok', 'shell.openPage ok', 'shell.openPage INVALID_INPUT']) {
      expect([...seen], reached).toContain(reached);
    }
    expect(opened.every((url) => new URL(url).origin === 'https://127.0.0.1:9')).toBe(true);
  });
});
