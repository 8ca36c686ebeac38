import { describe, expect, it } from 'vitest';
import { mimeTypeOf, resolveStaticPath } from '../../../../electron/platform/static-files';

describe('static files', () => {
  it('serves index.html for the root and files inside the folder', () => {
    expect(resolveStaticPath('/app/renderer', '/')).toBe('/app/renderer/index.html');
    expect(resolveStaticPath('/app/renderer', '/assets/a.js')).toBe('/app/renderer/assets/a.js');
  });

  it('never resolves a path outside the folder, encoded or not', () => {
    expect(resolveStaticPath('/app/renderer', '/../secrets.json')).toBeUndefined();
    expect(resolveStaticPath('/app/renderer', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveStaticPath('/app/renderer', '/..%2Frenderer-evil/x')).toBeUndefined();
  });

  it('knows the types it serves', () => {
    expect(mimeTypeOf('x.js')).toMatch(/javascript/);
    expect(mimeTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});
