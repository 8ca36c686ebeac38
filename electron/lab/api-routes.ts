/**
 * The appliance's public API: OAuth2 client-credentials tokens, the XML command API and the
 * settings backup, shaped as the vendor documents them (see PROTOCOL.md).
 */
import { timingSafeEqual } from 'node:crypto';
import { sendBackup } from './backup-archive';
import { failoverHealthXml, setFailoverRole } from './failover-api';
import { escapeMarkup, readBody, readForm, send, sendHtml, sendJson } from './http-kit';
import type { ApplianceRequest } from './request-context';

const COMMAND_NS = 'https://www.beyondtrust.com/namespaces/API/command';
const API_VERSION = '1.24.2';
const XML_TYPE = 'text/xml; charset=utf-8';

export function isApiPath(pathname: string): boolean {
  return pathname === '/oauth2/token' || pathname.startsWith('/api/');
}

export async function handleApi(ctx: ApplianceRequest): Promise<void> {
  const { url } = ctx;
  if (url.pathname === '/oauth2/token') return issueToken(ctx);
  if (injectedFault(ctx)) return;
  if (url.pathname !== '/api/command' && url.pathname !== '/api/backup') {
    return sendError(ctx, 404, 'Unknown API endpoint.');
  }
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'POST') {
    return sendError(ctx, 405, 'Use GET or POST.');
  }
  if (!hasValidToken(ctx)) return sendError(ctx, 401, 'Invalid or expired token.');
  if (url.pathname === '/api/backup') return backup(ctx);
  return command(ctx);
}

async function issueToken({ req, res, appliance }: ApplianceRequest): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request' });
  const form = await readForm(req);
  // A factory appliance has no API account: every client is refused.
  const known = appliance.settings.apiAccounts.some((account) =>
    basicAuthMatches(req.headers.authorization, account.clientId, account.clientSecret),
  );
  if (!known) {
    return sendJson(res, 401, { error: 'invalid_client' });
  }
  if (form.grant_type !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
  const { accessToken, expiresIn } = appliance.issueToken();
  sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn });
}

/** Faults that replace the API's answer wholesale, as a broken proxy or crashed service would. */
function injectedFault({ res, appliance }: ApplianceRequest): boolean {
  const status = appliance.faults['http-status'];
  if (status !== undefined) {
    sendHtml(res, status, errorPage(`${status} Error`, 'The server could not handle the request.'));
    return true;
  }
  if (appliance.faults['html-error']) {
    sendHtml(res, 500, errorPage('500 Internal Server Error', 'An unexpected error occurred.'));
    return true;
  }
  return false;
}

function hasValidToken({ req, appliance }: ApplianceRequest): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] !== undefined && appliance.isTokenValid(match[1]);
}

async function backup(ctx: ApplianceRequest): Promise<void> {
  if (ctx.appliance.permissions().perm_backup !== '1') {
    return sendError(ctx, 403, 'This API account does not have permission to download backups.');
  }
  // Drain any (ignored) POST body such as a backup password before streaming.
  await readBody(ctx.req);
  await sendBackup(ctx.res, ctx.appliance, ctx.model.backupBytes);
}

async function command(ctx: ApplianceRequest): Promise<void> {
  const form = await readForm(ctx.req);
  const action = ctx.url.searchParams.get('action') ?? form.action;
  if (ctx.appliance.permissions().perm_command === 'deny') {
    return sendError(ctx, 403, 'This API account does not have permission to use the command API.');
  }
  let body: string;
  switch (action) {
    case 'get_api_info':
      body = apiInfoXml(ctx);
      break;
    case 'check_health':
      body = checkHealthXml(ctx);
      break;
    case 'set_failover_role': {
      if (ctx.appliance.permissions().perm_command !== 'full') {
        return sendError(ctx, 403, 'This API account may only read; changing the failover role needs full command access.');
      }
      const answer = setFailoverRole(ctx.model, ctx.appliance, (name) => ctx.url.searchParams.get(name) ?? form[name], COMMAND_NS);
      if (!answer.ok) return sendError(ctx, answer.status, answer.message);
      body = answer.xml;
      break;
    }
    default:
      return sendError(ctx, 400, `Unknown action ${JSON.stringify(action ?? '')}.`);
  }
  if (ctx.appliance.faults['malformed-xml']) {
    body = body.slice(0, Math.floor(body.length * 0.6));
  }
  send(ctx.res, 200, XML_TYPE, body);
}

function apiInfoXml({ appliance }: ApplianceRequest): string {
  const permissions = appliance.permissions();
  return `<?xml version="1.0" encoding="UTF-8"?>
<api_information xmlns="${COMMAND_NS}">
  <api_version>${API_VERSION}</api_version>
  <timestamp>${Math.floor(appliance.nowMs() / 1000)}</timestamp>
  <permissions>
    <perm_backup>${permissions.perm_backup}</perm_backup>
    <perm_command>${permissions.perm_command}</perm_command>
  </permissions>
</api_information>
`;
}

function checkHealthXml({ appliance, model }: ApplianceRequest): string {
  appliance.settle();
  const healthy = appliance.status === 'running';
  return `<?xml version="1.0" encoding="UTF-8"?>
<appliances xmlns="${COMMAND_NS}">
  <appliance id="${escapeMarkup(appliance.serial)}">
    <hostname>${escapeMarkup(appliance.hostname)}</hostname>
    <version>${escapeMarkup(appliance.siteVersion)}</version>
    <success>${healthy ? 1 : 0}</success>
    <error_message>${healthy ? '' : escapeMarkup(appliance.healthError)}</error_message>
${failoverHealthXml(model, appliance)}
  </appliance>
</appliances>
`;
}

function sendError({ res }: ApplianceRequest, status: number, message: string): void {
  send(res, status, XML_TYPE, `<?xml version="1.0" encoding="UTF-8"?>\n<error>${escapeMarkup(message)}</error>\n`);
}

function basicAuthMatches(header: string | undefined, id: string, secret: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64');
  const expected = Buffer.from(`${id}:${secret}`, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function errorPage(title: string, message: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeMarkup(title)}</title></head>
<body><h1>${escapeMarkup(title)}</h1><p>${escapeMarkup(message)}</p></body></html>
`;
}
