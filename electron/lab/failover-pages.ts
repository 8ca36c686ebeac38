/**
 * Admin routes of failover pairs: Management > Failover and Security, the shared IPs of
 * Networking > IP Configuration and the Jump Client settings. handleAdmin asks here after
 * checking the session (and, for posts, the CSRF token); `false` means "not one of mine".
 */
import { jumpClientsPage, networkingPage } from './admin-views';
import type { AdminSession } from './admin-sessions';
import type { EstablishFields } from './failover-pair';
import { FailoverState } from './failover-state';
import { FAILOVER_PATH, failoverPage, SECURITY_PATH, securityPage } from './failover-views';
import { redirect, sendHtml } from './http-kit';
import type { ApplianceRequest } from './request-context';

export const NETWORK_IP_PATH = '/appliance/network/ip';
const SHARED_IP_PATH = '/appliance/network/shared-ip';
const JUMP_CLIENTS_PATH = '/login/jump/clients';
const MAX_JUMP_CLIENT_UPGRADES = 1000;

export function failoverGet(ctx: ApplianceRequest, session: AdminSession, path: string): boolean {
  const { res, appliance, model } = ctx;
  const csrf = session.csrfToken;
  if (path === FAILOVER_PATH) sendHtml(res, 200, failoverPage(appliance, model.failover.view(appliance), csrf));
  else if (path === SECURITY_PATH) sendHtml(res, 200, securityPage(appliance, csrf));
  else return false;
  return true;
}

export function failoverPost(ctx: ApplianceRequest, session: AdminSession, path: string, form: Record<string, string>): boolean {
  const action = POSTS[path];
  if (!action) return false;
  action(ctx, session, form);
  return true;
}

type PostAction = (ctx: ApplianceRequest, session: AdminSession, form: Record<string, string>) => void;

const refuseOnFailover = ({ res, appliance, model }: ApplianceRequest, session: AdminSession, status: number, error: string) =>
  sendHtml(res, status, failoverPage(appliance, model.failover.view(appliance), session.csrfToken, error));

const POSTS: Record<string, PostAction> = {
  [`${FAILOVER_PATH}/sync`]: (ctx, session) => {
    const refusal = ctx.model.failover.syncRefusal(ctx.appliance);
    if (refusal) return refuseOnFailover(ctx, session, 409, refusal);
    ctx.model.failover.syncNow(ctx.appliance);
    redirect(ctx.res, FAILOVER_PATH);
  },
  [`${FAILOVER_PATH}/break`]: (ctx, session) => {
    if (ctx.appliance.failover.role === 'none') {
      return refuseOnFailover(ctx, session, 409, 'This appliance is not in a failover relationship.');
    }
    ctx.model.failover.breakRelationship(ctx.appliance);
    redirect(ctx.res, FAILOVER_PATH);
  },
  [`${FAILOVER_PATH}/establish`]: (ctx, session, form) => {
    if (ctx.appliance.failover.role !== 'none') {
      return refuseOnFailover(ctx, session, 409, 'This appliance is already in a failover relationship. Break it first.');
    }
    const fields: EstablishFields = {
      backup_host: form.backup_host ?? '',
      backup_port: form.backup_port ?? '',
      primary_host: form.primary_host ?? '',
      primary_port: form.primary_port ?? '',
    };
    const refusal = ctx.model.failover.establishRefusal(ctx.appliance, fields, ctx.model.scenario.siteHostname);
    if (refusal) return refuseOnFailover(ctx, session, 422, refusal);
    ctx.model.failover.establish(ctx.appliance, fields.backup_host);
    redirect(ctx.res, FAILOVER_PATH);
  },
  [`${SECURITY_PATH}/key`]: ({ res, appliance }, session, form) => {
    const key = (form.inter_appliance_key ?? '').trim();
    const refusal = FailoverState.keyRefusal(key);
    if (refusal) return sendHtml(res, 422, securityPage(appliance, session.csrfToken, refusal));
    appliance.failover.interApplianceKey = key.toLowerCase();
    redirect(res, SECURITY_PATH);
  },
  [SHARED_IP_PATH]: ({ res, appliance }, session, form) => {
    const ip = (form.ip ?? '').trim();
    if (!appliance.failover.setSharedIp(ip, form.enabled === '1')) {
      const error = `${ip || 'That address'} is not a shared IP address of this appliance.`;
      return sendHtml(res, 422, networkingPage(appliance, session.csrfToken, error));
    }
    redirect(res, NETWORK_IP_PATH);
  },
  [JUMP_CLIENTS_PATH]: ({ res, appliance }, session, form) => {
    const limit = Number(form.max_concurrent_upgrades);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_JUMP_CLIENT_UPGRADES) {
      const error = `Maximum Number of Concurrent Jump Client Upgrades must be a whole number from 1 to ${MAX_JUMP_CLIENT_UPGRADES}.`;
      return sendHtml(res, 422, jumpClientsPage(appliance, session.csrfToken, error));
    }
    // Upgrades so far ran under the old limit.
    appliance.jumpClients.settle(appliance.clock.now(), appliance.maxConcurrentJumpClientUpgrades);
    appliance.settings.maxConcurrentJumpClientUpgrades = limit;
    redirect(res, JUMP_CLIENTS_PATH);
  },
};
