/**
 * Routes of the two admin web interfaces: /appliance (Status, Updates, Networking, Security)
 * and /login (Management, Jump); the failover pages are in failover-pages.ts. Every page needs a logged-in session for its interface and every POST
 * a matching CSRF token, as on the real appliance.
 */
import { request } from 'node:https';
import { sendBackup } from './backup-archive';
import { csrfMatches, type AdminInterface, type AdminSession } from './admin-sessions';
import {
  jumpClientsPage,
  loginPage,
  messagePage,
  networkingPage,
  softwareManagementPage,
  statusPage,
  updatesPage,
} from './admin-views';
import { CERTIFICATES_PATH, handleCertificates } from './certificate-routes';
import { failoverGet, failoverPost, NETWORK_IP_PATH } from './failover-pages';
import { readForm, redirect, sendHtml } from './http-kit';
import { manualInstall } from './manual-install';
import { handleMigration, PASSWORD_PATH } from './migration-pages';
import type { ApplianceRequest, UpdateServerLink } from './request-context';
import type { CatalogueEntry } from './scenarios';

/** Takes a multipart file upload, which it streams itself instead of reading it as a form. */
const MANUAL_INSTALL_PATH = '/appliance/updates/manual';

const HOME: Record<AdminInterface, string> = {
  appliance: '/appliance/status',
  login: '/login/management/software',
};

export function adminInterfaceOf(pathname: string): AdminInterface | undefined {
  if (pathname === '/appliance' || pathname.startsWith('/appliance/')) return 'appliance';
  if (pathname === '/login' || pathname.startsWith('/login/')) return 'login';
  return undefined;
}

export async function handleAdmin(ctx: ApplianceRequest, iface: AdminInterface): Promise<void> {
  const { req, res, url, appliance } = ctx;
  const path = url.pathname.replace(/\/+$/, '');
  if (path === `/${iface}/login`) return login(ctx, iface);

  const session = appliance.sessions.find(req);
  if (!session?.loggedIn.has(iface)) return redirect(res, `/${iface}/login`);
  if (await handleMigration(ctx, iface, session, path)) return;
  if (req.method === 'POST' && path === MANUAL_INSTALL_PATH) return manualInstall(ctx, session);
  if (path === CERTIFICATES_PATH || path.startsWith(`${CERTIFICATES_PATH}/`)) return handleCertificates(ctx, session, path);
  if (req.method === 'POST') {
    const form = await readForm(req);
    if (!csrfMatches(session, form.csrf_token)) return forbidden(ctx);
    return handlePost(ctx, iface, session, path, form);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendHtml(res, 405, messagePage(appliance, 'Method Not Allowed', 'Use GET or POST.'));
  }
  const csrf = session.csrfToken;
  switch (path) {
    case `/${iface}`:
      return redirect(res, HOME[iface]);
    case '/appliance/status':
      return sendHtml(res, 200, statusPage(appliance, csrf));
    case '/appliance/updates':
      return sendHtml(res, 200, updatesPage(appliance, ctx.model.scenario.siteHostname, csrf));
    case '/appliance/networking/ip':
    case NETWORK_IP_PATH:
      return sendHtml(res, 200, networkingPage(appliance, csrf));
    case '/login/management/software':
      return sendHtml(res, 200, softwareManagementPage(appliance, csrf));
    case '/login/jump/clients':
      return sendHtml(res, 200, jumpClientsPage(appliance, csrf));
    default:
      if (failoverGet(ctx, session, path)) return;
      return notFound(ctx);
  }
}

async function login(ctx: ApplianceRequest, iface: AdminInterface): Promise<void> {
  const { req, res, appliance } = ctx;
  if (req.method === 'POST') {
    const session = appliance.sessions.find(req);
    const form = await readForm(req);
    if (!session || !csrfMatches(session, form.csrf_token)) return forbidden(ctx);
    const known = appliance.settings.adminUsers.some((admin) => admin.user === form.username && admin.password === form.password);
    if (!known) {
      return sendHtml(res, 200, loginPage(appliance, iface, session.csrfToken, 'Invalid username or password.'));
    }
    const { setCookie } = appliance.sessions.logIn(session, iface);
    // A factory password must be changed before anything else.
    const home = appliance.passwordChangeRequired ? PASSWORD_PATH : HOME[iface];
    return redirect(res, home, { 'Set-Cookie': setCookie });
  }
  const { session, setCookie } = appliance.sessions.findOrCreate(req);
  sendHtml(res, 200, loginPage(appliance, iface, session.csrfToken), setCookie ? { 'Set-Cookie': setCookie } : {});
}

async function handlePost(
  ctx: ApplianceRequest,
  iface: AdminInterface,
  session: AdminSession,
  path: string,
  form: Record<string, string>,
): Promise<void> {
  const { res, appliance } = ctx;
  switch (path) {
    case `/${iface}/logout`:
      appliance.sessions.logOut(session, iface);
      return redirect(res, `/${iface}/login`);
    case '/appliance/updates/check':
      return checkForUpdates(ctx, session);
    case '/appliance/updates/install':
      return installUpdate(ctx, session, form.update_id ?? '');
    case '/appliance/networking/ip/ntp':
      appliance.setNtp(
        (form.ntp_servers ?? '')
          .split(/[\s,]+/)
          .filter((server) => server !== ''),
      );
      return redirect(res, '/appliance/networking/ip');
    case '/appliance/updates/download-key': {
      const downloadKey = appliance.generateDownloadKey(ctx.model.keySecret);
      return sendHtml(res, 200, updatesPage(appliance, ctx.model.scenario.siteHostname, session.csrfToken, { downloadKey }));
    }
    case '/login/management/software/backup':
      return sendBackup(res, appliance, ctx.model.backupBytes);
    default:
      if (failoverPost(ctx, session, path, form)) return;
      return notFound(ctx);
  }
}

async function checkForUpdates(ctx: ApplianceRequest, session: AdminSession): Promise<void> {
  const { res, appliance, model } = ctx;
  try {
    appliance.available = await fetchCatalogue(ctx.updateServer, appliance.serial);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `Could not reach the update server: ${reason}`;
    return sendHtml(res, 502, updatesPage(appliance, model.scenario.siteHostname, session.csrfToken, { error: message }));
  }
  redirect(res, '/appliance/updates');
}

function installUpdate(ctx: ApplianceRequest, session: AdminSession, updateId: string): void {
  const { res, appliance, model } = ctx;
  const refuse = (message: string) =>
    sendHtml(res, 409, updatesPage(appliance, model.scenario.siteHostname, session.csrfToken, { error: message }));
  const offered = appliance.available?.find((entry) => entry.id === updateId);
  const refusal = appliance.refusalFor(offered);
  if (refusal || !offered) return refuse(refusal ?? 'That update is not available.');
  // The appliance downloads the package now, which takes it off the update server's list.
  const downloaded = model.catalogue.take(appliance.serial, updateId);
  if (!downloaded) return refuse('The update server no longer offers this update. Contact BeyondTrust Support.');
  appliance.startInstall(downloaded, 'automatic');
  redirect(res, '/appliance/updates');
}

/** The appliance asks the update server over HTTPS, as the real one does over the internet. */
function fetchCatalogue(link: UpdateServerLink, serial: string): Promise<CatalogueEntry[]> {
  const url = new URL(`/catalogue/${encodeURIComponent(serial)}`, link.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: link.caPem, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) {
          reject(new Error(`update server answered HTTP ${response.statusCode}`));
          return;
        }
        try {
          resolve((JSON.parse(text) as { updates: CatalogueEntry[] }).updates);
        } catch {
          reject(new Error('update server sent an unreadable answer'));
        }
      });
      response.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('update server timed out')));
    req.on('error', reject);
    req.end();
  });
}

function forbidden({ res, appliance }: ApplianceRequest): void {
  sendHtml(
    res,
    403,
    messagePage(appliance, 'Forbidden', 'The form was stale or did not come from this site. Reload the page and try again.'),
  );
}

function notFound({ res, appliance }: ApplianceRequest): void {
  sendHtml(res, 404, messagePage(appliance, 'Not Found', 'There is no such page on this appliance.'));
}
