/**
 * The admin pages a hardware migration drives: the forced change of the factory password,
 * the EULA on Updates, Restore Settings on /login > Software Management (the backup streamed
 * from disk like a manual package), Reset to Factory Defaults and Shut Down on Status > Basics.
 */
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import { LOGIN_INTERFACE_LOGIN_PATH, LOGIN_PATH, PASSWORD_PATH, SessionExpired, loginInterfacePage, type AdminConnection } from './admin-connection';
import { UPDATES_PATH } from './admin-pages';
import { applianceDownError, appliancePageError } from './errors';
import { decodeEntities, findElementById, findElements, textById } from './html';
import type { AdminSession } from './types';
import { postFile } from './upload';

const STATUS_PATH = '/appliance/status';
const EULA_PATH = '/appliance/updates/eula';
const RESET_PATH = '/appliance/status/reset';
const SHUTDOWN_PATH = '/appliance/status/shutdown';
const SOFTWARE_PATH = '/login/management/software';
const RESTORE_PATH = '/login/management/software/restore';

export type MigrationPages = Pick<
  AdminSession,
  'changePassword' | 'eula' | 'acceptEula' | 'restoreBackup' | 'resetToFactory' | 'shutDown'
>;

export function createMigrationPages(connection: AdminConnection): MigrationPages {
  const { baseUrl, signedIn, getPage, formsOn, request } = connection;

  /** Posts the one form on `pagePath` whose action is `action`; returns the answer. */
  async function postForm(pagePath: string, what: string, action: string, label: string, extra: Record<string, string> = {}) {
    const html = await getPage(pagePath, what);
    const form = formsOn(html, pagePath).find((f) => f.action === action);
    if (!form) throw appliancePageError(baseUrl, `the “${label}” form on ${what}`);
    const answer = await request('post', action, label.toLowerCase(), { ...form.fields, ...extra });
    if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
    return answer;
  }

  function unexpected(status: number, action: string): AppError {
    return new AppError(
      'APPLIANCE_ERROR',
      `The appliance answered HTTP ${status} while ${action}.`,
      'Open the page at /appliance in a browser to see what the appliance says, then try again.',
      { baseUrl, status },
    );
  }

  return {
    changePassword(current, next) {
      return signedIn(
        async () => {
          const answer = await postForm(PASSWORD_PATH, 'the password page', PASSWORD_PATH, 'Change Password', {
            current_password: current,
            new_password: next,
            confirm_password: next,
          });
          if (answer.status === 302) {
            connection.passwordChanged(next);
            return;
          }
          const reason = textById(answer.body, 'password-error');
          if (answer.status === 200 && reason) {
            throw new AppError(
              'PASSWORD_CHANGE_REFUSED',
              `The appliance refused the new administrator password: “${reason}”`,
              'Nothing changed: the old password still applies. Choose a password that meets what the appliance says (at least 8 characters with letters and digits, different from the old one) and try again.',
              { baseUrl, applianceMessage: reason },
            );
          }
          throw unexpected(answer.status, 'changing the administrator password');
        },
        { forPasswordChange: true },
      );
    },

    eula() {
      return signedIn(async () => {
        const html = await getPage(UPDATES_PATH, 'Updates');
        const section = findElementById(html, 'eula');
        if (!section) return { accepted: true, text: '' };
        const pre = findElementById(section.inner, 'eula-text');
        if (!pre) throw appliancePageError(baseUrl, 'the licence text (“eula-text”) on Updates');
        // Kept as laid out: a licence is read line by line.
        return { accepted: false, text: decodeEntities(pre.inner.replace(/<[^>]*>/g, '')).trim() };
      });
    },

    acceptEula() {
      return signedIn(async () => {
        const html = await getPage(UPDATES_PATH, 'Updates');
        if (!findElementById(html, 'eula')) return;
        const answer = await postForm(UPDATES_PATH, 'Updates', EULA_PATH, 'Accept', { accept: '1' });
        if (answer.status !== 302) throw unexpected(answer.status, 'accepting the licence agreement');
      });
    },

    restoreBackup(filePath, { fileName = basename(filePath), signal, onProgress } = {}) {
      return signedIn(async () => {
        const html = await loginInterfacePage(connection, SOFTWARE_PATH, '/login > Software Management');
        const form = formsOn(html, SOFTWARE_PATH).find((f) => f.action === RESTORE_PATH);
        const fileField = form
          ? findElements(form.inner, 'input').find((input) => input.attributes.type?.toLowerCase() === 'file')?.attributes.name
          : undefined;
        if (!form || !fileField) throw appliancePageError(baseUrl, 'the Restore Settings form on Software Management');
        const answer = await postFile(connection.transport, {
          path: RESTORE_PATH,
          fields: form.fields,
          fileField,
          filePath,
          fileName,
          headers: connection.sessionHeaders(),
          action: `uploading the backup ${fileName}`,
          signal,
          onProgress,
        });
        connection.storeCookies(answer.headers['set-cookie']);
        if (answer.status === 302 && (answer.location === LOGIN_PATH || answer.location === LOGIN_INTERFACE_LOGIN_PATH)) {
          throw new SessionExpired();
        }
        if (answer.status === 302) return;
        if (answer.status === 503) throw applianceDownError(baseUrl, answer.body);
        const reason = textById(answer.body, 'restore-error');
        if (reason) {
          throw new AppError(
            'RESTORE_REFUSED',
            `The appliance refused to restore ${fileName}: “${reason}”`,
            'Nothing was restored and the appliance keeps its settings. Use a backup made on this site’s current appliance, with the same site software version installed here first.',
            { baseUrl, status: answer.status, fileName, applianceMessage: reason },
          );
        }
        throw unexpected(answer.status, `restoring ${fileName}`);
      });
    },

    resetToFactory() {
      return signedIn(async () => {
        const answer = await postForm(STATUS_PATH, 'Status > Basics', RESET_PATH, 'Reset to Factory Defaults');
        if (answer.status !== 302) throw unexpected(answer.status, 'starting the reset to factory defaults');
      });
    },

    shutDown() {
      return signedIn(async () => {
        const answer = await postForm(STATUS_PATH, 'Status > Basics', SHUTDOWN_PATH, 'Shut Down');
        if (answer.status !== 200) throw unexpected(answer.status, 'shutting the appliance down');
      });
    },
  };
}

/** When an appliance that was shut down is still expected to answer (or is found off). */
export function applianceOffError(baseUrl: string, message?: string): AppError {
  return new AppError(
    'APPLIANCE_OFF',
    message ?? `The appliance at ${baseUrl} refuses connections: it is shut down or its network is unplugged.`,
    'If it should be running, power it on at the appliance (or its virtual machine host) and check its network cable, then try again.',
    { baseUrl },
  );
}
