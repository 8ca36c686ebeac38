/**
 * The appliance's /appliance admin web interface, driven the way a person's browser does it:
 * a cookie session, the login form, and each form posted with the fields the page carries
 * (including its CSRF token).
 */
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import { applianceDownError, appliancePageError, formatBytes } from './errors';
import { findElementById, findElements, findForms, textById, textContent, type HtmlForm } from './html';
import { createTransport, headerText, type TransportOptions } from './transport';
import type { AdminSession, ApplianceEndpoint, AvailableUpdate, StatusBasics } from './types';
import { postFile, type PostedAnswer } from './upload';

const LOGIN_PATH = '/appliance/login';
const STATUS_PATH = '/appliance/status';
const UPDATES_PATH = '/appliance/updates';
const CHECK_PATH = '/appliance/updates/check';
const INSTALL_PATH = '/appliance/updates/install';
const DOWNLOAD_KEY_PATH = '/appliance/updates/download-key';
const MANUAL_PATH = '/appliance/updates/manual';
const IP_CONFIG_PATH = '/appliance/networking/ip';

interface Page {
  status: number;
  location?: string;
  body: string;
}

/** Thrown inside an operation when the appliance sent us back to its login page. */
class SessionExpired extends Error {}

export function createAdminSession(endpoint: ApplianceEndpoint, options: TransportOptions = {}): AdminSession {
  const transport = createTransport(endpoint, options);
  const { baseUrl } = transport;
  const cookies = new Map<string, string>();
  let loggedIn = false;
  // Operations started together share one login instead of racing each other's cookies.
  let loginPending: Promise<void> | undefined;

  function ensureLoggedIn(): Promise<void> {
    loginPending ??= logIn().finally(() => {
      loginPending = undefined;
    });
    return loginPending;
  }

  async function request(method: 'get' | 'post', path: string, action: string, form?: Record<string, string>): Promise<Page> {
    const headers = sessionHeaders();
    const response = await transport.send({ action }, () =>
      method === 'get'
        ? transport.http.get<string>(path, { headers })
        : transport.http.post<string>(path, new URLSearchParams(form).toString(), {
            headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
          }),
    );
    storeCookies(response.headers['set-cookie']);
    const body = typeof response.data === 'string' ? response.data : '';
    if (response.status === 503) throw applianceDownError(baseUrl, body);
    const location = headerText(response, 'location');
    return { status: response.status, body, ...(location ? { location: new URL(location, baseUrl).pathname } : {}) };
  }

  function sessionHeaders(): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'text/html' };
    if (cookies.size > 0) headers.Cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return headers;
  }

  function storeCookies(raw: unknown): void {
    const lines = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
    for (const line of lines) {
      const [pair = '', ...attributes] = String(line).split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  async function logIn(): Promise<void> {
    if (!endpoint.adminUser || !endpoint.adminPassword) {
      throw new AppError(
        'ADMIN_LOGIN_FAILED',
        'No admin user name and password are stored for this appliance’s /appliance interface.',
        'Edit the site and enter the /appliance administrator’s user name and password.',
        { baseUrl },
      );
    }
    cookies.clear();
    const page = await request('get', LOGIN_PATH, 'opening the admin login page');
    const form = formsOn(expectPage(page, 'the admin login page').body, LOGIN_PATH).find((f) => f.action === LOGIN_PATH);
    if (!form) throw appliancePageError(baseUrl, 'the login form on /appliance/login');
    const answer = await request('post', LOGIN_PATH, 'signing in to the admin interface', {
      ...form.fields,
      username: endpoint.adminUser,
      password: endpoint.adminPassword,
    });
    if (answer.status === 302 && answer.location !== LOGIN_PATH) {
      loggedIn = true;
      return;
    }
    const reason = textById(answer.body, 'login-error');
    throw new AppError(
      'ADMIN_LOGIN_FAILED',
      reason
        ? `The appliance refused the admin sign-in: “${reason}”`
        : `The appliance did not accept the admin sign-in (HTTP ${answer.status}).`,
      'Check the /appliance administrator’s user name and password in the site settings; try them in a browser at /appliance if unsure.',
      { baseUrl, status: answer.status },
    );
  }

  /** Runs an operation in a logged-in session; if the session expired, logs in once more. */
  async function signedIn<T>(operation: () => Promise<T>): Promise<T> {
    if (!loggedIn) await ensureLoggedIn();
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof SessionExpired)) throw error;
      loggedIn = false;
      await ensureLoggedIn();
      try {
        return await operation();
      } catch (again) {
        if (again instanceof SessionExpired) {
          throw new AppError(
            'ADMIN_LOGIN_FAILED',
            'The appliance keeps sending the assistant back to its login page.',
            'Sign in at /appliance in a browser to check the account, then try again.',
            { baseUrl },
          );
        }
        throw again;
      }
    }
  }

  async function getPage(path: string, what: string): Promise<string> {
    const page = await request('get', path, `opening ${what}`);
    return expectPage(page, what).body;
  }

  /** The page's body when it answered 200; a redirect to the login page is SessionExpired. */
  function expectPage(page: Page, what: string): { body: string } {
    if (page.status === 302 && page.location === LOGIN_PATH) throw new SessionExpired();
    if (page.status !== 200) {
      throw new AppError(
        'APPLIANCE_ERROR',
        `The appliance answered HTTP ${page.status} when opening ${what}.`,
        'Open the page at /appliance in a browser to see what the appliance says, then try again.',
        { baseUrl, status: page.status },
      );
    }
    return { body: page.body };
  }

  /** Forms with their action resolved as the browser would (empty = the page itself). */
  function formsOn(html: string, pagePath: string): HtmlForm[] {
    return findForms(html).map((form) => ({
      ...form,
      action: new URL(form.action || pagePath, new URL(pagePath, baseUrl)).pathname,
    }));
  }

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
        if (answer.status !== 302) throw updateRefused(answer, 'checking for updates');
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
        if (answer.status !== 302) throw updateRefused(answer, 'starting the update');
      });
    },

    generateDownloadKey() {
      return signedIn(async () => {
        const html = await getPage(UPDATES_PATH, 'Updates');
        const form = formsOn(html, UPDATES_PATH).find((f) => f.action === DOWNLOAD_KEY_PATH);
        if (!form) throw appliancePageError(baseUrl, 'the “Generate Download Key” form on Updates');
        const answer = await request('post', DOWNLOAD_KEY_PATH, 'generating a download key', form.fields);
        if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
        if (answer.status !== 200) throw updateRefused(answer, 'generating a download key');
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
        return { ntpEnabled: enabled === 'yes', ntpServers: parseNtpServers(textById(html, 'ntp-servers') ?? '') };
      });
    },

    uploadPackage(filePath, { fileName = basename(filePath), signal, onProgress } = {}) {
      return signedIn(async () => {
        // Opening the page first also proves the session is alive, so a large file is not sent
        // only to be answered with the login page.
        const html = await getPage(UPDATES_PATH, 'Updates');
        const form = formsOn(html, UPDATES_PATH).find((f) => f.action === MANUAL_PATH);
        const fileField = form
          ? findElements(form.inner, 'input').find((input) => input.attributes.type?.toLowerCase() === 'file')
              ?.attributes.name
          : undefined;
        if (!form || !fileField) throw appliancePageError(baseUrl, 'the Manual Installation form on Updates');
        const answer = await postFile(transport, {
          path: MANUAL_PATH,
          fields: form.fields,
          fileField,
          filePath,
          fileName,
          headers: sessionHeaders(),
          action: `uploading ${fileName}`,
          signal,
          onProgress,
        });
        storeCookies(answer.headers['set-cookie']);
        if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
        if (answer.status !== 302) throw manualInstallRefused(answer, fileName);
      });
    },
  };

  function manualInstallRefused(answer: PostedAnswer, fileName: string): AppError {
    const message = textById(answer.body, 'update-error');
    const quoted = message ? ` The appliance says: “${message}”` : '';
    const details = { baseUrl, status: answer.status, fileName, size: answer.size, ...(message ? { applianceMessage: message } : {}) };
    switch (answer.status) {
      case 503:
        return applianceDownError(baseUrl, answer.body);
      case 413: {
        const limit = message ? readByteCount(message) : undefined;
        const limitText = limit !== undefined ? ` (its limit is ${formatBytes(limit)})` : '';
        return new AppError(
          'UPLOAD_TOO_LARGE',
          `The appliance refused ${fileName} (${formatBytes(answer.size)}) because it is larger than it accepts${limitText}.${quoted}`,
          'Nothing was installed. Check that this is the right package for this appliance (compare its name and size with the update server’s listing); if it is, contact BeyondTrust support about the upload limit.',
          { ...details, ...(limit !== undefined ? { limit } : {}) },
        );
      }
      case 422:
        return new AppError(
          'PACKAGE_REJECTED',
          `The appliance refused the package ${fileName}.${quoted || ' It did not say why.'}`,
          'Nothing was installed. The file is either for another appliance or damaged: download the package again with a download key generated on this appliance, then upload that file.',
          details,
        );
      case 409:
        return new AppError(
          'REQUIREMENT_MISSING',
          `The appliance refused ${fileName} because something it needs is not installed yet.${quoted}`,
          'Install what the appliance names first (Base Software before the site package), then upload this package again.',
          details,
        );
      default:
        return updateRefused({ status: answer.status, body: answer.body }, `the package ${fileName}`);
    }
  }

  function updateRefused(answer: Page, action: string): AppError {
    const message = textById(answer.body, 'update-error');
    if (answer.status === 409 && message) {
      return new AppError(
        'REQUIREMENT_MISSING',
        `The appliance refused the update: “${message}”`,
        'Install what the appliance names first (Base Software before the site package), then try this one again.',
        { baseUrl, applianceMessage: message },
      );
    }
    return new AppError(
      'APPLIANCE_ERROR',
      message
        ? `The appliance refused ${action}: “${message}”`
        : `The appliance answered HTTP ${answer.status} while ${action}.`,
      'Open /appliance > Updates in a browser to see what the appliance says, then try again.',
      { baseUrl, status: answer.status, ...(message ? { applianceMessage: message } : {}) },
    );
  }
}

/** The NTP servers listed on IP Configuration; placeholders such as “(none)” are not servers. */
export function parseNtpServers(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter((name) => /^[\w.:[\]-]+$/.test(name) && /[\w]/.test(name) && !/^none$/i.test(name));
}

/** A byte count in an appliance message: "4294967296 bytes", "4 GiB", "10 MiB". */
function readByteCount(message: string): number | undefined {
  const match = /(\d+(?:\.\d+)?)\s*(bytes?|B|KiB|MiB|GiB|KB|MB|GB)\b/i.exec(message.replace(/(\d),(?=\d{3})/g, '$1'));
  if (!match) return undefined;
  const units: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  const scale = units[(match[2] ?? '').charAt(0).toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * scale);
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
