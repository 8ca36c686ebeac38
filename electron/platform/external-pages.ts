/**
 * The one way a page leaves the app for the system browser: `shell.openExternal`, and only for
 * an https page on the origin of an appliance stored in the operator's sites. Anything else
 * (another host, http, file:, a custom scheme that would launch a program) is refused here,
 * whatever the caller checked before.
 */
import { shell } from 'electron';
import { AppError } from '../../shared/errors';
import type { PageOpener } from '../services/ports';

/** The https origin of a URL, or undefined for anything that is not an https URL. */
export function httpsOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** `applianceUrls` is asked at each call, so a site saved a minute ago counts. */
export function createExternalPageOpener(applianceUrls: () => readonly string[]): PageOpener {
  return {
    async open(url) {
      const origin = httpsOrigin(url);
      const allowed = new Set(applianceUrls().map(httpsOrigin));
      if (origin === undefined || !allowed.has(origin)) {
        throw new AppError(
          'INVALID_INPUT',
          'The assistant opens only pages of your sites’ own appliances, and this page is not one.',
          'Use the page link shown in the step. To see another address, type it into your browser yourself.',
          { url },
        );
      }
      // The parsed form, so the browser opens exactly the page that was checked.
      await shell.openExternal(new URL(url).href);
    },
  };
}
