/**
 * multipart/form-data framing exactly as a browser encodes a form with one file field (the
 * HTML "multipart/form-data encoding algorithm"). Only the framing is built here: the file's
 * bytes go between `preamble` and `epilogue` as a stream, so a package of any size is
 * uploaded without ever being held in memory, and the exact Content-Length is known up front.
 */
import { randomBytes } from 'node:crypto';

export interface MultipartFilePart {
  field: string;
  fileName: string;
  size: number;
  /** Browsers send application/octet-stream for a type they do not know (package files). */
  contentType?: string;
}

export interface MultipartFraming {
  /** The Content-Type header value, boundary included. */
  contentType: string;
  /** Every field part, then the file part's headers: sent before the file's bytes. */
  preamble: Buffer;
  /** The line break ending the file part and the closing boundary: sent after them. */
  epilogue: Buffer;
  /** preamble + file + epilogue, for the Content-Length header. */
  contentLength: number;
}

/**
 * Fields go in the order given (the form's order, as a browser sends them), then the file.
 * A random boundary makes a collision with the file's bytes practically impossible; browsers
 * rely on the same property rather than scanning the file.
 */
export function multipartFraming(
  fields: Record<string, string>,
  file: MultipartFilePart,
  boundary = `----AssistantFormBoundary${randomBytes(12).toString('hex')}`,
): MultipartFraming {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    lines.push(
      `--${boundary}\r\n` +
        `Content-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n` +
        `${value.replace(/\r\n|\r|\n/g, '\r\n')}\r\n`,
    );
  }
  lines.push(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${escapeName(file.field)}"; filename="${escapeName(file.fileName)}"\r\n` +
      `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
  );
  const preamble = Buffer.from(lines.join(''), 'utf8');
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    preamble,
    epilogue,
    contentLength: preamble.length + file.size + epilogue.length,
  };
}

/** The HTML standard's escaping of names and filenames inside the quoted header values. */
function escapeName(name: string): string {
  return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}
