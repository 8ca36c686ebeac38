/** Packages on disk and drives that misbehave, for the media service's tests. */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { BundleManifestDraft, BundleSource } from '../../../../../../electron/services/media/bundle-writer';
import type { DownloadKeyFile } from '../../../../../../electron/services/media/types';

export interface FixturePackage {
  draft: BundleManifestDraft['packages'][number];
  source: BundleSource;
  bytes: Buffer;
}

/** Deterministic, non-repeating content so a shifted or swapped chunk changes the hash. */
export function patternBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

export async function makePackage(dir: string, options: { id: string; name: string; kind: 'base' | 'site'; size: number; seed: number }): Promise<FixturePackage> {
  const bytes = patternBytes(options.size, options.seed);
  const path = join(dir, `${options.id}.src`);
  await writeFile(path, bytes);
  return {
    bytes,
    source: { packageId: options.id, path },
    draft: {
      id: options.id,
      name: options.name,
      kind: options.kind,
      version: '12.1.0',
      ...(options.kind === 'site' ? { requires: '12.1.0' } : {}),
      size: options.size,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
  };
}

/** A temporary folder with a STICK folder in it (the target drive) and a Base and a Site package. */
export interface StickFixture {
  dir: string;
  media: string;
  base: FixturePackage;
  site: FixturePackage;
}

export async function makeStickWithPackages(
  prefix: string,
  options: { siteSize: number; baseSeed: number; siteSeed: number },
): Promise<StickFixture> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const media = join(dir, 'STICK');
  await mkdir(media);
  const base = await makePackage(dir, { id: 'base-12.1', name: 'base-12.1.0.pkg', kind: 'base', size: 300_000, seed: options.baseSeed });
  const site = await makePackage(dir, { id: 'site-12.1', name: 'site-12.1.0.pkg', kind: 'site', size: options.siteSize, seed: options.siteSeed });
  return { dir, media, base, site };
}

export function draftFor(packages: FixturePackage[], serial = 'BS-1001'): BundleManifestDraft {
  return { bundleId: 'b-0001', keyId: 'key-42', appliance: { serial, hostname: 'gw1.example', siteName: 'North' }, packages: packages.map((p) => p.draft) };
}

/**
 * A write stream to the real file that misbehaves after `afterBytes`: fails with `errorCode`
 * (a drive that fills up, is pulled, or turns read-only), or calls `onReached` (e.g. cancel).
 */
export function misbehavingWriteStream(path: string, afterBytes: number, behaviour: { errorCode?: string; onReached?: () => void; flipByteAt?: number }): Writable {
  const real = createWriteStream(path);
  let written = 0;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (behaviour.errorCode && written + chunk.length > afterBytes) {
        const error = Object.assign(new Error(`${behaviour.errorCode}: simulated failure, write`), { code: behaviour.errorCode, syscall: 'write' });
        callback(error);
        return;
      }
      let out = chunk;
      const at = behaviour.flipByteAt;
      if (at !== undefined && at >= written && at < written + chunk.length) {
        out = Buffer.from(chunk);
        out[at - written] = out[at - written]! ^ 0xff;
      }
      written += chunk.length;
      real.write(out, (error) => {
        if (written >= afterBytes) behaviour.onReached?.();
        callback(error ?? null);
      });
    },
    final(callback) {
      real.end(callback);
    },
    destroy(error, callback) {
      // Wait for the real file to close, so a caller's clean-up sees it and nothing reappears later.
      if (real.closed) {
        callback(error);
        return;
      }
      real.once('close', () => callback(error));
      real.destroy();
    },
  });
}

/** Every file below `dir`, relative, for "nothing left behind" assertions. */
export async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? '', e.name).slice(dir.length + 1)).sort();
}

export function keyFileFixture(overrides: Partial<DownloadKeyFile> = {}): DownloadKeyFile {
  return {
    format: 'aua-download-key/1',
    key: 'K-7F3A-19C2-88D0',
    siteName: 'North',
    siteHostname: 'north.example',
    applianceSerial: 'BS-1001',
    applianceHostname: 'gw1.example',
    siteVersion: '12.1.0',
    baseVersion: '12.1.0',
    generatedAt: '2026-03-01T10:00:00.000Z',
    generatedBy: 'tech@example',
    procedureId: 'proc-1',
    ...overrides,
  };
}
