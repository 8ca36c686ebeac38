/** Updates > Manual Installation: the package posted as the page's form does, streamed from disk. */
import { basename } from 'node:path';
import { LOGIN_PATH, SessionExpired, type AdminConnection } from './admin-connection';
import { UPDATES_PATH } from './admin-pages';
import { manualInstallRefused } from './admin-refusals';
import { appliancePageError } from './errors';
import { findElements } from './html';
import type { AdminSession } from './types';
import { postFile } from './upload';

const MANUAL_PATH = '/appliance/updates/manual';

export function createManualUpload(connection: AdminConnection): AdminSession['uploadPackage'] {
  const { baseUrl, transport, signedIn, getPage, formsOn } = connection;
  return (filePath, { fileName = basename(filePath), signal, onProgress } = {}) =>
    signedIn(async () => {
      // Opening the page first also proves the session is alive, so a large file is not sent
      // only to be answered with the login page.
      const html = await getPage(UPDATES_PATH, 'Updates');
      const form = formsOn(html, UPDATES_PATH).find((f) => f.action === MANUAL_PATH);
      const fileField = form
        ? findElements(form.inner, 'input').find((input) => input.attributes.type?.toLowerCase() === 'file')?.attributes.name
        : undefined;
      if (!form || !fileField) throw appliancePageError(baseUrl, 'the Manual Installation form on Updates');
      const answer = await postFile(transport, {
        path: MANUAL_PATH,
        fields: form.fields,
        fileField,
        filePath,
        fileName,
        headers: connection.sessionHeaders(),
        action: `uploading ${fileName}`,
        signal,
        onProgress,
      });
      connection.storeCookies(answer.headers['set-cookie']);
      if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
      if (answer.status !== 302) throw manualInstallRefused(baseUrl, answer, fileName);
    });
}
