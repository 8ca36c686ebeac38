/**
 * Copies a package out of a bundle (joining its parts in order) to a destination such as the
 * vault. Every part and the whole are hashed on the way; a mismatch aborts before the
 * destination name exists, and the finished file is hashed again from disk.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { FILE_CHUNK_BYTES, hashFile, type HashResult } from '../fs/hashing';
import { cancelled, mediaRemoved } from './media-errors';
import type { BundleFile, BundlePackage } from './types';

export interface AssembleOptions {
  signal?: AbortSignal;
  /** Called with each chunk's size as it is copied. */
  onBytes?: (bytes: number) => void;
  /** Mode of the destination file (default 0o600, as everything in the vault). */
  mode?: number;
}

export async function assemblePackage(bundleDir: string, pkg: BundlePackage, destPath: string, options: AssembleOptions = {}): Promise<HashResult> {
  const whole = createHash('sha256');
  let wholeSize = 0;

  async function* concatenated(): AsyncGenerator<Buffer> {
    for (const file of pkg.files) {
      const part = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of createReadStream(join(bundleDir, file.name), { highWaterMark: FILE_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
          part.update(chunk);
          whole.update(chunk);
          size += chunk.length;
          wholeSize += chunk.length;
          options.onBytes?.(chunk.length);
          yield chunk;
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw fileInvalid(bundleDir, file, 'is missing');
        if (code !== undefined) throw mediaRemoved(file.name, (error as Error).message);
        throw error;
      }
      if (size !== file.size || part.digest('hex') !== file.sha256) throw fileInvalid(bundleDir, file, size !== file.size ? `is ${size} bytes, expected ${file.size}` : 'has different content (SHA-256 does not match the manifest)');
    }
    if (wholeSize !== pkg.size || whole.digest('hex') !== pkg.sha256) {
      throw fileInvalid(bundleDir, { name: pkg.name, size: pkg.size, sha256: pkg.sha256 }, 'joined from its parts does not match the package SHA-256');
    }
  }

  const { signal } = options;
  try {
    await writeFileAtomic(destPath, concatenated(), { mode: options.mode ?? 0o600, signal });
  } catch (error) {
    throw signal?.aborted ? cancelled('copy') : error;
  }
  const onDisk = await hashFile(destPath, signal).catch(async (error: unknown) => {
    await unlink(destPath).catch(() => undefined);
    throw signal?.aborted ? cancelled('copy') : error;
  });
  if (onDisk.sha256 !== pkg.sha256 || onDisk.size !== pkg.size) {
    await unlink(destPath).catch(() => undefined);
    throw new AppError('CHECKSUM_MISMATCH', `The copy of ${pkg.name} read back from this computer's disk differs from the bundle.`, 'Check the disk of this computer, then copy the package again.', {
      destPath,
    });
  }
  return onDisk;
}

function fileInvalid(bundleDir: string, file: BundleFile, problem: string): AppError {
  return new AppError('BUNDLE_INVALID', `The bundle cannot be used: ${file.name} ${problem}.`, 'Do not upload this package. Write the bundle again on the connected side and bring the new stick.', {
    bundleDir,
    file: file.name,
  });
}
