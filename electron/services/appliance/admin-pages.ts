/**
 * The /appliance pages and forms the assistant reads and posts, each inside a signed-in
 * session: Status > Basics, Updates (check, install, download key), Networking > IP Configuration.
 */
import { AppError } from '../../../shared/errors';
import { LOGIN_PATH, SessionExpired, type AdminConnection } from './admin-connection';
import { updateRefused } from './admin-refusals';
import { appliancePageError } from './errors';
import { findElementById, findElements, textById, textContent } from './html';
import type { CertificateMethods } from './admin-certificates';
import type { FailoverMethods } from './admin-failover';
import type { MigrationPages } from './admin-migration';
import type { AdminSession, AvailableUpdate, StatusBasics } from './types';

const STATUS_PATH = '/appliance/status';
export const UPDATES_PATH = '/appliance/updates';
const CHECK_PATH = '/appliance/updates/check';
const INSTALL_PATH = '/appliance/updates/install';
const DOWNLOAD_KEY_PATH = '/appliance/updates/download-key';
export const IP_CONFIG_PATH = '/appliance/networking/ip';

export function createAdminPages(connection: AdminConnection): Omit<AdminSession, 'uploadPackage' | CertificateMethods | FailoverMethods | keyof MigrationPages> {
  const { baseUrl, signedIn, getPage, formsOn, request } = connection;

  return {
    statusBasics() {
      return signedIn(async () => {
        const html = await getPage(STATUS_PATH, 'Status > Basics');
        const read = (id: string) => {
          const text = textById(html, id);
          if (text === undefined) throw appliancePageError(baseUrl, `“${id}” on Status > Basics`);
          return text;
        };
        const basics: StatusBasics = {
          serial: read('serial'),
          hostname: read('hostname'),
          siteVersion: read('site-version'),
          baseVersion: read('base-version'),
          time: read('appliance-time'),
          status: read('appliance-status'),
          storedDataMb: Number(read('stored-data-mb').replace(/[^\d.]/g, '')),
          // Older appliance pages may not show these; an empty value is never mistaken for a site.
          siteHostname: textById(html, 'site-hostname') ?? '',
          model: textById(html, 'appliance-model') ?? '',
        };
        return basics;
      });
    },

    checkForUpdates() {
      return signedIn(async () => {
        const before = await getPage(UPDATES_PATH, 'Updates');
        const form = formsOn(before, UPDATES_PATH).find((f) => f.action === CHECK_PATH);
        if (!form) throw appliancePageError(baseUrl, 'the “Check for updates” form');
        const answer = await request('post', CHECK_PATH, 'checking for updates', form.fields);
        if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
        if (answer.status !== 302) throw updateRefused(baseUrl, answer, 'checking for updates');
        const after = await getPage(UPDATES_PATH, 'Updates');
        return parseAvailableUpdates(after);
      });
    },

    installUpdate(updateId) {
      return signedIn(async () => {
        const html = await getPage(UPDATES_PATH, 'Updates');
        const form = formsOn(html, UPDATES_PATH).find(
          (f) => f.action === INSTALL_PATH && f.fields.update_id === updateId,
        );
        if (!form) {
          throw new AppError(
            'NOT_FOUND',
            `The appliance does not list the update “${updateId}” as available.`,
            'Check for updates again; if it is still missing, the update may already be installed.',
            { baseUrl, updateId },
          );
        }
        const answer = await request('post', INSTALL_PATH, 'starting the update', form.fields);
        if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
        if (answer.status !== 302) throw updateRefused(baseUrl, answer, 'starting the update');
      });
    },

    generateDownloadKey() {
      return signedIn(async () => {
        const html = await getPage(UPDATES_PATH, 'Updates');
        const form = formsOn(html, UPDATES_PATH).find((f) => f.action === DOWNLOAD_KEY_PATH);
        if (!form) throw appliancePageError(baseUrl, 'the “Generate Download Key” form on Updates');
        const answer = await request('post', DOWNLOAD_KEY_PATH, 'generating a download key', form.fields);
        if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
        if (answer.status !== 200) throw updateRefused(baseUrl, answer, 'generating a download key');
        // A <pre> may wrap a long key; the key itself never contains white space.
        const key = textById(answer.body, 'download-key')?.replace(/\s+/g, '');
        const generatedAt = textById(answer.body, 'download-key-generated-at');
        if (!key) throw appliancePageError(baseUrl, 'the new download key (“download-key”) on Updates');
        if (!generatedAt) throw appliancePageError(baseUrl, 'when the download key was generated on Updates');
        return { key, generatedAt };
      });
    },

    ipConfiguration() {
      return signedIn(async () => {
        const html = await getPage(IP_CONFIG_PATH, 'Networking > IP Configuration');
        const enabled = textById(html, 'ntp-enabled')?.toLowerCase();
        // Whether the clock is kept right decides the advice for a refused key (R6): never guess.
        if (enabled !== 'yes' && enabled !== 'no') {
          throw appliancePageError(baseUrl, 'whether NTP is enabled (“ntp-enabled”) on Networking > IP Configuration');
        }
        return {
          ipAddress: textById(html, 'ip-address') ?? '',
          ntpEnabled: enabled === 'yes',
          ntpServers: parseNtpServers(textById(html, 'ntp-servers') ?? ''),
        };
      });
    },
  };
}

/** The NTP servers listed on IP Configuration; placeholders such as “(none)” are not servers. */
export function parseNtpServers(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter((name) => /^[\w.:[\]-]+$/.test(name) && /[\w]/.test(name) && !/^none$/i.test(name));
}

/** The rows of `#available-updates` (none before a check, or when nothing is available). */
export function parseAvailableUpdates(html: string): AvailableUpdate[] {
  const table = findElementById(html, 'available-updates');
  if (!table) return [];
  return findElements(table.inner, 'tr')
    .filter((row) => row.attributes['data-update-id'])
    .map((row) => {
      const { 'data-update-id': id = '', 'data-kind': kind, 'data-version': version = '' } = row.attributes;
      // The kind decides the install order (R4): never guess it.
      if (kind !== 'base' && kind !== 'site') {
        throw new AppError(
          'APPLIANCE_ERROR',
          `The appliance lists the update “${id}” without saying whether it is Base Software or a site package.`,
          'Open /appliance > Updates in a browser and install in the order the appliance documents.',
          { updateId: id, kind },
        );
      }
      const requires = row.attributes['data-requires']?.trim();
      const firstCell = findElements(row.inner, 'td')[0] ?? findElements(row.inner, 'th')[0];
      return {
        id,
        name: firstCell ? textContent(firstCell.inner) : id,
        kind,
        version,
        ...(requires ? { requires } : {}),
        size: Number(row.attributes['data-size'] ?? 0),
      } satisfies AvailableUpdate;
    });
}
