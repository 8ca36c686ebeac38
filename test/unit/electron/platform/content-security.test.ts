import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../../electron/platform/content-security';
import { REPORT_STYLE_HASH } from '../../../../shared/report/report-style';

describe('content security policy', () => {
  it('allows only our own scripts and no inline or eval code', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).not.toMatch(/https?:/);
  });

  it('adds only the given socket to connect-src', () => {
    expect(contentSecurityPolicy(['ws://127.0.0.1:5180'])).toContain("connect-src 'self' ws://127.0.0.1:5180;");
  });

  it('allows the customer report’s stylesheet by its hash and no other inline style', () => {
    const styleSrc = contentSecurityPolicy().split('; ').find((part) => part.startsWith('style-src '));
    expect(styleSrc).toBe(`style-src 'self' ${REPORT_STYLE_HASH}`);
    expect(REPORT_STYLE_HASH).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  });
});
