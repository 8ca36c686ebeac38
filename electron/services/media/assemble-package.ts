/**
 * Copies a package out of a bundle (joining its parts in order) to a destination such as the
 * vault. Every part and the whole are hashed on the way; a mismatch aborts before the
 * destination name exists, and the finished file is hashed again from disk. A part is never
 * read past its declared size, and one that is a link, pipe or device is refused unopened.
 */
import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { FileTooLargeError, NotAPlainFileError, openPlainFileForRead } from '../fs/direct-read';
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
      let opened;
      try {
        opened = await openPlainFileForRead(join(bundleDir, file.name), file.size);
      } catch (error) {
        if (error instanceof NotAPlainFileError) throw fileInvalid(bundleDir, file, `is ${error.what}, not a file, so it was not opened`);
        if (error instanceof FileTooLargeError) throw fileInvalid(bundleDir, file, `is ${error.size} bytes, more than the ${file.size} listed`);
        throw readFailure(bundleDir, file, error);
      }
      try {
        // Never past the declared size, even if the file grows while it is copied.
        const reader = file.size > 0 ? opened.handle.createReadStream({ start: 0, end: file.size - 1, highWaterMark: FILE_CHUNK_BYTES, autoClose: false }) : [];
        for await (const chunk of reader as AsyncIterable<Buffer>) {
          part.update(chunk);
          whole.update(chunk);
          size += chunk.length;
          wholeSize += chunk.length;
          options.onBytes?.(chunk.length);
          yield chunk;
        }
      } catch (error) {
        throw readFailure(bundleDir, file, error);
      } finally {
        await opened.handle.close().catch(() => undefined);
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

function readFailure(bundleDir: string, file: BundleFile, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return fileInvalid(bundleDir, file, 'is missing');
  if (code !== undefined) return mediaRemoved(file.name, (error as Error).message);
  return error;
}

function fileInvalid(bundleDir: string, file: BundleFile, problem: string): AppError {
  return new AppError('BUNDLE_INVALID', `The bundle cannot be used: ${file.name} ${problem}.`, 'Do not upload this package. Write the bundle again on the connected side and bring the new stick.', {
    bundleDir,
    file: file.name,
  });
}
