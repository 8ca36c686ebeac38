/**
 * The app window's Content Security Policy and our own-page check. Pages come from the
 * `app://renderer` scheme (or the dev server in `npm run dev`); nothing remote is ever loaded.
 */
export const APP_ORIGIN = 'app://renderer';

export function contentSecurityPolicy(extraConnect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${extraConnect.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
