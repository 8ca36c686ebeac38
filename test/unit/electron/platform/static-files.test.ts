import { describe, expect, it } from 'vitest';
import { locateStaticFile, mimeTypeOf } from '../../../../electron/platform/static-files';

describe('static files', () => {
  it('serves index.html for the root and files inside the folder', () => {
    expect(locateStaticFile('/app/renderer', '/')).toEqual({ kind: 'file', path: '/app/renderer/index.html' });
    expect(locateStaticFile('/app/renderer', '/assets/a.js')).toEqual({ kind: 'file', path: '/app/renderer/assets/a.js' });
    expect(locateStaticFile('/app/renderer', '/assets/a%20b.js')).toEqual({ kind: 'file', path: '/app/renderer/assets/a b.js' });
  });

  it('never resolves a path outside the folder, encoded or not', () => {
    expect(locateStaticFile('/app/renderer', '/../secrets.json')).toEqual({ kind: 'outside' });
    expect(locateStaticFile('/app/renderer', '/%2e%2e/%2e%2e/etc/passwd')).toEqual({ kind: 'outside' });
    expect(locateStaticFile('/app/renderer', '/..%2Frenderer-evil/x')).toEqual({ kind: 'outside' });
  });

  it('calls a malformed path a bad request instead of throwing', () => {
    for (const pathname of ['/%', '/%E0%A4%A', '/%zz', '/a%00b']) {
      expect(locateStaticFile('/app/renderer', pathname)).toMatchObject({ kind: 'bad-request', reason: expect.any(String) });
    }
  });

  it('knows the types it serves', () => {
    expect(mimeTypeOf('x.js')).toMatch(/javascript/);
    expect(mimeTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});
