/**
 * Admin routes of a hardware migration: the forced password change (every other page
 * redirects to it until done), EULA acceptance, Restore Settings, Reset to Factory Defaults
 * and Shut Down. handleAdmin asks here first; `false` means "not one of mine".
 */
import { csrfMatches, type AdminInterface, type AdminSession } from './admin-sessions';
import { messagePage } from './admin-views';
import { changeAdminPassword, passwordRefusal, startFactoryReset } from './appliance-lifecycle';
import { readForm, redirect, sendHtml } from './http-kit';
import { passwordPage, shuttingDownPage } from './migration-views';
import type { ApplianceRequest } from './request-context';
import { restoreUpload } from './restore-upload';

export const PASSWORD_PATH = '/appliance/password';
const RESTORE_PATH = '/login/management/software/restore';

export async function handleMigration(
  ctx: ApplianceRequest,
  iface: AdminInterface,
  session: AdminSession,
  path: string,
): Promise<boolean> {
  const { req, res, appliance } = ctx;
  const post = req.method === 'POST';
  if (path === PASSWORD_PATH) {
    if (post) await changePassword(ctx, session);
    else sendHtml(res, 200, passwordPage(appliance, session.csrfToken));
    return true;
  }
  if (appliance.passwordChangeRequired) {
    // Logging out stays possible; everything else waits for the new password.
    if (post && path === `/${iface}/logout`) return false;
    redirect(res, PASSWORD_PATH);
    return true;
  }
  if (!post) return false;
  if (path === RESTORE_PATH) {
    await restoreUpload(ctx, session);
    return true;
  }
  const action = ACTIONS[path];
  if (!action) return false;
  const form = await readForm(req);
  if (!csrfMatches(session, form.csrf_token)) {
    sendHtml(
      res,
      403,
      messagePage(appliance, 'Forbidden', 'The form was stale or did not come from this site. Reload the page and try again.'),
    );
    return true;
  }
  action(ctx, form);
  return true;
}

const ACTIONS: Record<string, (ctx: ApplianceRequest, form: Record<string, string>) => void> = {
  '/appliance/updates/eula': ({ res, appliance }, form) => {
    if (form.accept === '1') appliance.eulaAccepted = true;
    redirect(res, '/appliance/updates');
  },
  '/appliance/status/reset': ({ res, appliance }) => {
    startFactoryReset(appliance);
    redirect(res, '/appliance/status');
  },
  '/appliance/status/shutdown': ({ res, appliance, power }) => {
    sendHtml(res, 200, shuttingDownPage(appliance), { Connection: 'close' });
    res.once('finish', () => power.shutDown());
  },
};

async function changePassword(ctx: ApplianceRequest, session: AdminSession): Promise<void> {
  const { req, res, appliance } = ctx;
  const form = await readForm(req);
  if (!csrfMatches(session, form.csrf_token)) {
    return sendHtml(
      res,
      403,
      messagePage(appliance, 'Forbidden', 'The form was stale or did not come from this site. Reload the page and try again.'),
    );
  }
  const refusal = passwordRefusal(appliance, {
    current: form.current_password ?? '',
    next: form.new_password ?? '',
    confirm: form.confirm_password ?? '',
  });
  if (refusal) return sendHtml(res, 200, passwordPage(appliance, session.csrfToken, refusal));
  changeAdminPassword(appliance, form.new_password ?? '');
  redirect(res, '/appliance/status');
}
