/**
 * The app window's Content Security Policy and our own-page check. Pages come from the
 * `app://renderer` scheme (or the dev server in `npm run dev`); nothing remote is ever loaded.
 */
import { REPORT_STYLE_HASH } from '../../shared/report/report-style';

export const APP_ORIGIN = 'app://renderer';

export function contentSecurityPolicy(extraConnect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The customer report's stylesheet, by hash: the Report tab's srcdoc frame inherits this policy.
    `style-src 'self' ${REPORT_STYLE_HASH}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${extraConnect.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
