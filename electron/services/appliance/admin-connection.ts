/**
 * A browser-like session with the /appliance admin interface: a cookie jar, the login form
 * (its CSRF token posted back with the credentials), one shared login for operations started
 * together, and a single re-login when the appliance sends the session back to its login page.
 */
import { AppError } from '../../../shared/errors';
import { applianceDownError, appliancePageError } from './errors';
import { findForms, textById, type HtmlForm } from './html';
import { createTransport, headerText, type Transport, type TransportOptions } from './transport';
import type { ApplianceEndpoint } from './types';

export const LOGIN_PATH = '/appliance/login';
/** Where a factory appliance sends every page until its admin password has been changed. */
export const PASSWORD_PATH = '/appliance/password';
/** The login page of the /login interface (Software Management, Failover, Security, Jump). */
export const LOGIN_INTERFACE_LOGIN_PATH = '/login/login';

export interface Page {
  status: number;
  location?: string;
  body: string;
}

/** Thrown inside an operation when the appliance sent us back to its login page. */
export class SessionExpired extends Error {}

export interface AdminConnection {
  readonly baseUrl: string;
  readonly transport: Transport;
  request(method: 'get' | 'post', path: string, action: string, form?: Record<string, string>): Promise<Page>;
  /** The body of a page that answered 200; a redirect to the login page is SessionExpired. */
  getPage(path: string, what: string): Promise<string>;
  /**
   * Runs an operation in a logged-in session; if the session expired, logs in once more. A
   * session the appliance holds at the forced password change rejects with
   * PASSWORD_CHANGE_REQUIRED, unless `forPasswordChange` (the change itself).
   */
  signedIn<T>(operation: () => Promise<T>, options?: { forPasswordChange?: boolean }): Promise<T>;
  /** The admin password changed: later sign-ins use `next`, and the forced change is over. */
  passwordChanged(next: string): void;
  /** Signs the session in to another interface too (the /login interface: `/login/login`). */
  logInAt(loginPath: string): Promise<void>;
  /** Forms with their action resolved as the browser would (empty = the page itself). */
  formsOn(html: string, pagePath: string): HtmlForm[];
  /** Accept and Cookie headers for a request made outside request() (file uploads). */
  sessionHeaders(): Record<string, string>;
  storeCookies(raw: unknown): void;
}

export function createAdminConnection(endpoint: ApplianceEndpoint, options: TransportOptions = {}): AdminConnection {
  const transport = createTransport(endpoint, options);
  const { baseUrl } = transport;
  const cookies = createCookieJar();
  let loggedIn = false;
  let adminPassword = endpoint.adminPassword;
  // The sign-in landed on the forced password change.
  let mustChangePassword = false;
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
    cookies.store(response.headers['set-cookie']);
    const body = typeof response.data === 'string' ? response.data : '';
    if (response.status === 503) throw applianceDownError(baseUrl, body);
    const location = headerText(response, 'location');
    return { status: response.status, body, ...(location ? { location: new URL(location, baseUrl).pathname } : {}) };
  }

  function sessionHeaders(): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'text/html' };
    const cookie = cookies.header();
    if (cookie !== undefined) headers.Cookie = cookie;
    return headers;
  }

  /** Signs in at `loginPath` (an interface's login page); the session keeps other interfaces' logins. */
  async function logIn(loginPath = LOGIN_PATH): Promise<void> {
    if (!endpoint.adminUser || !adminPassword) {
      throw new AppError(
        'ADMIN_LOGIN_FAILED',
        'No admin user name and password are stored for this appliance’s /appliance interface.',
        'Edit the site and enter the /appliance administrator’s user name and password.',
        { baseUrl },
      );
    }
    if (loginPath === LOGIN_PATH) cookies.clear();
    const page = await request('get', loginPath, 'opening the admin login page');
    const form = formsOn(expectPage(page, 'the admin login page').body, loginPath).find((f) => f.action === loginPath);
    if (!form) throw appliancePageError(baseUrl, `the login form on ${loginPath}`);
    const answer = await request('post', loginPath, 'signing in to the admin interface', {
      ...form.fields,
      username: endpoint.adminUser,
      password: adminPassword,
    });
    if (answer.status === 302 && answer.location !== loginPath) {
      if (loginPath !== LOGIN_PATH) return;
      loggedIn = true;
      mustChangePassword = answer.location === PASSWORD_PATH;
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

  async function signedIn<T>(operation: () => Promise<T>, { forPasswordChange = false } = {}): Promise<T> {
    const gate = () => {
      if (mustChangePassword && !forPasswordChange) throw passwordChangeRequired(baseUrl);
    };
    if (!loggedIn) await ensureLoggedIn();
    try {
      gate();
      return await operation();
    } catch (error) {
      if (!(error instanceof SessionExpired)) throw error;
      loggedIn = false;
      await ensureLoggedIn();
      try {
        gate();
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

  function expectPage(page: Page, what: string): { body: string } {
    if (page.status === 302 && page.location === LOGIN_PATH) throw new SessionExpired();
    if (page.status === 302 && page.location === PASSWORD_PATH) {
      mustChangePassword = true;
      throw passwordChangeRequired(baseUrl);
    }
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

  function formsOn(html: string, pagePath: string): HtmlForm[] {
    return findForms(html).map((form) => ({
      ...form,
      action: new URL(form.action || pagePath, new URL(pagePath, baseUrl)).pathname,
    }));
  }

  function passwordChanged(next: string): void {
    adminPassword = next;
    mustChangePassword = false;
  }

  return {
    baseUrl,
    transport,
    request,
    getPage,
    signedIn,
    passwordChanged,
    logInAt: (loginPath) => logIn(loginPath),
    formsOn,
    sessionHeaders,
    storeCookies: (raw) => cookies.store(raw),
  };
}

/** A page of the /login interface, signing the session in to that interface first if it asks. */
export async function loginInterfacePage(connection: AdminConnection, path: string, what: string): Promise<string> {
  const first = await connection.request('get', path, `opening ${what}`);
  if (first.status === 302 && first.location === LOGIN_INTERFACE_LOGIN_PATH) await connection.logInAt(LOGIN_INTERFACE_LOGIN_PATH);
  else if (first.status === 200) return first.body;
  return connection.getPage(path, what);
}

export function passwordChangeRequired(baseUrl: string): AppError {
  return new AppError(
    'PASSWORD_CHANGE_REQUIRED',
    `The appliance at ${baseUrl} accepted the sign-in but requires a new administrator password before anything else (it is still on its factory password).`,
    'Change the factory password first (the assistant’s “Change the factory password” step, or /appliance in a browser), then store the new password in the site settings.',
    { baseUrl },
  );
}

interface CookieJar {
  /** The Cookie header value, or undefined with no cookies. */
  header(): string | undefined;
  /** Takes the Set-Cookie lines of an answer; an expired or empty cookie is removed. */
  store(raw: unknown): void;
  clear(): void;
}

function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  return {
    header: () => (cookies.size > 0 ? [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') : undefined),
    store(raw) {
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
    },
    clear: () => cookies.clear(),
  };
}
