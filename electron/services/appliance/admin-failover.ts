/**
 * The pages a failover pair is run from, driven as a browser does: /login > Management >
 * Failover (status, Sync Now, Break, Establish), /login > Management > Security (the
 * inter-appliance key), the shared IPs on /appliance > Networking > IP Configuration and
 * /login > Jump > Jump Clients. Refusals carry the appliance's own words.
 */
import { AppError } from '../../../shared/errors';
import { LOGIN_INTERFACE_LOGIN_PATH, LOGIN_PATH, SessionExpired, loginInterfacePage, type AdminConnection, type Page } from './admin-connection';
import { IP_CONFIG_PATH } from './admin-pages';
import { appliancePageError } from './errors';
import { findElementById, findElements, textById } from './html';
import type { AdminSession, FailoverStatus, JumpClientTotals, SharedIpSetting } from './types';

export const FAILOVER_PATH = '/login/management/failover';
const SYNC_PATH = `${FAILOVER_PATH}/sync`;
const BREAK_PATH = `${FAILOVER_PATH}/break`;
const ESTABLISH_PATH = `${FAILOVER_PATH}/establish`;
const SECURITY_PATH = '/login/management/security';
const KEY_PATH = `${SECURITY_PATH}/key`;
const JUMP_CLIENTS_PATH = '/login/jump/clients';
const FAILOVER_PAGE = '/login > Management > Failover';
const SECURITY_PAGE = '/login > Management > Security';
const IP_PAGE = 'Networking > IP Configuration';
const JUMP_CLIENTS_PAGE = '/login > Jump > Jump Clients';
const LIMIT_FIELD = 'Maximum Number of Concurrent Jump Client Upgrades';

export type FailoverMethods =
  | 'failoverStatus'
  | 'syncNow'
  | 'breakFailover'
  | 'establishFailover'
  | 'interApplianceKey'
  | 'setInterApplianceKey'
  | 'sharedIps'
  | 'setSharedIp'
  | 'jumpClients'
  | 'setJumpClientLimit';

export function createFailoverPages(connection: AdminConnection): Pick<AdminSession, FailoverMethods> {
  const { baseUrl, signedIn, getPage, formsOn, request } = connection;

  /** Posts the form of `html` (the page at `pagePath`) whose action is `action`. */
  async function post(html: string, pagePath: string, action: string, label: string, fields: (defaults: Record<string, string>) => Record<string, string>): Promise<Page> {
    const form = formsOn(html, pagePath).find((f) => f.action === action);
    if (!form) throw appliancePageError(baseUrl, `the “${label}” form on ${pagePath}`);
    const answer = await request('post', action, label.toLowerCase(), fields(form.fields));
    if (answer.status === 302 && (answer.location === LOGIN_PATH || answer.location === LOGIN_INTERFACE_LOGIN_PATH)) throw new SessionExpired();
    return answer;
  }

  const failoverPage = () => loginInterfacePage(connection, FAILOVER_PATH, FAILOVER_PAGE);
  const jumpClientsPage = () => loginInterfacePage(connection, JUMP_CLIENTS_PATH, JUMP_CLIENTS_PAGE);

  function notInRelationship(role: FailoverStatus['role'], what: string): AppError {
    return new AppError(
      'NOT_IN_RELATIONSHIP',
      role === 'none'
        ? `The appliance at ${baseUrl} is not in a failover relationship, so it cannot ${what}.`
        : `The appliance at ${baseUrl} is the backup of its pair; only the primary can ${what}.`,
      'Read both appliances’ Failover pages again: the roles may have changed since the step began.',
      { baseUrl, role },
    );
  }

  function refused(answer: Page, what: string, hint: string): AppError {
    const words = textById(answer.body, 'failover-error');
    return new AppError(
      'FAILOVER_REFUSED',
      words ? `The appliance at ${baseUrl} refused to ${what}: “${words}”` : `The appliance at ${baseUrl} refused to ${what} (HTTP ${answer.status}).`,
      hint,
      { baseUrl, status: answer.status, ...(words ? { applianceMessage: words } : {}) },
    );
  }

  return {
    failoverStatus() {
      return signedIn(async () => parseFailoverStatus(await failoverPage(), baseUrl));
    },

    syncNow() {
      return signedIn(async () => {
        const html = await failoverPage();
        const status = parseFailoverStatus(html, baseUrl);
        if (status.role !== 'primary') throw notInRelationship(status.role, 'start a data sync');
        const answer = await post(html, FAILOVER_PATH, SYNC_PATH, 'Sync Now', (f) => f);
        if (answer.status === 302) return;
        if (answer.status === 409 && parseFailoverStatus(answer.body, baseUrl, true).role === 'backup') throw notInRelationship('backup', 'start a data sync');
        if (answer.status === 409) {
          const words = textById(answer.body, 'failover-error');
          throw new AppError(
            'SYNC_RUNNING',
            `A data sync is already running on the appliance at ${baseUrl}${words ? `: “${words}”` : '.'}`,
            'Wait for it to finish (the Failover page shows its progress); it copies the same data, so there is no need for a second one.',
            { baseUrl, ...(words ? { applianceMessage: words } : {}) },
          );
        }
        throw refused(answer, 'start a data sync', 'Open the Failover page in a browser to see what the appliance says, then try again.');
      });
    },

    breakFailover() {
      return signedIn(async () => {
        const html = await failoverPage();
        const status = parseFailoverStatus(html, baseUrl);
        if (status.role === 'none') throw notInRelationship('none', 'break a failover relationship');
        const answer = await post(html, FAILOVER_PATH, BREAK_PATH, 'Break Failover Relationships', (f) => f);
        if (answer.status !== 302) throw refused(answer, 'break the failover relationship', 'Read both appliances’ Failover pages, then break the relationship there if it still stands.');
      });
    },

    establishFailover({ backupHost, backupPort, primaryHost, primaryPort }) {
      return signedIn(async () => {
        const html = await failoverPage();
        const status = parseFailoverStatus(html, baseUrl);
        if (status.role !== 'none') {
          throw new AppError(
            'FAILOVER_REFUSED',
            `The appliance at ${baseUrl} is already the ${status.role} of a failover pair${status.peer ? ` (with ${status.peer})` : ''}; a new relationship needs it on its own.`,
            'Break the existing relationship first, or go on with the pair as it is.',
            { baseUrl, role: status.role },
          );
        }
        const answer = await post(html, FAILOVER_PATH, ESTABLISH_PATH, 'Establish Relationship', (f) => ({
          ...f,
          backup_host: backupHost,
          backup_port: String(backupPort),
          primary_host: primaryHost,
          primary_port: String(primaryPort),
        }));
        if (answer.status !== 302) {
          throw refused(answer, 'establish the failover relationship', 'Nothing changed. Correct what the appliance names (addresses, TLS port, key, versions), then establish the relationship again.');
        }
      });
    },

    interApplianceKey() {
      return signedIn(async () => {
        const key = textById(await loginInterfacePage(connection, SECURITY_PATH, SECURITY_PAGE), 'inter-appliance-key');
        if (key === undefined) throw appliancePageError(baseUrl, `the inter-appliance key (“inter-appliance-key”) on ${SECURITY_PAGE}`);
        return key.replace(/\s+/g, '');
      });
    },

    setInterApplianceKey(key) {
      return signedIn(async () => {
        const html = await loginInterfacePage(connection, SECURITY_PATH, SECURITY_PAGE);
        const answer = await post(html, SECURITY_PATH, KEY_PATH, 'Inter-appliance key', (f) => ({ ...f, inter_appliance_key: key }));
        if (answer.status !== 302) throw refused(answer, 'take the inter-appliance key', 'Enter the key as 16 to 64 hexadecimal characters, the same on both appliances.');
      });
    },

    sharedIps() {
      return signedIn(async () => parseSharedIps(await getPage(IP_CONFIG_PATH, IP_PAGE)));
    },

    setSharedIp(ip, enabled) {
      return signedIn(async () => {
        const html = await getPage(IP_CONFIG_PATH, IP_PAGE);
        // One form per shared IP (or one for all): the one that names this address.
        const form = formsOn(html, IP_CONFIG_PATH).find((f) => /\/shared-ip$/.test(f.action) && (f.fields.ip === undefined || f.fields.ip === ip));
        if (!form) throw appliancePageError(baseUrl, `the shared IP form on ${IP_PAGE}`);
        const { enabled: _default, ...fields } = form.fields;
        const answer = await post(html, IP_CONFIG_PATH, form.action, 'Shared IP', () => ({ ...fields, ip, ...(enabled ? { enabled: '1' } : {}) }));
        if (answer.status !== 302) {
          const words = textById(answer.body, 'shared-ip-error');
          throw new AppError(
            'FAILOVER_REFUSED',
            `The appliance at ${baseUrl} refused to ${enabled ? 'enable' : 'disable'} the shared IP ${ip}${words ? `: “${words}”` : ` (HTTP ${answer.status})`}.`,
            'Open Networking > IP Configuration in a browser to see the shared IPs it has, then try again.',
            { baseUrl, status: answer.status, ip, ...(words ? { applianceMessage: words } : {}) },
          );
        }
      });
    },

    jumpClients() {
      return signedIn(async () => parseJumpClients(await jumpClientsPage(), baseUrl));
    },

    setJumpClientLimit(limit) {
      return signedIn(async () => {
        const answer = await post(await jumpClientsPage(), JUMP_CLIENTS_PATH, JUMP_CLIENTS_PATH, LIMIT_FIELD, (f) => ({ ...f, max_concurrent_upgrades: String(limit) }));
        if (answer.status !== 302) {
          const words = textById(answer.body, 'jump-error');
          throw new AppError(
            'JUMP_CLIENT_LIMIT_REFUSED',
            `The appliance at ${baseUrl} refused ${limit} as ${LIMIT_FIELD}${words ? `: “${words}”` : ` (HTTP ${answer.status})`}.`,
            'Nothing changed. Give a whole number the page takes, or set it on Jump > Jump Clients yourself.',
            { baseUrl, status: answer.status, ...(words ? { applianceMessage: words } : {}) },
          );
        }
        const after = parseJumpClients(await jumpClientsPage(), baseUrl);
        if (after.maxConcurrentUpgrades !== limit) {
          throw new AppError(
            'JUMP_CLIENT_LIMIT_UNVERIFIED',
            `After saving ${limit}, the Jump Clients page of ${baseUrl} shows ${after.maxConcurrentUpgrades ?? 'no value'} as ${LIMIT_FIELD}.`,
            'Open Jump > Jump Clients in a browser to see the value it keeps, then try again or set it there yourself.',
            { baseUrl, expected: limit, shown: after.maxConcurrentUpgrades },
          );
        }
        return after;
      });
    },
  };
}

const ROLES = ['none', 'primary', 'backup'] as const;
const SYNC_STATUSES = ['success', 'failed', 'running', ''] as const;

/** `#failover-status` of the Failover page; `lenient` reads a refusal page that may lack it as role none. */
export function parseFailoverStatus(html: string, baseUrl = '', lenient = false): FailoverStatus {
  const list = findElementById(html, 'failover-status');
  if (!list) {
    if (lenient) return { role: 'none', peer: '', lastSyncAt: null, lastSyncStatus: '', lastSyncMessage: '' };
    throw appliancePageError(baseUrl, `the failover status (“failover-status”) on ${FAILOVER_PAGE}`);
  }
  const role = (textById(list.inner, 'failover-role') ?? '').toLowerCase();
  const syncStatus = (textById(list.inner, 'last-sync-status') ?? '').toLowerCase();
  if (!(ROLES as readonly string[]).includes(role)) throw appliancePageError(baseUrl, `a failover role it knows (it shows “${role}”) on ${FAILOVER_PAGE}`);
  if (!(SYNC_STATUSES as readonly string[]).includes(syncStatus)) throw appliancePageError(baseUrl, `a sync status it knows (it shows “${syncStatus}”) on ${FAILOVER_PAGE}`);
  const time = textById(list.inner, 'last-sync-time') ?? '';
  return {
    role: role as FailoverStatus['role'],
    peer: textById(list.inner, 'failover-peer') ?? '',
    lastSyncAt: time === '' || Number.isNaN(Date.parse(time)) ? null : new Date(time).toISOString(),
    lastSyncStatus: syncStatus as FailoverStatus['lastSyncStatus'],
    lastSyncMessage: textById(list.inner, 'last-sync-message') ?? '',
  };
}

/** The rows of `#shared-ips` (none when the appliance has no shared IP configured). */
export function parseSharedIps(html: string): SharedIpSetting[] {
  const table = findElementById(html, 'shared-ips');
  if (!table) return [];
  return findElements(table.inner, 'tr')
    .filter((row) => row.attributes['data-ip'])
    .map((row) => ({ ip: row.attributes['data-ip'] ?? '', enabled: row.attributes['data-enabled'] === '1' }));
}

/** The counts on Jump Clients, and the concurrent upgrade limit when shown. */
export function parseJumpClients(html: string, baseUrl = ''): JumpClientTotals {
  const count = (id: string) => {
    const text = textById(html, id);
    const value = Number((text ?? '').replace(/[^\d]/g, ''));
    if (text === undefined || text.trim() === '' || !Number.isFinite(value)) throw appliancePageError(baseUrl, `the Jump Client count “${id}” on Jump Clients`);
    return value;
  };
  const limit = findElements(html, 'input').find((input) => input.attributes.name === 'max_concurrent_upgrades')?.attributes.value;
  return {
    total: count('jump-total'),
    online: count('jump-online'),
    upgrading: count('jump-upgrading'),
    pending: count('jump-pending'),
    maxConcurrentUpgrades: limit !== undefined && /^\d+$/.test(limit.trim()) ? Number(limit) : null,
  };
}
