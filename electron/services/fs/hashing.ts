/** SHA-256 by stream: big files are hashed in constant memory. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HashResult {
  sha256: string;
  size: number;
}

/** A pass-through that hashes and counts what flows through it; read `result()` after the pipeline ends. */
export class HashingTransform extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private digest: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    callback();
  }

  result(): HashResult {
    if (this.digest === undefined) throw new Error('HashingTransform.result() read before the stream ended.');
    return { sha256: this.digest, size: this.size };
  }
}

/** Re-reads a file from disk and hashes it (lower-case hex). */
export async function hashFile(path: string, signal?: AbortSignal): Promise<HashResult> {
  const hasher = new HashingTransform();
  const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
  await pipeline(createReadStream(path), hasher, sink, { signal });
  return hasher.result();
}
