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

/** The file for a URL path inside `rootDir`, or undefined when the path would leave it. */
export function resolveStaticPath(rootDir: string, urlPathname: string): string | undefined {
  const root = normalize(rootDir + sep);
  const relative = decodeURIComponent(urlPathname === '/' ? '/index.html' : urlPathname);
  const path = normalize(join(root, relative));
  return path.startsWith(root) ? path : undefined;
}
