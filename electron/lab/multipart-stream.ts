/**
 * A streaming multipart/form-data splitter: bytes in, part events out. It scans for the
 * boundary as bytes arrive and passes part contents on at once, keeping back only the few
 * bytes that could be the start of a boundary split across chunks, so a 4 GiB upload costs a
 * chunk of memory. It errors when the body ends before the closing boundary, which is how a
 * dropped upload is told from a complete one.
 */
import { Transform, type TransformCallback } from 'node:stream';

export type MultipartEvent =
  | { type: 'part'; name: string; filename: string | null; headers: Record<string, string> }
  | { type: 'data'; chunk: Buffer }
  | { type: 'part-end' };

const MAX_PART_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export class MultipartError extends Error {}

/** The boundary parameter of a multipart/form-data Content-Type, or null when there is none. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

export class MultipartSplitter extends Transform {
  /** CRLF + "--" + boundary: every delimiter, the first included once we pretend the body starts after a CRLF. */
  private readonly delimiter: Buffer;
  private state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'epilogue' = 'preamble';
  /** Bytes received but not yet settled: at most a part header or a possible partial delimiter. */
  private pending: Buffer = CRLF;

  constructor(boundary: string) {
    super({ readableObjectMode: true });
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      this.scan();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.state !== 'epilogue') {
      done(new MultipartError('The upload ended before the closing boundary: it is incomplete.'));
      return;
    }
    done();
  }

  /** Settles as much of `pending` as can be settled now. */
  private scan(): void {
    for (;;) {
      switch (this.state) {
        case 'preamble':
        case 'body': {
          const at = this.pending.indexOf(this.delimiter);
          if (at < 0) {
            // Everything except a tail that could begin a delimiter is part content (or preamble).
            const safe = this.pending.length - (this.delimiter.length - 1);
            if (safe > 0) {
              if (this.state === 'body') this.push({ type: 'data', chunk: this.pending.subarray(0, safe) });
              this.pending = this.pending.subarray(safe);
            }
            return;
          }
          if (this.state === 'body') {
            if (at > 0) this.push({ type: 'data', chunk: this.pending.subarray(0, at) });
            this.push({ type: 'part-end' });
          }
          this.pending = this.pending.subarray(at + this.delimiter.length);
          this.state = 'after-delimiter';
          break;
        }
        case 'after-delimiter': {
          // "--" closes the body; otherwise optional transport padding, then CRLF and a part's headers.
          if (this.pending.length < 2) return;
          if (this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
            this.state = 'epilogue';
            break;
          }
          const lineEnd = this.pending.indexOf(CRLF);
          if (lineEnd < 0) {
            if (this.pending.length > 256) throw new MultipartError('Malformed multipart delimiter line.');
            return;
          }
          if (this.pending.subarray(0, lineEnd).toString('latin1').trim() !== '') {
            throw new MultipartError('Malformed multipart delimiter line.');
          }
          this.pending = this.pending.subarray(lineEnd + CRLF.length);
          this.state = 'headers';
          break;
        }
        case 'headers': {
          let headerText = '';
          let bodyStart = CRLF.length;
          // A part without headers starts with the blank line at once.
          if (!this.pending.subarray(0, CRLF.length).equals(CRLF)) {
            const end = this.pending.indexOf(HEADER_END);
            if (end < 0) {
              if (this.pending.length > MAX_PART_HEADER_BYTES) throw new MultipartError('Part headers are too long.');
              return;
            }
            headerText = this.pending.subarray(0, end).toString('utf8');
            bodyStart = end + HEADER_END.length;
          }
          this.pending = this.pending.subarray(bodyStart);
          this.push(partEvent(headerText));
          this.state = 'body';
          break;
        }
        case 'epilogue':
          // Whatever follows the closing boundary is ignored, as RFC 2046 says.
          this.pending = Buffer.alloc(0);
          return;
      }
    }
  }
}

function partEvent(headerText: string): MultipartEvent {
  const headers: Record<string, string> = {};
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const disposition = headers['content-disposition'] ?? '';
  return {
    type: 'part',
    name: dispositionParameter(disposition, 'name') ?? '',
    filename: dispositionParameter(disposition, 'filename'),
    headers,
  };
}

function dispositionParameter(disposition: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(disposition);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? null);
}
