/**
 * Property-based tests of what reads a stick (fast-check; on a failure it prints the seed and
 * the shrunk input to replay): whatever bytes stand where manifest.json or a key file should
 * be, the reader gives a valid value or a typed AppError with a code and a hint (manifest), or a
 * reason (key file): never a plain Error that would reach the person as INTERNAL.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleManifestSchema, parseManifest, serializeManifest } from '../../../../../electron/services/media/bundle-manifest';
import { downloadKeyFileSchema, readKeyFiles } from '../../../../../electron/services/media/key-file';
import { BUNDLE_FORMAT, type BundleManifest } from '../../../../../electron/services/media/types';
import { AppError, ERROR_CODES } from '../../../../../shared/errors';
import { keyFileFixture } from './helpers/bundle-fixtures';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const text = fc.string({ minLength: 1, maxLength: 20 });
const fileName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/).filter((n) => !n.endsWith('.'));

/** Manifests the writer could have written: parts that add up, one-file packages with the package hash. */
const validManifest: fc.Arbitrary<BundleManifest> = fc
  .record({
    bundleId: text,
    keyId: fc.string({ maxLength: 20 }),
    serial: text,
    packages: fc.array(fc.record({ id: text, name: text, kind: fc.constantFrom('base' as const, 'site' as const), version: text, sha256: hex64, file: fileName, sizes: fc.array(fc.nat({ max: 1e9 }), { minLength: 1, maxLength: 3 }), partHashes: fc.array(hex64, { minLength: 3, maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
    createdAt: text,
  })
  .map(({ bundleId, keyId, serial, packages, createdAt }) => ({
    format: BUNDLE_FORMAT,
    bundleId,
    keyId,
    appliance: { serial },
    packages: packages.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      version: p.version,
      size: p.sizes.reduce((a, b) => a + b, 0),
      sha256: p.sha256,
      files: p.sizes.map((size, i) => ({ name: p.sizes.length > 1 ? `${p.file}.part00${i + 1}` : p.file, size, sha256: p.sizes.length > 1 ? p.partHashes[i]! : p.sha256 })),
    })),
    createdAt,
    createdBy: 'tech',
    appVersion: '0.1.0',
  }));

/** A valid manifest with one value somewhere replaced by anything JSON can hold. */
const damagedManifest = fc.tuple(validManifest, fc.jsonValue(), fc.nat()).map(([manifest, junk, pick]) => {
  const copy = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>;
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
  };
  walk(copy, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return junk;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1)!] = junk;
  return copy;
});

function isTypedError(error: unknown): boolean {
  return error instanceof AppError && (ERROR_CODES as readonly string[]).includes(error.code) && error.code !== 'INTERNAL' && error.message.length > 0 && error.hint.length > 0;
}

/** Parses or refuses; a refusal must be a typed BUNDLE_INVALID. */
function manifestOutcome(bytes: Uint8Array): 'parsed' | 'refused' {
  try {
    const manifest = parseManifest(Buffer.from(bytes), '/media/stick/bundle');
    expect(bundleManifestSchema.safeParse(manifest).success).toBe(true);
    return 'parsed';
  } catch (error) {
    if (!isTypedError(error)) throw error;
    expect((error as AppError).code).toBe('BUNDLE_INVALID');
    return 'refused';
  }
}

describe('the manifest reader, fuzzed', () => {
  it('arbitrary bytes → a valid manifest or BUNDLE_INVALID', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => void manifestOutcome(bytes)), { numRuns: 2000 });
  }, 30_000);

  it('any JSON value, and valid manifests with one value replaced → a valid manifest or BUNDLE_INVALID', () => {
    const json = fc.oneof(fc.jsonValue(), damagedManifest);
    fc.assert(fc.property(json, (value) => void manifestOutcome(Buffer.from(JSON.stringify(value) ?? 'undefined'))), { numRuns: 1500 });
  }, 30_000);

  it('every manifest the writer could write reads back as itself', () => {
    fc.assert(
      fc.property(validManifest, (manifest) => {
        expect(parseManifest(serializeManifest(manifest), '/media/stick/bundle')).toEqual(manifest);
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});

describe('the key-file reader, fuzzed (real files on disk)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'key-fuzz-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const validKeyJson = fc.record({ key: text, siteName: text, applianceSerial: text }).map((o) => keyFileFixture(o));
  const keyBytes = fc.oneof(
    fc.uint8Array({ maxLength: 1024 }),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '')),
    fc.tuple(validKeyJson, fc.constantFrom('format', 'key', 'siteName', 'generatedAt', 'procedureId'), fc.jsonValue()).map(([key, field, junk]) => Buffer.from(JSON.stringify({ ...key, [field]: junk }))),
    validKeyJson.map((key) => Buffer.from(JSON.stringify(key))),
  );

  it('arbitrary contents → the key file, valid, or a reason; never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(keyBytes, async (bytes) => {
        const path = join(dir, 'fuzz.aua-key.json');
        await writeFile(path, bytes);
        const found = await readKeyFiles(dir);
        expect(found).toHaveLength(1);
        const entry = found[0]!;
        if (entry.ok) expect(downloadKeyFileSchema.safeParse(entry.keyFile).success).toBe(true);
        else expect(entry.problem.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});
