/**
 * Serving the built renderer as static files, shared by the app:// protocol handler and the
 * test harness: one MIME table, one rule that no path escapes the renderer folder.
 */
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function mimeTypeOf(path: string): string {
  return MIME[extname(path)] ?? 'application/octet-stream';
}

export type StaticFileLookup =
  | { kind: 'file'; path: string }
  /** The path is not a valid URL path (bad percent-encoding, a NUL byte): answer 400. */
  | { kind: 'bad-request'; reason: string }
  /** The path would leave the folder: answer 404, as for a missing file. */
  | { kind: 'outside' };

/**
 * The file for a URL path inside `rootDir`. Never throws: a malformed path (`/%`,
 * `/%E0%A4%A`) is a bad request, so neither the app:// handler nor the harness can be
 * brought down by one.
 */
export function locateStaticFile(rootDir: string, urlPathname: string): StaticFileLookup {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPathname === '/' || urlPathname === '' ? '/index.html' : urlPathname);
  } catch {
    return { kind: 'bad-request', reason: 'The address is not correctly encoded.' };
  }
  if (relative.includes('\0')) return { kind: 'bad-request', reason: 'The address contains a NUL character.' };
  const root = normalize(rootDir + sep);
  const path = normalize(join(root, relative));
  return path.startsWith(root) ? { kind: 'file', path } : { kind: 'outside' };
}
